import { writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { useCliFixture } from '../support/cli-fixture.js';

// Address, token and TLS-free HTTP options shared by every command: flags win
// over the CONSUL_* environment, the token goes out as X-Consul-Token, and failures name
// the address that was tried. A recording node:http server shows exactly what is sent.

const cli = useCliFixture();

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP server that records requests and answers like Consul would for the KV calls used here. */
async function recorder(listenOn: { port: 0 } | { path: string } = { port: 0 }): Promise<{ server: Server; requests: Recorded[]; address: string }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method as string, url: req.url as string, headers: req.headers, body });
      res.setHeader('X-Consul-Index', '7');
      if (req.method === 'GET' && (req.url as string).includes('keys')) return res.end('["k/a"]');
      if (req.method === 'GET') return res.end('[{"LockIndex":0,"Key":"k","Flags":0,"Value":"dg==","CreateIndex":7,"ModifyIndex":7}]');
      res.end('true');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(listenOn, resolve));
  const address = server.address();
  return { server, requests, address: typeof address === 'string' ? address : `127.0.0.1:${address?.port}` };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('where the CLI connects', () => {
  it('CONSUL_HTTP_ADDR as host:port and as http://host:port', async () => {
    await cli.kvgate(['kv', 'put', 'k', 'v']);
    for (const address of [`127.0.0.1:${cli.port}`, `http://127.0.0.1:${cli.port}`]) {
      expect(await runCli(['kv', 'get', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: address }) })).toMatchObject({ code: 0, stdout: 'v\n' });
    }
  });

  it('-http-addr wins over CONSUL_HTTP_ADDR', async () => {
    await cli.kvgate(['kv', 'put', 'k', 'v']);
    const env = cliEnv({ CONSUL_HTTP_ADDR: `127.0.0.1:${await closedPort()}` });
    expect(await runCli(['kv', 'get', `-http-addr=http://127.0.0.1:${cli.port}`, 'k'], { env })).toMatchObject({ code: 0, stdout: 'v\n' });
  });

  it('a refused connection names the request and the address that was tried', async () => {
    const port = await closedPort();
    const result = await runCli(['kv', 'get', `-http-addr=127.0.0.1:${port}`, 'k']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(`Error querying Consul agent: Get "http://127.0.0.1:${port}/v1/kv/k": dial tcp 127.0.0.1:${port}: connect: connection refused\n`);
    const put = await runCli(['kv', 'put', `-http-addr=127.0.0.1:${port}`, 'k', 'v']);
    expect(put.stderr).toBe(`Error! Failed writing data: Put "http://127.0.0.1:${port}/v1/kv/k": dial tcp 127.0.0.1:${port}: connect: connection refused\n`);
  });

  it('an unknown scheme is refused like Consul\'s client does', async () => {
    const result = await runCli(['kv', 'get', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: 'ftp://127.0.0.1:1' }) });
    expect(result).toMatchObject({ code: 1, stderr: 'Error connecting to Consul agent: Unknown protocol scheme: ftp\n' });
  });

  it('unix:///path talks HTTP over a unix socket', async () => {
    const socket = join(tempDir('unix'), 'consul.sock');
    const { requests } = await recorder({ path: socket });
    expect(await runCli(['kv', 'get', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: `unix://${socket}` }) })).toMatchObject({ code: 0, stdout: 'v\n' });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/kv/k']);
  });

  it('an http:// address with a path uses it as a prefix (Consul behind a reverse proxy)', async () => {
    const { requests, address } = await recorder();
    await runCli(['kv', 'put', 'k', 'v'], { env: cliEnv({ CONSUL_HTTP_ADDR: `http://${address}/consul` }) });
    expect(requests.map((r) => r.url)).toEqual(['/consul/v1/kv/k']);
  });

  it('follows the server\'s 301 for a non-canonical path as Go does (PUT becomes GET)', async () => {
    const result = await cli.kvgate(['kv', 'put', 'a//b', 'v']);
    expect(result).toMatchObject({ code: 1, stderr: 'Error! Failed writing data: Unexpected response code: 404 ()\n' });
  });
});

describe('what the CLI sends', () => {
  it('the token from CONSUL_HTTP_TOKEN as X-Consul-Token; -token wins over it', async () => {
    const { requests, address } = await recorder();
    await runCli(['kv', 'get', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: address, CONSUL_HTTP_TOKEN: 'from-env' }) });
    await runCli(['kv', 'get', '-token=from-flag', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: address, CONSUL_HTTP_TOKEN: 'from-env' }) });
    await runCli(['kv', 'get', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: address }) });
    expect(requests.map((r) => r.headers['x-consul-token'])).toEqual(['from-env', 'from-flag', undefined]);
  });

  it('a token file (flag or CONSUL_HTTP_TOKEN_FILE, trimmed) wins over any token', async () => {
    const { requests, address } = await recorder();
    const file = join(tempDir('token'), 'token');
    writeFileSync(file, '  from-file\n');
    await runCli(['kv', 'get', '-token=from-flag', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: address, CONSUL_HTTP_TOKEN_FILE: file }) });
    await runCli(['kv', 'get', `-token-file=${file}`, 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: address, CONSUL_HTTP_TOKEN: 'from-env' }) });
    expect(requests.map((r) => r.headers['x-consul-token'])).toEqual(['from-file', 'from-file']);
  });

  it('a token file that cannot be read stops the command', async () => {
    const result = await runCli(['kv', 'get', '-token-file=/nonexistent/token', 'k']);
    expect(result).toMatchObject({ code: 1, stderr: 'Error connecting to Consul agent: Error loading token file: open /nonexistent/token: no such file or directory\n' });
  });

  it('-datacenter adds ?dc=, -stale adds ?stale, CONSUL_HTTP_AUTH sends basic auth', async () => {
    const { requests, address } = await recorder();
    await runCli(['kv', 'get', '-datacenter=dc2', '-stale', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: address, CONSUL_HTTP_AUTH: 'user:pa:ss' }) });
    expect(requests[0]?.url).toBe('/v1/kv/k?dc=dc2&stale=');
    expect(requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('user:pa:ss').toString('base64')}`);
  });

  it('requests are shaped like Go\'s client: sorted query, escaped path, JSON content type on writes', async () => {
    const { requests, address } = await recorder();
    const env = cliEnv({ CONSUL_HTTP_ADDR: address });
    await runCli(['kv', 'put', '-cas', '-modify-index=3', '-flags=5', 'a b/c?d', 'value'], { env });
    await runCli(['kv', 'get', '-keys', 'k/'], { env });
    await runCli(['kv', 'delete', '-recurse', 'k/'], { env });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['PUT /v1/kv/a%20b/c%3Fd?cas=3&flags=5', 'GET /v1/kv/k/?keys=&separator=%2F', 'DELETE /v1/kv/k/?recurse=']);
    expect(requests[0]).toMatchObject({ body: 'value', headers: { 'content-type': 'application/json' } });
  });
});
