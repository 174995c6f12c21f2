import { describe, expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { createSession, createSessionRaw, expectEndpointError, kvGet, kvPut, sessionGet, sessionInfo, sessionPut, type ConsulSession } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';
import { http } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// /v1/session/* over HTTP: the session object, create's decoding and validation
// with Consul's exact texts, the reads and their index, renew, destroy, methods and dc.

const NODE = 'n1';
const names = dcNames('dc1');

let redis: TestRedis;
let gw: TestGateway;

useEmptiedGateway((started) => ({ redis, gw } = started), { nodeName: NODE });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INDEX_HEADERS = ['x-consul-index', 'x-consul-knownleader', 'x-consul-lastcontact', 'x-consul-query-backend'];

const createdWith = async (body: unknown) => sessionInfo(gw, await createSession(gw, body));
const listIndex = async () => (await sessionGet(gw, 'list')).headers['x-consul-index'];


describe('PUT /v1/session/create', () => {
  it('answers {"ID":"<uuid>"} as JSON without index headers', async () => {
    const res = await createSessionRaw(gw);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^\{"ID":"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"\}$/);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    for (const name of INDEX_HEADERS) expect(res.headers[name], name).toBeUndefined();
  });

  it('without a body uses Consul’s defaults, in Consul’s field order', async () => {
    const id = await createSession(gw);
    const res = await sessionGet(gw, `info/${id}`);
    const index = /"CreateIndex":(\d+)/.exec(res.text)?.[1] as string;
    expect(res.text).toBe(
      `[{"ID":"${id}","Name":"","Node":"${NODE}","LockDelay":15000000000,"Behavior":"release","TTL":"",` +
        `"NodeChecks":["serfHealth"],"ServiceChecks":null,"CreateIndex":${index},"ModifyIndex":${index}}]`,
    );
  });

  it('gives every session a different id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(await createSession(gw));
    expect(ids.size).toBe(5);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it('stores Name, Node, Behavior and TTL as given', async () => {
    const s = await createdWith({ Name: 'my lock <&>', Node: NODE, Behavior: 'delete', TTL: '30s' });
    expect(s).toMatchObject({ Name: 'my lock <&>', Node: NODE, Behavior: 'delete', TTL: '30s' });
    const res = await sessionGet(gw, `info/${s.ID}`);
    // Go's JSON escapes <, > and & in strings.
    expect(res.text).toContain('"Name":"my lock \\u003c\\u0026\\u003e"');
  });

  it('matches field names case-insensitively, the last one winning', async () => {
    const s = await createdWith({ name: 'lower', node: NODE, lockdelay: '2s', behavior: 'delete', ttl: '20s' });
    expect(s).toMatchObject({ Name: 'lower', Node: NODE, LockDelay: 2_000_000_000, Behavior: 'delete', TTL: '20s' });
    expect(await createdWith({ NAME: 'upper', LOCKDELAY: 3 })).toMatchObject({ Name: 'upper', LockDelay: 3_000_000_000 });
    expect((await createdWith('{"Name":"first","name":"second"}')).Name).toBe('second');
  });

  it('ignores unknown fields and anything after the first JSON value', async () => {
    expect(await createdWith('{"Name":"x","Bogus":[1,{"a":2}]}')).toMatchObject({ Name: 'x', Behavior: 'release' });
    expect((await createdWith('{"Name":"y"} trailing')).Name).toBe('y');
  });

  it('treats a JSON null body as no body', async () => {
    expect(await createdWith('null')).toMatchObject({ Node: NODE, LockDelay: 15_000_000_000, NodeChecks: ['serfHealth'] });
  });

  it('reads the body only when Content-Length says there is one: a chunked body is ignored', async () => {
    const res = await sessionPut(gw, 'create', JSON.stringify({ Node: '', Name: 'ignored', Behavior: 'bogus' }), { chunked: true });
    expect(res.status).toBe(200);
    const s = await sessionInfo(gw, (JSON.parse(res.text) as { ID: string }).ID);
    expect(s).toMatchObject({ Name: '', Node: NODE, Behavior: 'release' });
  });

  describe('LockDelay', () => {
    const cases: Array<[string, unknown, number]> = [
      ['a Go duration string', '15s', 15_000_000_000],
      ['milliseconds', '1500ms', 1_500_000_000],
      ['a compound duration', '1m30s', 90_000_000_000],
      ['a number of nanoseconds', 2_500_000_000, 2_500_000_000],
      ['a number below 1000 as seconds', 5, 5_000_000_000],
      ['999 as seconds', 999, 999_000_000_000],
      ['1000 as nanoseconds', 1000, 1000],
      ['a fraction truncated to ns, then seconds', 1.9, 1_000_000_000],
      ['a string below 1000ns as seconds', '500ns', 500_000_000_000],
      ['"0s" as zero', '0s', 0],
      ['0 as zero', 0, 0],
      ['null as the 15 s default', null, 15_000_000_000],
      ['a bool as zero', true, 0],
      ['an object as zero', { a: 1 }, 0],
      ['more than 60 s as given', '90s', 90_000_000_000],
      ['Patroni’s "0.001s"', '0.001s', 1_000_000],
    ];
    for (const [what, given, ns] of cases) {
      it(`reads ${what}`, async () => {
        expect((await createdWith({ LockDelay: given })).LockDelay).toBe(ns);
      });
    }

    it('answers an unparsable string with 400 and Go’s time.ParseDuration text', async () => {
      expectEndpointError(await createSessionRaw(gw, { LockDelay: 'x' }), 400, 'Request decode failed: time: invalid duration "x"');
      expectEndpointError(await createSessionRaw(gw, { LockDelay: '5' }), 400, 'Request decode failed: time: missing unit in duration "5"');
      expectEndpointError(await createSessionRaw(gw, { LockDelay: '10z' }), 400, 'Request decode failed: time: unknown unit "z" in duration "10z"');
      expectEndpointError(await createSessionRaw(gw, { LockDelay: '' }), 400, 'Request decode failed: time: invalid duration ""');
      expectEndpointError(await createSessionRaw(gw, { lockdelay: 'a"b' }), 400, 'Request decode failed: time: invalid duration "a\\"b"');
    });
  });

  describe('TTL', () => {
    it('"" and a missing TTL mean none', async () => {
      expect((await createdWith({ TTL: '' })).TTL).toBe('');
      expect((await createdWith({ Name: 'x' })).TTL).toBe('');
    });

    it('a zero TTL ("0s", "0") is accepted, stored as given, and means none', async () => {
      const zero = await createdWith({ TTL: '0s' });
      expect(zero.TTL).toBe('0s');
      expect((await createdWith({ TTL: '0' })).TTL).toBe('0');
      expect(await redis.command(['ZSCORE', names.deadlines, zero.ID])).toBeNull();
    });

    it('accepts the bounds 10s and 24h and keeps the string as given', async () => {
      expect((await createdWith({ TTL: '10s' })).TTL).toBe('10s');
      expect((await createdWith({ TTL: '24h' })).TTL).toBe('24h');
      expect((await createdWith({ TTL: '15.0s' })).TTL).toBe('15.0s');
      expect((await createdWith({ TTL: '1m' })).TTL).toBe('1m');
    });

    it('rejects a TTL below 10s with the value in nanoseconds', async () => {
      expectEndpointError(await createSessionRaw(gw, { TTL: '5s' }), 500, "Invalid Session TTL '5000000000', must be between [10s=24h0m0s]");
      expectEndpointError(await createSessionRaw(gw, { TTL: '9.999s' }), 500, "Invalid Session TTL '9999000000', must be between [10s=24h0m0s]");
      expectEndpointError(await createSessionRaw(gw, { TTL: '-10s' }), 500, "Invalid Session TTL '-10000000000', must be between [10s=24h0m0s]");
    });

    it('rejects a TTL above 24h', async () => {
      expectEndpointError(await createSessionRaw(gw, { TTL: '24h0m1s' }), 500, "Invalid Session TTL '86401000000000', must be between [10s=24h0m0s]");
      expectEndpointError(await createSessionRaw(gw, { TTL: '25h' }), 500, "Invalid Session TTL '90000000000000', must be between [10s=24h0m0s]");
    });

    it('rejects an unparsable TTL with Go’s error text', async () => {
      expectEndpointError(await createSessionRaw(gw, { TTL: '10z' }), 500, `Session TTL '10z' invalid: time: unknown unit "z" in duration "10z"`);
      expectEndpointError(await createSessionRaw(gw, { TTL: '10' }), 500, `Session TTL '10' invalid: time: missing unit in duration "10"`);
      expectEndpointError(await createSessionRaw(gw, { TTL: 'abc' }), 500, `Session TTL 'abc' invalid: time: invalid duration "abc"`);
    });
  });

  describe('Behavior', () => {
    it('accepts release and delete; empty means release', async () => {
      expect((await createdWith({ Behavior: 'release' })).Behavior).toBe('release');
      expect((await createdWith({ Behavior: 'delete' })).Behavior).toBe('delete');
      expect((await createdWith({ Behavior: '' })).Behavior).toBe('release');
    });

    it('rejects anything else, case-sensitively', async () => {
      expectEndpointError(await createSessionRaw(gw, { Behavior: 'x' }), 500, "Invalid Behavior setting 'x'");
      expectEndpointError(await createSessionRaw(gw, { Behavior: 'Delete' }), 500, "Invalid Behavior setting 'Delete'");
    });
  });

  describe('Node', () => {
    it('an empty Node is 500 Must provide Node, checked before Behavior and TTL', async () => {
      expectEndpointError(await createSessionRaw(gw, { Node: '' }), 500, 'Must provide Node');
      expectEndpointError(await createSessionRaw(gw, { Node: '', Behavior: 'x', TTL: 'bad' }), 500, 'Must provide Node');
    });

    it('an unregistered node is 500 apply failed: Missing node registration, after Behavior and TTL', async () => {
      expectEndpointError(await createSessionRaw(gw, { Node: 'other' }), 500, 'apply failed: Missing node registration');
      expectEndpointError(await createSessionRaw(gw, { Node: 'other', Behavior: 'x' }), 500, "Invalid Behavior setting 'x'");
      expectEndpointError(await createSessionRaw(gw, { Node: 'other', TTL: '1s' }), 500, "Invalid Session TTL '1000000000', must be between [10s=24h0m0s]");
    });

    it('Behavior is checked before TTL', async () => {
      expectEndpointError(await createSessionRaw(gw, { Behavior: 'x', TTL: '1s' }), 500, "Invalid Behavior setting 'x'");
    });
  });

  describe('Checks and NodeChecks', () => {
    it('an empty or null Checks empties NodeChecks, even when NodeChecks is given', async () => {
      expect((await createdWith({ Checks: [] })).NodeChecks).toEqual([]);
      expect((await createdWith({ checks: null })).NodeChecks).toEqual([]);
      expect((await createdWith({ Checks: [], NodeChecks: ['nope'] })).NodeChecks).toEqual([]);
    });

    it('Checks ["serfHealth"] is dropped in favour of NodeChecks', async () => {
      expect((await createdWith({ Checks: ['serfHealth'] })).NodeChecks).toEqual(['serfHealth']);
      expect((await createdWith({ Checks: ['serfHealth'], NodeChecks: [] })).NodeChecks).toEqual([]);
    });

    it('an empty NodeChecks drops the other checks', async () => {
      expect((await createdWith({ NodeChecks: [] })).NodeChecks).toEqual([]);
      expect((await createdWith({ Checks: ['other'], NodeChecks: [] })).NodeChecks).toEqual([]);
    });

    it('never shows the deprecated Checks field', async () => {
      const id = await createSession(gw, { Checks: ['serfHealth'] });
      expect((await sessionGet(gw, `info/${id}`)).text).not.toContain('"Checks"');
    });

    it('rejects a check the node does not have: 500 apply failed: Missing check', async () => {
      expectEndpointError(await createSessionRaw(gw, { NodeChecks: ['x'] }), 500, "apply failed: Missing check 'x' registration");
      expectEndpointError(await createSessionRaw(gw, { Checks: ['x'] }), 500, "apply failed: Missing check 'x' registration");
      expectEndpointError(await createSessionRaw(gw, { NodeChecks: ['serfHealth', 'y'] }), 500, "apply failed: Missing check 'y' registration");
      expectEndpointError(await createSessionRaw(gw, { Checks: ['a'], NodeChecks: ['b'] }), 500, "apply failed: Missing check 'a' registration");
      expectEndpointError(await createSessionRaw(gw, { ServiceChecks: [{ ID: 'web' }] }), 500, "apply failed: Missing check 'web' registration");
    });

    it('reports a missing node before a missing check', async () => {
      expectEndpointError(await createSessionRaw(gw, { Node: 'other', NodeChecks: ['x'] }), 500, 'apply failed: Missing node registration');
    });
  });

  describe('malformed bodies', () => {
    const cases: Array<[string, string]> = [
      ['{', 'unexpected EOF'],
      ['{"Name":', 'unexpected EOF'],
      ['{"Name":}', "invalid character '}' looking for beginning of value"],
      ['{"Name" "x"}', `invalid character '"' after object key`],
      ['{"Name":"x",}', "invalid character '}' looking for beginning of object key string"],
      ['{"Name":"x" "y"}', `invalid character '"' after object key:value pair`],
      ['nope', "invalid character 'o' in literal null (expecting 'u')"],
      ['  ', 'EOF'],
    ];
    for (const [body, detail] of cases) {
      it(`answers ${JSON.stringify(body)} with 400 Request decode failed: ${detail}`, async () => {
        expectEndpointError(await createSessionRaw(gw, body), 400, `Request decode failed: ${detail}`);
      });
    }

    it('a decode error wins over every validation', async () => {
      expectEndpointError(await createSessionRaw(gw, '{"Node":"","Name":'), 400, 'Request decode failed: unexpected EOF');
    });
  });

  it('?dc of another datacenter is 500 No path to datacenter; the local one works', async () => {
    expectEndpointError(await sessionPut(gw, 'create?dc=other'), 500, 'No path to datacenter');
    expect((await sessionPut(gw, 'create?dc=dc1')).status).toBe(200);
    expect((await sessionPut(gw, 'create?datacenter=dc1&dc=other')).status).toBe(200);
  });

  it('parses only dc and token, not the read parameters', async () => {
    expect((await sessionPut(gw, 'create?wait=zz&index=nope&stale&consistent')).status).toBe(200);
  });

  it('rejects ?ns as a Consul Enterprise feature', async () => {
    expectEndpointError(await sessionPut(gw, 'create?ns=x'), 400, 'Invalid query parameter: "ns" - Namespaces are a Consul Enterprise feature');
  });
});

describe('reads', () => {
  it('info of an unknown id is 200 [] with the index headers', async () => {
    const res = await sessionGet(gw, 'info/00000000-0000-0000-0000-000000000000');
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '[]' });
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-consul-index']).toBe('1');
    expect(res.headers['x-consul-knownleader']).toBe('true');
    expect(res.headers['x-consul-lastcontact']).toBe('0');
    expect(res.headers['x-consul-query-backend']).toBe('blocking-query');
  });

  it('info finds a session by its id in any case', async () => {
    const id = await createSession(gw, { Name: 'x' });
    expect((await sessionInfo(gw, id.toUpperCase())).ID).toBe(id);
  });

  it('list answers every session sorted by id; [] when there are none', async () => {
    expect((await sessionGet(gw, 'list')).text).toBe('[]');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await createSession(gw, { Name: `s${i}` }));
    const res = await sessionGet(gw, 'list');
    expect(res.status).toBe(200);
    expect((JSON.parse(res.text) as ConsulSession[]).map((s) => s.ID)).toEqual([...ids].sort());
  });

  it('node lists that node’s sessions sorted by id; [] for an unknown node', async () => {
    const ids = [await createSession(gw), await createSession(gw), await createSession(gw)];
    const res = await sessionGet(gw, `node/${NODE}`);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.text) as ConsulSession[]).map((s) => s.ID)).toEqual([...ids].sort());
    const other = await sessionGet(gw, 'node/other');
    expect({ status: other.status, text: other.text }).toEqual({ status: 200, text: '[]' });
    expect(other.headers['x-consul-index']).toBe(res.headers['x-consul-index']);
  });

  it('matches node names case-insensitively, as Consul’s catalog does, and keeps the Node as sent', async () => {
    const id = await createSession(gw, { Node: 'N1' });
    expect((await sessionInfo(gw, id)).Node).toBe('N1');
    const res = await sessionGet(gw, 'node/n1');
    expect((JSON.parse(res.text) as ConsulSession[]).map((s) => s.ID)).toEqual([id]);
    expect((JSON.parse((await sessionGet(gw, 'node/N1')).text) as ConsulSession[]).map((s) => s.ID)).toEqual([id]);
  });

  it('an empty id or node is 400 Missing session / Missing node name', async () => {
    expectEndpointError(await sessionGet(gw, 'info/'), 400, 'Missing session');
    expectEndpointError(await sessionGet(gw, 'node/'), 400, 'Missing node name');
    expectEndpointError(await sessionPut(gw, 'renew/'), 400, 'Missing session');
    expectEndpointError(await sessionPut(gw, 'destroy/'), 400, 'Missing session');
  });

  it('an empty id or node is reported before an unknown datacenter, as Consul parses the path first', async () => {
    expectEndpointError(await sessionGet(gw, 'info/?dc=other'), 400, 'Missing session');
    expectEndpointError(await sessionGet(gw, 'node/?dc=other'), 400, 'Missing node name');
    expectEndpointError(await sessionPut(gw, 'renew/?dc=other'), 400, 'Missing session');
    expectEndpointError(await sessionPut(gw, 'destroy/?dc=other'), 400, 'Missing session');
  });

  it('?dc of another datacenter is 500 No path to datacenter', async () => {
    const id = await createSession(gw);
    expectEndpointError(await sessionGet(gw, `info/${id}?dc=other`), 500, 'No path to datacenter');
    expectEndpointError(await sessionGet(gw, 'list?dc=other'), 500, 'No path to datacenter');
    expectEndpointError(await sessionGet(gw, `node/${NODE}?dc=other`), 500, 'No path to datacenter');
    expectEndpointError(await sessionPut(gw, `renew/${id}?dc=other`), 500, 'No path to datacenter');
    expectEndpointError(await sessionPut(gw, `destroy/${id}?dc=other`), 500, 'No path to datacenter');
    expect(await sessionInfo(gw, id)).toMatchObject({ ID: id });
  });

  it('run the shared parameter parser', async () => {
    expectEndpointError(await sessionGet(gw, 'list?wait=zz'), 400, 'Invalid wait time');
    expectEndpointError(await sessionGet(gw, 'info/x?index=-1'), 400, 'Invalid index');
    expectEndpointError(await sessionGet(gw, 'node/n1?stale&consistent'), 400, 'Cannot specify ?stale with ?consistent, conflicting semantics.');
    expectEndpointError(await sessionPut(gw, 'renew/x?wait=zz'), 400, 'Invalid wait time');
  });

  it('?pretty indents with 4 spaces and ends with a newline', async () => {
    const id = await createSession(gw);
    const text = (await sessionGet(gw, `info/${id}?pretty`)).text;
    expect(text.startsWith(`[\n    {\n        "ID": "${id}",\n        "Name": "",\n`)).toBe(true);
    expect(text.endsWith('\n    }\n]\n')).toBe(true);
  });
});

describe('X-Consul-Index of the reads is the sessions table index', () => {
  it('is the CreateIndex of the newest session after a create', async () => {
    await createSession(gw);
    const id = await createSession(gw);
    const s = await sessionInfo(gw, id);
    for (const path of [`info/${id}`, 'list', `node/${NODE}`, 'info/unknown', 'node/other']) {
      expect((await sessionGet(gw, path)).headers['x-consul-index'], path).toBe(String(s.CreateIndex));
    }
  });

  it('moves on destroy of an existing session, not on KV writes, renew or destroy of an unknown id', async () => {
    const id = await createSession(gw, { TTL: '10s', LockDelay: '0s' });
    const created = await listIndex();
    expect((await kvPut(gw, 'some/key', 'v')).text).toBe('true');
    expect((await kvPut(gw, `locked?acquire=${id}`, 'v')).text).toBe('true');
    expect(await listIndex()).toBe(created);
    expect((await sessionPut(gw, `renew/${id}`)).status).toBe(200);
    expect(await listIndex()).toBe(created);
    expect((await sessionPut(gw, 'destroy/00000000-0000-0000-0000-000000000000')).text).toBe('true');
    expect(await listIndex()).toBe(created);
    expect((await sessionPut(gw, `destroy/${id}`)).text).toBe('true');
    const destroyed = await listIndex();
    expect(BigInt(destroyed as string)).toBeGreaterThan(BigInt(created as string));
    // The released key took the destroy's index.
    expect((await kvGet(gw, 'locked')).headers['x-consul-index']).toBe(destroyed);
  });
});

describe('PUT /v1/session/renew/<id>', () => {
  it('answers the session as a one-element array without index headers', async () => {
    const id = await createSession(gw, { Name: 'r', TTL: '10s' });
    const before = await sessionGet(gw, `info/${id}`);
    const res = await sessionPut(gw, `renew/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.text).toBe(before.text);
    for (const name of INDEX_HEADERS) expect(res.headers[name], name).toBeUndefined();
  });

  it('renews a session without a TTL too, and finds ids in any case', async () => {
    const id = await createSession(gw);
    const res = await sessionPut(gw, `renew/${id.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.text) as ConsulSession[])[0]?.ID).toBe(id);
  });

  it('answers an unknown id with 404 Session id not found (the id as sent), no index headers', async () => {
    const res = await sessionPut(gw, 'renew/ABC-unknown');
    expectEndpointError(res, 404, "Session id 'ABC-unknown' not found");
    for (const name of INDEX_HEADERS) expect(res.headers[name], name).toBeUndefined();
  });
});

describe('PUT /v1/session/destroy/<id>', () => {
  it('answers true and removes the session', async () => {
    const id = await createSession(gw);
    const res = await sessionPut(gw, `destroy/${id}`);
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'true' });
    expect(res.headers['content-type']).toBe('application/json');
    for (const name of INDEX_HEADERS) expect(res.headers[name], name).toBeUndefined();
    expect((await sessionGet(gw, `info/${id}`)).text).toBe('[]');
    expect((await sessionGet(gw, 'list')).text).toBe('[]');
    expect((await sessionGet(gw, `node/${NODE}`)).text).toBe('[]');
    expectEndpointError(await sessionPut(gw, `renew/${id}`), 404, `Session id '${id}' not found`);
  });

  it('answers true for unknown and malformed ids, and twice for the same id', async () => {
    const id = await createSession(gw);
    for (const path of ['destroy/not-a-uuid', `destroy/${id}`, `destroy/${id}`]) {
      expect((await sessionPut(gw, path)).text).toBe('true');
    }
  });

  it('finds the session in any case', async () => {
    const id = await createSession(gw);
    expect((await sessionPut(gw, `destroy/${id.toUpperCase()}`)).text).toBe('true');
    expect((await sessionGet(gw, `info/${id}`)).text).toBe('[]');
  });

  it('parses only dc and token, not the read parameters', async () => {
    expect((await sessionPut(gw, 'destroy/x?wait=zz&index=nope')).text).toBe('true');
  });

  it('rejects ?ns as a Consul Enterprise feature, as create does', async () => {
    expectEndpointError(await sessionPut(gw, 'destroy/x?ns=team'), 400, 'Invalid query parameter: "ns" - Namespaces are a Consul Enterprise feature');
  });
});

describe('methods', () => {
  const writes = ['/v1/session/create', '/v1/session/destroy/x', '/v1/session/renew/x'];
  const reads = ['/v1/session/info/x', '/v1/session/node/n1', '/v1/session/list'];

  it('the write endpoints answer GET, POST, DELETE and HEAD with 405 Allow: OPTIONS,PUT', async () => {
    for (const path of writes) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const res = await http(gw.port, method, path);
        expect({ path, method, status: res.status, allow: res.headers['allow'], text: res.text }).toEqual({
          path, method, status: 405, allow: 'OPTIONS,PUT', text: `method ${method} not allowed`,
        });
      }
      const head = await http(gw.port, 'HEAD', path);
      expect({ status: head.status, allow: head.headers['allow'] }).toEqual({ status: 405, allow: 'OPTIONS,PUT' });
    }
  });

  it('the read endpoints answer PUT, POST and DELETE with 405 Allow: OPTIONS,GET', async () => {
    for (const path of reads) {
      for (const method of ['PUT', 'POST', 'DELETE']) {
        const res = await http(gw.port, method, path);
        expect({ path, method, status: res.status, allow: res.headers['allow'], text: res.text }).toEqual({
          path, method, status: 405, allow: 'OPTIONS,GET', text: `method ${method} not allowed`,
        });
      }
    }
  });

  it('OPTIONS answers 200 with an empty body and Allow', async () => {
    for (const [path, allow] of [...writes.map((p) => [p, 'OPTIONS,PUT']), ...reads.map((p) => [p, 'OPTIONS,GET'])] as Array<[string, string]>) {
      const res = await http(gw.port, 'OPTIONS', path);
      expect({ path, status: res.status, allow: res.headers['allow'], text: res.text }).toEqual({ path, status: 200, allow, text: '' });
    }
  });
});
