// `kvgate kv put` — command/kv/put/kv_put.go: write, CAS, acquire or release one key.

import { decodeBase64 } from '../../go/base64.js';
import { fail, type Command, type CommandContext } from '../command.js';
import { apiErrorText, connect } from '../consul/connect.js';
import { HTTP_FLAGS, MULTI_TENANCY_FLAGS } from '../consul/http-flags.js';
import { KvApi } from '../consul/kv.js';
import { DataSourceError, loadDataSource } from './data-source.js';

export const kvPut: Command = {
  name: 'kv put',
  synopsis: 'Sets or updates data in the KV store',
  help: `
Usage: kvgate kv put [options] KEY [DATA]

  Writes the data to the given path in the key-value store. The data can be of
  any type.

      $ kvgate kv put config/redis/maxconns 5

  The data can also be consumed from a file on disk by prefixing with the "@"
  symbol. For example:

      $ kvgate kv put config/program/license @license.lic

  Or it can be read from stdin using the "-" symbol:

      $ echo "abcd1234" | kvgate kv put config/program/license -

  The DATA argument itself is optional. If omitted, this will create an empty
  key-value pair at the specified path:

      $ kvgate kv put webapp/beta/active

  If the -base64 flag is specified, the data will be treated as base 64
  encoded.

  To perform a Check-And-Set operation, specify the -cas flag with the
  appropriate -modify-index flag corresponding to the key you want to perform
  the CAS operation on:

      $ kvgate kv put -cas -modify-index=844 config/redis/maxconns 5

  Additional flags and more advanced use cases are detailed below.
`,
  flags: {
    cas: {
      kind: 'bool',
      usage: 'Perform a Check-And-Set operation. Specifying this value also requires the -modify-index flag to be set. The default value is false.',
    },
    flags: {
      kind: 'uint64',
      usage:
        'Unsigned integer value to assign to this key-value pair. This value is not read by Consul, so clients can use this value however makes sense for their use case. The default value is 0 (no flags).',
    },
    base64: { kind: 'bool', usage: 'Treat the data as base 64 encoded. The default value is false.' },
    'modify-index': {
      kind: 'uint64',
      usage: 'Unsigned integer representing the ModifyIndex of the key. This is used in combination with the -cas flag.',
    },
    session: {
      kind: 'string',
      usage:
        'User-defined identifer for this session as a string. This is commonly used with the -acquire and -release operations to build robust locking, but it can be set on any key. The default value is empty (no session).',
    },
    acquire: {
      kind: 'bool',
      usage:
        'Obtain a lock on the key. If the key does not exist, this operation will create the key and obtain the lock. The session must already exist and be specified via the -session flag. The default value is false.',
    },
    release: {
      kind: 'bool',
      usage:
        'Forfeit the lock on the key at the given path. This requires the -session flag to be set. The key must be held by the session in order to be unlocked. The default value is false.',
    },
    ...HTTP_FLAGS,
    ...MULTI_TENANCY_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, args, ui } = context;
  if (args.length === 0) return fail(ui, 'Error! Missing KEY argument');
  if (args.length > 2) return fail(ui, `Error! Too many arguments (expected 1 or 2, got ${args.length})`);
  const key = args[0] as string;
  let data: Buffer;
  try {
    data = await loadDataSource(args[1] ?? '');
  } catch (err) {
    if (err instanceof DataSourceError) return fail(ui, `Error! ${err.message}`);
    throw err;
  }
  if (flags.bool('base64')) {
    const decoded = decodeBase64(data);
    // Consul reports a bad encoding but still writes what decoded before the bad byte.
    if (decoded.error !== undefined) ui.error(`Error! Cannot base 64 decode data: ${decoded.error}`);
    data = decoded.bytes;
  }
  const session = flags.string('session');
  if ((flags.bool('release') || flags.bool('acquire')) && session === '') {
    return fail(ui, 'Error! Missing -session (required with -acquire and -release)');
  }
  const client = connect(context);
  if (!client) return 1;
  const kv = new KvApi(client);
  const pair = { Key: key, Flags: flags.uint64('flags'), Value: data, ModifyIndex: flags.uint64('modify-index'), Session: session };
  try {
    if (flags.bool('cas')) {
      let ok: boolean;
      try {
        ok = await kv.cas(pair);
      } catch (err) {
        return fail(ui, `Error! Did not write to ${key}: ${apiErrorText(err)}`);
      }
      if (!ok && pair.ModifyIndex === 0n) return fail(ui, `Error! Did not write to ${key}: CAS performed with index=0 and key already exists.`);
      if (!ok) return fail(ui, `Error! Did not write to ${key}: CAS failed`);
      ui.info(`Success! Data written to: ${key}`);
    } else if (flags.bool('acquire')) {
      if (!(await kv.acquire(pair))) return fail(ui, 'Error! Did not acquire lock');
      ui.info(`Success! Lock acquired on: ${key}`);
    } else if (flags.bool('release')) {
      let ok: boolean;
      try {
        ok = await kv.release(pair);
      } catch (err) {
        apiErrorText(err);
        // Consul prints the key here, not the error.
        return fail(ui, `Error! Failed writing data: ${key}`);
      }
      if (!ok) return fail(ui, 'Error! Did not release lock');
      ui.info(`Success! Lock released on: ${key}`);
    } else {
      await kv.put(pair);
      ui.info(`Success! Data written to: ${key}`);
    }
    return 0;
  } catch (err) {
    return fail(ui, `Error! Failed writing data: ${apiErrorText(err)}`);
  } finally {
    client.close();
  }
}
