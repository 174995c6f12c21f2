import { describe, expect, it } from 'vitest';
import { ACL_ON, call, createPolicy, createToken, ROOT, tokenWithRules } from '../support/acl.js';
import { type TestGateway, useGateway } from '../support/gateway.js';

// The token endpoints of Consul's ACL API, their JSON and their error texts.

let gw: TestGateway;
useGateway((started) => ({ gw } = started), ACL_ON);

const json = async (res: Promise<{ status: number; text: string }>) => {
  const r = await res;
  if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
  return JSON.parse(r.text);
};

describe('create, read, update, clone, delete', () => {
  it('a created token has Consul fields in Consul order, and names its policies', async () => {
    await createPolicy(gw, 'readers', 'key_prefix "" { policy = "read" }');
    const token = await json(call(gw, 'PUT', '/v1/acl/token', ROOT, { Description: 'ci', Policies: [{ Name: 'readers' }] }));
    expect(Object.keys(token)).toEqual(['AccessorID', 'SecretID', 'Description', 'Policies', 'Local', 'CreateTime', 'Hash', 'CreateIndex', 'ModifyIndex']);
    expect(token.Policies).toEqual([{ ID: expect.any(String), Name: 'readers' }]);
    expect(token.CreateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const read = await json(call(gw, 'GET', `/v1/acl/token/${token.AccessorID}`, ROOT));
    expect(read).toEqual(token);
  });

  it('SecretID shows only to acl:write holders; acl:read holders see <hidden>', async () => {
    const reader = await tokenWithRules(gw, 'acl-reader', 'acl = "read"');
    const target = await createToken(gw, []);
    expect((await json(call(gw, 'GET', `/v1/acl/token/${target.AccessorID}`, reader.SecretID))).SecretID).toBe('<hidden>');
    const listed = (await json(call(gw, 'GET', '/v1/acl/tokens', reader.SecretID))) as Array<{ SecretID: string }>;
    expect(new Set(listed.map((t) => t.SecretID))).toEqual(new Set(['<hidden>']));
    expect(await call(gw, 'PUT', '/v1/acl/token', reader.SecretID, {})).toMatchObject({ status: 403, text: `Permission denied: token with AccessorID '${reader.AccessorID}' lacks permission 'acl:write'` });
  });

  it('chosen AccessorID and SecretID are kept; reserved, malformed and taken ones are refused', async () => {
    const ids = { AccessorID: '00000000-dead-beef-0000-000000000000', SecretID: '11111111-2222-4333-8444-555555555555' };
    expect(await json(call(gw, 'PUT', '/v1/acl/token', ROOT, ids))).toMatchObject(ids);
    expect(await call(gw, 'PUT', '/v1/acl/token', ROOT, ids)).toMatchObject({ status: 500, text: 'Invalid Token: AccessorID is already in use' });
    expect(await call(gw, 'PUT', '/v1/acl/token', ROOT, { SecretID: ids.SecretID })).toMatchObject({ status: 500, text: 'Invalid Token: SecretID is already in use' });
    expect(await call(gw, 'PUT', '/v1/acl/token', ROOT, { AccessorID: 'root' })).toMatchObject({ status: 500, text: 'Invalid Token: AccessorID - not a valid UUID' });
    expect((await call(gw, 'PUT', '/v1/acl/token', ROOT, { AccessorID: '00000000-0000-0000-0000-000000000099' })).text).toMatch(/^Invalid Token: AccessorID - UUIDs with the prefix/);
    expect(await call(gw, 'PUT', '/v1/acl/token', ROOT, { Policies: [{ Name: 'nope' }] })).toMatchObject({ status: 500, text: 'No such ACL policy with name "nope"' });
    expect((await call(gw, 'PUT', '/v1/acl/token', ROOT, '{"Description": 5}')).text).toMatch(/^Token decoding failed: json: cannot unmarshal number into Go struct field/);
  });

  it('update replaces links but never the SecretID; clone copies links under new ids; delete refuses the anonymous and the caller', async () => {
    await createPolicy(gw, 'p-one', '');
    await createPolicy(gw, 'p-two', '');
    const token = await createToken(gw, ['p-one']);
    const updated = await json(call(gw, 'PUT', `/v1/acl/token/${token.AccessorID}`, ROOT, { Description: 'new', Policies: [{ Name: 'p-two' }] }));
    expect(updated).toMatchObject({ AccessorID: token.AccessorID, SecretID: token.SecretID, Description: 'new', Policies: [{ Name: 'p-two' }] });
    expect(await call(gw, 'PUT', `/v1/acl/token/${token.AccessorID}`, ROOT, { SecretID: '99999999-2222-4333-8444-555555555555' })).toMatchObject({ status: 500, text: "Changing a token's SecretID is not permitted" });
    expect(await call(gw, 'PUT', `/v1/acl/token/${token.AccessorID}`, ROOT, { AccessorID: '99999999-2222-4333-8444-555555555555' })).toMatchObject({ status: 400, text: 'Token Accessor ID in URL and payload do not match' });
    const clone = await json(call(gw, 'PUT', `/v1/acl/token/${token.AccessorID}/clone`, ROOT, { Description: 'copy' }));
    expect(clone).toMatchObject({ Description: 'copy', Policies: [{ Name: 'p-two' }] });
    expect(clone.AccessorID).not.toBe(token.AccessorID);
    expect(await json(call(gw, 'DELETE', `/v1/acl/token/${clone.AccessorID}`, ROOT))).toBe(true);
    expect(await call(gw, 'DELETE', `/v1/acl/token/${clone.AccessorID}`, ROOT)).toMatchObject({ status: 404, text: 'Cannot find token to delete' });
    expect(await call(gw, 'DELETE', '/v1/acl/token/00000000-0000-0000-0000-000000000002', ROOT)).toMatchObject({ status: 500, text: 'Delete operation not permitted on the anonymous token' });
    const self = await json(call(gw, 'GET', '/v1/acl/token/self', ROOT));
    expect(await call(gw, 'DELETE', `/v1/acl/token/${self.AccessorID}`, ROOT)).toMatchObject({ status: 500, text: "Deletion of the request's authorization token is not permitted" });
  });

  it('reads of unknown, malformed and missing ids answer Consul texts', async () => {
    expect(await call(gw, 'GET', '/v1/acl/token/3f0a3ccb-0000-4000-8000-000000000000', ROOT)).toMatchObject({ status: 404, text: 'Requested token does not exist: ACL not found' });
    expect((await call(gw, 'GET', '/v1/acl/token/nope', ROOT)).status).toBe(500);
    expect(await call(gw, 'GET', '/v1/acl/token/', ROOT)).toMatchObject({ status: 400, text: 'Missing token AccessorID' });
    expect(await call(gw, 'GET', '/v1/acl/token/self', '3f0a3ccb-0000-4000-8000-000000000000')).toMatchObject({ status: 404, text: 'Supplied token does not exist' });
  });

  it('lists every token by AccessorID, filtered by ?policy, and ?expanded resolves the links', async () => {
    const policy = await createPolicy(gw, 'listed', 'key "x" { policy = "read" }');
    const token = await createToken(gw, ['listed']);
    const all = (await json(call(gw, 'GET', '/v1/acl/tokens', ROOT))) as Array<{ AccessorID: string }>;
    expect(all.map((t) => t.AccessorID)).toEqual([...all.map((t) => t.AccessorID)].sort());
    const filtered = (await json(call(gw, 'GET', `/v1/acl/tokens?policy=${policy}`, ROOT))) as Array<{ AccessorID: string }>;
    expect(filtered.map((t) => t.AccessorID)).toEqual([token.AccessorID]);
    const expanded = await json(call(gw, 'GET', `/v1/acl/token/${token.AccessorID}?expanded`, ROOT));
    expect(expanded.ExpandedPolicies).toEqual([expect.objectContaining({ ID: policy, Name: 'listed', Rules: 'key "x" { policy = "read" }' })]);
    expect(expanded).toMatchObject({ AgentACLDefaultPolicy: 'deny', AgentACLDownPolicy: 'extend-cache', ResolvedByAgent: 'test-node', AccessorID: token.AccessorID });
  });

  it('a token with ExpirationTTL works until it expires; TTLs out of range are refused', async () => {
    const expiring = await json(call(gw, 'PUT', '/v1/acl/token', ROOT, { ExpirationTTL: '1m' }));
    expect(Date.parse(expiring.ExpirationTime) - Date.now()).toBeGreaterThan(50_000);
    expect(expiring.ExpirationTTL).toBe(60_000_000_000);
    expect((await call(gw, 'PUT', '/v1/acl/token', ROOT, { ExpirationTTL: '10s' })).text).toMatch(/^Token Expiration TTL '10s' should be between 1m0s and 24h0m0s/);
    expect(await call(gw, 'PUT', '/v1/acl/token', ROOT, { ExpirationTTL: '1h', ExpirationTime: '2099-01-01T00:00:00Z' })).toMatchObject({ status: 500, text: 'Token Expiration TTL and Expiration Time cannot both be set' });
  });
});

describe('policies and roles', () => {
  it('create, read by id and name, update, delete, with Consul texts', async () => {
    const id = await createPolicy(gw, 'web', 'key_prefix "web/" { policy = "write" }');
    expect(await json(call(gw, 'GET', '/v1/acl/policy/name/web', ROOT))).toMatchObject({ ID: id, Name: 'web', Rules: 'key_prefix "web/" { policy = "write" }' });
    expect(await call(gw, 'PUT', '/v1/acl/policy', ROOT, { Name: 'web' })).toMatchObject({ status: 500, text: 'Invalid Policy: A Policy with Name "web" already exists' });
    expect(await call(gw, 'PUT', '/v1/acl/policy', ROOT, { Name: 'bad name' })).toMatchObject({ status: 500, text: "Invalid Policy: invalid Name. Only alphanumeric characters, a single '/', '-' and '_' are allowed" });
    expect(await call(gw, 'PUT', '/v1/acl/policy', ROOT, { ID: id, Name: 'x' })).toMatchObject({ status: 400, text: 'Cannot specify the ID when creating a new policy' });
    expect((await call(gw, 'PUT', '/v1/acl/policy', ROOT, { Name: 'broken', Rules: 'key "a" {' })).text).toMatch(/^Failed to parse ACL rules: At 1:/);
    expect((await call(gw, 'PUT', '/v1/acl/policy', ROOT, { Name: 'bogus', Rules: 'key "a" { policy = "bogus" }' })).text).toMatch(/^Invalid key policy: /);
    const renamed = await json(call(gw, 'PUT', `/v1/acl/policy/${id}`, ROOT, { Name: 'web2', Rules: '' }));
    expect(renamed).toMatchObject({ ID: id, Name: 'web2', Rules: '' });
    expect(await json(call(gw, 'DELETE', `/v1/acl/policy/${id}`, ROOT))).toBe(true);
    expect(await call(gw, 'GET', `/v1/acl/policy/${id}`, ROOT)).toMatchObject({ status: 404, text: 'Requested policy does not exist: ACL not found' });
  });

  it('global-management cannot be deleted nor its rules changed, but may be renamed', async () => {
    const id = '00000000-0000-0000-0000-000000000001';
    expect(await call(gw, 'DELETE', `/v1/acl/policy/${id}`, ROOT)).toMatchObject({ status: 500, text: 'Delete operation not permitted on the builtin global-management policy' });
    expect(await call(gw, 'PUT', `/v1/acl/policy/${id}`, ROOT, { Name: 'global-management', Rules: 'acl = "read"' })).toMatchObject({ status: 500, text: 'Changing the Rules for the builtin global-management policy is not permitted' });
  });

  it('roles bundle policies; a token with a role has the role policies rights', async () => {
    await createPolicy(gw, 'role-policy', 'key_prefix "r/" { policy = "write" }');
    const role = await json(call(gw, 'PUT', '/v1/acl/role', ROOT, { Name: 'writers', Policies: [{ Name: 'role-policy' }] }));
    expect(role).toMatchObject({ Name: 'writers', Policies: [{ Name: 'role-policy' }] });
    expect(await json(call(gw, 'GET', '/v1/acl/role/name/writers', ROOT))).toMatchObject({ ID: role.ID });
    const token = await json(call(gw, 'PUT', '/v1/acl/token', ROOT, { Roles: [{ Name: 'writers' }] }));
    expect((await call(gw, 'PUT', '/v1/kv/r/x', token.SecretID, 'v')).text).toBe('true');
    expect(await call(gw, 'PUT', '/v1/acl/role', ROOT, { Name: 'bad name' })).toMatchObject({ status: 500, text: "Invalid Role: invalid Name. Only alphanumeric characters, '-' and '_' are allowed" });
    expect(await json(call(gw, 'DELETE', `/v1/acl/role/${role.ID}`, ROOT))).toBe(true);
    expect((await call(gw, 'PUT', '/v1/kv/r/x', token.SecretID, 'v')).status).toBe(403);
  });

  it('/v1/internal/acl/authorize answers each check for the caller', async () => {
    const t = await tokenWithRules(gw, 'authz', 'key_prefix "a/" { policy = "read" }');
    const answer = await json(call(gw, 'POST', '/v1/internal/acl/authorize', t.SecretID, [
      { Resource: 'key', Segment: 'a/b', Access: 'read' },
      { Resource: 'key', Segment: 'a/b', Access: 'write' },
      { Resource: 'acl', Access: 'read' },
    ]));
    expect(answer.map((a: { Allow: boolean }) => a.Allow)).toEqual([true, false, false]);
  });
});

describe('names and self', () => {
  it('a policy name holding "/" is found by name when Go escapes it twice; self without any token is not found', async () => {
    const id = await createPolicy(gw, 'team/readers', '');
    expect(await json(call(gw, 'GET', '/v1/acl/policy/name/team%252Freaders', ROOT))).toMatchObject({ ID: id, Name: 'team/readers' });
    expect(await call(gw, 'GET', '/v1/acl/token/self', '')).toMatchObject({ status: 404, text: 'Supplied token does not exist' });
    expect((await json(call(gw, 'GET', '/v1/acl/token/self', 'anonymous'))).AccessorID).toBe('00000000-0000-0000-0000-000000000002');
  });
});
