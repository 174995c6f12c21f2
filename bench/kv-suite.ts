import type { Workload } from './load.js';

/** A request type measured on kvgate and on the baseline, side by side. */
export interface Scenario {
  name: string;
  /** Ratio kvgate/baseline this scenario should reach (issue target) and the accepted floor. */
  target?: { goal: number; floor: number };
  kvgate: Workload;
  baseline: Workload;
}

const VALUE = 'v'.repeat(64);
const LIST = Array.from({ length: 100 }, (_, i) => String(i).padStart(3, '0'));
const TXN_KEYS = Array.from({ length: 8 }, (_, i) => `bench/txn/${i}`);
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Data both servers read: one key and a 100-key prefix. */
export async function seed(kvgatePort: number, redisCommand: (args: string[]) => Promise<unknown>): Promise<void> {
  const put = (key: string) => fetch(`http://127.0.0.1:${kvgatePort}/v1/kv/${key}`, { method: 'PUT', body: VALUE });
  await put('bench/one');
  for (const i of LIST) await put(`bench/list/${i}`);
  for (const key of TXN_KEYS) await put(key);
  await redisCommand(['SET', 'base:one', VALUE]);
  for (let i = 0; i < 8; i++) await redisCommand(['SET', `base:txn:${i}`, VALUE]);
  for (const i of LIST) await redisCommand(['SET', `base:list:${i}`, VALUE]);
}

export const KV_SCENARIOS: Scenario[] = [
  {
    name: 'GET one key',
    target: { goal: 0.85, floor: 0.65 },
    kvgate: { method: 'GET', path: () => '/v1/kv/bench/one' },
    baseline: { method: 'GET', path: () => '/one' },
  },
  {
    name: 'GET ?recurse, 100 keys',
    kvgate: { method: 'GET', path: () => '/v1/kv/bench/list/?recurse' },
    baseline: { method: 'GET', path: () => '/list' },
  },
  {
    name: 'PUT',
    target: { goal: 0.85, floor: 0.65 },
    // A different value each time: identical rewrites are no-ops and would flatter kvgate.
    kvgate: { method: 'PUT', path: () => '/v1/kv/bench/put', body: (n) => `${VALUE}${n}` },
    baseline: { method: 'PUT', path: () => '/put', body: (n) => `${VALUE}${n}` },
  },
  {
    name: 'PUT ?cas=0 (create)',
    // Each request creates a new key, so every CAS succeeds; the baseline does SET NX.
    kvgate: { method: 'PUT', path: (n) => `/v1/kv/bench/cas/${process.pid}-${n}?cas=0`, body: () => VALUE },
    baseline: { method: 'PUT', path: (n) => `/cas/${process.pid}-${n}`, body: () => VALUE },
  },
  {
    name: 'txn: 8 sets',
    // One atomic write of eight keys; the baseline runs MULTI with eight SETs.
    kvgate: {
      method: 'PUT',
      path: () => '/v1/txn',
      body: (n) => JSON.stringify(TXN_KEYS.map((key) => ({ KV: { Verb: 'set', Key: key, Value: b64(`${VALUE}${n}`) } }))),
    },
    baseline: { method: 'PUT', path: () => '/txn', body: (n) => `${VALUE}${n}` },
  },
  {
    name: 'txn: 8 gets (read-only)',
    kvgate: { method: 'PUT', path: () => '/v1/txn', body: () => JSON.stringify(TXN_KEYS.map((key) => ({ KV: { Verb: 'get', Key: key } }))) },
    baseline: { method: 'GET', path: () => '/txn-read' },
  },
];
