// `kvgate acl role list` — command/acl/role/list.

import type { Command, CommandContext } from '../../command.js';
import { roleJson } from '../../consul/acl-json.js';
import { formatRoleList } from '../format-policy.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, metaFlag, output, step, withAcl } from '../shared.js';

export const aclRoleList: Command = {
  name: 'acl role list',
  synopsis: 'Lists ACL roles',
  help: `
Usage: kvgate acl role list [options]

    Lists all the ACL roles.

    Example:

        $ kvgate acl role list
`,
  // "policy metadata" is Consul's text for roles too.
  flags: { meta: metaFlag('policy'), format: FORMAT_FLAG, ...ACL_HTTP_FLAGS },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  return withAcl(context, async (api) => {
    const roles = await step(ui, 'Failed to retrieve the role list', () => api.roleList());
    if (!roles) return 1;
    return output(ui, flags.string('format'), () => formatRoleList(roles, flags.bool('meta')), () => roles.map(roleJson));
  });
}
