// `kvgate acl policy read` — command/acl/policy/read: by name, or by ID (a unique prefix, or
// `global-management`).

import { quote } from '../../../go/strconv.js';
import { fail, type Command, type CommandContext } from '../../command.js';
import { policyJson } from '../../consul/acl-json.js';
import type { AclPolicy } from '../../consul/acl-structs.js';
import { formatPolicy } from '../format-policy.js';
import { policyIdFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, errorText, FORMAT_FLAG, metaFlag, output, step, withAcl } from '../shared.js';

export const aclPolicyRead: Command = {
  name: 'acl policy read',
  synopsis: 'Read an ACL policy',
  help: `
Usage: kvgate acl policy read [options] POLICY

    This command will retrieve and print out the details
    of a single policy.

    Read:

        $ kvgate acl policy read -id fdabbcb5-9de5-4b1a-961f-77214ae88cba

    Read by name:

        $ kvgate acl policy read -name my-policy

`,
  flags: {
    meta: metaFlag('policy'),
    id: { kind: 'string', usage: 'The ID of the policy to read. It may be specified as a unique ID prefix but will error if the prefix matches multiple policy IDs' },
    name: { kind: 'string', usage: 'The name of the policy to read.' },
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
    let policy: AclPolicy | null;
    if (partial !== '') {
      const id = await step(ui, 'Error determining policy ID', () => policyIdFromPartial(api, partial));
      if (id === undefined) return 1;
      try {
        policy = await api.policyRead(id);
      } catch (err) {
        return fail(ui, `Error reading policy ${quote(`id:${id}`)}: ${errorText(err)}`);
      }
    } else {
      try {
        policy = await api.policyReadByName(name);
      } catch (err) {
        return fail(ui, `Error reading policy ${quote(`name:${name}`)}: Failed to find policy with name ${name}: ${errorText(err)}`);
      }
      if (policy === null) return fail(ui, `Error policy not found: ${name}`);
    }
    const found = policy;
    return output(ui, flags.string('format'), () => formatPolicy(found, flags.bool('meta')), () => policyJson(found));
  });
}
