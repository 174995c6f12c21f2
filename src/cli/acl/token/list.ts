// `kvgate acl token list` — command/acl/token/list.

import type { Command, CommandContext } from '../../command.js';
import { tokenJson } from '../../consul/acl-json.js';
import { formatTokenList } from '../format-token.js';
import { ACL_HTTP_FLAGS, FORMAT_FLAG, metaFlag, output, step, withAcl } from '../shared.js';

export const aclTokenList: Command = {
  name: 'acl token list',
  synopsis: 'List ACL tokens',
  help: `
Usage: kvgate acl token list [options]

  List all the ACL tokens

          $ kvgate acl token list
`,
  flags: { meta: metaFlag('token', 'Raft'), format: FORMAT_FLAG, ...ACL_HTTP_FLAGS },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, ui } = context;
  return withAcl(context, async (api) => {
    const tokens = await step(ui, 'Failed to retrieve the token list', () => api.tokenList());
    if (!tokens) return 1;
    return output(ui, flags.string('format'), () => formatTokenList(tokens, flags.bool('meta')), () => tokens.map((t) => tokenJson(t, 'list')));
  });
}
