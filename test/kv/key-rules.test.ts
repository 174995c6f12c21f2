import { beforeEach, describe, expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { gql } from '../support/graphql.js';
import { http } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// One table of keys through every face that writes: REST, GraphQL, and transactions over
// both. The domain owns the rules (src/kv/key-rules.ts), so every face accepts the same
// keys and rejects the same keys with the same error code.

let redis: TestRedis;
let gw: TestGateway;

useGateway((started) => ({ redis, gw } = started));
beforeEach(async () => {
  await redis.command(['FLUSHALL']);
});

const SPACES = { code: 'KEY_SPACES', status: 500, text: 'invalid key name, leading/trailing spaces are not allowed' };
const TRAVERSAL = { code: 'KEY_TRAVERSAL', status: 500, text: 'invalid key name, path traversal is not allowed' };
const NOT_CANONICAL = { code: 'KEY_NOT_CANONICAL', status: 400, text: 'invalid key name ' };

/** Keys every face accepts, written byte for byte. */
const GOOD = ['a', 'a/b/c', 'dir/', '.hidden', 'a/.b', 'a b', 'ünïcode/ключ', '/rooted', 'a..b', 'x%y'];
/** Keys every face refuses, with why; all of them can be sent through REST as they are. */
const BAD: Array<[string, typeof SPACES]> = [
  [' lead', SPACES],
  ['trail ', SPACES],
  [' ', SPACES],
  ['a%20b', SPACES],
  ['../etc', TRAVERSAL],
  ['..', TRAVERSAL],
  ['a%2E%2E/b', TRAVERSAL],
];
/** Keys REST can never address (its path cleaning changes them): the other faces refuse them too. */
const UNADDRESSABLE = ['a//b', 'a/./b', './a', 'a/.', 'a//'];

/** The key as a REST path: every byte that is not unreserved escaped, so Go's decoder yields it exactly. */
const restPath = (key: string) => `/v1/kv/${encodeURIComponent(key).replace(/\./g, '%2E')}`;

const restPut = (key: string) => http(gw.port, 'PUT', restPath(key), { body: 'v' });
const restTxn = (key: string) => http(gw.port, 'PUT', '/v1/txn', { body: JSON.stringify([{ KV: { Verb: 'set', Key: key, Value: 'dg==' } }]) });
const gqlPut = (key: string) => gql(gw, 'mutation($k: String!) { put(key: $k, value: "v") { __typename } }', { k: key });
const gqlTxn = (key: string) => gql(gw, 'mutation($k: String!) { txn(ops: [{ verb: SET, key: $k, value: "v" }]) { __typename } }', { k: key });

async function storedKeys(): Promise<string[]> {
  const res = await http(gw.port, 'GET', '/v1/kv/?keys');
  return JSON.parse(res.text) as string[];
}

describe('keys every face accepts', () => {
  for (const key of GOOD) {
    it(`${JSON.stringify(key)} is written byte for byte by REST, GraphQL and both transactions`, async () => {
      expect((await restPut(key)).text).toBe('true');
      expect(await storedKeys()).toEqual([key]);
      await redis.command(['FLUSHALL']);
      expect((await gqlPut(key)).data).toEqual({ put: { __typename: 'PutSuccess' } });
      expect((await restTxn(`${key}`)).status).toBe(200);
      expect((await gqlTxn(key)).data).toEqual({ txn: { __typename: 'TxnCommitted' } });
      expect(await storedKeys()).toEqual([key]);
    });
  }
});

describe('keys every face refuses with the same code', () => {
  for (const [key, rule] of BAD) {
    it(`${JSON.stringify(key)}: ${rule.code} from REST, GraphQL and both transactions, and nothing is written`, async () => {
      const rest = await restPut(key);
      expect({ status: rest.status, text: rest.text }).toEqual({ status: rule.status, text: rule.text });
      const txn = await restTxn(key);
      expect(txn.status).toBe(rule.status);
      expect(txn.text).toBe(`${rule.text} (transaction op 0)`);
      expect((await gqlPut(key)).errors?.[0]?.extensions?.code).toBe(rule.code);
      expect((await gqlTxn(key)).errors?.[0]?.extensions?.code).toBe(rule.code);
      expect(await storedKeys()).toEqual([]);
    });
  }

  it('a read by GraphQL refuses the same keys as a read by REST', async () => {
    for (const [key, rule] of BAD) {
      expect((await http(gw.port, 'GET', restPath(key))).status).toBe(rule.status);
      expect((await gql(gw, 'query($k: String!) { entry(key: $k) { key } }', { k: key })).errors?.[0]?.extensions?.code).toBe(rule.code);
    }
  });

  it('recursive deletes check their prefix in every face, and the empty key is "Missing key name" everywhere but a recursive delete', async () => {
    expect((await http(gw.port, 'DELETE', `${restPath(' x')}?recurse`)).status).toBe(500);
    expect((await gql(gw, 'mutation { delete(key: " x", recurse: true) { __typename } }')).errors?.[0]?.extensions?.code).toBe('KEY_SPACES');
    expect((await http(gw.port, 'PUT', '/v1/kv/', { body: 'v' })).text).toBe('Missing key name');
    expect((await gqlPut('')).errors?.[0]?.extensions?.code).toBe('MISSING_KEY');
    expect((await gql(gw, 'mutation { delete(key: "", recurse: true) { __typename } }')).data).toEqual({ delete: { __typename: 'Deleted' } });
  });
});

describe('keys REST cannot address', () => {
  for (const key of UNADDRESSABLE) {
    it(`${JSON.stringify(key)} is refused by GraphQL and transactions (KEY_NOT_CANONICAL), so it can never be created`, async () => {
      const txn = await restTxn(key);
      expect(txn.status).toBe(NOT_CANONICAL.status);
      expect(txn.text.startsWith(NOT_CANONICAL.text)).toBe(true);
      expect((await gqlPut(key)).errors?.[0]).toMatchObject({ message: expect.stringContaining('the HTTP API cleans it to'), extensions: { code: NOT_CANONICAL.code } });
      expect((await gqlTxn(key)).errors?.[0]?.extensions?.code).toBe(NOT_CANONICAL.code);
      expect(await storedKeys()).toEqual([]);
    });
  }

  it('REST itself writes the cleaned key, as Consul does', async () => {
    expect((await http(gw.port, 'PUT', '/v1/kv/a%2F%2Fb', { body: 'v' })).text).toBe('true');
    expect(await storedKeys()).toEqual(['a/b']);
  });
});
