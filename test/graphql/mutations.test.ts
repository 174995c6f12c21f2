import { describe, expect, it } from 'vitest';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';
import { gql, gqlData } from '../support/graphql.js';
import { http } from '../support/http.js';

// Mutations through yoga.fetch: expected outcomes are union members (CAS lost, lock held,
// txn check failed), faults are GraphQL errors with the error table's code.

let gw: TestGateway;

useEmptiedGateway((started) => ({ gw } = started));

const PUT = `mutation($key: String!, $value: String, $valueBase64: String, $cas: Index, $flags: UInt64! = "0") {
  put(key: $key, value: $value, valueBase64: $valueBase64, cas: $cas, flags: $flags) {
    __typename
    ... on PutSuccess { entry { key value flags createIndex modifyIndex } }
    ... on CasMismatch { current { value modifyIndex } }
  }
}`;
const put = async (vars: Record<string, unknown>) => (await gqlData(gw, PUT, vars)).put;
const read = async (key: string) => (await gqlData(gw, `{ entry(key: ${JSON.stringify(key)}) { value modifyIndex lockIndex session { id } } }`)).entry;

const ACQUIRE = `mutation($key: String!, $session: ID!, $value: String) {
  acquireLock(key: $key, session: $session, value: $value) {
    __typename
    ... on LockAcquired { entry { value lockIndex session { id } } }
    ... on LockHeld { current { value session { id } } }
    ... on LockDelayed { key }
    ... on InvalidSession { session }
  }
}`;
const RELEASE = `mutation($key: String!, $session: ID!, $value: String) {
  releaseLock(key: $key, session: $session, value: $value) {
    __typename
    ... on LockReleased { entry { value lockIndex session { id } } }
    ... on LockHeld { current { session { id } } }
    ... on InvalidSession { session }
  }
}`;
const acquire = async (key: string, session: string, value = 'v') => (await gqlData(gw, ACQUIRE, { key, session, value })).acquireLock;
const release = async (key: string, session: string, value = 'v') => (await gqlData(gw, RELEASE, { key, session, value })).releaseLock;
const newSession = async (input = '{}') => (await gqlData(gw, `mutation { createSession(input: ${input}) { id } }`)).createSession.id as string;

describe('put', () => {
  it('answers PutSuccess with the written entry', async () => {
    const result = await put({ key: 'p', value: 'hello', flags: '5' });
    expect(result).toMatchObject({ __typename: 'PutSuccess', entry: { key: 'p', value: 'hello', flags: '5' } });
    expect(result.entry.createIndex).toBe(result.entry.modifyIndex);
    expect(await read('p')).toMatchObject({ value: 'hello', modifyIndex: result.entry.modifyIndex });
  });

  it('with cas 0 on an existing key answers CasMismatch carrying what the key holds, and writes nothing', async () => {
    const first = await put({ key: 'p', value: 'first' });
    expect(await put({ key: 'p', value: 'second', cas: '0' })).toEqual({ __typename: 'CasMismatch', current: { value: 'first', modifyIndex: first.entry.modifyIndex } });
    expect((await read('p')).value).toBe('first');
  });

  it('with cas at the current ModifyIndex writes; with a stale one answers CasMismatch', async () => {
    const first = await put({ key: 'p', value: 'first' });
    const second = await put({ key: 'p', value: 'second', cas: first.entry.modifyIndex });
    expect(second.__typename).toBe('PutSuccess');
    expect((await put({ key: 'p', value: 'third', cas: first.entry.modifyIndex })).__typename).toBe('CasMismatch');
    expect(await put({ key: 'missing', value: 'x', cas: '1' })).toEqual({ __typename: 'CasMismatch', current: null });
  });

  it('refuses value and valueBase64 together, or invalid base64, with BAD_USER_INPUT and writes nothing', async () => {
    for (const vars of [{ value: 'a', valueBase64: 'YQ==' }, { valueBase64: 'not base64!' }]) {
      const reply = await gql(gw, PUT, { key: 'both', ...vars });
      expect(reply.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(reply.data).toBeNull();
    }
    expect(await read('both')).toBeNull();
  });
});

describe('delete', () => {
  const DELETE = `mutation($key: String!, $recurse: Boolean! = false, $cas: Index) {
    delete(key: $key, recurse: $recurse, cas: $cas) { __typename ... on Deleted { index } ... on CasMismatch { current { modifyIndex } } }
  }`;
  const del = async (vars: Record<string, unknown>) => (await gqlData(gw, DELETE, vars)).delete;

  it('deletes one key and answers its index; a missing key answers Deleted with a null index', async () => {
    await put({ key: 'd', value: 'v' });
    const deleted = await del({ key: 'd' });
    expect(deleted.__typename).toBe('Deleted');
    expect((await gqlData(gw, '{ index }')).index).toBe(deleted.index);
    expect(await read('d')).toBeNull();
    expect(await del({ key: 'd' })).toEqual({ __typename: 'Deleted', index: null });
  });

  it('with recurse deletes every key under the prefix and nothing else', async () => {
    for (const key of ['tree/a', 'tree/b/c', 'treetop', 'other']) await put({ key, value: 'v' });
    expect((await del({ key: 'tree/', recurse: true })).__typename).toBe('Deleted');
    const { keys } = await gqlData(gw, '{ keys(prefix: "") { keys } }');
    expect(keys.keys).toEqual(['other', 'treetop']);
  });

  it('with cas deletes only at the current ModifyIndex; otherwise CasMismatch and the key stays', async () => {
    const written = await put({ key: 'd', value: 'v' });
    const stale = String(BigInt(written.entry.modifyIndex) - 1n);
    expect(await del({ key: 'd', cas: stale })).toEqual({ __typename: 'CasMismatch', current: { modifyIndex: written.entry.modifyIndex } });
    expect(await read('d')).not.toBeNull();
    expect((await del({ key: 'd', cas: written.entry.modifyIndex })).__typename).toBe('Deleted');
    expect(await read('d')).toBeNull();
  });

  it('refuses cas with recurse', async () => {
    await put({ key: 'tree/a', value: 'v' });
    const reply = await gql(gw, DELETE, { key: 'tree/', recurse: true, cas: '1' });
    expect(reply.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await read('tree/a')).not.toBeNull();
  });
});

describe('acquireLock, releaseLock', () => {
  it('acquires a free key: LockAcquired with the value, LockIndex 1 and the session', async () => {
    const s = await newSession();
    expect(await acquire('lock', s, 'leader-1')).toEqual({ __typename: 'LockAcquired', entry: { value: 'leader-1', lockIndex: '1', session: { id: s } } });
  });

  it('answers LockHeld with the holder when another session holds the key', async () => {
    const [holder, other] = [await newSession(), await newSession()];
    await acquire('lock', holder, 'mine');
    expect(await acquire('lock', other, 'theirs')).toEqual({ __typename: 'LockHeld', current: { value: 'mine', session: { id: holder } } });
  });

  it('answers LockDelayed after the holder\'s session was destroyed (lock-delay), then the key is free of its holder', async () => {
    const holder = await newSession('{ lockDelay: "15s" }');
    const other = await newSession();
    await acquire('lock', holder);
    expect(await gqlData(gw, `mutation { destroySession(id: "${holder}") }`)).toEqual({ destroySession: true });
    expect((await read('lock')).session).toBeNull();
    expect(await acquire('lock', other)).toEqual({ __typename: 'LockDelayed', key: 'lock' });
  });

  it('answers InvalidSession for a session that does not exist or is empty, and writes nothing', async () => {
    const unknown = '6a8e1c4e-0000-4000-8000-000000000000';
    expect(await acquire('lock', unknown)).toEqual({ __typename: 'InvalidSession', session: unknown });
    expect(await acquire('lock', '')).toEqual({ __typename: 'InvalidSession', session: '' });
    expect(await release('lock', '')).toEqual({ __typename: 'InvalidSession', session: '' });
    expect(await read('lock')).toBeNull();
  });

  it('release by a session that does not hold the key is LockHeld, as Consul answers false (it does not check the session exists)', async () => {
    const unknown = '6a8e1c4e-0000-4000-8000-000000000000';
    expect(await release('lock', unknown)).toEqual({ __typename: 'LockHeld', current: null });
  });

  it('releases only for the holder: LockHeld for another session, LockReleased (value written, no session) for the holder', async () => {
    const [holder, other] = [await newSession(), await newSession()];
    await acquire('lock', holder, 'held');
    expect(await release('lock', other, 'stolen')).toEqual({ __typename: 'LockHeld', current: { session: { id: holder } } });
    expect(await release('lock', holder, 'free')).toEqual({ __typename: 'LockReleased', entry: { value: 'free', lockIndex: '1', session: null } });
    expect(await read('lock')).toMatchObject({ value: 'free', session: null });
  });
});

describe('txn', () => {
  const TXN = `mutation($ops: [TxnOpInput!]!) {
    txn(ops: $ops) {
      __typename
      ... on TxnCommitted { index results { key value modifyIndex } }
      ... on TxnFailed { errors { opIndex code message } }
    }
  }`;
  const txn = async (ops: unknown[]) => (await gqlData(gw, TXN, { ops })).txn;

  it('commits every op under one index and reports results in op order', async () => {
    await put({ key: 't/old', value: 'old' });
    const result = await txn([
      { verb: 'SET', key: 't/a', value: 'A' },
      { verb: 'SET', key: 't/b', valueBase64: Buffer.from('B').toString('base64') },
      { verb: 'DELETE', key: 't/old' },
      { verb: 'GET', key: 't/a' },
    ]);
    expect(result.__typename).toBe('TxnCommitted');
    expect(result.results).toEqual([
      { key: 't/a', value: null, modifyIndex: result.index },
      { key: 't/b', value: null, modifyIndex: result.index },
      { key: 't/a', value: 'A', modifyIndex: result.index },
    ]);
    expect(await read('t/old')).toBeNull();
    expect((await read('t/b')).value).toBe('B');
  });

  it('answers TxnFailed with the failing ops and writes nothing', async () => {
    const existing = await put({ key: 't/x', value: 'x' });
    const before = (await gqlData(gw, '{ index }')).index;
    const result = await txn([
      { verb: 'SET', key: 't/new', value: 'never' },
      { verb: 'CAS', key: 't/x', value: 'y', index: String(BigInt(existing.entry.modifyIndex) + 100n) },
      { verb: 'CHECK_NOT_EXISTS', key: 't/x' },
    ]);
    expect(result.__typename).toBe('TxnFailed');
    expect(result.errors.map((e: { opIndex: number }) => e.opIndex)).toEqual([1, 2]);
    expect(result.errors[0]).toEqual({ opIndex: 1, code: 'cas-mismatch', message: 'failed to set key "t/x", index is stale' });
    expect(await read('t/new')).toBeNull();
    expect((await read('t/x')).value).toBe('x');
    expect((await gqlData(gw, '{ index }')).index).toBe(before);
  });

  it('refuses more ops than the limit with TXN_TOO_MANY_OPS', async () => {
    const ops = Array.from({ length: 129 }, (_, i) => ({ verb: 'SET', key: `t/${i}`, value: 'v' }));
    const reply = await gql(gw, TXN, { ops });
    expect(reply.errors?.[0]).toMatchObject({ message: 'Transaction contains too many operations (129 > 128)', extensions: { code: 'TXN_TOO_MANY_OPS' } });
    expect(await read('t/0')).toBeNull();
  });
});

describe('createSession, renewSession, destroySession', () => {
  it('creates with Consul\'s defaults, renews, and destroys (session gone, renew then null)', async () => {
    const { createSession: s } = await gqlData(gw, 'mutation { createSession(input: { ttl: "20s" }) { id name node lockDelay behavior ttl nodeChecks } }');
    expect(s).toMatchObject({ name: '', node: 'test-node', lockDelay: '15000000000', behavior: 'RELEASE', ttl: '20s', nodeChecks: ['serfHealth'] });
    expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await gqlData(gw, `mutation { renewSession(id: "${s.id}") { id ttl } }`)).toEqual({ renewSession: { id: s.id, ttl: '20s' } });
    expect(await gqlData(gw, `mutation { destroySession(id: "${s.id}") }`)).toEqual({ destroySession: true });
    expect(await gqlData(gw, `{ session(id: "${s.id}") { id } }`)).toEqual({ session: null });
    expect(await gqlData(gw, `mutation { renewSession(id: "${s.id}") { id } }`)).toEqual({ renewSession: null });
    // As in Consul, destroying a session that does not exist is not an error.
    expect(await gqlData(gw, `mutation { destroySession(id: "${s.id}") }`)).toEqual({ destroySession: true });
  });

  it('a session with behavior DELETE takes its keys with it', async () => {
    const s = await newSession('{ behavior: DELETE }');
    await acquire('ephemeral', s);
    await gqlData(gw, `mutation { destroySession(id: "${s}") }`);
    expect(await read('ephemeral')).toBeNull();
  });

  it('refuses a bad TTL with the error table\'s code and Consul\'s text, and a bad lockDelay with BAD_USER_INPUT', async () => {
    const ttl = await gql(gw, 'mutation { createSession(input: { ttl: "1s" }) { id } }');
    expect(ttl.errors?.[0]).toMatchObject({ message: "Invalid Session TTL '1000000000', must be between [10s=24h0m0s]", extensions: { code: 'TTL_OUT_OF_RANGE' } });
    const delay = await gql(gw, 'mutation { createSession(input: { lockDelay: "soon" }) { id } }');
    expect(delay.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gqlData(gw, '{ sessions { id } }')).sessions).toEqual([]);
  });

  it('a session created over GraphQL is the one REST lists', async () => {
    const s = await newSession('{ name: "both" }');
    const [rest] = JSON.parse((await http(gw.port, 'GET', `/v1/session/info/${s}`)).text);
    expect(rest).toMatchObject({ ID: s, Name: 'both', Node: 'test-node', Behavior: 'release' });
  });
});
