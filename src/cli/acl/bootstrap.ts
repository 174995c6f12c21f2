// `kvgate acl bootstrap [file]` — command/acl/bootstrap: the one-time management token,
// optionally with a chosen secret read from a file or stdin (`-`).

import { readFileSync } from 'node:fs';
import { fsErrorText } from '../../go/os-errors.js';
import { fail, type Command, type CommandContext } from '../command.js';
import { tokenJson } from '../consul/acl-json.js';
import { HTTP_FLAGS } from '../consul/http-flags.js';
import { formatToken } from './format-token.js';
import { FORMAT_FLAG, output, step, withAcl } from './shared.js';

export const aclBootstrap: Command = {
  name: 'acl bootstrap',
  synopsis: "Bootstrap Consul's ACL system",
  help: `
Usage: kvgate acl bootstrap [options]

  The bootstrap command will request Consul to generate a new token with unlimited privileges to use
  for management purposes and output its details. This can only be done once and afterwards bootstrapping
  will be disabled. If all tokens are lost and you need to bootstrap again you can follow the bootstrap
  reset procedure
`,
  flags: { format: FORMAT_FLAG, ...HTTP_FLAGS },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { args, ui, flags } = context;
  if (args.length > 1) return fail(ui, 'This command takes up to one argument');
  let secret = '';
  if (args.length === 1) {
    try {
      secret = (await loadDataSourceNoRaw(args[0] as string)).trim();
    } catch (err) {
      return fail(ui, `Error reading provided token: ${(err as Error).message}`);
    }
  }
  return withAcl(context, async (api) => {
    const token = await step(ui, 'Failed ACL bootstrapping', () => api.bootstrap(secret));
    if (!token) return 1;
    return output(ui, flags.string('format'), () => formatToken(token, false), () => tokenJson(token));
  });
}

/** Consul's helpers.LoadDataSourceNoRaw: a file path, or `-` for stdin; never literal text. */
async function loadDataSourceNoRaw(data: string): Promise<string> {
  if (data === '') throw new Error('Failed to load data: must specify a file path or \'-\' for stdin');
  if (data === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(data, 'utf8');
  } catch (err) {
    throw new Error(`Failed to read file: ${fsErrorText(err, data)}`);
  }
}
