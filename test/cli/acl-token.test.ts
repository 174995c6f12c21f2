import { describe, expect, it } from 'vitest';
import { ACL_ON, createPolicy, ROOT, tokenWithRules } from '../support/acl.js';
import { useCliFixture } from '../support/cli-fixture.js';

// `kvgate acl token …` against a gateway with ACLs on: tokens printed as Consul prints them,
// lookups by accessor prefix, `anonymous` and -self, appending policies, clones, and errors.

const cli = useCliFixture(ACL_ON, { emptyBetweenTests: false });
const asRoot = (args: string[]) => cli.kvgate(args, { env: cli.env({ CONSUL_HTTP_TOKEN: ROOT }) });
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TIME = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\+0000 UTC';

interface Shown {
  accessor: string;
  secret: string;
  createTime: string;
}

/** Checks a pretty token view line by line (Consul's labels padded to 18) and answers its IDs. */
function parseView(stdout: string, description: string, policies: Array<[string, string]>): Shown {
  const pattern = new RegExp(
    `^AccessorID: {7}(${UUID})\\nSecretID: {9}(${UUID})\\nDescription: {6}${description}\\nLocal: {12}false\\nCreate Time: {6}(${TIME})\\n` +
      (policies.length > 0 ? `Policies:\\n${policies.map(([id, name]) => ` {3}${id} - ${name}\\n`).join('')}` : '') +
      '\\n$',
  );
  const match = pattern.exec(stdout);
  expect(match, stdout).not.toBeNull();
  return { accessor: match?.[1] as string, secret: match?.[2] as string, createTime: match?.[3] as string };
}

async function newToken(policy: string, description: string): Promise<Shown & { policyId: string }> {
  const policyId = await createPolicy(cli.port, policy, 'key_prefix "app/" { policy = "read" }');
  const result = await asRoot(['acl', 'token', 'create', '-policy-name', policy, '-description', description]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return { ...parseView(result.stdout, description, [[policyId, policy]]), policyId };
}

describe('create and read', () => {
  it('create -policy-name prints the token; read -self (its secret) and -accessor-id (a prefix) print the same', async () => {
    const token = await newToken('readers', 'ci token');
    const self = await cli.kvgate(['acl', 'token', 'read', '-self'], { env: cli.env({ CONSUL_HTTP_TOKEN: token.secret }) });
    expect(self).toMatchObject({ code: 0, stderr: '' });
    const { policyId, ...shown } = token;
    expect(parseView(self.stdout, 'ci token', [[policyId, 'readers']])).toEqual(shown);
    const byPrefix = await asRoot(['acl', 'token', 'read', '-accessor-id', token.accessor.slice(0, 8)]);
    expect(byPrefix.stdout).toBe(self.stdout);
  });

  it('the deprecated -id still works, with Consul\'s warning; `anonymous` names the anonymous token', async () => {
    const token = await newToken('readers-2', 'old flag');
    const read = await asRoot(['acl', 'token', 'read', '-id', token.accessor]);
    expect(read).toMatchObject({ code: 0, stderr: 'Use the -accessor-id parameter to specify token by Accessor ID\n' });
    expect(parseView(read.stdout, 'old flag', [[token.policyId, 'readers-2']]).accessor).toBe(token.accessor);
    const anonymous = await asRoot(['acl', 'token', 'read', '-accessor-id', 'anonymous']);
    expect(anonymous.stdout).toMatch(/^AccessorID: {7}00000000-0000-0000-0000-000000000002\nSecretID: {9}anonymous\nDescription: {6}Anonymous Token\n/);
  });

  it('-format json prints the api object in Go\'s field order; -expanded lists each policy with its rules', async () => {
    const token = await newToken('as-json', 'json');
    const json = JSON.parse((await asRoot(['acl', 'token', 'read', '-accessor-id', token.accessor, '-format=json'])).stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['CreateIndex', 'ModifyIndex', 'AccessorID', 'SecretID', 'Description', 'Policies', 'Local', 'CreateTime', 'Hash']);
    expect(json).toMatchObject({ AccessorID: token.accessor, SecretID: token.secret, Policies: [{ ID: token.policyId, Name: 'as-json' }], Local: false });
    const expanded = await asRoot(['acl', 'token', 'read', '-accessor-id', token.accessor, '-expanded']);
    expect(expanded.stdout).toContain(
      `Policies:\n\tPolicy Name: as-json\n\t\tID: ${token.policyId}\n\t\tDescription: \n\t\tRules:\n\t\t\tkey_prefix "app/" { policy = "read" }\n\n=== End of Authorizer Layer 0: Token ===\n`,
    );
    expect(expanded.stdout).toContain('Resolved By Agent: "test-node"\n\nDefault Policy: deny\n');
    expect(await asRoot(['acl', 'token', 'read', '-self', '-expanded'])).toMatchObject({
      code: 1,
      stderr: 'Cannot use both -expanded and -self. Instead, use -expanded and -accessor-id=<accessor id>.\n',
    });
  });
});

describe('update, clone, list and delete', () => {
  it('update -append-policy-name keeps the token\'s policies and adds one; -policy-id (a prefix) replaces them', async () => {
    const token = await newToken('first', 'growing');
    const second = await createPolicy(cli.port, 'second', '');
    const appended = await asRoot(['acl', 'token', 'update', '-accessor-id', token.accessor, '-append-policy-name', 'second', '-description', 'grown']);
    expect(appended.code).toBe(0);
    const { policyId, ...shown } = token;
    expect(parseView(appended.stdout, 'grown', [[policyId, 'first'], [second, 'second']])).toEqual(shown);
    const replaced = await asRoot(['acl', 'token', 'update', '-accessor-id', token.accessor.slice(0, 6), '-policy-id', second.slice(0, 8)]);
    parseView(replaced.stdout, 'grown', [[second, 'second']]);
    expect(await asRoot(['acl', 'token', 'update', '-accessor-id', token.accessor, '-policy-name', 'first', '-append-policy-name', 'second'])).toMatchObject({
      code: 1,
      stderr:
        'Cannot combine the use of policy-id/policy-name flags with append- variants. To set or overwrite existing policies, use -policy-id or -policy-name. To append to existing policies, use -append-policy-id or -append-policy-name.\n',
    });
  });

  it('clone makes a token with new IDs and the same policies; list shows both, delete removes one', async () => {
    const token = await newToken('cloned', 'original');
    const clone = await asRoot(['acl', 'token', 'clone', '-accessor-id', token.accessor, '-description', 'the copy']);
    expect(clone.code).toBe(0);
    const copy = parseView(clone.stdout, 'the copy', [[token.policyId, 'cloned']]);
    expect(copy.accessor).not.toBe(token.accessor);
    expect(copy.secret).not.toBe(token.secret);

    const list = await asRoot(['acl', 'token', 'list']);
    const entries = list.stdout.split('\n\n');
    expect(entries.find((e) => e.startsWith(`AccessorID:       ${copy.accessor}\n`))).toBe(
      `AccessorID:       ${copy.accessor}\nSecretID:         ${copy.secret}\nDescription:      the copy\nLocal:            false\nCreate Time:      ${copy.createTime}\nPolicies:\n   ${token.policyId} - cloned`,
    );
    const listed = JSON.parse((await asRoot(['acl', 'token', 'list', '-format', 'json'])).stdout) as Array<Record<string, unknown>>;
    expect(Object.keys(listed.find((t) => t.AccessorID === token.accessor) ?? {})).toEqual([
      'CreateIndex', 'ModifyIndex', 'AccessorID', 'SecretID', 'Description', 'Policies', 'Local', 'CreateTime', 'Hash',
    ]);

    expect(await asRoot(['acl', 'token', 'delete', '-accessor-id', copy.accessor])).toMatchObject({ code: 0, stdout: `Token "${copy.accessor}" deleted successfully\n` });
    expect(await asRoot(['acl', 'token', 'read', '-accessor-id', copy.accessor.slice(0, 13)])).toMatchObject({
      code: 1,
      stderr: `Error determining token ID: No such token ID with prefix: ${copy.accessor.slice(0, 13)}\n`,
    });
  });
});

describe('errors', () => {
  it('a token needs a policy, role or identity; a token command needs -accessor-id', async () => {
    expect(await asRoot(['acl', 'token', 'create', '-description', 'x'])).toMatchObject({
      code: 1,
      stderr: 'Cannot create a token without specifying -policy-name, -policy-id, -role-name, -role-id, -service-identity, or -node-identity at least once\n',
    });
    expect(await asRoot(['acl', 'token', 'read'])).toMatchObject({ code: 1, stderr: 'Must specify the -accessor-id parameter\n' });
    expect(await asRoot(['acl', 'token', 'delete'])).toMatchObject({ code: 1, stderr: 'Must specify the -accessor-id parameter\n' });
    expect(await asRoot(['acl', 'token', 'clone'])).toMatchObject({ code: 1, stderr: 'Cannot update a token without specifying the -accessor-id parameter\n' });
    expect(await asRoot(['acl', 'token', 'create', '-expires-ttl', 'soon', '-policy-name', 'x'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^invalid value "soon" for flag -expires-ttl: parse error\nUsage:\n/),
    });
  });

  it('an unknown policy name or ID prefix is refused with Consul\'s texts', async () => {
    expect(await asRoot(['acl', 'token', 'create', '-policy-name', 'no-such-policy'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'Failed to create new token: Unexpected response code: 500 (No such ACL policy with name "no-such-policy")\n',
    });
    expect(await asRoot(['acl', 'token', 'create', '-policy-id', 'fffff'])).toMatchObject({
      code: 1,
      stderr: 'Error resolving policy ID : No such policy ID with prefix: fffff\n',
    });
  });

  it('without acl:write creating and deleting tokens is denied with the 403 text', async () => {
    const reader = await tokenWithRules(cli.port, 'token-reader', 'acl = "read"');
    const asReader = (args: string[]) => cli.kvgate(args, { env: cli.env({ CONSUL_HTTP_TOKEN: reader.SecretID }) });
    const denied = `Unexpected response code: 403 (Permission denied: token with AccessorID '${reader.AccessorID}' lacks permission 'acl:write')`;
    expect(await asReader(['acl', 'token', 'create', '-policy-name', 'token-reader'])).toMatchObject({ code: 1, stderr: `Failed to create new token: ${denied}\n` });
    const victim = await newToken('victim', 'victim');
    expect(await asReader(['acl', 'token', 'delete', '-accessor-id', victim.accessor])).toMatchObject({
      code: 1,
      stderr: `Error deleting token "${victim.accessor}": ${denied}\n`,
    });
    expect((await asReader(['acl', 'token', 'read', '-accessor-id', victim.accessor])).stdout).toContain('SecretID:         <hidden>\n');
  });
});
