import { readFileSync } from 'node:fs';

/** kvgate's version, from package.json (two levels up from both src/ and dist/ files). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
