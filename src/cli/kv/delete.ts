// `kvgate kv delete` — command/kv/del/kv_delete.go: one key, a CAS delete, or a prefix.

import { fail, type Command, type CommandContext } from '../command.js';
import { apiErrorText, connect } from '../consul/connect.js';
import { HTTP_FLAGS, MULTI_TENANCY_FLAGS } from '../consul/http-flags.js';
import { KvApi } from '../consul/kv.js';
import { keyArgument } from './key-argument.js';

export const kvDelete: Command = {
  name: 'kv delete',
  synopsis: 'Removes data from the KV store',
  help: `
Usage: kvgate kv delete [options] KEY_OR_PREFIX

  Removes the value from the key-value store at the given path. If no
  key exists at the path, no action is taken.

  To delete the value for the key named "foo" in the key-value store:

      $ kvgate kv delete foo

  To delete all keys which start with "foo", specify the -recurse option:

      $ kvgate kv delete -recurse foo

  This will delete the keys named "foo", "food", and "foo/bar/zip" if they
  existed.
`,
  flags: {
    cas: {
      kind: 'bool',
      usage: 'Perform a Check-And-Set operation. Specifying this value also requires the -modify-index flag to be set. The default value is false.',
    },
    'modify-index': {
      kind: 'uint64',
      usage: 'Unsigned integer representing the ModifyIndex of the key. This is used in combination with the -cas flag.',
    },
    recurse: { kind: 'bool', usage: 'Recursively delete all keys with the path. The default value is false.' },
    ...HTTP_FLAGS,
    ...MULTI_TENANCY_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, args, ui } = context;
  const cas = flags.bool('cas');
  const recurse = flags.bool('recurse');
  const modifyIndex = flags.uint64('modify-index');
  const key = keyArgument(ui, args, !recurse);
  if (key === undefined) return 1;
  // "than than" is Consul's text.
  if (cas && modifyIndex === 0n) return fail(ui, 'Cannot delete a key that does not exist. Provide a -modify-index greater than than 0.');
  if (modifyIndex !== 0n && !cas) return fail(ui, 'Cannot specify -modify-index without -cas!');
  if (recurse && cas) return fail(ui, 'Cannot specify both -cas and -recurse!');
  const client = connect(context);
  if (!client) return 1;
  const kv = new KvApi(client);
  try {
    if (recurse) {
      try {
        await kv.deleteTree(key);
      } catch (err) {
        return fail(ui, `Error! Did not delete prefix ${key}: ${apiErrorText(err)}`);
      }
      ui.info(`Success! Deleted keys with prefix: ${key}`);
    } else if (cas) {
      let ok: boolean;
      try {
        ok = await kv.deleteCas(key, modifyIndex);
      } catch (err) {
        return fail(ui, `Error! Did not delete key ${key}: ${apiErrorText(err)}`);
      }
      if (!ok) return fail(ui, `Error! Did not delete key ${key}: CAS failed`);
      ui.info(`Success! Deleted key: ${key}`);
    } else {
      try {
        await kv.delete(key);
      } catch (err) {
        return fail(ui, `Error deleting key ${key}: ${apiErrorText(err)}`);
      }
      ui.info(`Success! Deleted key: ${key}`);
    }
    return 0;
  } finally {
    client.close();
  }
}
