import { describe, expect, it } from 'vitest';
import { allKeys } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';
import { http } from '../support/http.js';

// What Go's server, Consul's path filter and the ServeMux do before a handler runs.

let gw: TestGateway;

useEmptiedGateway((started) => ({ gw } = started));

const request = (method: string, path: string, body?: string) => http(gw.port, method, path, body === undefined ? {} : { body });

describe('unknown paths', () => {
  it('answers an unknown /v1 path with 404 and Consul text, without endpoint headers', async () => {
    const res = await request('GET', '/v1/nope');
    expect(res.status).toBe(404);
    expect(res.text).toBe('Invalid URL path: not a recognized HTTP API endpoint\n');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['x-consul-default-acl-policy']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBeUndefined();
    expect(res.headers['vary']).toBeUndefined();
  });

  it('answers a path outside /v1/ with 404 and the hint to use /v1/', async () => {
    const res = await request('GET', '/kv/foo');
    expect(res.status).toBe(404);
    expect(res.text).toBe("Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n");
  });

  it('does not treat a path that merely starts with /v1/kv as the KV endpoint', async () => {
    const res = await request('GET', '/v1/kvx/a');
    expect(res.status).toBe(404);
    expect(res.text).toBe('Invalid URL path: not a recognized HTTP API endpoint\n');
  });
});

describe('redirects', () => {
  it('redirects /v1/kv to /v1/kv/ with 301, keeping the query', async () => {
    const res = await request('GET', '/v1/kv?recurse&dc=dc1');
    expect(res.status).toBe(301);
    expect(res.headers['location']).toBe('/v1/kv/?recurse&dc=dc1');
  });

  it('redirects /v1/kv without a query to /v1/kv/', async () => {
    const res = await request('GET', '/v1/kv');
    expect(res.status).toBe(301);
    expect(res.headers['location']).toBe('/v1/kv/');
  });

  it('redirects a non-canonical path to a subtree straight to the subtree root', async () => {
    const res = await request('GET', '/v1//kv?x=1');
    expect(res.status).toBe(301);
    expect(res.headers['location']).toBe('/v1/kv/?x=1');
  });

  it('redirects PUT /v1/kv/a//b?flags=1 to the cleaned path and writes nothing', async () => {
    const res = await request('PUT', '/v1/kv/a//b?flags=1', 'v');
    expect(res.status).toBe(301);
    expect(res.headers['location']).toBe('/v1/kv/a/b?flags=1');
    expect(res.body.length).toBe(0);
    expect(await allKeys(gw)).toEqual([]);
  });

  it('redirects /./ and /../ segments to the cleaned path', async () => {
    expect((await request('GET', '/v1/kv/a/./b')).headers['location']).toBe('/v1/kv/a/b');
    expect((await request('GET', '/v1/kv/a/../b')).headers['location']).toBe('/v1/kv/b');
    expect((await request('GET', '/v1/kv/a/b/')).status).toBe(404);
  });

  it('writes a small HTML body on a GET redirect, as Go does', async () => {
    const res = await request('GET', '/v1/kv/a//b?x=1&y=2');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toBe('<a href="/v1/kv/a/b?x=1&amp;y=2">Moved Permanently</a>.\n\n');
  });

  it('does not clean %2F in the mux, but the KV key is cleaned: PUT /v1/kv/a%2F%2Fb writes a/b', async () => {
    const res = await request('PUT', '/v1/kv/a%2F%2Fb', 'v');
    expect(res.status).toBe(200);
    expect(res.text).toBe('true');
    expect(await allKeys(gw)).toEqual(['a/b']);
  });
});

describe('path bytes', () => {
  for (const escape of ['%00', '%0A', '%09', '%7F', '%C2%A0', '%E2%80%8B']) {
    it(`answers a path that decodes to a non-printable character (${escape}) with 400 and an empty body`, async () => {
      const res = await request('PUT', `/v1/kv/a${escape}b`, 'v');
      expect(res.status).toBe(400);
      expect(res.body.length).toBe(0);
      expect(await allKeys(gw)).toEqual([]);
    });
  }

  it('filters non-printable paths before redirecting or routing', async () => {
    expect((await request('GET', '/v1/kv/a//%00')).status).toBe(400);
    expect((await request('GET', '/v1/nope%0A')).status).toBe(400);
  });

  it('accepts a plain space (%20) inside a key', async () => {
    expect((await request('PUT', '/v1/kv/a%20b', 'v')).text).toBe('true');
    expect(await allKeys(gw)).toEqual(['a b']);
  });

  it('accepts printable non-ASCII characters', async () => {
    expect((await request('PUT', '/v1/kv/%E2%9C%93%F0%9F%98%80', 'v')).text).toBe('true');
    expect(await allKeys(gw)).toEqual(['\u2713\u{1F600}']);
  });

  it('answers a bad % escape in the path with 400', async () => {
    const res = await request('GET', '/v1/kv/a%zz');
    expect(res.status).toBe(400);
    expect(res.text).toBe('400 Bad Request');
    expect(res.headers['connection']).toBe('close');
    expect((await request('PUT', '/v1/kv/a%4', 'v')).status).toBe(400);
    expect(await allKeys(gw)).toEqual([]);
  });
});

describe('query syntax', () => {
  for (const query of ['a;b', 'x=1;y=2', 'x=%zz', '%zz=1', 'x=%4']) {
    it(`answers a query Go cannot parse (?${query}) with 500 and an empty body`, async () => {
      const res = await request('PUT', `/v1/kv/k?${query}`, 'v');
      expect(res.status).toBe(500);
      expect(res.body.length).toBe(0);
      expect(await allKeys(gw)).toEqual([]);
    });
  }
});

describe('methods', () => {
  for (const method of ['POST', 'PATCH', 'HEAD']) {
    it(`answers ${method} with 405 and Allow: OPTIONS,GET,PUT,DELETE`, async () => {
      const res = await request(method, '/v1/kv/k');
      expect(res.status).toBe(405);
      expect(res.headers['allow']).toBe('OPTIONS,GET,PUT,DELETE');
      expect(res.headers['x-consul-default-acl-policy']).toBe('allow');
      if (method !== 'HEAD') expect(res.text).toBe(`method ${method} not allowed`);
    });
  }

  it('answers OPTIONS with 200, an empty body and the Allow header', async () => {
    const res = await request('OPTIONS', '/v1/kv/k');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers['allow']).toBe('OPTIONS,GET,PUT,DELETE');
  });
});

describe('endpoint headers', () => {
  it('sends X-Consul-Default-Acl-Policy and Vary on handler errors', async () => {
    for (const path of ['/v1/kv/', '/v1/kv/k?flags=x', '/v1/kv/k?wait=zz', '/v1/kv/%20k']) {
      const res = await request('PUT', path, 'v');
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.headers['x-consul-default-acl-policy'], path).toBe('allow');
      expect(res.headers['vary'], path).toBe('Accept-Encoding');
    }
  });
});
