import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACL_ON, ROOT, tokenWithRules } from '../support/acl.js';
import { tempDir } from '../support/cli.js';
import { useCliFixture } from '../support/cli-fixture.js';

// Against a gateway with ACLs on (default deny), every way of giving the CLI a token works —
// -token, -token-file, CONSUL_HTTP_TOKEN, CONSUL_HTTP_TOKEN_FILE, a file winning over a
// token — for kv and acl commands alike, and no token means the anonymous token's denial.

const cli = useCliFixture(ACL_ON, { emptyBetweenTests: false });

function tokenFile(secret: string): string {
  const file = join(tempDir('token'), 'token');
  writeFileSync(file, `${secret}\n`);
  return file;
}

describe('tokens from flags, files and the environment', () => {
  it('kv get with a token file reads the key; without it the 403 is shown as Consul shows it', async () => {
    expect(await cli.kvgate(['kv', 'put', `-token=${ROOT}`, 'app/port', '8080'])).toMatchObject({ code: 0 });
    const reader = await tokenWithRules(cli.port, 'app-reader', 'key_prefix "app/" { policy = "read" }');
    expect(await cli.kvgate(['kv', 'get', `-token-file=${tokenFile(reader.SecretID)}`, 'app/port'])).toMatchObject({ code: 0, stdout: '8080\n', stderr: '' });
    expect(await cli.kvgate(['kv', 'get', 'app/port'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'Error querying Consul agent: Unexpected response code: 403 (Permission denied: anonymous token lacks permission \'key:read\' on "app/port". The anonymous token is used implicitly when a request does not specify a token.)\n',
    });
  });

  it('acl commands take the token from each source, and a token file wins over a token', async () => {
    const mine = await tokenWithRules(cli.port, 'nothing-much', '');
    const other = await tokenWithRules(cli.port, 'nothing-else', '');
    const selfAccessor = async (args: string[], env: NodeJS.ProcessEnv) => {
      const result = await cli.kvgate(['acl', 'token', 'read', '-self', '-format=json', ...args], { env: cli.env(env) });
      expect(result.stderr).toBe('');
      return (JSON.parse(result.stdout) as { AccessorID: string }).AccessorID;
    };
    expect(await selfAccessor([`-token=${mine.SecretID}`], {})).toBe(mine.AccessorID);
    expect(await selfAccessor([`-token-file=${tokenFile(mine.SecretID)}`], {})).toBe(mine.AccessorID);
    expect(await selfAccessor([], { CONSUL_HTTP_TOKEN: mine.SecretID })).toBe(mine.AccessorID);
    expect(await selfAccessor([], { CONSUL_HTTP_TOKEN_FILE: tokenFile(mine.SecretID) })).toBe(mine.AccessorID);
    expect(await selfAccessor([`-token=${other.SecretID}`], { CONSUL_HTTP_TOKEN_FILE: tokenFile(mine.SecretID) })).toBe(mine.AccessorID);
    expect(await selfAccessor([`-token=${mine.SecretID}`], { CONSUL_HTTP_TOKEN: other.SecretID })).toBe(mine.AccessorID);
  });

  it('an unknown secret is "ACL not found"; an unreadable token file stops before any request', async () => {
    expect(await cli.kvgate(['acl', 'token', 'list', '-token=8d3c5a1e-0000-4000-8000-000000000000'])).toMatchObject({
      code: 1,
      stderr: 'Failed to retrieve the token list: Unexpected response code: 403 (ACL not found)\n',
    });
    expect(await cli.kvgate(['acl', 'policy', 'list', '-token-file=/nonexistent/token'])).toMatchObject({
      code: 1,
      stderr: 'Error connecting to Consul agent: Error loading token file: open /nonexistent/token: no such file or directory\n',
    });
  });
});
