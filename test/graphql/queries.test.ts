import { describe, expect, it } from 'vitest';
import { writeKey } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';
import { gql, gqlData, gqlPut } from '../support/graphql.js';
import { http } from '../support/http.js';

// Queries through yoga.fetch against a real gateway: entry, entries (cursor pages), keys,
// index, session(s); and REST and GraphQL reading and writing the same store.

let gw: TestGateway;

useEmptiedGateway((started) => ({ gw } = started));

const ENTRY = 'key value valueBase64 flags createIndex modifyIndex lockIndex session { id name node }';

describe('entry', () => {
  it('answers value, exact bytes as valueBase64, flags and indexes as decimal strings', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x41]);
    const data = await gqlData(gw, `mutation { put(key: "bin", valueBase64: "${bytes.toString('base64')}", flags: "18446744073709551615") { ... on PutSuccess { entry { modifyIndex } } } }`);
    const written = data.put.entry.modifyIndex;
    const { entry } = await gqlData(gw, `{ entry(key: "bin") { ${ENTRY} } }`);
    expect(entry).toEqual({
      key: 'bin',
      value: '\ufffd\u0000\ufffdA', // invalid UTF-8 replaced; the bytes are in valueBase64
      valueBase64: bytes.toString('base64'),
      flags: '18446744073709551615',
      createIndex: written,
      modifyIndex: written,
      lockIndex: '0',
      session: null,
    });
    expect(written).toMatch(/^[1-9]\d*$/);
  });

  it('answers null for a key that does not exist', async () => {
    await gqlPut(gw, 'other', 'x');
    expect(await gqlData(gw, '{ entry(key: "missing") { key } }')).toEqual({ entry: null });
  });

  it('resolves the session holding the lock to the Session object', async () => {
    const { createSession } = await gqlData(gw, 'mutation { createSession(input: { name: "holder" }) { id } }');
    await gqlData(gw, `mutation { acquireLock(key: "locked", session: "${createSession.id}", value: "v") { __typename } }`);
    const { entry } = await gqlData(gw, '{ entry(key: "locked") { lockIndex session { id name node } } }');
    expect(entry).toEqual({ lockIndex: '1', session: { id: createSession.id, name: 'holder', node: 'test-node' } });
  });
});

describe('entries', () => {
  const PAGE = `query($prefix: String!, $first: Int!, $after: String) {
    entries(prefix: $prefix, first: $first, after: $after) {
      index
      edges { cursor node { key value modifyIndex } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  /** Every page of prefix, first at a time. */
  async function allPages(prefix: string, first: number) {
    const pages = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const { entries }: { entries: any } = await gqlData(gw, PAGE, { prefix, first, after });
      pages.push(entries);
      if (!entries.pageInfo.hasNextPage) break;
      after = entries.pageInfo.endCursor;
    }
    return pages;
  }

  it('pages through a prefix with more keys than first: each key once, in byte order, hasNextPage exact', async () => {
    const keys = Array.from({ length: 23 }, (_, i) => `page/${String(i).padStart(2, '0')}`).concat(['page/B', 'page/a', 'page/é']);
    for (const key of [...keys].reverse()) await gqlPut(gw, key, `v:${key}`);
    for (const outside of ['pag', 'pagf', 'page', 'a']) await gqlPut(gw, outside, 'outside');
    const pages = await allPages('page/', 7);
    expect(pages.map((p) => p.edges.length)).toEqual([7, 7, 7, 5]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, true, false]);
    const seen = pages.flatMap((p) => p.edges.map((e: { node: { key: string } }) => e.node.key));
    const byteOrder = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(seen).toEqual(byteOrder);
    for (const page of pages) {
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
      for (const edge of page.edges) expect(edge.node.value).toBe(`v:${edge.node.key}`);
    }
  });

  it('says hasNextPage false on a last page that is exactly full', async () => {
    for (let i = 0; i < 6; i++) await gqlPut(gw, `full/${i}`, 'v');
    const pages = await allPages('full/', 3);
    expect(pages.map((p) => [p.edges.length, p.pageInfo.hasNextPage])).toEqual([
      [3, true],
      [3, false],
    ]);
  });

  it('reports the prefix index: the highest ModifyIndex under the prefix, as a recurse GET does', async () => {
    await gqlPut(gw, 'idx/a', '1');
    const modifyIndex = await gqlPut(gw, 'idx/b', '2');
    await gqlPut(gw, 'elsewhere', '3');
    const { entries } = await gqlData(gw, PAGE, { prefix: 'idx/', first: 1 });
    expect(entries.index).toBe(modifyIndex);
    const rest = await http(gw.port, 'GET', '/v1/kv/idx/?recurse');
    expect(rest.headers['x-consul-index']).toBe(modifyIndex);
  });

  it('answers an empty page with a null endCursor under a prefix that holds nothing', async () => {
    await gqlPut(gw, 'x', '1');
    const { entries } = await gqlData(gw, PAGE, { prefix: 'nothing/', first: 5 });
    expect(entries.edges).toEqual([]);
    expect(entries.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('refuses first outside 1..1000 and a cursor that is not from the prefix, with BAD_USER_INPUT', async () => {
    await gqlPut(gw, 'c/1', 'v');
    await gqlPut(gw, 'b', 'outside the prefix');
    for (const first of [0, 1001]) {
      const reply = await gql(gw, PAGE, { prefix: 'c/', first });
      expect(reply.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const foreign = Buffer.from('a').toString('base64url'); // sorts before the prefix
    const reply = await gql(gw, PAGE, { prefix: 'c/', first: 10, after: foreign });
    expect(reply.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(reply.data).toBeNull();
  });
});

describe('keys, index', () => {
  it('keys folds deeper keys at the separator and reports the prefix index', async () => {
    for (const key of ['dir/a', 'dir/b/c', 'dir/b/d', 'dir/e/f/g', 'dirt']) await gqlPut(gw, key, 'v');
    const { keys } = await gqlData(gw, '{ keys(prefix: "dir/", separator: "/") { index keys } }');
    expect(keys.keys).toEqual(['dir/a', 'dir/b/', 'dir/e/']);
    const rest = await http(gw.port, 'GET', '/v1/kv/dir/?keys&separator=/');
    expect(keys.index).toBe(rest.headers['x-consul-index']);
    expect((await gqlData(gw, '{ keys(prefix: "dir") { keys } }')).keys.keys).toEqual(['dir/a', 'dir/b/c', 'dir/b/d', 'dir/e/f/g', 'dirt']);
  });

  it('index is the last index any write took', async () => {
    await gqlPut(gw, 'a', '1');
    const modifyIndex = await gqlPut(gw, 'b', '2');
    expect(await gqlData(gw, '{ index }')).toEqual({ index: modifyIndex });
  });
});

describe('session, sessions', () => {
  it('reads one session by id, lists all or one node\'s, and answers null for an unknown id', async () => {
    const mine = await gqlData(gw, 'mutation { createSession(input: { name: "mine", ttl: "30s", behavior: DELETE, lockDelay: "2s" }) { id createIndex } }');
    const other = await gqlData(gw, 'mutation { createSession(input: { name: "other" }) { id } }');
    const { session } = await gqlData(gw, `{ session(id: "${mine.createSession.id}") { id name node ttl behavior lockDelay nodeChecks createIndex } }`);
    expect(session).toEqual({
      id: mine.createSession.id,
      name: 'mine',
      node: 'test-node',
      ttl: '30s',
      behavior: 'DELETE',
      lockDelay: '2000000000',
      nodeChecks: ['serfHealth'],
      createIndex: mine.createSession.createIndex,
    });
    const all = (await gqlData(gw, '{ sessions { id } }')).sessions.map((s: { id: string }) => s.id);
    expect(all).toEqual([mine.createSession.id, other.createSession.id].sort());
    expect((await gqlData(gw, '{ sessions(node: "test-node") { id } }')).sessions).toHaveLength(2);
    expect((await gqlData(gw, '{ sessions(node: "elsewhere") { id } }')).sessions).toEqual([]);
    expect(await gqlData(gw, '{ session(id: "00000000-0000-0000-0000-000000000000") { id } }')).toEqual({ session: null });
  });
});

describe('REST and GraphQL share one store', () => {
  it('a REST PUT is read by GraphQL with the same value, flags and indexes', async () => {
    await writeKey(gw, 'shared/rest', Buffer.from([0x01, 0xff]), '?flags=42');
    const rest = JSON.parse((await http(gw.port, 'GET', '/v1/kv/shared/rest')).text)[0];
    const { entry } = await gqlData(gw, '{ entry(key: "shared/rest") { valueBase64 flags createIndex modifyIndex lockIndex } }');
    expect(entry).toEqual({
      valueBase64: rest.Value,
      flags: '42',
      createIndex: String(rest.CreateIndex),
      modifyIndex: String(rest.ModifyIndex),
      lockIndex: '0',
    });
  });

  it('a GraphQL put is read by REST GET, and a REST delete is seen by GraphQL', async () => {
    const modifyIndex = await gqlPut(gw, 'shared/gql', 'from graphql', ', flags: "7"');
    const res = await http(gw.port, 'GET', '/v1/kv/shared/gql');
    const [rest] = JSON.parse(res.text);
    expect(rest).toMatchObject({ Key: 'shared/gql', Flags: 7, Value: Buffer.from('from graphql').toString('base64') });
    expect(String(rest.ModifyIndex)).toBe(modifyIndex);
    expect(res.headers['x-consul-index']).toBe(modifyIndex);
    expect((await http(gw.port, 'DELETE', '/v1/kv/shared/gql')).text).toBe('true');
    expect(await gqlData(gw, '{ entry(key: "shared/gql") { key } }')).toEqual({ entry: null });
  });
});
