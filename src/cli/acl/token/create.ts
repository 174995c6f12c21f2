// `kvgate acl token create` — command/acl/token/create: a token linked to policies and roles
// (by name, or by ID or unique ID prefix) and identities, optionally with chosen IDs and a TTL.

import { fail, type Command, type CommandContext } from '../../command.js';
import { tokenJson } from '../../consul/acl-json.js';
import { formatToken } from '../format-token.js';
import { LookupError, policyIdFromPartial, roleIdFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, listFlag, metaFlag, output, step, withAcl } from '../shared.js';
import { newToken, nodeIdentities, serviceIdentities } from './token-object.js';

export const aclTokenCreate: Command = {
  name: 'acl token create',
  synopsis: 'Create an ACL token',
  help: `
Usage: kvgate acl token create [options]

  When creating a new token policies may be linked using either the -policy-id
  or the -policy-name options. When specifying policies by IDs you may use a
  unique prefix of the UUID as a shortcut for specifying the entire UUID.

  Create a new token:

          $ kvgate acl token create -description "Replication token" \\
                                    -policy-id b52fc3de-5 \\
                                    -policy-name "acl-replication" \\
                                    -role-id c630d4ef-6 \\
                                    -role-name "db-updater" \\
                                    -service-identity "web" \\
                                    -service-identity "db:east,west"
`,
  flags: {
    accessor: { kind: 'string', usage: 'Create the token with this Accessor ID. It must be a UUID. If not specified one will be auto-generated' },
    secret: { kind: 'string', usage: 'Create the token with this Secret ID. It must be a UUID. If not specified one will be auto-generated' },
    meta: metaFlag('token'),
    local: { kind: 'bool', usage: 'Create this as a datacenter local token' },
    description: { kind: 'string', usage: 'A description of the token' },
    'policy-id': listFlag('ID of a policy to use for this token. May be specified multiple times'),
    'policy-name': listFlag('Name of a policy to use for this token. May be specified multiple times'),
    'role-id': listFlag('ID of a role to use for this token. May be specified multiple times'),
    'role-name': listFlag('Name of a role to use for this token. May be specified multiple times'),
    'service-identity': listFlag(
      'Name of a service identity to use for this token. May be specified multiple times. Format is the SERVICENAME or SERVICENAME:DATACENTER1,DATACENTER2,...',
    ),
    'node-identity': listFlag('Name of a node identity to use for this token. May be specified multiple times. Format is NODENAME:DATACENTER'),
    'expires-ttl': { kind: 'duration', usage: 'Duration of time this token should be valid for' },
    format: FORMAT_FLAG,
    ...ACL_HTTP_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  const given = (name: string) => flags.list(name);
  if (['policy-name', 'policy-id', 'role-name', 'role-id', 'service-identity', 'node-identity'].every((name) => given(name).length === 0)) {
    return fail(ui, 'Cannot create a token without specifying -policy-name, -policy-id, -role-name, -role-id, -service-identity, or -node-identity at least once');
  }
  return withAcl(context, async (api) => {
    const ttl = flags.number('expires-ttl');
    const draft = newToken({
      Description: flags.string('description'),
      Local: flags.bool('local'),
      AccessorID: flags.string('accessor'),
      SecretID: flags.string('secret'),
      ExpirationTTL: ttl > 0 ? BigInt(ttl) : 0n,
    });
    try {
      draft.ServiceIdentities = serviceIdentities(given('service-identity'));
      draft.NodeIdentities = nodeIdentities(given('node-identity'));
    } catch (err) {
      if (!(err instanceof LookupError)) throw err;
      return fail(ui, err.message);
    }
    for (const name of given('policy-name')) draft.Policies.push({ ID: '', Name: name });
    // Consul's message prints the (empty) resolved ID, not the prefix that was given.
    for (const partial of given('policy-id')) {
      const id = await step(ui, 'Error resolving policy ID ', () => policyIdFromPartial(api, partial));
      if (id === undefined) return 1;
      draft.Policies.push({ ID: id, Name: '' });
    }
    for (const name of given('role-name')) draft.Roles.push({ ID: '', Name: name });
    for (const partial of given('role-id')) {
      const id = await step(ui, 'Error resolving role ID ', () => roleIdFromPartial(api, partial));
      if (id === undefined) return 1;
      draft.Roles.push({ ID: id, Name: '' });
    }
    const token = await step(ui, 'Failed to create new token', () => api.tokenCreate(draft));
    if (!token) return 1;
    return output(ui, flags.string('format'), () => formatToken(token, flags.bool('meta')), () => tokenJson(token));
  });
}
