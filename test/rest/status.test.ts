import { describe, expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { http } from '../support/http.js';

// The probe endpoints Consul tools call before using the KV API.

let gw: TestGateway;

useGateway((started) => ({ gw } = started));

describe('status and agent endpoints', () => {
  it('GET /v1/status/leader answers the leader address as a JSON string', async () => {
    const res = await http(gw.port, 'GET', '/v1/status/leader');
    expect(res.status).toBe(200);
    expect(res.text).toBe('"127.0.0.1:8300"');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-consul-default-acl-policy']).toBe('allow');
  });

  it('GET /v1/status/peers answers a JSON array with the one server', async () => {
    const res = await http(gw.port, 'GET', '/v1/status/peers');
    expect(res.status).toBe(200);
    expect(res.text).toBe('["127.0.0.1:8300"]');
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('GET /v1/agent/self reports Config.NodeName and Config.Datacenter', async () => {
    const res = await http(gw.port, 'GET', '/v1/agent/self');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const self = JSON.parse(res.text) as { Config: { NodeName: string; Datacenter: string } };
    expect(self.Config.NodeName).toBe('test-node');
    expect(self.Config.Datacenter).toBe('dc1');
  });

  it('pretty-prints with ?pretty', async () => {
    expect((await http(gw.port, 'GET', '/v1/status/peers?pretty')).text).toBe('[\n    "127.0.0.1:8300"\n]\n');
  });

  for (const path of ['/v1/status/leader', '/v1/status/peers', '/v1/agent/self']) {
    it(`answers PUT ${path} with 405 and Allow: OPTIONS,GET`, async () => {
      const res = await http(gw.port, 'PUT', path, { body: 'x' });
      expect(res.status).toBe(405);
      expect(res.headers['allow']).toBe('OPTIONS,GET');
      expect(res.text).toBe('method PUT not allowed');
    });
  }

  it('answers OPTIONS with 200 and Allow: OPTIONS,GET', async () => {
    const res = await http(gw.port, 'OPTIONS', '/v1/status/leader');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers['allow']).toBe('OPTIONS,GET');
  });

  it('serves the exact paths only', async () => {
    expect((await http(gw.port, 'GET', '/v1/status/leader/')).status).toBe(404);
    expect((await http(gw.port, 'GET', '/v1/status/')).status).toBe(404);
  });
});

describe('status endpoints parse the shared parameters like every Consul RPC', () => {
  it('answers ?dc of another datacenter with 500 No path to datacenter', async () => {
    const res = await http(gw.port, 'GET', '/v1/status/leader?dc=elsewhere');
    expect({ status: res.status, text: res.text }).toEqual({ status: 500, text: 'No path to datacenter' });
    expect((await http(gw.port, 'GET', '/v1/status/peers?dc=dc1')).status).toBe(200);
  });

  it('answers a bad ?wait with 400 Invalid wait time', async () => {
    const res = await http(gw.port, 'GET', '/v1/status/leader?wait=zz');
    expect({ status: res.status, text: res.text }).toEqual({ status: 400, text: 'Invalid wait time' });
  });
});

describe('the index page', () => {
  it('GET / says what this server is, in plain text', async () => {
    const res = await http(gw.port, 'GET', '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toMatch(/^kvgate \d+\.\d+\.\d+: Consul's KV, session and transaction API at \/v1\//);
  });
});
