import type { Entry } from '../structs/kv.js';

/**
 * Decodes the one-string form of an entry that the Lua side writes (lua/includes/entry.lua):
 *   '<CreateIndex> <ModifyIndex> <LockIndex> <Flags> <Session>\n<value bytes>'
 * The value is a view into the reply buffer, not a copy.
 */
export function decodeEntry(key: Buffer, packed: Buffer): Entry {
  const newline = packed.indexOf(10);
  const header = packed.toString('latin1', 0, newline);
  const a = header.indexOf(' ');
  const b = header.indexOf(' ', a + 1);
  const c = header.indexOf(' ', b + 1);
  const d = header.indexOf(' ', c + 1);
  return {
    key,
    value: packed.subarray(newline + 1),
    createIndex: BigInt(header.slice(0, a)),
    modifyIndex: BigInt(header.slice(a + 1, b)),
    lockIndex: BigInt(header.slice(b + 1, c)),
    flags: BigInt(header.slice(c + 1, d)),
    session: d + 1 < header.length ? header.slice(d + 1) : null,
  };
}
