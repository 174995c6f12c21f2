// `kvgate acl policy delete` — command/acl/policy/delete: by ID (a unique prefix) or name.

import { quote } from '../../../go/strconv.js';
import { fail, type Command, type CommandContext } from '../../command.js';
import { policyIdByName, policyIdFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, step, withAcl } from '../shared.js';

export const aclPolicyDelete: Command = {
  name: 'acl policy delete',
  synopsis: 'Delete an ACL policy',
  help: `
Usage: kvgate acl policy delete [options] -id POLICY

    Deletes an ACL policy by providing either the ID or a unique ID prefix.

    Delete by prefix:

        $ kvgate acl policy delete -id b6b85

    Delete by full ID:

        $ kvgate acl policy delete -id b6b856da-5193-4e78-845a-7d61ca8371ba

`,
  flags: {
    id: { kind: 'string', usage: 'The ID of the policy to delete. It may be specified as a unique ID prefix but will error if the prefix matches multiple policy IDs' },
    name: { kind: 'string', usage: 'The name of the policy to delete.' },
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
    const id = await step(ui, 'Error determining policy ID', () => (partial !== '' ? policyIdFromPartial(api, partial) : policyIdByName(api, name)));
    if (id === undefined) return 1;
    const deleted = await step(ui, `Error deleting policy ${quote(id)}`, async () => {
      await api.policyDelete(id);
      return true;
    });
    if (!deleted) return 1;
    ui.info(`Policy ${quote(id)} deleted successfully`);
    return 0;
  });
}
