// `kvgate acl policy update` — command/acl/policy/update: reads the policy and changes only
// what was given (or, with -no-merge, replaces every field).

import { quote } from '../../../go/strconv.js';
import { fail, type Command, type CommandContext } from '../../command.js';
import { policyJson } from '../../consul/acl-json.js';
import type { AclPolicy } from '../../consul/acl-structs.js';
import { DataSourceError, loadDataSource } from '../../kv/data-source.js';
import { formatPolicy } from '../format-policy.js';
import { policyIdByName, policyIdFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, listFlag, metaFlag, output, step, withAcl } from '../shared.js';
import { newPolicy } from './policy-object.js';

export const aclPolicyUpdate: Command = {
  name: 'acl policy update',
  synopsis: 'Update an ACL policy',
  help: `
Usage: kvgate acl policy update [options]

  Updates a policy. By default it will merge the policy information with its
  current state so that you do not have to provide all parameters. This
  behavior can be disabled by passing -no-merge.

  Rename the policy:

          $ kvgate acl policy update -id abcd -name "better-name"

  Override all policy attributes:

          # this will remove any datacenter scope if provided and will remove
          # the description
          $kvgate acl policy update -id abcd -name "better-name" -rules @rules.hcl
`,
  flags: {
    meta: metaFlag('policy'),
    id: { kind: 'string', usage: 'The ID of the policy to update. It may be specified as a unique ID prefix but will error if the prefix matches multiple policy IDs' },
    name: { kind: 'string', usage: 'The policies name.' },
    description: { kind: 'string', usage: 'A description of the policy' },
    'valid-datacenter': listFlag('Datacenter that the policy should be valid within. This flag may be specified multiple times'),
    rules: {
      kind: 'string',
      usage: "The policy rules. May be prefixed with '@' to indicate that the value is a file path to load the rules from. '-' may also be given to indicate that the rules are available on stdin",
    },
    'no-merge': {
      kind: 'bool',
      usage: 'Do not merge the current policy information with what is provided to the command. Instead overwrite all fields with the exception of the policy ID which is immutable.',
    },
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
    const id = await step(ui, 'Error determining policy ID', () => (partial !== '' ? policyIdFromPartial(api, partial) : policyIdByName(api, name)));
    if (id === undefined) return 1;
    let rules: string;
    try {
      rules = (await loadDataSource(flags.string('rules'))).toString('utf8');
    } catch (err) {
      if (!(err instanceof DataSourceError)) throw err;
      return fail(ui, `Error loading data source: ${err.message}`);
    }
    const datacenters = flags.list('valid-datacenter');
    const given = datacenters.length > 0 ? datacenters : null;
    let updated: AclPolicy;
    if (flags.bool('no-merge')) {
      updated = newPolicy({ ID: id, Name: name, Description: flags.string('description'), Datacenters: given, Rules: rules });
    } else {
      const current = await step(ui, `Error reading policy ${quote(id)}`, () => api.policyRead(id));
      if (!current) return 1;
      updated = newPolicy({
        ID: id,
        Name: flags.set.has('name') ? name : current.Name,
        Description: flags.set.has('description') ? flags.string('description') : current.Description,
        Datacenters: given ?? current.Datacenters,
        Rules: flags.set.has('rules') ? rules : current.Rules,
      });
    }
    const policy = await step(ui, `Error updating policy ${quote(id)}`, () => api.policyUpdate(updated));
    if (!policy) return 1;
    return output(ui, flags.string('format'), () => formatPolicy(policy, flags.bool('meta')), () => policyJson(policy));
  });
}
