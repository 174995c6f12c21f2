import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { type TestRedis, useRedis } from '../support/redis.js';

// The Lua side derives every key name from KEYS[1]; it must agree with src/store/names.ts.

let redis: TestRedis;
useRedis((started) => (redis = started));

it('Lua and TypeScript name every Redis key of a datacenter alike, under one hash tag', async () => {
  const names = dcNames('east-1', 'app:');
  const lua = readFileSync(new URL('../../src/store/lua/includes/names.lua', import.meta.url), 'utf8');
  const fields = ['meta', 'keys', 'feed', 'dirs', 'dirgc', 'tomb', 'tombidx', 'tombgc'] as const;
  const script = `${lua}\nreturn { K.idx, ${fields.map((f) => `K.${f}`).join(', ')}, entryKey(ARGV[1]), keyOfEntry(entryKey(ARGV[1])) }`;
  const reply = (await redis.command(['EVAL', script, '1', names.idx, 'a/b'])) as Buffer[];
  expect(reply.map(String)).toEqual([
    names.idx,
    ...fields.map((f) => names[f]),
    names.entry(Buffer.from('a/b')).toString(),
    'a/b',
  ]);
  for (const name of reply.slice(0, -1).map(String)) expect(name.startsWith('app:{east-1}:')).toBe(true);
});
