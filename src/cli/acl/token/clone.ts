// `kvgate acl token clone` — command/acl/token/clone: a new token (new IDs) with the same
// links, optionally with another description.

import type { Command, CommandContext } from '../../command.js';
import { tokenJson } from '../../consul/acl-json.js';
import { formatToken } from '../format-token.js';
import { tokenAccessorFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, output, step, withAcl } from '../shared.js';
import { accessorArgument, accessorFlags } from './accessor.js';

export const aclTokenClone: Command = {
  name: 'acl token clone',
  synopsis: 'Clone an ACL token',
  help: `
Usage: kvgate acl token clone [options]

    This command will clone a token. When cloning an alternate description may be given
    for use with the new token.

    Example:

        $ kvgate acl token clone -accessor-id abcd -description "replication"
`,
  flags: {
    ...accessorFlags(
      "The Accessor ID of the token to clone. It may be specified as a unique ID prefix but will error if the prefix matches multiple token Accessor IDs. The special value of 'anonymous' may be provided instead of the anonymous tokens accessor ID",
    ),
    description: { kind: 'string', usage: 'A description of the new cloned token' },
    format: FORMAT_FLAG,
    ...ACL_HTTP_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  // "update" is Consul's wording here too.
  const partial = accessorArgument(context, 'Cannot update a token without specifying the -accessor-id parameter', 'The -id parameter is deprecated. Use the -accessor-id parameter instead.');
  if (partial === undefined) return 1;
  return withAcl(context, async (api) => {
    const accessor = await step(ui, 'Error determining token Accessor ID', () => tokenAccessorFromPartial(api, partial));
    if (accessor === undefined) return 1;
    const token = await step(ui, 'Error cloning token', () => api.tokenClone(accessor, flags.string('description')));
    if (!token) return 1;
    return output(ui, flags.string('format'), () => formatToken(token, false), () => tokenJson(token));
  });
}
