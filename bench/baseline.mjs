/**
 * The benchmark's baseline: the least a Redis-backed HTTP server can do per request — one
 * node:http handler, one Redis command, a small JSON answer. kvgate's numbers are read as
 * ratios against this, measured in the same run on the same machine and Redis. Plain
 * JavaScript, run by node itself, so its RSS carries no loader.
 *
 *   GET /one         GET of one string               -> [{"Key","Value"}]
 *   GET /list        MGET of the 100 listed keys     -> [{"Key","Value"}, ...]
 *   PUT /put         SET key body                    -> true
 *   PUT /cas/<n>     SET key body NX                 -> true/false
 *   PUT /txn         one MULTI of 8 SETs             -> true
 *   GET /txn-read    MGET of the 8 txn keys          -> [{"Key","Value"}, ...]
 */
import { createServer } from 'node:http';
import { createClient } from 'redis';

const [port, redisUrl] = [Number(process.argv[2]), process.argv[3]];
const redis = createClient({ url: redisUrl });
redis.on('error', () => {});
await redis.connect();

const TXN_KEYS = Array.from({ length: 8 }, (_, i) => `base:txn:${i}`);
const LIST_KEYS = Array.from({ length: 100 }, (_, i) => `base:list:${String(i).padStart(3, '0')}`);

function body(req) {
  return new Promise((resolve) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
  });
}

function reply(res, json) {
  res.writeHead(200, ['Content-Type', 'application/json', 'Content-Length', String(Buffer.byteLength(json))]);
  res.end(json);
}

const server = createServer(async (req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url === '/one') {
    const value = await redis.get('base:one');
    return reply(res, JSON.stringify([{ Key: 'one', Value: Buffer.from(value ?? '').toString('base64') }]));
  }
  if (req.method === 'GET' && url === '/list') {
    const values = await redis.mGet(LIST_KEYS);
    return reply(res, JSON.stringify(values.map((v, i) => ({ Key: LIST_KEYS[i], Value: Buffer.from(v ?? '').toString('base64') }))));
  }
  if (req.method === 'PUT' && url === '/put') {
    await redis.set('base:put', await body(req));
    return reply(res, 'true');
  }
  if (req.method === 'PUT' && url.startsWith('/cas/')) {
    const ok = await redis.set(`base:cas:${url.slice(5)}`, await body(req), { condition: 'NX' });
    return reply(res, ok ? 'true' : 'false');
  }
  if (req.method === 'PUT' && url === '/txn') {
    const value = await body(req);
    const multi = redis.multi();
    for (let i = 0; i < 8; i++) multi.set(`base:txn:${i}`, value);
    await multi.exec();
    return reply(res, 'true');
  }
  if (req.method === 'GET' && url === '/txn-read') {
    const values = await redis.mGet(TXN_KEYS);
    return reply(res, JSON.stringify(values.map((v, i) => ({ Key: TXN_KEYS[i], Value: Buffer.from(v ?? '').toString('base64') }))));
  }
  res.writeHead(404).end();
});
server.listen(port, '127.0.0.1', () => process.send?.('ready'));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
