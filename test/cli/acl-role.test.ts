import { describe, expect, it } from 'vitest';
import { ACL_ON, createPolicy, ROOT } from '../support/acl.js';
import { useCliFixture } from '../support/cli-fixture.js';

// `kvgate acl role …` against a gateway with ACLs on: roles printed as Consul prints them,
// merged updates, and tokens that hold a role.

const cli = useCliFixture(ACL_ON, { emptyBetweenTests: false });
const asRoot = (args: string[]) => cli.kvgate(args, { env: cli.env({ CONSUL_HTTP_TOKEN: ROOT }) });
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('acl role', () => {
  it('create prints the role; read by name and by ID prefix print the same; update adds a policy', async () => {
    const readers = await createPolicy(cli.port, 'role-readers', 'key_prefix "" { policy = "read" }');
    const created = await asRoot(['acl', 'role', 'create', '-name', 'ops', '-description', 'operators', '-policy-name', 'role-readers']);
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
    const id = new RegExp(`^ID: {11}(${UUID})\\n`).exec(created.stdout)?.[1] as string;
    expect(created.stdout).toBe(`ID:           ${id}\nName:         ops\nDescription:  operators\nPolicies:\n   ${readers} - role-readers\n\n`);
    expect((await asRoot(['acl', 'role', 'read', '-name', 'ops'])).stdout).toBe(created.stdout);
    expect((await asRoot(['acl', 'role', 'read', '-id', id.slice(0, 8)])).stdout).toBe(created.stdout);

    const writers = await createPolicy(cli.port, 'role-writers', '');
    const updated = await asRoot(['acl', 'role', 'update', '-id', id.slice(0, 8), '-policy-name', 'role-writers', '-policy-name', 'role-readers']);
    expect(updated.stdout).toBe(`ID:           ${id}\nName:         ops\nDescription:  operators\nPolicies:\n   ${readers} - role-readers\n   ${writers} - role-writers\n\n`);
    const listed = await asRoot(['acl', 'role', 'list']);
    expect(listed.stdout).toContain(`ops:\n   ID:           ${id}\n   Description:  operators\n   Policies:\n      ${readers} - role-readers\n      ${writers} - role-writers\n`);
    const json = JSON.parse((await asRoot(['acl', 'role', 'read', '-id', id, '-format', 'json'])).stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['ID', 'Name', 'Description', 'Policies', 'Hash', 'CreateIndex', 'ModifyIndex']);
  });

  it('a token created with -role-name lists the role; a deleted role is gone', async () => {
    await createPolicy(cli.port, 'for-role', '');
    const role = await asRoot(['acl', 'role', 'create', '-name', 'deployers', '-policy-name', 'for-role']);
    const id = new RegExp(`^ID: {11}(${UUID})`).exec(role.stdout)?.[1] as string;
    const token = await asRoot(['acl', 'token', 'create', '-role-name', 'deployers']);
    expect(token.stdout).toMatch(new RegExp(`\\nRoles:\\n {3}${id} - deployers\\n\\n$`));
    expect(await asRoot(['acl', 'role', 'delete', '-name', 'deployers'])).toMatchObject({ code: 0, stdout: `Role "${id}" deleted successfully\n` });
    expect(await asRoot(['acl', 'role', 'read', '-name', 'deployers'])).toMatchObject({ code: 1, stderr: 'Role not found with name "deployers"\n' });
  });

  it('usage errors and refusals use Consul\'s texts', async () => {
    expect(await asRoot(['acl', 'role', 'create', '-name', 'empty'])).toMatchObject({
      code: 1,
      stderr: 'Cannot create a role without specifying -policy-name, -policy-id, -service-identity, or -node-identity at least once\n',
    });
    expect(await asRoot(['acl', 'role', 'update', '-name', 'x'])).toMatchObject({ code: 1, stderr: 'Cannot update a role without specifying the -id parameter\n' });
    expect(await asRoot(['acl', 'role', 'delete'])).toMatchObject({ code: 1, stderr: 'Must specify the -id or -name parameters\n' });
    expect(await asRoot(['acl', 'role', 'create', '-name', 'bad name!', '-policy-name', 'for-role'])).toMatchObject({
      code: 1,
      stderr: "Failed to create new role: Unexpected response code: 500 (Invalid Role: invalid Name. Only alphanumeric characters, '-' and '_' are allowed)\n",
    });
  });
});
