import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from '../../src/log.js';
import { dcNames } from '../../src/store/names.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { http } from '../support/http.js';
import { captureLog } from '../support/log-capture.js';
import { startRedis, type TestRedis } from '../support/redis.js';

// Tokens stay out of the log: a ?token value under any spelling the query parser reads as
// `token`, and token headers wherever a headers object is logged.

describe('redactUrl hides every value the query parser reads as ?token', () => {
  it.each([
    ['/v1/kv/k?token=secret', '/v1/kv/k?token=<hidden>'],
    ['/v1/kv/k?a=1&token=secret&b=2', '/v1/kv/k?a=1&token=<hidden>&b=2'],
    ['/v1/kv/k?token=secret&token=other', '/v1/kv/k?token=<hidden>&token=<hidden>'],
    ['/v1/kv/k?%74oken=secret', '/v1/kv/k?%74oken=<hidden>'],
    ['/v1/kv/k?tok%65n=secret', '/v1/kv/k?tok%65n=<hidden>'],
    ['/v1/kv/k?%74%6F%6B%65%6E=secret&x=1', '/v1/kv/k?%74%6F%6B%65%6E=<hidden>&x=1'],
    ['/v1/kv/k?TOKEN=secret', '/v1/kv/k?TOKEN=<hidden>'],
    ['/v1/kv/k?tokens=kept&x=token=kept', '/v1/kv/k?tokens=kept&x=token=kept'],
    ['/v1/kv/token=kept', '/v1/kv/token=kept'],
  ])('%s', (url, redacted) => expect(redactUrl(url)).toBe(redacted));
});

describe('the logger hides token headers in any logged headers object', () => {
  function logged(entry: Record<string, unknown>): string {
    const lines: string[] = [];
    createLogger('info', { write: (line: string) => void lines.push(line) }).error(entry, 'request failed');
    return lines.join('');
  }

  it.each([
    ['headers', { headers: { authorization: 'Bearer secret', 'x-consul-token': 'secret' } }],
    ['req.headers', { req: { headers: { authorization: 'Bearer secret', 'x-consul-token': 'secret' } } }],
    ['token', { token: 'secret' }],
    ['req.token', { req: { token: 'secret' } }],
  ])('%s', (_name, entry) => {
    const line = logged(entry);
    expect(line).not.toContain('secret');
    expect(line).toContain('<hidden>');
  });
});

describe('a failed request is logged without its token', () => {
  let redis: TestRedis;
  let gw: TestGateway;
  const captured = captureLog();
  beforeAll(async () => {
    redis = await startRedis();
    gw = await startGateway(redis.url, {}, captured.log);
    // An entry of the wrong Redis type: reading it is an internal error, which is logged.
    await redis.command(['RPUSH', dcNames('dc1').entry(Buffer.from('broken')), 'x']);
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.stop();
  });

  it('a ?token spelled %74oken (which the parser reads as token) is hidden in the error line', async () => {
    // The parser reads %74oken as token: Consul's conflicting-flags answer lists it so.
    const conflict = await http(gw.port, 'PUT', '/v1/kv/k?%74oken=secret&acquire=x&cas=0');
    expect(conflict.text).toBe('Conflicting flags: acquire=x&cas=0&token=secret\n');

    const res = await http(gw.port, 'GET', '/v1/kv/broken?%74oken=secret', { headers: { 'X-Consul-Token': 'secret2', Authorization: 'Bearer secret3' } });
    expect(res.status).toBe(500);
    const text = captured.text();
    expect(text).toContain('request failed');
    expect(text).toContain('%74oken=<hidden>');
    expect(text).not.toMatch(/secret/);
  });
});
