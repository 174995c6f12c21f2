// `kvgate acl token read` — command/acl/token/read: one token by accessor ID (a unique prefix,
// or `anonymous`), or the caller's own (-self); -expanded adds its policies and roles.

import { quote } from '../../../go/strconv.js';
import { fail, type Command, type CommandContext } from '../../command.js';
import { tokenExpandedJson, tokenJson } from '../../consul/acl-json.js';
import { formatToken, formatTokenExpanded } from '../format-token.js';
import { tokenAccessorFromPartial } from '../lookup.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, metaFlag, output, step, withAcl } from '../shared.js';
import { accessorArgument, accessorFlags } from './accessor.js';

export const aclTokenRead: Command = {
  name: 'acl token read',
  synopsis: 'Read an ACL token',
  help: `
Usage: kvgate acl token read [options] -accessor-id TOKENID

  This command will retrieve and print out the details of
  a single token.

  Using a partial ID:

          $ kvgate acl token read -accessor-id 4be56c77-82

  Using the full ID:

          $ kvgate acl token read -accessor-id 4be56c77-8244-4c7d-b08c-667b8c71baed
`,
  flags: {
    meta: metaFlag('token', 'Raft'),
    self: { kind: 'bool', usage: 'Indicates that the current HTTP token should be read by secret ID instead of expecting a -accessor-id option' },
    expanded: { kind: 'bool', usage: 'Indicates that the contents of the  policies and roles affecting the token should also be shown.' },
    ...accessorFlags('The Accessor ID of the token to read. It may be specified as a unique ID prefix but will error if the prefix matches multiple token Accessor IDs'),
    format: FORMAT_FLAG,
    ...ACL_HTTP_FLAGS,
  },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  const format = flags.string('format');
  const meta = flags.bool('meta');
  return withAcl(context, async (api) => {
    if (flags.bool('self')) {
      if (flags.bool('expanded')) return fail(ui, 'Cannot use both -expanded and -self. Instead, use -expanded and -accessor-id=<accessor id>.');
      const token = await step(ui, 'Error reading token', () => api.tokenReadSelf());
      if (!token) return 1;
      return output(ui, format, () => formatToken(token, meta), () => tokenJson(token));
    }
    const partial = accessorArgument(context, 'Must specify the -accessor-id parameter', 'Use the -accessor-id parameter to specify token by Accessor ID');
    if (partial === undefined) return 1;
    const accessor = await step(ui, 'Error determining token ID', () => tokenAccessorFromPartial(api, partial));
    if (accessor === undefined) return 1;
    if (flags.bool('expanded')) {
      const token = await step(ui, `Error reading token ${quote(accessor)}`, () => api.tokenReadExpanded(accessor));
      if (!token) return 1;
      return output(ui, format, () => formatTokenExpanded(token, meta), () => tokenExpandedJson(token));
    }
    const token = await step(ui, `Error reading token ${quote(accessor)}`, () => api.tokenRead(accessor));
    if (!token) return 1;
    return output(ui, format, () => formatToken(token, meta), () => tokenJson(token));
  });
}
