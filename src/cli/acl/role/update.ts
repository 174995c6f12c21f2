// `kvgate acl role update` — command/acl/role/update: adds the given policies and identities
// to the role (or, with -no-merge, replaces every field).

import { quote } from '../../../go/strconv.js';
import { fail, type Command, type CommandContext } from '../../command.js';
import { roleJson } from '../../consul/acl-json.js';
import type { AclRole } from '../../consul/acl-structs.js';
import { formatRole } from '../format-policy.js';
import { LookupError, policyIdFromPartial, roleIdFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, listFlag, metaFlag, output, step, withAcl } from '../shared.js';
import { nodeIdentities, serviceIdentities } from '../token/token-object.js';
import { newRole } from './role-object.js';

export const aclRoleUpdate: Command = {
  name: 'acl role update',
  synopsis: 'Update an ACL role',
  help: `
Usage: kvgate acl role update [options]

  Updates a role. By default it will merge the role information with its
  current state so that you do not have to provide all parameters. This
  behavior can be disabled by passing -no-merge.

  Rename the role:

          $ kvgate acl role update -id abcd -name "better-name"

  Update all editable fields of the role:

          $ kvgate acl role update -id abcd \\
                                   -name "better-name" \\
                                   -description "replication" \\
                                   -policy-name "token-replication" \\
                                   -service-identity "web"
`,
  flags: {
    meta: metaFlag('role'),
    id: { kind: 'string', usage: 'The ID of the role to update. It may be specified as a unique ID prefix but will error if the prefix matches multiple role IDs' },
    name: { kind: 'string', usage: 'The role name.' },
    description: { kind: 'string', usage: 'A description of the role' },
    'policy-id': listFlag('ID of a policy to use for this role. May be specified multiple times'),
    'policy-name': listFlag('Name of a policy to use for this role. May be specified multiple times'),
    'service-identity': listFlag(
      'Name of a service identity to use for this role. May be specified multiple times. Format is the SERVICENAME or SERVICENAME:DATACENTER1,DATACENTER2,...',
    ),
    'node-identity': listFlag('Name of a node identity to use for this role. May be specified multiple times. Format is NODENAME:DATACENTER'),
    'no-merge': {
      kind: 'bool',
      usage: 'Do not merge the current role information with what is provided to the command. Instead overwrite all fields with the exception of the role ID which is immutable.',
    },
    format: FORMAT_FLAG,
    ...ACL_HTTP_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  if (flags.string('id') === '') return fail(ui, 'Cannot update a role without specifying the -id parameter');
  return withAcl(context, async (api) => {
    const id = await step(ui, 'Error determining role ID', () => roleIdFromPartial(api, flags.string('id')));
    if (id === undefined) return 1;
    let services, nodes;
    try {
      services = serviceIdentities(flags.list('service-identity'));
      nodes = nodeIdentities(flags.list('node-identity'));
    } catch (err) {
      if (!(err instanceof LookupError)) throw err;
      return fail(ui, err.message);
    }
    const current = await step(ui, 'Error when retrieving current role', () => api.roleRead(id));
    if (current === undefined) return 1;
    if (current === null) return fail(ui, `Role not found with ID ${quote(id)}`);
    const noMerge = flags.bool('no-merge');
    // -no-merge sends the ID as given on the command line, as Consul does.
    const role: AclRole = noMerge
      ? newRole({ ID: flags.string('id'), Name: flags.string('name'), Description: flags.string('description'), ServiceIdentities: services, NodeIdentities: nodes })
      : current;
    if (!noMerge) {
      if (flags.string('name') !== '') role.Name = flags.string('name');
      if (flags.string('description') !== '') role.Description = flags.string('description');
    }
    for (const name of flags.list('policy-name')) if (noMerge || !role.Policies.some((l) => l.Name === name)) role.Policies.push({ ID: '', Name: name });
    for (const partial of flags.list('policy-id')) {
      const policyId = await step(ui, 'Error resolving policy ID ', () => policyIdFromPartial(api, partial));
      if (policyId === undefined) return 1;
      if (noMerge || !role.Policies.some((l) => l.ID === policyId)) role.Policies.push({ ID: policyId, Name: '' });
    }
    if (!noMerge) {
      for (const s of services) {
        const at = role.ServiceIdentities.findIndex((e) => e.ServiceName === s.ServiceName);
        if (at >= 0) role.ServiceIdentities[at] = s;
        else role.ServiceIdentities.push(s);
      }
      // Consul compares with != here, so a node identity is skipped when its node has one in another datacenter.
      for (const n of nodes) if (!role.NodeIdentities.some((e) => e.NodeName === n.NodeName && e.Datacenter !== n.Datacenter)) role.NodeIdentities.push(n);
    }
    const updated = await step(ui, `Error updating role ${quote(id)}`, () => api.roleUpdate(role));
    if (!updated) return 1;
    return output(ui, flags.string('format'), () => formatRole(updated, flags.bool('meta')), () => roleJson(updated));
  });
}
