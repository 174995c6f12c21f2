import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseServeArgs } from '../../src/config.js';

// The ACL options of kvgate serve.

function config(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const command = parseServeArgs(argv, env);
  if (command.kind !== 'run') throw new Error('expected a configuration');
  return command.config;
}

describe('ACL options', () => {
  it('are off by default, deny by default when on, with no tokens', () => {
    expect(config([])).toMatchObject({ aclEnabled: false, aclDefaultPolicy: 'deny', aclInitialManagementToken: '', aclInitialManagementTokenFile: '', aclDefaultToken: '', aclEnableKeyListPolicy: false });
  });

  it('--acl-enabled alone turns them on; the environment works as for every option', () => {
    expect(config(['--acl-enabled']).aclEnabled).toBe(true);
    expect(config([], { KVGATE_ACL_ENABLED: 'on', KVGATE_ACL_DEFAULT_POLICY: 'allow', KVGATE_ACL_DEFAULT_TOKEN: 'abc' })).toMatchObject({ aclEnabled: true, aclDefaultPolicy: 'allow', aclDefaultToken: 'abc' });
  });

  it('reads the initial management token from a file, first line trimmed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kvgate-acl-')), 'token');
    writeFileSync(file, '  secret-from-file \n');
    expect(config(['--acl-initial-management-token-file', file]).aclInitialManagementTokenFile).toBe('secret-from-file');
  });

  it('refuses an unreadable file, a bad policy, a token with spaces, and both token and file', () => {
    expect(() => config(['--acl-initial-management-token-file', '/nonexistent/token'])).toThrow(/--acl-initial-management-token-file.*cannot read it/);
    expect(() => config(['--acl-default-policy', 'maybe'])).toThrow(/must be one of allow, deny/);
    expect(() => config(['--acl-default-token', 'a b'])).toThrow(ConfigError);
    const file = join(mkdtempSync(join(tmpdir(), 'kvgate-acl-')), 'token');
    writeFileSync(file, 'x');
    expect(() => config(['--acl-initial-management-token', 'y', '--acl-initial-management-token-file', file])).toThrow(/give one of them/);
  });
});
