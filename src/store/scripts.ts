import { readFileSync } from 'node:fs';
import { defineScript, type RedisArgument } from 'redis';

/**
 * The Lua scripts, one file per operation under `lua/`. Shared helpers live in
 * `lua/includes/` and are pulled in by `--- @include "name"` lines (once each, in order).
 * Each script runs by EVALSHA through node-redis `defineScript` (EVAL on NOSCRIPT);
 * read-only ones go out as EVALSHA_RO so they may be served by replicas.
 */
const LUA_DIR = new URL('./lua/', import.meta.url);

interface ScriptSpec {
  file: string;
  /** How many leading arguments are KEYS (KEYS[1] is always the index counter). */
  keys: number;
  readOnly: boolean;
}

export const SCRIPT_SPECS = {
  kvGet: { file: 'kv-get.lua', keys: 2, readOnly: true },
  kvList: { file: 'kv-list.lua', keys: 1, readOnly: true },
  kvKeys: { file: 'kv-keys.lua', keys: 1, readOnly: true },
  kvSet: { file: 'kv-set.lua', keys: 2, readOnly: false },
  kvDelete: { file: 'kv-delete.lua', keys: 2, readOnly: false },
  kvDeleteTree: { file: 'kv-delete-tree.lua', keys: 1, readOnly: false },
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

function define(spec: ScriptSpec) {
  return defineScript({
    SCRIPT: scriptSource(spec.file),
    NUMBER_OF_KEYS: spec.keys,
    IS_READ_ONLY: spec.readOnly,
    parseCommand(parser, ...args: RedisArgument[]) {
      for (let i = 0; i < args.length; i++) {
        const arg = args[i] as RedisArgument;
        if (i < spec.keys) parser.pushKey(arg);
        else parser.push(arg);
      }
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
