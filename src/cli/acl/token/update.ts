// `kvgate acl token update` — command/acl/token/update: reads the token, then replaces or
// appends its links and identities as the flags say, keeping everything else.

import { fail, type Command, type CommandContext } from '../../command.js';
import { tokenJson } from '../../consul/acl-json.js';
import { formatToken } from '../format-token.js';
import { tokenAccessorFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, listFlag, metaFlag, output, step, withAcl } from '../shared.js';
import { accessorArgument, accessorFlags } from './accessor.js';
import { applyUpdate } from './update-grants.js';

const deprecated = (usage: string) => ({ kind: 'bool' as const, usage, hidden: true });

export const aclTokenUpdate: Command = {
  name: 'acl token update',
  synopsis: 'Update an ACL token',
  help: `
Usage: kvgate acl token update [options]

    This command will update a token. Some parts such as marking the token local
    cannot be changed.

    Update a token description and take the policies from the existing token:

        $ kvgate acl token update -accessor-id abcd -description "replication" -merge-policies

    Update all editable fields of the token:

        $ kvgate acl token update -accessor-id abcd \\
                                  -description "replication" \\
                                  -policy-name "token-replication" \\
                                  -role-name "db-updater"
`,
  flags: {
    meta: metaFlag('token'),
    ...accessorFlags('The Accessor ID of the token to update. It may be specified as a unique ID prefix but will error if the prefix matches multiple token Accessor IDs'),
    description: { kind: 'string', usage: 'A description of the token' },
    'policy-id': listFlag('ID of a policy to use for this token. Overwrites existing policies. May be specified multiple times'),
    'append-policy-id': listFlag('ID of a policy to use for this token. The token retains existing policies. May be specified multiple times'),
    'policy-name': listFlag('Name of a policy to use for this token. Overwrites existing policies. May be specified multiple times'),
    'append-policy-name': listFlag('Name of a policy to add to this token. The token retains existing policies. May be specified multiple times'),
    'role-id': listFlag('ID of a role to use for this token. Overwrites existing roles. May be specified multiple times'),
    'role-name': listFlag('Name of a role to use for this token. Overwrites existing roles. May be specified multiple times'),
    'append-role-id': listFlag('ID of a role to add to this token. The token retains existing roles. May be specified multiple times'),
    'append-role-name': listFlag('Name of a role to add to this token. The token retains existing roles. May be specified multiple times'),
    'service-identity': listFlag(
      'Name of a service identity to use for this token. May be specified multiple times. Format is the SERVICENAME or SERVICENAME:DATACENTER1,DATACENTER2,...',
    ),
    // "specifiedmultiple" is Consul's text.
    'append-service-identity': listFlag(
      'Name of a service identity to use for this token. This token retains existing service identities. May be specifiedmultiple times. Format is the SERVICENAME or SERVICENAME:DATACENTER1,DATACENTER2,...',
    ),
    'node-identity': listFlag('Name of a node identity to use for this token. May be specified multiple times. Format is NODENAME:DATACENTER'),
    'append-node-identity': listFlag(
      'Name of a node identity to use for this token. This token retains existing node identities. May be specified multiple times. Format is NODENAME:DATACENTER',
    ),
    format: FORMAT_FLAG,
    ...ACL_HTTP_FLAGS,
    'merge-policies': deprecated('DEPRECATED. Use -append-policy-id or -append-policy-name instead.'),
    'merge-roles': deprecated('DEPRECATED. Use -append-role-id or -append-role-name instead.'),
    'merge-service-identities': deprecated('DEPRECATED. Use -append-service-identity instead.'),
    'merge-node-identities': deprecated('DEPRECATED. Use -append-node-identity instead.'),
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  const partial = accessorArgument(context, 'Cannot update a token without specifying the -accessor-id parameter', 'Use the -accessor-id parameter to specify token by Accessor ID');
  if (partial === undefined) return 1;
  return withAcl(context, async (api) => {
    const accessor = await step(ui, 'Error determining token ID', () => tokenAccessorFromPartial(api, partial));
    if (accessor === undefined) return 1;
    const token = await step(ui, 'Error when retrieving current token', () => api.tokenRead(accessor));
    if (!token) return 1;
    if (flags.string('description') !== '') token.Description = flags.string('description');
    const refused = await applyUpdate(api, token, flags, ui);
    if (refused !== undefined) return fail(ui, refused);
    const updated = await step(ui, `Failed to update token ${accessor}`, () => api.tokenUpdate(token));
    if (!updated) return 1;
    return output(ui, flags.string('format'), () => formatToken(updated, flags.bool('meta')), () => tokenJson(updated));
  });
}
