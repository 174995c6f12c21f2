import { describe, expect, it } from 'vitest';
import { COMPLEXITY_LIMIT } from '../../src/graphql/builder.js';
import { dcNames } from '../../src/store/names.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';
import { gql, gqlData, subscribe, wsClient } from '../support/graphql.js';
import { http } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// Bad requests are answered with GraphQL errors and the right status, never a crash; errors
// of the error table keep their text and code, anything unexpected is masked; operations
// that ask for too much are refused before any resolver runs.

let redis: TestRedis;
let gw: TestGateway;

useEmptiedGateway((started) => ({ redis, gw } = started));

/** Every field of a page of entries, sessions included: the costliest selection there is. */
const FULL_PAGE = `index edges { cursor node { key value valueBase64 flags createIndex modifyIndex lockIndex
  session { id name node lockDelay behavior ttl nodeChecks createIndex } } } pageInfo { hasNextPage endCursor }`;

describe('request errors', () => {
  it('a syntax error is 400 GRAPHQL_PARSE_FAILED without data', async () => {
    const reply = await gql(gw, '{ entry(key: }');
    expect(reply.status).toBe(400);
    expect(reply.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(reply.data).toBeUndefined();
  });

  it('an unknown field is 400 GRAPHQL_VALIDATION_FAILED without data', async () => {
    const reply = await gql(gw, '{ entry(key: "a") { nope } }');
    expect(reply.status).toBe(400);
    expect(reply.errors?.[0]).toMatchObject({ message: 'Cannot query field "nope" on type "KVEntry".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(reply.data).toBeUndefined();
  });

  it('a uint64 out of range, as a literal or a variable, is 400 BAD_USER_INPUT and nothing is written', async () => {
    const literal = await gql(gw, 'mutation { put(key: "k", value: "v", flags: "18446744073709551616") { __typename } }');
    const variable = await gql(gw, 'mutation($f: UInt64!) { put(key: "k", value: "v", flags: $f) { __typename } }', { f: '-1' });
    for (const reply of [literal, variable]) {
      expect(reply.status).toBe(400);
      expect(reply.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(reply.errors?.[0]?.message).toContain('UInt64 must be a decimal string');
    }
    expect((await gqlData(gw, '{ entry(key: "k") { key } }')).entry).toBeNull();
  });
});

describe('request bodies over HTTP', () => {
  const post = (body: string, options: { chunked?: boolean } = {}) =>
    http(gw.port, 'POST', '/graphql', { body, headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, ...options });
  const putBody = (value: { value?: string; valueBase64?: string }) =>
    JSON.stringify({ query: 'mutation($v: String, $b: String) { put(key: "big", value: $v, valueBase64: $b) { __typename } }', variables: { v: value.value, b: value.valueBase64 } });

  it.each([false, true])('a body past the limit (2 MiB by default) is 413 REQUEST_ENTITY_TOO_LARGE and nothing is written (chunked: %s)', async (chunked) => {
    const reply = await post(putBody({ value: 'x'.repeat(2 * 1024 * 1024 + 1) }), { chunked });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text)).toEqual({ errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });
    expect(await redis.command(['EXISTS', dcNames('dc1').entry(Buffer.from('big'))])).toBe(0);
  });

  it('the largest value a key takes fits, base64-encoded, in one put', async () => {
    const reply = await post(putBody({ valueBase64: Buffer.alloc(512 * 1024, 7).toString('base64') }));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual({ data: { put: { __typename: 'PutSuccess' } } });
  });

  it('an empty body is answered (400, invalid JSON), not left waiting', async () => {
    for (const chunked of [false, true]) {
      const reply = await post('', { chunked });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.text).errors[0]).toMatchObject({ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } });
    }
  });
});

describe('error table and masking', () => {
  it('an error of the error table keeps its message and carries its code in extensions', async () => {
    const reply = await gql(gw, '{ entry(key: "") { key } }');
    expect(reply.status).toBe(200);
    expect(reply.errors).toEqual([expect.objectContaining({ message: 'Missing key name', path: ['entry'], extensions: { code: 'MISSING_KEY' } })]);
    expect(reply.data).toEqual({ entry: null });
    const big = await gql(gw, 'mutation($v: String!) { put(key: "big", value: $v) { __typename } }', { v: 'x'.repeat(524_289) });
    expect(big.errors?.[0]).toMatchObject({ message: 'Request body too large. Max allowed is 524288 bytes.', extensions: { code: 'BODY_TOO_LARGE' } });
  });

  it('an unexpected error is masked: no internal message reaches the client', async () => {
    // An entry Redis holds in a form kvgate cannot decode.
    await redis.command(['SET', dcNames('dc1').entry(Buffer.from('corrupt')), 'x y z w\nvalue']);
    const reply = await gql(gw, '{ entry(key: "corrupt") { key } ok: index }');
    expect(reply.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.', path: ['entry'], extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    expect(JSON.stringify(reply.errors)).not.toMatch(/BigInt|SyntaxError|stack/);
    expect(reply.data?.entry).toBeNull();
    expect(reply.data?.ok).toMatch(/^\d+$/); // the rest of the query still ran
  });

  it('what Redis says when a script fails (INTERNAL) is masked too', async () => {
    // A key of the wrong type where the entry lives: Redis answers WRONGTYPE inside the script.
    await redis.command(['HSET', dcNames('dc1').entry(Buffer.from('wrongtype')), 'f', 'v']);
    const reply = await gql(gw, '{ entry(key: "wrongtype") { key } }');
    expect(reply.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.', path: ['entry'], extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    expect(JSON.stringify(reply.errors)).not.toMatch(/WRONGTYPE|Redis/);
  });
});

describe('complexity limits', () => {
  it('the default page and the largest page with every field are within the limits', async () => {
    await gqlData(gw, 'mutation { put(key: "a", value: "v") { __typename } }');
    const small = await gqlData(gw, '{ entries(prefix: "") { edges { node { key } } } }');
    expect(small.entries.edges).toEqual([{ node: { key: 'a' } }]);
    const full = await gqlData(gw, `{ entries(prefix: "", first: 1000) { ${FULL_PAGE} } }`);
    expect(full.entries.edges).toHaveLength(1);
  });

  it('too complex (page size from a variable) is refused with 400 QUERY_TOO_COMPLEX before any resolver runs', async () => {
    const query = `query($first: Int!) { a: entries(prefix: "", first: $first) { ${FULL_PAGE} } b: entries(prefix: "", first: $first) { ${FULL_PAGE} } }`;
    expect((await gql(gw, query, { first: 10 })).errors).toBeUndefined();
    const reply = await gql(gw, query, { first: 1000 });
    expect(reply.status).toBe(400);
    expect(reply.data).toBeUndefined();
    expect(reply.errors).toHaveLength(1);
    expect(reply.errors?.[0]).toMatchObject({ message: expect.stringContaining(`max: ${COMPLEXITY_LIMIT.complexity}`), extensions: { code: 'QUERY_TOO_COMPLEX' } });
  });

  it('too broad a mutation is refused as a whole: not one of its writes happens', async () => {
    const puts = Array.from({ length: COMPLEXITY_LIMIT.breadth }, (_, i) => `p${i}: put(key: "m${i}", value: "v") { __typename }`);
    const reply = await gql(gw, `mutation { ${puts.join(' ')} }`);
    expect(reply.status).toBe(400);
    expect(reply.errors?.[0]).toMatchObject({ message: expect.stringContaining('maximum breadth'), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect((await gqlData(gw, '{ keys(prefix: "") { keys } }')).keys.keys).toEqual([]);
  });

  it('too deep: a nested introspection query is refused, not expanded', async () => {
    let selection = 'name';
    for (let i = 0; i < 6; i++) selection = `fields { type { ofType { ofType { ${selection} } } } }`;
    const reply = await gql(gw, `{ __type(name: "__Type") { ${selection} } }`);
    expect(reply.status).toBe(400);
    expect(reply.errors?.[0]).toMatchObject({ message: 'Maximum introspection depth exceeded', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('the limits hold over graphql-ws too', async () => {
    const client = wsClient(gw);
    try {
      const query = `{ a: entries(prefix: "", first: 1000) { ${FULL_PAGE} } b: entries(prefix: "", first: 1000) { ${FULL_PAGE} } }`;
      const sub = subscribe(client, query);
      await expect(sub.next()).rejects.toThrow(/QUERY_TOO_COMPLEX|maximum complexity/);
    } finally {
      await client.dispose();
    }
  });
});

describe('bad operations over graphql-ws', () => {
  it('a syntax error or an unknown field fails only that operation, with the codes HTTP gives; the socket and its other subscriptions go on', async () => {
    const closes: number[] = [];
    const client = wsClient(gw, { on: { closed: (event) => closes.push((event as { code: number }).code) } });
    try {
      await http(gw.port, 'PUT', '/v1/kv/ws/k', { body: 'one' });
      const watch = subscribe<{ entry: { entry: { value: string } } }>(client, 'subscription { entry(key: "ws/k") { entry { value } } }');
      expect((await watch.next()).entry.entry.value).toBe('one');

      const syntax = subscribe(client, 'subscription { entry(key: }');
      await expect(syntax.ended).rejects.toEqual([expect.objectContaining({ message: 'Syntax Error: Unexpected "}".', extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
      const unknown = subscribe(client, 'subscription { nope }');
      await expect(unknown.ended).rejects.toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);

      await http(gw.port, 'PUT', '/v1/kv/ws/k', { body: 'two' });
      expect((await watch.next()).entry.entry.value).toBe('two');
      expect(closes).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});
