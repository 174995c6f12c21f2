// `kvgate acl role delete` — command/acl/role/delete: by ID (a unique prefix) or name.

import { quote } from '../../../go/strconv.js';
import { fail, type Command, type CommandContext } from '../../command.js';
import { roleIdByName, roleIdFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, step, withAcl } from '../shared.js';

export const aclRoleDelete: Command = {
  name: 'acl role delete',
  synopsis: 'Delete an ACL role',
  help: `
Usage: kvgate acl role delete [options] -id ROLE

    Deletes an ACL role by providing the ID or a unique ID prefix.

    Delete by prefix:

        $ kvgate acl role delete -id b6b85

    Delete by full ID:

        $ kvgate acl role delete -id b6b856da-5193-4e78-845a-7d61ca8371ba

`,
  flags: {
    id: { kind: 'string', usage: 'The ID of the role to delete. It may be specified as a unique ID prefix but will error if the prefix matches multiple role IDs' },
    name: { kind: 'string', usage: 'The name of the role to delete.' },
    ...ACL_HTTP_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  const partial = flags.string('id');
  const name = flags.string('name');
  if (partial === '' && name === '') return fail(ui, 'Must specify the -id or -name parameters');
  return withAcl(context, async (api) => {
    const id = await step(ui, 'Error determining role ID', () => (partial !== '' ? roleIdFromPartial(api, partial) : roleIdByName(api, name)));
    if (id === undefined) return 1;
    const deleted = await step(ui, `Error deleting role ${quote(id)}`, async () => {
      await api.roleDelete(id);
      return true;
    });
    if (!deleted) return 1;
    ui.info(`Role ${quote(id)} deleted successfully`);
    return 0;
  });
}
