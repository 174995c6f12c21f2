// `kvgate kv get` — command/kv/get/kv_get.go: one value, a prefix (-recurse), key names
// (-keys, separator "/" by default) or the -detailed table.

import { tabwrite } from '../../go/tabwriter.js';
import { fail, type Command, type CommandContext } from '../command.js';
import { apiErrorText, connect } from '../consul/connect.js';
import { HTTP_FLAGS, MULTI_TENANCY_FLAGS } from '../consul/http-flags.js';
import { KvApi, type KVPair } from '../consul/kv.js';
import { keyArgument } from './key-argument.js';

export const kvGet: Command = {
  name: 'kv get',
  synopsis: 'Retrieves or lists data from the KV store',
  help: `
Usage: kvgate kv get [options] [KEY_OR_PREFIX]

  Retrieves the value from the key-value store at the given key name. If no
  key exists with that name, an error is returned. If a key exists with that
  name but has no data, nothing is returned. If the name or prefix is omitted,
  it defaults to "" which is the root of the key-value store.

  To retrieve the value for the key named "foo" in the key-value store:

      $ kvgate kv get foo

  This will return the original, raw value stored. To view detailed
  information about the key, specify the "-detailed" flag. This will output all
  known metadata about the key including ModifyIndex and any user-supplied
  flags:

      $ kvgate kv get -detailed foo

  To treat the path as a prefix and list all keys which start with the given
  prefix, specify the "-recurse" flag:

      $ kvgate kv get -recurse foo

  This will return all key-value pairs. To just list the keys which start with
  the specified prefix, use the "-keys" option instead:

      $ kvgate kv get -keys foo

  For a full list of options and examples, please see the Consul documentation.
`,
  flags: {
    base64: { kind: 'bool', usage: 'Base64 encode the value. The default value is false.' },
    detailed: {
      kind: 'bool',
      usage:
        'Provide additional metadata about the key in addition to the value such as the ModifyIndex and any flags that may have been set on the key. The default value is false.',
    },
    keys: {
      kind: 'bool',
      usage:
        'List keys which start with the given prefix, but not their values. This is especially useful if you only need the key names themselves. This option is commonly combined with the -separator option. The default value is false.',
    },
    recurse: { kind: 'bool', usage: 'Recursively look at all keys prefixed with the given path. The default value is false.' },
    separator: {
      kind: 'string',
      default: '/',
      usage: 'String to use as a separator between keys. The default value is "/", but this option is only taken into account when paired with the -keys flag.',
    },
    ...HTTP_FLAGS,
    ...MULTI_TENANCY_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, args, ui } = context;
  const recurse = flags.bool('recurse');
  const keysOnly = flags.bool('keys');
  const detailed = flags.bool('detailed');
  const base64 = flags.bool('base64');
  const key = keyArgument(ui, args, !(recurse || keysOnly));
  if (key === undefined) return 1;
  const client = connect(context);
  if (!client) return 1;
  const kv = new KvApi(client);
  const q = { stale: client.stale };
  try {
    if (keysOnly && recurse) {
      const pairs = (await kv.list(key, q)).value ?? [];
      printPairs(ui, pairs, detailed, (pair) => (detailed ? detailedTable(pair, false, true) : Buffer.from(pair.Key)));
    } else if (keysOnly) {
      for (const name of (await kv.keys(key, flags.string('separator'), q)).value ?? []) ui.info(name);
    } else if (recurse) {
      const pairs = (await kv.list(key, q)).value ?? [];
      printPairs(ui, pairs, detailed, (pair) => (detailed ? detailedTable(pair, base64) : Buffer.concat([Buffer.from(`${pair.Key}:`), valueOf(pair, base64)])));
    } else {
      const pair = (await kv.get(key, q)).value;
      if (pair === null) return fail(ui, `Error! No key exists at: ${key}`);
      ui.info(detailed ? detailedTable(pair, base64) : valueOf(pair, base64));
    }
    return 0;
  } catch (err) {
    return fail(ui, `Error querying Consul agent: ${apiErrorText(err)}`);
  } finally {
    client.close();
  }
}

/** One line (or table) per pair; detailed tables are separated by a blank line. */
function printPairs(ui: CommandContext['ui'], pairs: KVPair[], blankBetween: boolean, render: (pair: KVPair) => Buffer): void {
  pairs.forEach((pair, i) => {
    ui.info(render(pair));
    if (blankBetween && i < pairs.length - 1) ui.info('');
  });
}

function valueOf(pair: KVPair, base64: boolean): Buffer {
  const value = pair.Value ?? Buffer.alloc(0);
  return base64 ? Buffer.from(value.toString('base64')) : value;
}

/** Consul's prettyKVPair: a two-column tabwriter table (minwidth 0, padding 6). */
export function detailedTable(pair: KVPair, base64: boolean, keysOnly = false): Buffer {
  const rows: Array<string | Buffer> = [
    `CreateIndex\t${pair.CreateIndex}\n`,
    `Flags\t${pair.Flags}\n`,
    `Key\t${pair.Key}\n`,
    `LockIndex\t${pair.LockIndex}\n`,
    `ModifyIndex\t${pair.ModifyIndex}\n`,
    `Session\t${pair.Session === '' ? '-' : pair.Session}\n`,
  ];
  if (pair.Partition !== '') rows.push(`Partition\t${pair.Partition}\n`);
  if (pair.Namespace !== '') rows.push(`Namespace\t${pair.Namespace}\n`);
  if (!keysOnly) rows.push('Value\t', valueOf(pair, base64));
  return tabwrite(Buffer.concat(rows.map((row) => (typeof row === 'string' ? Buffer.from(row) : row))), 0, 6);
}
