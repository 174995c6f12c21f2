import { writeFileSync } from 'node:fs';
import { printedSchema } from '../graphql/schema.js';

/** `kvgate print-schema [FILE]`: the GraphQL SDL, to stdout or into FILE. */
export function printSchemaCommand(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('Usage: kvgate print-schema [FILE]\n\nPrints the GraphQL schema (SDL) kvgate serves, or writes it to FILE.\n');
    return 0;
  }
  if (argv.length > 1) {
    process.stderr.write('kvgate print-schema: expected at most one FILE\n');
    return 2;
  }
  const sdl = printedSchema();
  if (argv[0] === undefined) process.stdout.write(sdl);
  else writeFileSync(argv[0], sdl);
  return 0;
}
