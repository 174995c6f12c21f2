#!/usr/bin/env node
import { printSchemaCommand } from './print-schema.js';
import { serve } from './serve.js';
import { VERSION } from '../version.js';

const USAGE = `Usage: kvgate <command> [options]

kvgate serves Consul's KV, session and transaction HTTP API from Redis.

Commands:
  serve          run the gateway (Consul HTTP API and GraphQL on 127.0.0.1:8500)
  print-schema   print the GraphQL schema (SDL)
  version        print the version

Run "kvgate <command> --help" for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'print-schema':
      return printSchemaCommand(rest);
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
