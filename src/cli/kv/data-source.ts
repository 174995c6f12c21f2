// Consul's helpers.LoadDataSource: a DATA argument is literal text, `@path` (a file's
// bytes), `-` (all of stdin), or empty. Anything else starting with `-` is literal.

import { readFileSync } from 'node:fs';
import { fsErrorText } from '../../go/os-errors.js';

/** A DATA argument that could not be read; the message is Consul's. */
export class DataSourceError extends Error {}

export async function loadDataSource(data: string): Promise<Buffer> {
  if (data === '') return Buffer.alloc(0);
  if (data.startsWith('@')) {
    const path = data.slice(1);
    try {
      return readFileSync(path);
    } catch (err) {
      throw new DataSourceError(`Failed to read file: ${fsErrorText(err, path)}`);
    }
  }
  if (data === '-') {
    try {
      return await readStdin();
    } catch (err) {
      throw new DataSourceError(`Failed to read stdin: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return Buffer.from(data, 'utf8');
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
