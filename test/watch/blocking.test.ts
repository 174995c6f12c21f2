import { describe, expect, it } from 'vitest';
import { waitTime } from '../../src/kv/blocking.js';
import { createSession, entries, indexOf, kvDelete, kvMaxIndex, modifyIndexOf, value, writeKey } from '../support/consul.js';
import { startGateway, type TestGateway, useGateway } from '../support/gateway.js';
import { http } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';
import { sleep, waitFor } from '../support/wait.js';
import { abandonedGet, LONG, LONG_MS, park, PARK_MS, timedGet } from './helpers.js';

// Blocking queries over HTTP: what wakes a parked GET, what does not, and how
// long it waits. "Woken" means answered before its wait (10 s here) ran out; "not woken"
// means answered only when its wait (SHORT) was over.

const SHORT = '800ms';
const SHORT_MS = 800;

let redis: TestRedis;
let gw: TestGateway;
let port: number;

useGateway((started) => {
  ({ redis, gw } = started);
  port = gw.port;
});

describe('single key', () => {
  it('is woken by a change of the key: 200 with the new ModifyIndex in X-Consul-Index', async () => {
    await writeKey(port, 'one/watched', 'v1');
    const n = await modifyIndexOf(port, 'one/watched');
    const parked = await park(port, `/v1/kv/one/watched?index=${n}&wait=${LONG}`);
    await writeKey(port, 'one/watched', 'v2');
    const { res, ms } = await parked.answer;
    expect(ms).toBeLessThan(LONG_MS);
    expect(res.status).toBe(200);
    const [entry] = entries(res);
    expect(value(entry)).toBe('v2');
    expect(indexOf(res)).toBe(BigInt(entry!.ModifyIndex));
    expect(indexOf(res)).toBeGreaterThan(n);
  });

  it('is not woken by a write to foo/test2 (or foo/test/x) when watching foo/test', async () => {
    await writeKey(port, 'foo/test', 'v');
    const n = await modifyIndexOf(port, 'foo/test');
    const parked = await park(port, `/v1/kv/foo/test?index=${n}&wait=${SHORT}`);
    await writeKey(port, 'foo/test2', 'other');
    await writeKey(port, 'foo/test/x', 'other');
    await writeKey(port, 'foo/tes', 'other');
    const { res, ms } = await parked.answer;
    expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
    expect(res.status).toBe(200);
    expect(indexOf(res)).toBe(n);
    expect(value(entries(res)[0])).toBe('v');
  });

  it('is not woken by an identical rewrite (a no-op write moves no index)', async () => {
    await writeKey(port, 'noop/k', 'same', '?flags=7');
    const n = await modifyIndexOf(port, 'noop/k');
    const before = await kvMaxIndex(port);
    const parked = await park(port, `/v1/kv/noop/k?index=${n}&wait=${SHORT}`);
    await writeKey(port, 'noop/k', 'same', '?flags=7');
    const { res, ms } = await parked.answer;
    expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
    expect(indexOf(res)).toBe(n);
    expect(await kvMaxIndex(port)).toBe(before);
  });

  it('?raw blocks like the JSON form', async () => {
    await writeKey(port, 'raw/k', 'r1');
    const n = await modifyIndexOf(port, 'raw/k');
    const parked = await park(port, `/v1/kv/raw/k?raw&index=${n}&wait=${LONG}`);
    await writeKey(port, 'raw/k', 'r2');
    const { res, ms } = await parked.answer;
    expect(ms).toBeLessThan(LONG_MS);
    expect(res.text).toBe('r2');
    expect(indexOf(res)).toBeGreaterThan(n);
  });

  it('a deleted watched key answers 404 with an index at least the delete’s', async () => {
    await writeKey(port, 'gone/k', 'v');
    const n = await modifyIndexOf(port, 'gone/k');
    const parked = await park(port, `/v1/kv/gone/k?index=${n}&wait=${LONG}`);
    expect((await kvDelete(port, 'gone/k')).text).toBe('true');
    const { res, ms } = await parked.answer;
    expect(ms).toBeLessThan(LONG_MS);
    expect(res.status).toBe(404);
    const deleteIndex = await kvMaxIndex(port); // nothing was written since the delete
    expect(deleteIndex).toBeGreaterThan(n);
    expect(indexOf(res)).toBe(deleteIndex);
  });
});

describe('missing key', () => {
  it('answers 200 once the key is created', async () => {
    const first = await http(port, 'GET', '/v1/kv/missing/created');
    expect(first.status).toBe(404);
    const n = indexOf(first);
    const parked = await park(port, `/v1/kv/missing/created?index=${n}&wait=${LONG}`);
    await writeKey(port, 'missing/created', 'here');
    const { res, ms } = await parked.answer;
    expect(ms).toBeLessThan(LONG_MS);
    expect(res.status).toBe(200);
    expect(value(entries(res)[0])).toBe('here');
    expect(indexOf(res)).toBe(await modifyIndexOf(port, 'missing/created'));
  });

  it('keeps waiting through unrelated writes, then times out with 404 and the current global index', async () => {
    const n = indexOf(await http(port, 'GET', '/v1/kv/missing/qux'));
    const parked = await park(port, `/v1/kv/missing/qux?index=${n}&wait=${SHORT}`);
    await writeKey(port, 'missing/quxx', 'a'); // the global index moves on
    await writeKey(port, 'foo/bar', 'b');
    await kvDelete(port, 'foo/bar');
    const { res, ms } = await parked.answer;
    expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
    expect(res.status).toBe(404);
    const now = await kvMaxIndex(port);
    expect(now).toBeGreaterThan(n);
    expect(indexOf(res)).toBe(now);
  });

  it('keeps waiting when a write touches the key but leaves it missing (a txn that creates and deletes it)', async () => {
    const n = indexOf(await http(port, 'GET', '/v1/kv/missing/flicker'));
    const parked = await park(port, `/v1/kv/missing/flicker?index=${n}&wait=${SHORT}`);
    const b64 = Buffer.from('brief').toString('base64');
    const ops = [{ KV: { Verb: 'set', Key: 'missing/flicker', Value: b64 } }, { KV: { Verb: 'delete', Key: 'missing/flicker' } }];
    expect((await http(port, 'PUT', '/v1/txn', { body: JSON.stringify(ops) })).status).toBe(200);
    const now = await kvMaxIndex(port);
    expect(now).toBeGreaterThan(n); // the write took an index: the global index moved
    const { res, ms } = await parked.answer;
    expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
    expect(res.status).toBe(404);
    expect(indexOf(res)).toBe(now);
  });

  it('answers 404 at once when the index is below the global index', async () => {
    const n = indexOf(await http(port, 'GET', '/v1/kv/missing/behind'));
    const { res, ms } = await timedGet(port, `/v1/kv/missing/behind?index=${n - 1n}&wait=${LONG}`);
    expect(ms).toBeLessThan(LONG_MS);
    expect(res.status).toBe(404);
    expect(indexOf(res)).toBe(n);
  });
});

describe('?recurse and ?keys', () => {
  it('?recurse is woken by a create, an update and a delete under the prefix', async () => {
    await writeKey(port, 'tree/a', '1');
    for (const change of [() => writeKey(port, 'tree/b', 'new'), () => writeKey(port, 'tree/a', '2'), () => kvDelete(port, 'tree/b')]) {
      const list = await http(port, 'GET', '/v1/kv/tree/?recurse');
      const n = indexOf(list);
      const parked = await park(port, `/v1/kv/tree/?recurse&index=${n}&wait=${LONG}`);
      await change();
      const { res, ms } = await parked.answer;
      expect(ms).toBeLessThan(LONG_MS);
      expect(res.status).toBe(200);
      expect(indexOf(res)).toBeGreaterThan(n);
      expect(res.text).toBe((await http(port, 'GET', '/v1/kv/tree/?recurse')).text);
    }
  });

  it('?recurse is not woken by writes beside the prefix', async () => {
    await writeKey(port, 'app/x', '1');
    const n = indexOf(await http(port, 'GET', '/v1/kv/app/?recurse'));
    const parked = await park(port, `/v1/kv/app/?recurse&index=${n}&wait=${SHORT}`);
    await writeKey(port, 'apple', 'beside');
    await writeKey(port, 'ap/x', 'beside');
    const { res, ms } = await parked.answer;
    expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
    expect(indexOf(res)).toBe(n);
  });

  it('?recurse on an empty prefix (whose index is the global one) keeps waiting through writes elsewhere', async () => {
    const first = await http(port, 'GET', '/v1/kv/empty/?recurse');
    expect(first.status).toBe(404);
    const n = indexOf(first);
    const parked = await park(port, `/v1/kv/empty/?recurse&index=${n}&wait=${SHORT}`);
    await writeKey(port, 'emptyish', 'beside');
    const { res, ms } = await parked.answer;
    expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
    expect(res.status).toBe(404);
    expect(indexOf(res)).toBe(await kvMaxIndex(port));
    expect(indexOf(res)).toBeGreaterThan(n);
  });

  it('?keys&separator=/ is woken by changes under the prefix, also below the separator', async () => {
    await writeKey(port, 'cfg/a', '1');
    await writeKey(port, 'cfg/deep/x', '1');
    for (const change of [() => writeKey(port, 'cfg/deep/y', '2'), () => writeKey(port, 'cfg/deep/x', '3'), () => kvDelete(port, 'cfg/a')]) {
      const n = indexOf(await http(port, 'GET', '/v1/kv/cfg/?keys&separator=/'));
      const parked = await park(port, `/v1/kv/cfg/?keys&separator=/&index=${n}&wait=${LONG}`);
      await change();
      const { res, ms } = await parked.answer;
      expect(ms).toBeLessThan(LONG_MS);
      expect(indexOf(res)).toBeGreaterThan(n);
    }
    const { res } = await timedGet(port, '/v1/kv/cfg/?keys&separator=/');
    expect(JSON.parse(res.text)).toEqual(['cfg/deep/']);
  });

  it('?keys is not woken by writes beside the prefix', async () => {
    const n = indexOf(await http(port, 'GET', '/v1/kv/cfg/?keys&separator=/'));
    const parked = await park(port, `/v1/kv/cfg/?keys&separator=/&index=${n}&wait=${SHORT}`);
    await writeKey(port, 'cfg', 'beside');
    await writeKey(port, 'cfgx/a', 'beside');
    const { res, ms } = await parked.answer;
    expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
    expect(indexOf(res)).toBe(n);
  });

  it('reads that look alike do not share a group: ?keys under ":x" and ?keys&separator=: under "x"', async () => {
    await writeKey(port, ':x/a', '1');
    await writeKey(port, 'x/a', '1');
    const colon = indexOf(await http(port, 'GET', '/v1/kv/:x?keys'));
    const plain = indexOf(await http(port, 'GET', '/v1/kv/x?keys&separator=:'));
    const underColon = await park(port, `/v1/kv/:x?keys&index=${colon}&wait=${LONG}`);
    const underX = await park(port, `/v1/kv/x?keys&separator=:&index=${plain}&wait=${LONG}`);
    await writeKey(port, ':x/b', '2'); // under ":x" only
    const first = await underColon.answer;
    expect(first.ms).toBeLessThan(LONG_MS);
    expect(JSON.parse(first.res.text)).toEqual([':x/a', ':x/b']);
    await writeKey(port, 'x/b', '2'); // under "x" only
    const second = await underX.answer;
    expect(second.ms).toBeLessThan(LONG_MS);
    expect(JSON.parse(second.res.text)).toEqual(['x/a', 'x/b']);
  });

  it("the prefix '' is woken by a change of any key (?recurse and ?keys)", async () => {
    for (const form of ['?recurse', '?keys']) {
      const n = await kvMaxIndex(port);
      const parked = await park(port, `/v1/kv/${form}&index=${n}&wait=${LONG}`);
      await writeKey(port, `anywhere/${form.slice(1)}`, 'x');
      const { res, ms } = await parked.answer;
      expect(ms).toBeLessThan(LONG_MS);
      expect(res.status).toBe(200);
      expect(indexOf(res)).toBe(await kvMaxIndex(port));
    }
  });
});

describe('locks', () => {
  it('acquire and release wake a watcher of the key', async () => {
    const session = JSON.parse((await http(port, 'PUT', '/v1/session/create', { body: '{"Name":"locker"}' })).text) as { ID: string };
    await writeKey(port, 'locked/k', 'v');
    let n = await modifyIndexOf(port, 'locked/k');
    let parked = await park(port, `/v1/kv/locked/k?index=${n}&wait=${LONG}`);
    await writeKey(port, 'locked/k', 'v', `?acquire=${session.ID}`);
    let { res, ms } = await parked.answer;
    expect(ms).toBeLessThan(LONG_MS);
    expect(entries(res)[0]).toMatchObject({ Session: session.ID, LockIndex: 1 });
    n = indexOf(res);

    parked = await park(port, `/v1/kv/locked/k?index=${n}&wait=${LONG}`);
    await writeKey(port, 'locked/k', 'v', `?release=${session.ID}`);
    ({ res, ms } = await parked.answer);
    expect(ms).toBeLessThan(LONG_MS);
    expect(indexOf(res)).toBeGreaterThan(n);
    expect(entries(res)[0]?.Session).toBeUndefined();
    await http(port, 'PUT', `/v1/session/destroy/${session.ID}`);
  });
});

describe('sessions', () => {
  it('list and node are woken by a session create', async () => {
    const n = indexOf(await http(port, 'GET', '/v1/session/list'));
    const answers = [await park(port, `/v1/session/list?index=${n}&wait=${LONG}`), await park(port, `/v1/session/node/test-node?index=${n}&wait=${LONG}`)];
    const created = await createSession(port, '{"Name":"new"}');
    const [list, node] = await Promise.all(answers.map((p) => p.answer));
    for (const { res, ms } of [list!, node!]) {
      expect(ms).toBeLessThan(LONG_MS);
      expect(res.status).toBe(200);
      expect(indexOf(res)).toBeGreaterThan(n);
      expect((JSON.parse(res.text) as Array<{ ID: string }>).map((s) => s.ID)).toContain(created);
    }
  });

  it('list and info are woken by a destroy, not by a renew', async () => {
    const id = await createSession(port, '{"TTL":"10s"}');
    const n = indexOf(await http(port, 'GET', `/v1/session/info/${id}`));
    let answers = [await park(port, `/v1/session/list?index=${n}&wait=${SHORT}`), await park(port, `/v1/session/info/${id}?index=${n}&wait=${SHORT}`)];
    expect((await http(port, 'PUT', `/v1/session/renew/${id}`)).status).toBe(200);
    for (const { res, ms } of await Promise.all(answers.map((p) => p.answer))) {
      expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
      expect(indexOf(res)).toBe(n);
    }

    answers = [await park(port, `/v1/session/list?index=${n}&wait=${LONG}`), await park(port, `/v1/session/info/${id}?index=${n}&wait=${LONG}`)];
    await http(port, 'PUT', `/v1/session/destroy/${id}`);
    const [list, info] = await Promise.all(answers.map((p) => p.answer));
    for (const { res, ms } of [list!, info!]) {
      expect(ms).toBeLessThan(LONG_MS);
      expect(indexOf(res)).toBeGreaterThan(n);
    }
    expect((JSON.parse(list!.res.text) as Array<{ ID: string }>).map((s) => s.ID)).not.toContain(id);
    expect(JSON.parse(info!.res.text)).toEqual([]);
  });

  it('a session watcher is not woken by KV writes', async () => {
    const n = indexOf(await http(port, 'GET', '/v1/session/list'));
    const parked = await park(port, `/v1/session/list?index=${n}&wait=${SHORT}`);
    await writeKey(port, 'sessions/unrelated', 'x');
    const { res, ms } = await parked.answer;
    expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
    expect(indexOf(res)).toBe(n);
  });
});

describe('index and wait', () => {
  it('index=0 answers at once', async () => {
    await writeKey(port, 'idx/k', 'v');
    const { res, ms } = await timedGet(port, `/v1/kv/idx/k?index=0&wait=${LONG}`);
    expect(ms).toBeLessThan(LONG_MS);
    expect(indexOf(res)).toBe(await modifyIndexOf(port, 'idx/k'));
  });

  it('an index behind the current one answers at once with the current state', async () => {
    await writeKey(port, 'idx/behind', 'v1');
    const first = await modifyIndexOf(port, 'idx/behind');
    await writeKey(port, 'idx/behind', 'v2');
    const { res, ms } = await timedGet(port, `/v1/kv/idx/behind?index=${first}&wait=${LONG}`);
    expect(ms).toBeLessThan(LONG_MS);
    expect(value(entries(res)[0])).toBe('v2');
    expect(indexOf(res)).toBeGreaterThan(first);
  });

  it('an index equal to the current one blocks for the wait, then answers with the current state', async () => {
    await writeKey(port, 'idx/equal', 'v');
    const n = await modifyIndexOf(port, 'idx/equal');
    const { res, ms } = await timedGet(port, `/v1/kv/idx/equal?index=${n}&wait=${SHORT}`);
    expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
    expect(res.status).toBe(200);
    expect(value(entries(res)[0])).toBe('v');
    expect(indexOf(res)).toBe(n);
  });

  it('an index ahead of the store waits, then answers with the (lower) current index', async () => {
    await writeKey(port, 'idx/ahead', 'v');
    const n = await modifyIndexOf(port, 'idx/ahead');
    const { res, ms } = await timedGet(port, `/v1/kv/idx/ahead?index=${n + 1000n}&wait=${SHORT}`);
    expect(ms).toBeGreaterThanOrEqual(SHORT_MS);
    expect(res.status).toBe(200);
    expect(indexOf(res)).toBe(n);
  });

  it('an index ahead of the store answers once the data passes it', async () => {
    await writeKey(port, 'idx/ahead2', 'v');
    const target = (await modifyIndexOf(port, 'idx/ahead2')) + 3n;
    const parked = await park(port, `/v1/kv/idx/ahead2?index=${target}&wait=${LONG}`);
    // Each write bumps the key's index by one; only the one past target may answer.
    for (let i = 0; i < 4; i++) await writeKey(port, 'idx/ahead2', `v${i}`);
    const { res, ms } = await parked.answer;
    expect(ms).toBeLessThan(LONG_MS);
    expect(indexOf(res)).toBeGreaterThan(target);
  });

  it('honours ?wait in seconds and milliseconds', async () => {
    await writeKey(port, 'idx/wait', 'v');
    const n = await modifyIndexOf(port, 'idx/wait');
    for (const [wait, ms] of [['1s', 1000], ['300ms', 300]] as const) {
      const answer = await timedGet(port, `/v1/kv/idx/wait?index=${n}&wait=${wait}`);
      expect(answer.ms).toBeGreaterThanOrEqual(ms);
      expect(answer.ms).toBeLessThan(ms * 2 + 2_000); // a hang guard, not a performance bound
      expect(answer.res.status).toBe(200);
    }
  });

  it('rejects an invalid wait on a blocking query with 400', async () => {
    for (const wait of ['zz', '10', '1x']) {
      const { res } = await timedGet(port, `/v1/kv/idx/wait?index=1&wait=${wait}`);
      expect(res.status, wait).toBe(400);
      expect(res.text).toBe('Invalid wait time');
    }
    expect((await http(port, 'GET', '/v1/kv/idx/wait?index=x&wait=1s')).status).toBe(400);
  });

  it('the wait defaults to 5 min, is capped at 10 min, and gets up to 1/16 jitter', () => {
    const MIN = 60_000;
    const draws = (waitMs: number | null) => Array.from({ length: 500 }, () => waitTime(waitMs));
    for (const absent of [null, 0, -1_000]) for (const t of draws(absent)) expect(t >= 5 * MIN && t < 5 * MIN + (5 * MIN) / 16).toBe(true);
    for (const t of draws(11 * MIN)) expect(t >= 10 * MIN && t < 10 * MIN + (10 * MIN) / 16).toBe(true);
    for (const t of draws(10 * MIN)) expect(t >= 10 * MIN && t < 10 * MIN + (10 * MIN) / 16).toBe(true);
    const small = draws(1_600);
    for (const t of small) expect(t >= 1_600 && t < 1_700).toBe(true);
    expect(new Set(small).size).toBeGreaterThan(10); // jittered, not constant
  });
});

describe('parked requests', () => {
  it('a client that disconnects while parked leaves nothing parked; others in its group stay', async () => {
    const own = await startGateway(redis.url);
    const parked = () => own.server.stats.parkedQueries;
    try {
      await writeKey(own.port, 'gone-client/k', 'v');
      const n = await modifyIndexOf(own.port, 'gone-client/k');
      const path = `/v1/kv/gone-client/k?index=${n}&wait=${LONG}`;
      const staying = timedGet(own.port, path);
      const leaving = abandonedGet(own.port, path);
      await waitFor(() => parked() === 2, 'both GETs to park');
      await leaving;
      await waitFor(() => parked() === 1, 'the abandoned GET to leave');
      await sleep(100);
      expect(parked()).toBe(1);
      await writeKey(own.port, 'gone-client/k', 'v2');
      const { res, ms } = await staying;
      expect(ms).toBeLessThan(LONG_MS);
      expect(value(entries(res)[0])).toBe('v2');
      expect(parked()).toBe(0);

      // The last one leaving: its group is dropped and nothing is parked.
      await abandonedGet(own.port, `/v1/kv/gone-client/k?index=${indexOf(res)}&wait=${LONG}`);
      await waitFor(() => parked() === 0, 'the last GET to leave');
    } finally {
      await own.close();
    }
  });

  it('close() answers every parked request at once with the current state', async () => {
    const closing = await startGateway(redis.url);
    let closed = false;
    try {
      await writeKey(closing.port, 'closing/k', 'v');
      const n = await modifyIndexOf(closing.port, 'closing/k');
      const missing = indexOf(await http(closing.port, 'GET', '/v1/kv/closing/missing'));
      const sessions = indexOf(await http(closing.port, 'GET', '/v1/session/list'));
      const answers = [
        await park(closing.port, `/v1/kv/closing/k?index=${n}&wait=20s`),
        await park(closing.port, `/v1/kv/closing/missing?index=${missing}&wait=20s`),
        await park(closing.port, `/v1/kv/closing/?recurse&index=${n}&wait=20s`),
        await park(closing.port, `/v1/session/list?index=${sessions}&wait=20s`),
      ];
      // A write elsewhere (through the other gateway) that wakes none of them but moves the global index.
      await writeKey(port, 'elsewhere/while-closing', 'x');
      const now = await kvMaxIndex(port);
      await sleep(PARK_MS);
      await closing.close();
      closed = true;
      const [key, miss, list, sess] = await Promise.all(answers.map((p) => p.answer));
      for (const { ms } of [key!, miss!, list!, sess!]) expect(ms).toBeLessThan(15_000);
      expect(key!.res.status).toBe(200);
      expect(value(entries(key!.res)[0])).toBe('v');
      expect(indexOf(key!.res)).toBe(n);
      expect(miss!.res.status).toBe(404);
      expect(indexOf(miss!.res)).toBe(now);
      expect(list!.res.status).toBe(200);
      expect(indexOf(sess!.res)).toBe(sessions);
    } finally {
      if (!closed) await closing.close();
    }
  });
});
