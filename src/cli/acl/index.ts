// `kvgate acl …`: the subcommands of command/acl that manage what kvgate's ACL API serves
// (bootstrap, policies, tokens, roles).

import type { Command } from '../command.js';
import { aclBootstrap } from './bootstrap.js';
import { aclPolicyCreate } from './policy/create.js';
import { aclPolicyDelete } from './policy/delete.js';
import { aclPolicyList } from './policy/list.js';
import { aclPolicyRead } from './policy/read.js';
import { aclPolicyUpdate } from './policy/update.js';
import { aclRoleCreate } from './role/create.js';
import { aclRoleDelete } from './role/delete.js';
import { aclRoleList } from './role/list.js';
import { aclRoleRead } from './role/read.js';
import { aclRoleUpdate } from './role/update.js';
import { aclTokenClone } from './token/clone.js';
import { aclTokenCreate } from './token/create.js';
import { aclTokenDelete } from './token/delete.js';
import { aclTokenList } from './token/list.js';
import { aclTokenRead } from './token/read.js';
import { aclTokenUpdate } from './token/update.js';

export const ACL_COMMANDS: readonly Command[] = [
  aclBootstrap,
  aclPolicyCreate,
  aclPolicyDelete,
  aclPolicyList,
  aclPolicyRead,
  aclPolicyUpdate,
  aclRoleCreate,
  aclRoleDelete,
  aclRoleList,
  aclRoleRead,
  aclRoleUpdate,
  aclTokenClone,
  aclTokenCreate,
  aclTokenDelete,
  aclTokenList,
  aclTokenRead,
  aclTokenUpdate,
];

export { ACL_GROUPS } from './help.js';
