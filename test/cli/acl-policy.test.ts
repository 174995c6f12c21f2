import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACL_ON, createPolicy, ROOT, tokenWithRules } from '../support/acl.js';
import { tempDir } from '../support/cli.js';
import { useCliFixture } from '../support/cli-fixture.js';

// `kvgate acl policy …` against a gateway with ACLs on: what Consul's CLI prints for a
// policy, the lookups by name and by ID prefix, merge-updates, and its error texts.

const cli = useCliFixture(ACL_ON, { emptyBetweenTests: false });
const asRoot = (args: string[]) => cli.kvgate(args, { env: cli.env({ CONSUL_HTTP_TOKEN: ROOT }) });
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const RULES = 'key_prefix "app/" {\n  policy = "read"\n}\n';

/** The pretty view of a policy, as Consul's formatter writes it (and Info adds a newline). */
const view = (id: string, name: string, description: string, datacenters: string, rules: string) =>
  `ID:           ${id}\nName:         ${name}\nDescription:  ${description}\nDatacenters:  ${datacenters}\nRules:\n${rules}\n`;

async function created(name: string): Promise<string> {
  const file = join(tempDir('rules'), 'rules.hcl');
  writeFileSync(file, RULES);
  const result = await asRoot(['acl', 'policy', 'create', `-name=${name}`, '-description', 'reads app', '-rules', `@${file}`]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  const id = new RegExp(`^ID: {11}(${UUID})\\n`).exec(result.stdout)?.[1] as string;
  expect(result.stdout).toBe(view(id, name, 'reads app', '', RULES));
  return id;
}

describe('create and read', () => {
  it('create from @file prints the policy with its HCL rules; read by name and by an ID prefix print the same', async () => {
    const id = await created('app-read');
    const expected = view(id, 'app-read', 'reads app', '', RULES);
    expect(await asRoot(['acl', 'policy', 'read', '-name', 'app-read'])).toMatchObject({ code: 0, stdout: expected, stderr: '' });
    expect(await asRoot(['acl', 'policy', 'read', '-id', id.slice(0, 8)])).toMatchObject({ code: 0, stdout: expected, stderr: '' });
    expect((await asRoot(['acl', 'policy', 'read', '-id', 'global-management'])).stdout).toMatch(/^ID: {11}00000000-0000-0000-0000-000000000001\nName: {9}global-management\n/);
  });

  it('rules may come from stdin (-) or be given literally', async () => {
    const fromStdin = await cli.kvgate(['acl', 'policy', 'create', '-name', 'from-stdin', '-rules', '-'], { env: cli.env({ CONSUL_HTTP_TOKEN: ROOT }), stdin: 'session_prefix "" { policy = "write" }' });
    expect(fromStdin.stdout).toMatch(/\nRules:\nsession_prefix "" \{ policy = "write" \}\n$/);
    const literal = await asRoot(['acl', 'policy', 'create', '-name', 'literal', '-rules', 'key "a" { policy = "deny" }']);
    expect(literal.stdout).toMatch(/\nRules:\nkey "a" \{ policy = "deny" \}\n$/);
  });

  it('-format json prints the api object (Datacenters null when unset); -meta adds the hash and indexes', async () => {
    const id = await created('as-json');
    const json = await asRoot(['acl', 'policy', 'read', '-name', 'as-json', '-format', 'json']);
    const policy = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(policy)).toEqual(['ID', 'Name', 'Description', 'Rules', 'Datacenters', 'Hash', 'CreateIndex', 'ModifyIndex']);
    expect(policy).toMatchObject({ ID: id, Name: 'as-json', Rules: RULES, Datacenters: null });
    expect(json.stdout).toMatch(/^\{\n {4}"ID": "/);
    const hash = Buffer.from(policy.Hash as string, 'base64').toString('hex');
    const meta = await asRoot(['acl', 'policy', 'read', '-id', id, '-meta']);
    expect(meta.stdout).toContain(`Datacenters:  \nHash:         ${hash}\nCreate Index: ${policy.CreateIndex}\nModify Index: ${policy.ModifyIndex}\nRules:\n`);
  });
});

describe('update, list and delete', () => {
  it('update changes only the fields given; -no-merge replaces them all', async () => {
    const id = await created('to-update');
    const merged = await asRoot(['acl', 'policy', 'update', '-id', id.slice(0, 10), '-description', 'now for two dcs', '-valid-datacenter', 'dc1', '-valid-datacenter', 'dc2']);
    expect(merged).toMatchObject({ code: 0, stdout: view(id, 'to-update', 'now for two dcs', 'dc1, dc2', RULES) });
    const renamed = await asRoot(['acl', 'policy', 'update', '-name', 'to-update', '-rules', 'key "x" { policy = "write" }']);
    expect(renamed.stdout).toBe(view(id, 'to-update', 'now for two dcs', 'dc1, dc2', 'key "x" { policy = "write" }'));
    const replaced = await asRoot(['acl', 'policy', 'update', '-id', id, '-no-merge', '-name', 'replaced']);
    expect(replaced.stdout).toBe(view(id, 'replaced', '', '', ''));
  });

  it('list prints each policy under its name; its JSON form has no Rules', async () => {
    const id = await created('listed');
    const list = await asRoot(['acl', 'policy', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`listed:\n   ID:           ${id}\n   Description:  reads app\n   Datacenters:  \n`);
    expect(list.stdout).toMatch(/^global-management:\n {3}ID: {11}00000000-0000-0000-0000-000000000001\n/);
    const entries = JSON.parse((await asRoot(['acl', 'policy', 'list', '-format=json'])).stdout) as Array<Record<string, unknown>>;
    expect(Object.keys(entries.find((p) => p.ID === id) ?? {})).toEqual(['ID', 'Name', 'Description', 'Datacenters', 'Hash', 'CreateIndex', 'ModifyIndex']);
  });

  it('delete by name or ID prefix says so; the policy is then gone', async () => {
    const id = await created('doomed');
    expect(await asRoot(['acl', 'policy', 'delete', '-name', 'doomed'])).toMatchObject({ code: 0, stdout: `Policy "${id}" deleted successfully\n` });
    expect(await asRoot(['acl', 'policy', 'read', '-name', 'doomed'])).toMatchObject({ code: 1, stdout: '', stderr: 'Error policy not found: doomed\n' });
    const other = await created('doomed-too');
    expect(await asRoot(['acl', 'policy', 'delete', '-id', other.slice(0, 12)])).toMatchObject({ code: 0, stdout: `Policy "${other}" deleted successfully\n` });
  });
});

describe('errors', () => {
  it('usage errors exit 1 before any request', async () => {
    expect(await asRoot(['acl', 'policy', 'read'])).toMatchObject({ code: 1, stderr: 'Must specify either the -id or -name parameters\n' });
    const noName = await asRoot(['acl', 'policy', 'create', '-rules', 'x']);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toMatch(/^Missing require '-name' flag\nUsage: kvgate acl policy create -name NAME \[options\]\n[\s\S]*Command Options\n\n {2}-description=<string>\n/);
    expect(await asRoot(['acl', 'policy', 'create', '-nme', 'x'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^flag provided but not defined: -nme\nUsage:\n/) });
  });

  it('an unknown prefix, an unknown ID and bad rules answer Consul\'s texts', async () => {
    expect(await asRoot(['acl', 'policy', 'read', '-id', 'fffff'])).toMatchObject({ code: 1, stderr: 'Error determining policy ID: No such policy ID with prefix: fffff\n' });
    const unknown = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    expect(await asRoot(['acl', 'policy', 'read', '-id', unknown])).toMatchObject({
      code: 1,
      stderr: `Error reading policy "id:${unknown}": Unexpected response code: 404 (Requested policy does not exist: ACL not found)\n`,
    });
    const bad = await asRoot(['acl', 'policy', 'create', '-name', 'bad-rules', '-rules', 'key "a" {']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Failed to create new policy: Unexpected response code: 500 \(Failed to parse ACL rules: /);
  });

  it('an unknown -format fails after the policy was created, as Consul does', async () => {
    expect(await asRoot(['acl', 'policy', 'create', '-name', 'odd-format', '-format', 'yaml'])).toMatchObject({ code: 1, stdout: '', stderr: 'Unknown format: yaml\n' });
    expect((await asRoot(['acl', 'policy', 'read', '-name', 'odd-format'])).code).toBe(0);
  });

  it('without acl:write the writes are denied with the 403 text (a delete shows Go\'s empty body)', async () => {
    const reader = await tokenWithRules(cli.port, 'acl-reader', 'acl = "read"');
    const id = await createPolicy(cli.port, 'protected', '');
    const asReader = (args: string[]) => cli.kvgate(args, { env: cli.env({ CONSUL_HTTP_TOKEN: reader.SecretID }) });
    expect(await asReader(['acl', 'policy', 'create', '-name', 'nope'])).toMatchObject({
      code: 1,
      stderr: `Failed to create new policy: Unexpected response code: 403 (Permission denied: token with AccessorID '${reader.AccessorID}' lacks permission 'acl:write')\n`,
    });
    expect(await asReader(['acl', 'policy', 'delete', '-id', id])).toMatchObject({ code: 1, stderr: `Error deleting policy "${id}": Unexpected response code: 403 ()\n` });
    expect((await asReader(['acl', 'policy', 'read', '-id', id])).code).toBe(0);
    expect(await cli.kvgate(['acl', 'policy', 'list'])).toMatchObject({
      code: 1,
      stderr:
        "Failed to retrieve the policy list: Unexpected response code: 403 (Permission denied: anonymous token lacks permission 'acl:read'. The anonymous token is used implicitly when a request does not specify a token.)\n",
    });
  });
});
