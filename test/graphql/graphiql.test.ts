import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { http } from '../support/http.js';
import { startRedis, type TestRedis } from '../support/redis.js';

// GraphiQL for browsers at /graphql: bundled (works offline, no CDN), and off with --graphiql off.

let redis: TestRedis;
let on: TestGateway;
let off: TestGateway;

beforeAll(async () => {
  redis = await startRedis();
  on = await startGateway(redis.url);
  off = await startGateway(redis.url, { graphiql: false });
});
afterAll(async () => {
  await on?.close();
  await off?.close();
  await redis?.stop();
});

const page = (gw: TestGateway) => http(gw.port, 'GET', '/graphql', { headers: { accept: 'text/html' } });

describe('GraphiQL', () => {
  it('GET /graphql for a browser answers the GraphiQL page, titled kvgate, subscribing over graphql-ws', async () => {
    const res = await page(on);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<title>kvgate</title>');
    expect(res.text).toContain('renderYogaGraphiQL');
    expect(res.text).toContain('"subscriptionsProtocol":"WS"');
  });

  it('references no script, style or font on another host: everything is inline', async () => {
    const { text } = await page(on);
    const tags = text.match(/<(script|link|img|iframe)\b[^>]*>/gi) ?? [];
    for (const tag of tags) expect(tag).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(text).not.toMatch(/unpkg\.com|jsdelivr\.net|cdnjs|esm\.sh|fonts\.googleapis/);
    expect(text).not.toMatch(/import\(\s*["'`]https?:/);
    expect(text).not.toMatch(/@import\s+(url\()?["']?https?:/);
  });

  it('is not served with graphiql off: a browser gets no page, queries still work', async () => {
    const res = await page(off);
    expect(res.status).toBe(406);
    expect(res.text).not.toContain('renderYogaGraphiQL');
    const query = await http(off.port, 'GET', '/graphql?query=%7Bindex%7D', { headers: { accept: 'application/graphql-response+json' } });
    expect(query.status).toBe(200);
    expect(JSON.parse(query.text)).toEqual({ data: { index: expect.stringMatching(/^\d+$/) } });
  });
});
