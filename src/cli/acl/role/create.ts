// `kvgate acl role create` — command/acl/role/create: a named bundle of policies and identities.

import { commandHelp, fail, type Command, type CommandContext } from '../../command.js';
import { roleJson } from '../../consul/acl-json.js';
import { formatRole } from '../format-policy.js';
import { LookupError, policyIdFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, listFlag, metaFlag, output, step, withAcl } from '../shared.js';
import { nodeIdentities, serviceIdentities } from '../token/token-object.js';
import { newRole } from './role-object.js';

export const aclRoleCreate: Command = {
  name: 'acl role create',
  synopsis: 'Create an ACL role',
  help: `
Usage: kvgate acl role create -name NAME [options]

    Create a new role:

        $ kvgate acl role create -name "new-role" \\
                                 -description "This is an example role" \\
                                 -policy-id b52fc3de-5 \\
                                 -policy-name "acl-replication" \\
                                 -service-identity "web" \\
                                 -service-identity "db:east,west"
`,
  flags: {
    meta: metaFlag('role'),
    name: { kind: 'string', usage: "The new role's name. This flag is required." },
    description: { kind: 'string', usage: 'A description of the role' },
    'policy-id': listFlag('ID of a policy to use for this role. May be specified multiple times'),
    'policy-name': listFlag('Name of a policy to use for this role. May be specified multiple times'),
    'service-identity': listFlag(
      'Name of a service identity to use for this role. May be specified multiple times. Format is the SERVICENAME or SERVICENAME:DATACENTER1,DATACENTER2,...',
    ),
    'node-identity': listFlag('Name of a node identity to use for this role. May be specified multiple times. Format is NODENAME:DATACENTER'),
    format: FORMAT_FLAG,
    ...ACL_HTTP_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  if (flags.string('name') === '') {
    ui.error("Missing require '-name' flag");
    return fail(ui, commandHelp(aclRoleCreate));
  }
  if (['policy-name', 'policy-id', 'service-identity', 'node-identity'].every((name) => flags.list(name).length === 0)) {
    return fail(ui, 'Cannot create a role without specifying -policy-name, -policy-id, -service-identity, or -node-identity at least once');
  }
  return withAcl(context, async (api) => {
    const draft = newRole({ Name: flags.string('name'), Description: flags.string('description') });
    for (const name of flags.list('policy-name')) draft.Policies.push({ ID: '', Name: name });
    for (const partial of flags.list('policy-id')) {
      // Consul's message prints the (empty) resolved ID, not the prefix that was given.
      const id = await step(ui, 'Error resolving policy ID ', () => policyIdFromPartial(api, partial));
      if (id === undefined) return 1;
      draft.Policies.push({ ID: id, Name: '' });
    }
    try {
      draft.ServiceIdentities = serviceIdentities(flags.list('service-identity'));
      draft.NodeIdentities = nodeIdentities(flags.list('node-identity'));
    } catch (err) {
      if (!(err instanceof LookupError)) throw err;
      return fail(ui, err.message);
    }
    const role = await step(ui, 'Failed to create new role', () => api.roleCreate(draft));
    if (!role) return 1;
    return output(ui, flags.string('format'), () => formatRole(role, flags.bool('meta')), () => roleJson(role));
  });
}
