import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../src/graphql/schema.js';

// schema/schema.graphql is the committed SDL: it must be exactly what the code serves.

describe('schema/schema.graphql', () => {
  it('is byte for byte the schema kvgate serves (run `npm run schema` after a schema change)', () => {
    const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(printedSchema()).toBe(committed);
  });

  it('keeps the names of the product: scalars, entry type, root fields and subscriptions', () => {
    const sdl = printedSchema();
    expect(sdl).toContain('scalar Index');
    expect(sdl).toContain('scalar UInt64');
    expect(sdl).toMatch(/type KVEntry \{[^}]*createIndex: Index![^}]*flags: UInt64![^}]*session: Session[^}]*valueBase64: String\n\}/);
    for (const field of ['entry(key: String!): KVEntry', 'entries(', 'keys(prefix: String!, separator: String! = ""): KeyList!', 'session(id: ID!): Session', 'sessions(node: String)', 'index: Index!']) {
      expect(sdl).toContain(field);
    }
    for (const mutation of ['put(', 'delete(', 'acquireLock(', 'releaseLock(', 'txn(', 'createSession(', 'renewSession(', 'destroySession(']) {
      expect(sdl).toContain(`  ${mutation}`);
    }
    expect(sdl).toContain('changes(afterIndex: Index! = "0", prefix: String!): ChangeMessage!');
    expect(sdl).toContain('entry(afterIndex: Index! = "0", key: String!): EntryEvent!');
  });
});
