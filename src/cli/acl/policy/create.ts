// `kvgate acl policy create` — command/acl/policy/create: a named policy with rules given
// literally, from a file (`@path`) or from stdin (`-`).

import { commandHelp, fail, type Command, type CommandContext } from '../../command.js';
import { policyJson } from '../../consul/acl-json.js';
import { DataSourceError, loadDataSource } from '../../kv/data-source.js';
import { formatPolicy } from '../format-policy.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, listFlag, metaFlag, output, step, withAcl } from '../shared.js';
import { newPolicy } from './policy-object.js';

export const aclPolicyCreate: Command = {
  name: 'acl policy create',
  synopsis: 'Create an ACL policy',
  help: `
Usage: kvgate acl policy create -name NAME [options]

    The -rules option values allows loading the value from stdin, a file 
    or the raw value. To use stdin pass '-' as the value. To load the value 
    from a file prefix the value with an '@'. Any other values will be used 
    directly.

    Create a new policy:

        $ kvgate acl policy create -name "new-policy" \\
                                   -description "This is an example policy" \\
                                   -datacenter "dc1" \\
                                   -datacenter "dc2" \\
                                   -rules @rules.hcl
`,
  flags: {
    meta: metaFlag('policy'),
    name: { kind: 'string', usage: "The new policy's name. This flag is required." },
    description: { kind: 'string', usage: 'A description of the policy' },
    'valid-datacenter': listFlag('Datacenter that the policy should be valid within. This flag may be specified multiple times'),
    rules: {
      kind: 'string',
      usage: "The policy rules. May be prefixed with '@' to indicate that the value is a file path to load the rules from. '-' may also be given to indicate that the rules are available on stdin",
    },
    format: FORMAT_FLAG,
    ...ACL_HTTP_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  if (flags.string('name') === '') {
    ui.error("Missing require '-name' flag");
    return fail(ui, commandHelp(aclPolicyCreate));
  }
  return withAcl(context, async (api) => {
    let rules: string;
    try {
      rules = (await loadDataSource(flags.string('rules'))).toString('utf8');
    } catch (err) {
      if (!(err instanceof DataSourceError)) throw err;
      return fail(ui, `Error loading rules: ${err.message}`);
    }
    const datacenters = flags.list('valid-datacenter');
    const draft = newPolicy({ Name: flags.string('name'), Description: flags.string('description'), Rules: rules, Datacenters: datacenters.length > 0 ? datacenters : null });
    const policy = await step(ui, 'Failed to create new policy', () => api.policyCreate(draft));
    if (!policy) return 1;
    return output(ui, flags.string('format'), () => formatPolicy(policy, flags.bool('meta')), () => policyJson(policy));
  });
}
