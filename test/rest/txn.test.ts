import { describe, expect, it } from 'vitest';
import { b64 } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';
import { http, type RawResponse } from '../support/http.js';

// PUT /v1/txn over HTTP: request limits, decoding errors, the answer shapes.

let gw: TestGateway;

useEmptiedGateway((started) => ({ gw } = started));

const txn = (body: string, path = '/v1/txn', chunked = false) => http(gw.port, 'PUT', path, { body, chunked });
const kv = (verb: string, key: string, extra: Record<string, unknown> = {}) => ({ KV: { Verb: verb, Key: key, ...extra } });
function expectText(res: RawResponse, status: number, text: string): void {
  expect({ status: res.status, text: res.text }).toEqual({ status, text });
}

describe('a write transaction', () => {
  it('answers 200 with write results (Value null) and no index or leader headers', async () => {
    const res = await txn(JSON.stringify([kv('set', 'a', { Value: b64('A'), Flags: 7 }), kv('delete', 'gone')]));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.text).toMatch(/^\{"Results":\[\{"KV":\{"LockIndex":0,"Key":"a","Flags":7,"Value":null,"CreateIndex":(\d+),"ModifyIndex":\1\}\}\],"Errors":null\}$/);
    expect(res.headers['x-consul-index']).toBeUndefined();
    expect(res.headers['x-consul-knownleader']).toBeUndefined();
  });

  it('answers 409 with every failing op and writes nothing', async () => {
    const res = await txn(JSON.stringify([kv('set', 'a', { Value: b64('A') }), kv('cas', 'b', { Index: 5 }), kv('get', 'c')]));
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text).toBe(
      '{"Results":null,"Errors":[{"OpIndex":1,"What":"failed to set key \\"b\\", index is stale"},{"OpIndex":2,"What":"key \\"c\\" doesn\'t exist"}]}',
    );
    expect((await http(gw.port, 'GET', '/v1/kv/a')).status).toBe(404);
  });

  it('keeps uint64 flags and indexes exact in the request and the answer', async () => {
    const body = '[{"KV":{"Verb":"set","Key":"big","Flags":18446744073709551615}},{"KV":{"Verb":"get","Key":"big"}}]';
    const res = await txn(body);
    expect(res.text).toContain('"Flags":18446744073709551615,"Value":null');
    expect(res.text.match(/"Flags":18446744073709551615/g)).toHaveLength(2);
  });

  it('ignores invalid query parameters, as Consul does for writes, but not an unknown ?dc', async () => {
    expect((await txn(JSON.stringify([kv('set', 'a')]), '/v1/txn?wait=zz&stale&consistent')).status).toBe(200);
    expectText(await txn(JSON.stringify([kv('set', 'a')]), '/v1/txn?dc=far'), 500, 'No path to datacenter');
  });
});

describe('a read-only transaction', () => {
  it('answers with values, the leader headers and the query-meta fields, without X-Consul-Index', async () => {
    await http(gw.port, 'PUT', '/v1/kv/r', { body: 'R' });
    // The gateway fences indexes above any it served before the FLUSHALL: read the real one.
    const index = (await http(gw.port, 'GET', '/v1/kv/r')).headers['x-consul-index'];
    const res = await txn(JSON.stringify([kv('get', 'r')]));
    expect(res.status).toBe(200);
    expect(res.headers['x-consul-knownleader']).toBe('true');
    expect(res.headers['x-consul-lastcontact']).toBe('0');
    expect(res.headers['x-consul-index']).toBeUndefined();
    expect(res.text).toBe(
      `{"Results":[{"KV":{"LockIndex":0,"Key":"r","Flags":0,"Value":"${b64('R')}","CreateIndex":${index},"ModifyIndex":${index}}}],"Errors":null,` +
        '"Index":1,"LastContact":0,"KnownLeader":true,"ConsistencyLevel":"","NotModified":false,"Backend":0,"ResultsFilteredByACLs":false}',
    );
  });

  it('parses the shared query parameters', async () => {
    expectText(await txn(JSON.stringify([kv('get', 'r')]), '/v1/txn?stale&consistent'), 400, 'Cannot specify ?stale with ?consistent, conflicting semantics.');
    expectText(await txn(JSON.stringify([kv('get', 'r')]), '/v1/txn?wait=zz'), 400, 'Invalid wait time');
  });

  it('reports pre-check failures with Index 0 and no known leader', async () => {
    const res = await txn(JSON.stringify([kv('get', ''), kv('fetch', 'k')]));
    expect(res.status).toBe(409);
    expect(res.headers['x-consul-knownleader']).toBe('false');
    expect(res.text).toBe(
      '{"Results":null,"Errors":[{"OpIndex":0,"What":"Must provide key"},{"OpIndex":1,"What":"unknown KV operation: fetch"}],' +
        '"Index":0,"LastContact":0,"KnownLeader":false,"ConsistencyLevel":"","NotModified":false,"Backend":0,"ResultsFilteredByACLs":false}',
    );
  });

  it('an empty list answers empty results', async () => {
    const res = await txn('[]');
    expect(res.status).toBe(200);
    expect(res.text.startsWith('{"Results":[],"Errors":null,"Index":1')).toBe(true);
  });
});

describe('request decoding', () => {
  it.each([
    ['', 'EOF'],
    ['[', 'unexpected EOF'],
    ['{}', 'json: cannot unmarshal object into Go value of type api.TxnOps'],
    ['[5]', 'json: cannot unmarshal number into Go value of type api.TxnOp'],
    ['[{"Foo":1}]', 'json: unknown field "Foo"'],
    ['[{"KV":{"Verb":"set","Key":"k","Bogus":1}}]', 'json: unknown field "Bogus"'],
    ['[{"KV":{"Verb":"set","Key":"k","Value":"YQ"}}]', 'illegal base64 data at input byte 0'],
    ['[{"KV":{"Verb":"set","Key":"k","Value":"a$=="}}]', 'illegal base64 data at input byte 1'],
    ['[{"KV":{"Verb":"set","Key":"k","Flags":-1}}]', 'json: cannot unmarshal number -1 into Go struct field KVTxnOp.KV.Flags of type uint64'],
    ['[{"KV":{"Verb":"set","Key":"k","Flags":18446744073709551616}}]', 'json: cannot unmarshal number 18446744073709551616 into Go struct field KVTxnOp.KV.Flags of type uint64'],
    ['[{"KV":{"Verb":"set","Key":"k","Index":"1"}}]', 'json: cannot unmarshal string into Go struct field KVTxnOp.KV.Index of type uint64'],
    ['[{"KV":5}]', 'json: cannot unmarshal number into Go struct field TxnOp.KV of type api.KVTxnOp'],
  ])('answers %j with 400 Failed to parse body: %s', async (body, detail) => {
    expectText(await txn(body), 400, `Failed to parse body: ${detail}`);
  });

  it('matches field names case-insensitively and drops empty elements from the op numbering', async () => {
    const res = await txn('[{}, {"kv":{"verb":"get","key":"nope"}}]');
    expect(res.text).toContain('"OpIndex":0,"What":"key \\"nope\\" doesn\'t exist"');
  });

  it('answers catalog operations, which kvgate does not serve, with 409 naming them', async () => {
    const res = await txn(JSON.stringify([kv('set', 'a'), { Node: { Verb: 'get', Node: { Node: 'n' } } }]));
    expect(res.status).toBe(409);
    expect(res.text).toContain('"OpIndex":1,"What":"kvgate does not serve the catalog: Node operations are not supported"');
    expect((await http(gw.port, 'GET', '/v1/kv/a')).status).toBe(404);
  });
});

describe('limits', () => {
  it('accepts 128 operations and refuses 129 with 413', async () => {
    const ops = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => kv('set', `k/${i}`, { Value: b64('v') })));
    expect((await txn(ops(128))).status).toBe(200);
    expectText(await txn(ops(129)), 413, 'Transaction contains too many operations (129 > 128)');
  });

  it('refuses a body over 512 KiB by Content-Length or while reading, and a value over the limit', async () => {
    const huge = JSON.stringify([kv('set', 'k', { Value: b64('x'.repeat(400_000)) })]);
    expectText(
      await txn(huge),
      413,
      `Request body(${huge.length} bytes) too large, max size: 524288 bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#txn_max_req_len.`,
    );
    expectText(await txn(huge, '/v1/txn', true), 413, 'Request body too large, max size: 524288 bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#txn_max_req_len.');
  });

  it('only PUT is allowed', async () => {
    const res = await http(gw.port, 'GET', '/v1/txn');
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('OPTIONS,PUT');
  });
});
