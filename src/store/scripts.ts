import { readFileSync } from 'node:fs';
import { defineScript, type RedisArgument } from 'redis';

/**
 * The Lua scripts, one file per operation under `lua/`. Shared helpers live in
 * `lua/includes/`; a script or include names what it uses with `--- @include "name"` lines
 * at its top, expanded depth-first so each helper comes before its users, once per script.
 * Each script runs by EVALSHA through node-redis `defineScript` (EVAL on NOSCRIPT);
 * read-only ones go out as EVALSHA_RO so they may be served by replicas.
 */
const LUA_DIR = new URL('./lua/', import.meta.url);

interface ScriptSpec {
  file: string;
  readOnly: boolean;
}

export const SCRIPT_SPECS = {
  kvGet: { file: 'kv-get.lua', readOnly: true },
  kvList: { file: 'kv-list.lua', readOnly: true },
  kvKeys: { file: 'kv-keys.lua', readOnly: true },
  kvPage: { file: 'kv-page.lua', readOnly: true },
  kvSet: { file: 'kv-set.lua', readOnly: false },
  kvDelete: { file: 'kv-delete.lua', readOnly: false },
  kvDeleteTree: { file: 'kv-delete-tree.lua', readOnly: false },
  kvAcquire: { file: 'kv-acquire.lua', readOnly: false },
  kvRelease: { file: 'kv-release.lua', readOnly: false },
  sessionCreate: { file: 'session-create.lua', readOnly: false },
  sessionDestroy: { file: 'session-destroy.lua', readOnly: false },
  sessionRenew: { file: 'session-renew.lua', readOnly: false },
  sessionRead: { file: 'session-read.lua', readOnly: true },
  sessionReap: { file: 'session-reap.lua', readOnly: false },
  txn: { file: 'txn.lua', readOnly: false },
  txnRead: { file: 'txn-read.lua', readOnly: true },
  fence: { file: 'fence.lua', readOnly: false },
  aclWrite: { file: 'acl-write.lua', readOnly: false },
  aclRead: { file: 'acl-read.lua', readOnly: true },
} as const satisfies Record<string, ScriptSpec>;

export type ScriptName = keyof typeof SCRIPT_SPECS;

/** The text Redis runs: the script with its includes expanded. */
export function scriptSource(file: string): string {
  const seen = new Set<string>();
  const expand = (text: string): string =>
    text.replace(/^--- @include "([\w/-]+)"$/gm, (_line, name: string) => {
      if (seen.has(name)) return `-- (${name} already included)`;
      seen.add(name);
      return expand(readFileSync(new URL(`includes/${name}.lua`, LUA_DIR), 'utf8'));
    });
  return expand(readFileSync(new URL(file, LUA_DIR), 'utf8'));
}

/** Every script is called as (KEYS, ARGV); KEYS[1] is always the index counter. */
function define(spec: ScriptSpec) {
  return defineScript({
    SCRIPT: scriptSource(spec.file),
    IS_READ_ONLY: spec.readOnly,
    parseCommand(parser, keys: RedisArgument[], args: RedisArgument[]) {
      parser.push(String(keys.length));
      for (const key of keys) parser.pushKey(key);
      for (const arg of args) parser.push(arg);
    },
    transformReply: (reply: unknown) => reply,
  });
}

/** Script definitions for `createClient({ scripts })`. */
export function defineScripts() {
  const out = {} as Record<ScriptName, ReturnType<typeof define>>;
  for (const name of Object.keys(SCRIPT_SPECS) as ScriptName[]) out[name] = define(SCRIPT_SPECS[name]);
  return out;
}
