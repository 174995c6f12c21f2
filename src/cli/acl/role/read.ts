// `kvgate acl role read` — command/acl/role/read: by name, or by ID (a unique prefix).

import { quote } from '../../../go/strconv.js';
import { fail, type Command, type CommandContext } from '../../command.js';
import { roleJson } from '../../consul/acl-json.js';
import type { AclRole } from '../../consul/acl-structs.js';
import { formatRole } from '../format-policy.js';
import { roleIdFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, metaFlag, output, step, withAcl } from '../shared.js';

export const aclRoleRead: Command = {
  name: 'acl role read',
  synopsis: 'Read an ACL role',
  help: `
Usage: kvgate acl role read [options] ROLE

    This command will retrieve and print out the details
    of a single role.

    Read:

        $ kvgate acl role read -id fdabbcb5-9de5-4b1a-961f-77214ae88cba

    Read by name:

        $ kvgate acl role read -name my-policy

`,
  flags: {
    meta: metaFlag('role'),
    id: { kind: 'string', usage: 'The ID of the role to read. It may be specified as a unique ID prefix but will error if the prefix matches multiple policy IDs' },
    name: { kind: 'string', usage: 'The name of the role to read.' },
    format: FORMAT_FLAG,
    ...ACL_HTTP_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  const partial = flags.string('id');
  const name = flags.string('name');
  if (partial === '' && name === '') return fail(ui, 'Must specify either the -id or -name parameters');
  return withAcl(context, async (api) => {
    let role: AclRole | null | undefined;
    if (partial !== '') {
      const id = await step(ui, 'Error determining role ID', () => roleIdFromPartial(api, partial));
      if (id === undefined) return 1;
      role = await step(ui, `Error reading role ${quote(id)}`, () => api.roleRead(id));
      if (role === null) return fail(ui, `Role not found with ID ${quote(id)}`);
    } else {
      role = await step(ui, `Error reading role ${quote(name)}`, () => api.roleReadByName(name));
      if (role === null) return fail(ui, `Role not found with name ${quote(name)}`);
    }
    if (role === undefined) return 1;
    const found = role;
    return output(ui, flags.string('format'), () => formatRole(found, flags.bool('meta')), () => roleJson(found));
  });
}
