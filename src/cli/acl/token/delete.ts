// `kvgate acl token delete` — command/acl/token/delete: by accessor ID or a unique prefix.

import { quote } from '../../../go/strconv.js';
import type { Command, CommandContext } from '../../command.js';
import { tokenAccessorFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, step, withAcl } from '../shared.js';
import { accessorArgument, accessorFlags } from './accessor.js';

export const aclTokenDelete: Command = {
  name: 'acl token delete',
  synopsis: 'Delete an ACL token',
  help: `
Usage: kvgate acl token delete [options] -accessor-id TOKEN

  Deletes an ACL token by providing either the ID or a unique ID prefix.

      Delete by prefix:

          $ kvgate acl token delete -accessor-id b6b85

      Delete by full ID:

          $ kvgate acl token delete -accessor-id b6b856da-5193-4e78-845a-7d61ca8371ba
`,
  flags: {
    ...accessorFlags('The Accessor ID of the token to delete. It may be specified as a unique ID prefix but will error if the prefix matches multiple token Accessor IDs'),
    ...ACL_HTTP_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { ui } = context;
  const partial = accessorArgument(context, 'Must specify the -accessor-id parameter', 'Use the -accessor-id parameter to specify token by Accessor ID.');
  if (partial === undefined) return 1;
  return withAcl(context, async (api) => {
    const accessor = await step(ui, 'Error determining token ID', () => tokenAccessorFromPartial(api, partial));
    if (accessor === undefined) return 1;
    const deleted = await step(ui, `Error deleting token ${quote(accessor)}`, async () => {
      await api.tokenDelete(accessor);
      return true;
    });
    if (!deleted) return 1;
    ui.info(`Token ${quote(accessor)} deleted successfully`);
    return 0;
  });
}
