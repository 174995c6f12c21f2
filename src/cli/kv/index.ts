// `kvgate kv …`: the subcommands of command/kv/kv.go.

import type { Command } from '../command.js';
import { kvDelete } from './delete.js';
import { kvExport } from './export.js';
import { kvGet } from './get.js';
import { kvImport } from './import.js';
import { kvPut } from './put.js';

export const KV_COMMANDS: readonly Command[] = [kvDelete, kvExport, kvGet, kvImport, kvPut];

export const KV_SYNOPSIS = 'Interact with the key-value store';

export const KV_HELP = `
Usage: kvgate kv <subcommand> [options] [args]

  This command has subcommands for interacting with the key-value store
  (kvgate's, or any Consul agent's). Here are some simple examples, and more
  detailed examples are available in the subcommands or the documentation.

  Create or update the key named "redis/config/connections" with the value "5":

      $ kvgate kv put redis/config/connections 5

  Read this value back:

      $ kvgate kv get redis/config/connections

  Or get detailed key information:

      $ kvgate kv get -detailed redis/config/connections

  Finally, delete the key:

      $ kvgate kv delete redis/config/connections

  For more examples, ask for subcommand help or view the documentation.
`;
