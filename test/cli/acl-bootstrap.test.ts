import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { useCliFixture } from '../support/cli-fixture.js';

// `kvgate acl bootstrap` against gateways with ACLs on and no initial management token: the
// one management token, printed as Consul prints a token, then Consul's 403 on a second run.

const TOKEN_VIEW = new RegExp(
  [
    '^AccessorID: {7}(?<accessor>[0-9a-f-]{36})',
    'SecretID: {9}(?<secret>[0-9a-f-]{36})',
    'Description: {6}Bootstrap Token \\(Global Management\\)',
    'Local: {12}false',
    'Create Time: {6}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC',
    'Policies:',
    ' {3}00000000-0000-0000-0000-000000000001 - global-management',
    '',
    '$',
  ].join('\\n'),
);

describe('acl bootstrap', () => {
  const cli = useCliFixture({ aclEnabled: true }, { emptyBetweenTests: false });

  it('prints the new management token, whose secret then works; a second run is refused with 403, exit 1', async () => {
    const first = await cli.kvgate(['acl', 'bootstrap']);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const secret = TOKEN_VIEW.exec(first.stdout)?.groups?.secret;
    expect(secret, first.stdout).toBeDefined();
    expect(await cli.kvgate(['kv', 'put', `-token=${secret}`, 'k', 'v'])).toMatchObject({ code: 0, stdout: 'Success! Data written to: k\n' });

    const self = await cli.kvgate(['acl', 'token', 'read', '-self', '-format=json'], { env: cli.env({ CONSUL_HTTP_TOKEN: secret }) });
    const index = (JSON.parse(self.stdout) as { CreateIndex: number }).CreateIndex;
    const again = await cli.kvgate(['acl', 'bootstrap']);
    expect(again).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `Failed ACL bootstrapping: Unexpected response code: 403 (Permission denied: ACL bootstrap no longer allowed (reset index: ${index}))\n`,
    });
  });
});

describe('acl bootstrap with a chosen secret', () => {
  const cli = useCliFixture({ aclEnabled: true }, { emptyBetweenTests: false });
  const chosen = '4a7b2c1d-0e3f-4a5b-9c8d-7e6f5a4b3c2d';

  it('reads the secret from a file (trimmed) and creates the token with it', async () => {
    const file = join(tempDir('bootstrap'), 'secret');
    writeFileSync(file, `${chosen}\n`);
    const result = await cli.kvgate(['acl', 'bootstrap', '-format=json', file]);
    expect(result.code).toBe(0);
    const token = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(token)).toEqual(['CreateIndex', 'ModifyIndex', 'AccessorID', 'SecretID', 'Description', 'Policies', 'Local', 'CreateTime', 'Hash']);
    expect(token).toMatchObject({ SecretID: chosen, Description: 'Bootstrap Token (Global Management)' });
  });

  it('refuses a second argument and a missing file before calling the agent', async () => {
    expect(await cli.kvgate(['acl', 'bootstrap', 'a', 'b'])).toMatchObject({ code: 1, stderr: 'This command takes up to one argument\n' });
    expect(await cli.kvgate(['acl', 'bootstrap', '/nonexistent/secret'])).toMatchObject({
      code: 1,
      stderr: 'Error reading provided token: Failed to read file: open /nonexistent/secret: no such file or directory\n',
    });
  });
});
