// What every `kvgate acl …` command shares, as Consul's command/acl/* do: the HTTP flags
// plus the multi-tenancy ones, `-format pretty|json` (checked only after the API call, when
// the formatter is made), `-meta`, and one way to turn a failure into `<what>: <why>`.

import { encodeJson, type GoValue } from '../../go/json-encode.js';
import { fail, type CommandContext, type Ui } from '../command.js';
import { AclApi } from '../consul/acl.js';
import { apiErrorText, connect } from '../consul/connect.js';
import { HTTP_FLAGS, MULTI_TENANCY_FLAGS } from '../consul/http-flags.js';
import type { FlagDef, FlagDefs } from '../flags.js';
import { LookupError } from './lookup.js';

/** The flags an ACL command takes besides its own (bootstrap takes no multi-tenancy flags). */
export const ACL_HTTP_FLAGS: FlagDefs = { ...HTTP_FLAGS, ...MULTI_TENANCY_FLAGS };

export const FORMAT_FLAG: FlagDef = { kind: 'string', default: 'pretty', usage: 'Output format {pretty|json}' };

/** `-meta`; Consul's wording differs a little from command to command (`raft` or `Raft`). */
export function metaFlag(object: 'token' | 'policy' | 'role', raft: 'raft' | 'Raft' = 'raft'): FlagDef {
  return { kind: 'bool', usage: `Indicates that ${object} metadata such as the content hash and ${raft} indices should be shown for each entry` };
}

/** A repeatable flag (Consul's AppendSliceValue). */
export const listFlag = (usage: string): FlagDef => ({ kind: 'list', custom: true, usage });

/** The text after `<what>: ` for an expected failure (API, lookup, decoding); anything else is rethrown. */
export function errorText(err: unknown): string {
  return err instanceof LookupError ? err.message : apiErrorText(err);
}

/** Connects (or prints Consul's connection error), runs, and closes the client. */
export async function withAcl(context: CommandContext, run: (api: AclApi) => Promise<number>): Promise<number> {
  const client = connect(context);
  if (!client) return 1;
  try {
    return await run(new AclApi(client));
  } finally {
    client.close();
  }
}

/** Runs an API step; on failure prints `<what>: <why>` and answers undefined. */
export async function step<T>(ui: Ui, what: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (err) {
    ui.error(`${what}: ${errorText(err)}`);
    return undefined;
  }
}

/**
 * NewFormatter + Format + `if out != "" { Info(out) }`: the pretty text or the Go object as
 * MarshalIndent writes it with four spaces; an unknown format fails after the call was made.
 */
export function output(ui: Ui, format: string, pretty: () => string, json: () => GoValue): number {
  if (format !== 'pretty' && format !== 'json') return fail(ui, `Unknown format: ${format}`);
  const out = format === 'pretty' ? pretty() : encodeJson(json(), '    ');
  if (out !== '') ui.info(out);
  return 0;
}
