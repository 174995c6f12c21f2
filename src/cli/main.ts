#!/usr/bin/env node
import { runConsulCommand } from './consul-commands.js';
import { VERSION } from '../version.js';

// serve and print-schema load the whole server (GraphQL, Redis); the client commands must
// start fast, so those two are imported only when used.

const USAGE = `Usage: kvgate <command> [options]

kvgate serves Consul's KV, session, transaction and ACL HTTP API from Redis, and its kv,
acl, lock and watch commands work like Consul's against kvgate or any Consul agent.

Commands:
  serve          run the gateway (Consul HTTP API and GraphQL on 127.0.0.1:8500)
  kv             read and write the key-value store (put, get, delete, export, import)
  acl            manage ACLs (bootstrap, policy, token, role)
  lock           run a command while holding a lock or a semaphore slot
  watch          watch a key or a prefix, run a handler on every change
  print-schema   print the GraphQL schema (SDL)
  version        print the version

Run "kvgate <command> --help" for a command's options. kv, acl, lock and watch take
Consul's flags and environment (-http-addr, -token, CONSUL_HTTP_ADDR, CONSUL_HTTP_TOKEN, …).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return (await import('./serve.js')).serve(rest);
    case 'print-schema':
      return (await import('./print-schema.js')).printSchemaCommand(rest);
    case 'kv':
    case 'acl':
    case 'lock':
    case 'watch':
      return runConsulCommand(argv);
    case 'version':
    case '--version':
    case '-v':
      process.stdout.write(`kvgate ${VERSION}\n`);
      return 0;
    case undefined:
      process.stderr.write(USAGE);
      return 2;
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`kvgate: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`kvgate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
