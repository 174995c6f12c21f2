import type WebSocketType from 'ws';

// Generators of hostile and odd requests for the fuzz test, from one seeded PRNG, so a
// failure reproduces with its seed.

/** A request to send: method, path (already escaped as a client would send it), headers, body. */
export interface Fuzzed {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

type Next = () => number;

/** mulberry32: a small seeded PRNG in [0, 1). */
export function random(seed: number): Next {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: Next, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
const int = (next: Next, max: number) => Math.floor(next() * max);
const repeat = (next: Next, max: number, make: () => string) => Array.from({ length: int(next, max) }, make).join('');

/** Pieces of paths and keys that have broken parsers before: escapes, dots, slashes, spaces, unicode, huge numbers. */
const KEY_PARTS = ['a', 'b/', '/', '//', '.', '..', '%2F', '%2E%2E', '%20', '%25', '%zz', '%', '+', '%00', '%FF', 'é', '%E2%82%AC', '?', '#', '~', ' ', '%0A', 'x'.repeat(300)];
const NUMBERS = ['0', '1', '-1', '18446744073709551615', '18446744073709551616', '9'.repeat(40), '1e3', '0x10', 'abc', '', ' 1'];
const DURATIONS = ['5s', '1m', '-1s', '10000000h', '1.5', 'x', '', '9'.repeat(30) + 's'];
const PARAMS = ['recurse', 'keys', 'raw', 'pretty', 'stale', 'consistent', 'cached', 'separator', 'seperator', 'cas', 'flags', 'acquire', 'release', 'index', 'wait', 'dc', 'datacenter', 'token', 'ns', 'partition', 'max_stale', 'expanded'];

/** Never empty: an empty prefix would wipe the whole store (recursive delete), including the writes the test reads back. */
function key(next: Next): string {
  return repeat(next, 6, () => pick(next, KEY_PARTS)) || 'z';
}

/** A key as a JSON or GraphQL client would send it: the escapes decoded where they decode. */
function keyText(next: Next): string {
  const raw = key(next);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function query(next: Next): string {
  const parts = Array.from({ length: int(next, 5) }, () => {
    const name = pick(next, PARAMS);
    const value = next() < 0.3 ? '' : `=${pick(next, [...NUMBERS, ...DURATIONS, key(next), 'dc1', 'other'])}`;
    return `${name}${value}`;
  });
  if (next() < 0.05) parts.push('%zz=1', 'a=%', '&&&');
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function headers(next: Next): Record<string, string> {
  const out: Record<string, string> = {};
  if (next() < 0.2) out['cache-control'] = pick(next, ['max-age=1', `max-age=${' '.repeat(5000)}x`, 'stale-if-error=abc', 'no-cache, max-age=-1', `${','.repeat(2000)}`]);
  if (next() < 0.2) out['accept-encoding'] = pick(next, ['gzip', 'gzip;q=0', `gzip;q=${'1'.repeat(500)}`, 'br, *']);
  if (next() < 0.2) out['x-consul-token'] = pick(next, ['anonymous', 'garbage', 'x'.repeat(1000)]);
  if (next() < 0.1) out.authorization = pick(next, ['Bearer', 'Bearer    x', `Bearer ${'y'.repeat(9000)}`, 'Basic abc']);
  if (next() < 0.1) out['x-consul-namespace'] = 'ns';
  return out;
}

/** JSON of random shape, some of it deep (the decoders bound nesting). */
function json(next: Next, depth = 0): string {
  const r = next();
  if (depth > 3 || r < 0.3) return pick(next, ['null', 'true', '1', '-1.5e300', '18446744073709551616', '"x"', '"\\ud800"', '{}', '[]']);
  if (r < 0.35) return '['.repeat(int(next, 12_000)) + ']'.repeat(int(next, 12_000));
  if (r < 0.7) return `[${Array.from({ length: int(next, 4) }, () => json(next, depth + 1)).join(',')}]`;
  const fields = ['KV', 'Verb', 'Key', 'Value', 'Flags', 'Index', 'Session', 'Node', 'TTL', 'Behavior', 'LockDelay', 'Checks', 'NodeChecks', 'Name'];
  return `{${Array.from({ length: int(next, 4) }, () => `"${pick(next, fields)}":${json(next, depth + 1)}`).join(',')}}`;
}

/** A well-meaning or hostile transaction body: ops with real verbs and odd keys, or junk. */
function txnBody(next: Next): string {
  if (next() < 0.3) return json(next);
  const verbs = ['set', 'get', 'cas', 'lock', 'unlock', 'delete', 'delete-tree', 'delete-cas', 'get-tree', 'check-index', 'check-session', 'check-not-exists', 'get-or-empty', 'bogus', ''];
  const ops = Array.from({ length: int(next, 6) }, () => ({
    KV: { Verb: pick(next, verbs), Key: keyText(next), Value: pick(next, ['dg==', '', '!!', null]), Index: Number(pick(next, ['0', '1', '5'])) },
  }));
  return JSON.stringify(ops);
}

export function fuzzRest(next: Next): Fuzzed {
  const r = next();
  const method = next() < 0.1 ? pick(next, ['POST', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE']) : pick(next, ['GET', 'PUT', 'DELETE']);
  let path: string;
  let body: string | Buffer | undefined;
  if (r < 0.55) {
    path = `/v1/kv/${key(next)}${query(next)}`;
    if (method === 'PUT') body = next() < 0.1 ? Buffer.alloc(int(next, 600_000), 1) : key(next);
  } else if (r < 0.75) {
    path = `/v1/txn${query(next)}`;
    body = txnBody(next);
  } else if (r < 0.9) {
    path = `/v1/session/${pick(next, ['create', 'destroy/', 'renew/', 'info/', 'node/', 'list'])}${key(next)}${query(next)}`;
    if (method === 'PUT') body = json(next);
  } else {
    path = pick(next, ['/v1/status/leader', '/v1/status/peers', '/v1/agent/self', '/', '/v1/', '/v1/acl/tokens', '/ui/', `/${key(next)}`]) + query(next);
  }
  return { method, path: clientEscaped(path), headers: headers(next), ...(body === undefined ? {} : { body }) };
}

/** What an HTTP client puts on the wire: spaces, controls and non-ASCII percent-encoded as UTF-8 (bad escapes stay). */
function clientEscaped(path: string): string {
  return path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c).replace(/%25/g, '%'));
}

const DOCUMENTS = [
  '{ entry(key: $k) { key value flags modifyIndex session { id } } }',
  '{ entries(prefix: $k, first: 5) { edges { node { key } } } }',
  '{ keys(prefix: $k, separator: "/") { keys } index }',
  'mutation { put(key: $k, value: "v", cas: $c) { __typename } }',
  'mutation { delete(key: $k, recurse: true) { __typename } }',
  'mutation { txn(ops: [{ verb: SET, key: $k, value: "v" }]) { __typename } }',
  'mutation { createSession(input: { ttl: $k }) { id } }',
];

export function fuzzGraphQL(next: Next): Fuzzed {
  const r = next();
  const variables = { k: keyText(next), c: pick(next, [...NUMBERS, null]) };
  let document = `query($k: String!, $c: Index) ${pick(next, DOCUMENTS)}`.replace('query($k: String!, $c: Index) mutation', 'mutation($k: String!, $c: Index)');
  if (r < 0.1) document = '{'.repeat(int(next, 5000)) + '}'.repeat(int(next, 5000));
  else if (r < 0.2) document = `{ ${'entry(key: "a") { key } '.repeat(int(next, 3000))}}`;
  else if (r < 0.25) document = key(next) + json(next);
  if (next() < 0.2) {
    return { method: 'GET', path: `/graphql?query=${encodeURIComponent(document)}&variables=${pick(next, ['zz', '{}', '[]', encodeURIComponent(JSON.stringify(variables))])}`, headers: { accept: 'application/json' } };
  }
  const body = next() < 0.1 ? json(next) : JSON.stringify({ query: document, variables: next() < 0.1 ? 'zz' : variables });
  const contentType = pick(next, ['application/json', 'application/json', 'application/graphql', 'text/plain', 'application/x-www-form-urlencoded']);
  return { method: 'POST', path: '/graphql', headers: { 'content-type': contentType, accept: pick(next, ['application/json', 'application/graphql-response+json', 'text/event-stream', '*/*']) }, body };
}

/** A graphql-ws connection that sends junk and half-valid frames, then goes away; resolves when it is closed. */
export function fuzzWebSocketFrames(port: number, next: Next, WebSocket: typeof WebSocketType): Promise<void> {
  const frames = Array.from({ length: 1 + int(next, 5) }, () =>
    pick(next, [
      '{"type":"connection_init"}',
      `{"type":"connection_init","payload":${json(next)}}`,
      `{"type":"subscribe","id":"${int(next, 3)}","payload":{"query":"subscription { entry(key: \\"a\\") { index } }"}}`,
      `{"type":"subscribe","id":"1","payload":{"query":${JSON.stringify('{'.repeat(int(next, 3000)))}}}`,
      json(next),
      'not json',
      '{"type":"ping"}',
      '{"type":"complete","id":"1"}',
    ]),
  );
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, next() < 0.8 ? 'graphql-transport-ws' : 'bogus');
    const done = setTimeout(() => ws.terminate(), 300);
    ws.on('open', () => frames.forEach((frame) => ws.send(frame)));
    ws.on('error', () => {});
    ws.on('close', () => {
      clearTimeout(done);
      resolve();
    });
    ws.on('unexpected-response', (_req, res) => (res.statusCode && res.statusCode >= 500 ? reject(new Error(`upgrade answered ${res.statusCode}`)) : undefined));
  });
}
