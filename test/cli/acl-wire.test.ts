import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEnv, runCli } from '../support/cli.js';

// What the acl commands send and how they print what a Consul agent answers, against a
// recording HTTP server: Go's request bodies (zero values, trailing newline), the name
// lookup's double escaping, and a Consul-shaped token with everything a kvgate token never
// has (namespace, auth method, identities, times in another zone) printed as Consul does.

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const ACCESSOR = '6a1f8c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const AGENT_TOKEN = {
  AccessorID: ACCESSOR,
  SecretID: '0f0e0d0c-0b0a-4909-8807-060504030201',
  Description: 'deploy bot',
  Policies: [{ ID: '11111111-2222-4333-8444-555555555555', Name: 'deployers' }],
  Roles: [{ ID: '66666666-7777-4888-9999-000000000000', Name: 'ops' }],
  ServiceIdentities: [{ ServiceName: 'web', Datacenters: ['dc1', 'dc2'] }, { ServiceName: 'db' }],
  NodeIdentities: [{ NodeName: 'node-1', Datacenter: 'dc1' }],
  TemplatedPolicies: [{ TemplateName: 'builtin/service', TemplateVariables: { Name: 'api' } }],
  Local: true,
  AuthMethod: 'k8s',
  AuthMethodNamespace: 'default',
  Namespace: 'team-a',
  ExpirationTime: '2025-03-01T12:30:00.500-04:00',
  CreateTime: '2025-03-01T11:30:00.123456789-04:00',
  Hash: 'aGFzaA==',
  ModifyIndex: 9,
  CreateIndex: 7,
};

const requests: Recorded[] = [];
let server: Server;
let address = '';

beforeAll(async () => {
  assertBuilt();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method as string, url: req.url as string, headers: req.headers, body });
      if ((req.url as string).startsWith('/v1/acl/policy/name/')) {
        res.statusCode = 404;
        return res.end('Requested policy does not exist: ACL not found');
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(req.method === 'PUT' ? body : JSON.stringify(AGENT_TOKEN));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const kvgate = (args: string[]) => runCli(args, { env: cliEnv({ CONSUL_HTTP_ADDR: address, CONSUL_HTTP_TOKEN: 'the-token', TZ: 'UTC' }) });

describe('a Consul-shaped token', () => {
  it('prints every section Consul prints, times in their own zone as Go\'s Time.String does', async () => {
    const result = await kvgate(['acl', 'token', 'read', '-accessor-id', ACCESSOR]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      [
        `AccessorID:       ${ACCESSOR}`,
        'SecretID:         0f0e0d0c-0b0a-4909-8807-060504030201',
        'Namespace:        team-a',
        'Description:      deploy bot',
        'Local:            true',
        'Auth Method:      k8s (Namespace: default)',
        'Create Time:      2025-03-01 11:30:00.123456789 -0400 -0400',
        'Expiration Time:  2025-03-01 12:30:00.5 -0400 -0400',
        'Policies:',
        '   11111111-2222-4333-8444-555555555555 - deployers',
        'Roles:',
        '   66666666-7777-4888-9999-000000000000 - ops',
        'Service Identities:',
        '   web (Datacenters: dc1, dc2)',
        '   db (Datacenters: all)',
        'Node Identities:',
        '   node-1 (Datacenter: dc1)',
        'Templated Policies:',
        '   builtin/service',
        '      Name: api',
        '      Datacenters: all',
        '',
        '',
      ].join('\n'),
    );
  });

  it('-format json re-encodes it as the Go client\'s struct: Go\'s field order, times re-marshalled', async () => {
    const { stdout } = await kvgate(['acl', 'token', 'read', '-accessor-id', ACCESSOR, '-format', 'json']);
    const { CreateIndex, ModifyIndex, AccessorID, SecretID, Description, Policies, Roles, ServiceIdentities, NodeIdentities, TemplatedPolicies, Local, AuthMethod } = AGENT_TOKEN;
    const expected = { CreateIndex, ModifyIndex, AccessorID, SecretID, Description, Policies, Roles, ServiceIdentities, NodeIdentities, TemplatedPolicies, Local, AuthMethod };
    const rest = { ExpirationTime: '2025-03-01T12:30:00.5-04:00', CreateTime: AGENT_TOKEN.CreateTime, Hash: 'aGFzaA==', Namespace: 'team-a', AuthMethodNamespace: 'default' };
    expect(stdout).toBe(`${JSON.stringify({ ...expected, ...rest }, null, 4)}\n`);
  });

  it('update sends the token it read back with only the description changed', async () => {
    requests.length = 0;
    expect((await kvgate(['acl', 'token', 'update', '-accessor-id', ACCESSOR, '-description', 'renamed'])).code).toBe(0);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /v1/acl/token/${ACCESSOR}`, `PUT /v1/acl/token/${ACCESSOR}`]);
    const sent = requests[1]?.body ?? '';
    expect(sent.endsWith('}\n')).toBe(true);
    expect(JSON.parse(sent)).toMatchObject({ Description: 'renamed', SecretID: AGENT_TOKEN.SecretID, CreateTime: AGENT_TOKEN.CreateTime, Hash: 'aGFzaA==', CreateIndex: 7 });
  });
});

describe('requests', () => {
  it('token create sends Go\'s api.ACLToken: zero values, links by name, the TTL in nanoseconds', async () => {
    requests.length = 0;
    const accessor = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    const result = await kvgate(['acl', 'token', 'create', '-accessor', accessor, '-policy-name', 'p', '-role-name', 'r', '-description', 'd', '-expires-ttl', '1h']);
    expect(result.code).toBe(0);
    expect(requests[0]).toMatchObject({ method: 'PUT', url: '/v1/acl/token', headers: { 'x-consul-token': 'the-token', 'content-type': 'application/json' } });
    expect(requests[0]?.body).toBe(
      `{"CreateIndex":0,"ModifyIndex":0,"AccessorID":"${accessor}","SecretID":"","Description":"d","Policies":[{"ID":"","Name":"p"}],` +
        '"Roles":[{"ID":"","Name":"r"}],"Local":false,"ExpirationTTL":3600000000000,"CreateTime":"0001-01-01T00:00:00Z"}\n',
    );
  });

  it('a policy name travels query-escaped inside the path (escaped twice); a 404 means "not found"', async () => {
    requests.length = 0;
    expect(await kvgate(['acl', 'policy', 'read', '-name', 'team/readers'])).toMatchObject({ code: 1, stderr: 'Error policy not found: team/readers\n' });
    expect(requests.map((r) => r.url)).toEqual(['/v1/acl/policy/name/team%252Freaders']);
  });
});
