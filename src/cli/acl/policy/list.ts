// `kvgate acl policy list` — command/acl/policy/list.

import type { Command, CommandContext } from '../../command.js';
import { policyJson } from '../../consul/acl-json.js';
import { formatPolicyList } from '../format-policy.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, metaFlag, output, step, withAcl } from '../shared.js';

export const aclPolicyList: Command = {
  name: 'acl policy list',
  synopsis: 'Lists ACL policies',
  help: `
Usage: kvgate acl policy list [options]

    Lists all the ACL policies

    Example:

        $ kvgate acl policy list
`,
  flags: { meta: metaFlag('policy'), format: FORMAT_FLAG, ...ACL_HTTP_FLAGS },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  return withAcl(context, async (api) => {
    const policies = await step(ui, 'Failed to retrieve the policy list', () => api.policyList());
    if (!policies) return 1;
    return output(ui, flags.string('format'), () => formatPolicyList(policies, flags.bool('meta')), () => policies.map((p) => policyJson(p, 'list')));
  });
}
