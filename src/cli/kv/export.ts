// `kvgate kv export` — command/kv/exp/kv_export.go: a prefix as tab-indented JSON that
// `kv import` (kvgate's or Consul's) reads back.

import { encodeJson } from '../../go/json-encode.js';
import { fail, type Command, type CommandContext } from '../command.js';
import { apiErrorText, connect } from '../consul/connect.js';
import { HTTP_FLAGS, MULTI_TENANCY_FLAGS } from '../consul/http-flags.js';
import { KvApi } from '../consul/kv.js';
import { keyArgument } from './key-argument.js';

export const kvExport: Command = {
  name: 'kv export',
  synopsis: 'Exports a tree from the KV store as JSON',
  help: `
Usage: kvgate kv export [KEY_OR_PREFIX]

  Retrieves key-value pairs for the given prefix from the key-value store,
  and writes a JSON representation to stdout. This can be used with the command
  "kvgate kv import" (or "consul kv import") to move entire trees between
  kvgate and Consul clusters.

      $ kvgate kv export vault

  For a full list of options and examples, please see the Consul documentation.
`,
  flags: { ...HTTP_FLAGS, ...MULTI_TENANCY_FLAGS },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { args, ui } = context;
  const prefix = keyArgument(ui, args, false);
  if (prefix === undefined) return 1;
  const client = connect(context);
  if (!client) return 1;
  try {
    const pairs = (await new KvApi(client).list(prefix, { stale: client.stale })).value ?? [];
    // impexp.Entry: namespace and partition only when set (Enterprise).
    const entries = pairs.map((pair) => ({
      key: pair.Key,
      flags: pair.Flags,
      value: (pair.Value ?? Buffer.alloc(0)).toString('base64'),
      ...(pair.Namespace === '' ? {} : { namespace: pair.Namespace }),
      ...(pair.Partition === '' ? {} : { partition: pair.Partition }),
    }));
    ui.info(encodeJson(entries, '\t'));
    return 0;
  } catch (err) {
    return fail(ui, `Error querying Consul agent: ${apiErrorText(err)}`);
  } finally {
    client.close();
  }
}
