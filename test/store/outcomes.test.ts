import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { scriptSource } from '../../src/store/scripts.js';
import { OUTCOME } from '../../src/structs/outcome.js';
import { startRedis, type TestRedis } from '../support/redis.js';

// The scripts spell every outcome one way: the Lua table O and src/structs/outcome.ts agree,
// and neither a misspelt outcome nor a misspelt key name goes unnoticed.

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const LUA = new URL('../../src/store/lua/', import.meta.url);
const include = (name: string) => readFileSync(new URL(`includes/${name}.lua`, LUA), 'utf8');

it('the Lua outcome table and the TypeScript one hold the same names and codes', async () => {
  const script = `${include('outcomes')}\nlocal out = {}\nfor name, code in pairs(O) do out[#out + 1] = name .. '=' .. code end\ntable.sort(out)\nreturn out`;
  const reply = ((await redis.command(['EVAL', script, '0'])) as Buffer[]).map(String);
  expect(reply).toEqual(Object.entries(OUTCOME).map(([name, code]) => `${name}=${code}`).sort());
});

it('a misspelt outcome or key name is an error, not a silent nil', async () => {
  await expect(redis.command(['EVAL', `${include('outcomes')}\nreturn O.HELD`, '0'])).rejects.toThrow(/unknown outcome HELD/);
  const names = dcNames('dc1');
  await expect(redis.command(['EVAL', `${include('names')}\nreturn K.feeds`, '1', names.idx])).rejects.toThrow(/no key name K.feeds/);
});

it('no script answers an outcome as a string literal', () => {
  const files = readdirSync(LUA, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.lua') && !f.endsWith('outcomes.lua'));
  const codes = new Set<string>(Object.values(OUTCOME));
  for (const file of files) {
    const literals = [...readFileSync(new URL(file, LUA), 'utf8').matchAll(/'([a-z-]+)'/g)].map((m) => m[1] as string);
    expect(literals.filter((l) => codes.has(l)), file).toEqual([]);
  }
});

it('every include a script names exists, and each expands once, before its users', () => {
  for (const file of readdirSync(LUA).filter((f) => f.endsWith('.lua'))) {
    const text = scriptSource(file);
    expect(text, file).not.toMatch(/^--- @include/m);
    const defined = [...text.matchAll(/^local function (\w+)/gm)].map((m) => m[1]);
    expect(new Set(defined).size, `${file} defines a helper twice`).toBe(defined.length);
  }
});
