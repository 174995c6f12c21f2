import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { OptionTable } from '../options/option-table.js';
import { onOff, oneOf } from '../options/values.js';

/** A secret given in a file: its first line, trimmed (as Consul's -token-file); '' for no file. */
const secretFile = z.string().transform((path, ctx) => {
  if (path === '') return '';
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `cannot read it: ${(err as Error).message}` });
    return z.NEVER;
  }
});

/** A secret: no spaces (it travels in a header), at most 256 characters. */
const secret = z.string().regex(/^[^\s]{0,256}$/, 'must be at most 256 characters without spaces');

/** The ACL options of `kvgate serve` (Consul's acl.* agent settings). */
export const ACL_OPTIONS = {
  aclEnabled: {
    flag: 'acl-enabled',
    arg: 'on|off',
    env: 'KVGATE_ACL_ENABLED',
    help: 'enforce ACLs: tokens, policies and roles as Consul does (off: every request may do everything)',
    default: 'off',
    bare: 'on',
    schema: onOff(),
  },
  aclDefaultPolicy: {
    flag: 'acl-default-policy',
    arg: 'allow|deny',
    env: 'KVGATE_ACL_DEFAULT_POLICY',
    help: 'what a token may do where no rule of its policies decides',
    default: 'deny',
    schema: oneOf(['allow', 'deny'] as const),
  },
  aclInitialManagementToken: {
    flag: 'acl-initial-management-token',
    arg: 'SECRET',
    env: 'KVGATE_ACL_INITIAL_MANAGEMENT_TOKEN',
    help: 'SecretID of a management token created at start, which counts as the bootstrap (prefer the -file form: flags show in ps)',
    default: '',
    schema: secret,
  },
  aclInitialManagementTokenFile: {
    flag: 'acl-initial-management-token-file',
    arg: 'PATH',
    env: 'KVGATE_ACL_INITIAL_MANAGEMENT_TOKEN_FILE',
    help: 'a file holding that SecretID',
    default: '',
    schema: secretFile,
  },
  aclDefaultToken: {
    flag: 'acl-default-token',
    arg: 'SECRET',
    env: 'KVGATE_ACL_DEFAULT_TOKEN',
    help: 'SecretID used for requests that carry no token (default: the anonymous token)',
    default: '',
    schema: secret,
  },
  aclEnableKeyListPolicy: {
    flag: 'acl-enable-key-list-policy',
    arg: 'on|off',
    env: 'KVGATE_ACL_ENABLE_KEY_LIST_POLICY',
    help: '?recurse and ?keys also need key:list on the prefix (Consul: acl.enable_key_list_policy)',
    default: 'off',
    bare: 'on',
    schema: onOff(),
  },
} satisfies OptionTable;
