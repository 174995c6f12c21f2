import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEnv, killAll, runCli } from '../support/cli.js';

// HTTPS to a Consul agent: https:// addresses or CONSUL_HTTP_SSL, the CA from
// -ca-file / CONSUL_CACERT, CONSUL_HTTP_SSL_VERIFY=false, and client certificates.
// fixtures/tls-*.pem: a self-signed certificate for 127.0.0.1 (valid for 100 years).

const CERT = fileURLToPath(new URL('./fixtures/tls-cert.pem', import.meta.url));
const KEY = fileURLToPath(new URL('./fixtures/tls-key.pem', import.meta.url));

let server: Server;
let address: string;
const clients: Array<string | undefined> = [];

beforeAll(async () => {
  assertBuilt();
  const cert = readFileSync(CERT);
  server = createServer({ cert, key: readFileSync(KEY), ca: cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const socket = req.socket as TLSSocket;
    clients.push(socket.authorized ? (socket.getPeerCertificate().subject?.CN as string | undefined) : undefined);
    res.end('[{"LockIndex":0,"Key":"k","Flags":0,"Value":"c2VjdXJl","CreateIndex":1,"ModifyIndex":1}]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await killAll();
  await new Promise((resolve) => server.close(resolve));
});

describe('kvgate kv over HTTPS', () => {
  it('https:// with -ca-file trusts the agent\'s certificate', async () => {
    expect(await runCli(['kv', 'get', `-ca-file=${CERT}`, 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: `https://${address}` }) })).toMatchObject({ code: 0, stdout: 'secure\n' });
  });

  it('CONSUL_HTTP_SSL=true and CONSUL_CACERT do the same from the environment', async () => {
    const env = cliEnv({ CONSUL_HTTP_ADDR: address, CONSUL_HTTP_SSL: 'true', CONSUL_CACERT: CERT });
    expect(await runCli(['kv', 'get', 'k'], { env })).toMatchObject({ code: 0, stdout: 'secure\n' });
  });

  it('an untrusted certificate fails, unless CONSUL_HTTP_SSL_VERIFY=false', async () => {
    const failed = await runCli(['kv', 'get', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: `https://${address}` }) });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(new RegExp(`^Error querying Consul agent: Get "https://${address}/v1/kv/k": .*certificate`));
    const unverified = await runCli(['kv', 'get', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: `https://${address}`, CONSUL_HTTP_SSL_VERIFY: 'false' }) });
    expect(unverified).toMatchObject({ code: 0, stdout: 'secure\n' });
  });

  it('-client-cert and -client-key present a client certificate; one without the other is refused', async () => {
    clients.length = 0;
    const env = cliEnv({ CONSUL_HTTP_ADDR: `https://${address}`, CONSUL_CACERT: CERT });
    expect((await runCli(['kv', 'get', 'k'], { env })).code).toBe(0);
    expect((await runCli(['kv', 'get', `-client-cert=${CERT}`, `-client-key=${KEY}`, 'k'], { env })).code).toBe(0);
    expect(clients).toEqual([undefined, 'kvgate test']);
    const half = await runCli(['kv', 'get', `-client-cert=${CERT}`, 'k'], { env });
    expect(half).toMatchObject({ code: 1, stderr: 'Error connecting to Consul agent: both client cert and client key must be provided\n' });
  });

  it('a CA file that cannot be read is reported', async () => {
    const result = await runCli(['kv', 'get', '-ca-file=/nonexistent/ca.pem', 'k'], { env: cliEnv({ CONSUL_HTTP_ADDR: `https://${address}` }) });
    expect(result).toMatchObject({ code: 1, stderr: 'Error connecting to Consul agent: Error loading CA File: open /nonexistent/ca.pem: no such file or directory\n' });
  });
});
