// Dispatch for the commands that mirror Consul's CLI (`kv …`, `acl …`, `lock`, `watch`), with
// the rules of the mitchellh/cli framework Consul uses: the command is the longest run of
// leading words (up to the first flag) that names one, `-h`, `-help` or `--help` anywhere
// before `--` prints the command's help (stdout, exit 0), and a command group named without
// a known subcommand prints its help and the subcommand list (exit 1).

import { ACL_COMMANDS, ACL_GROUPS } from './acl/index.js';
import { commandHelp, groupHelp, runCommand, type Command, type CommandGroup } from './command.js';
import { KV_COMMANDS, KV_HELP, KV_SYNOPSIS } from './kv/index.js';
import { lockCommand } from './lock/command.js';
import { watchCommand } from './watch/command.js';

export const CONSUL_COMMANDS: readonly Command[] = [...KV_COMMANDS, ...ACL_COMMANDS, lockCommand, watchCommand];
export const CONSUL_GROUPS: readonly CommandGroup[] = [{ name: 'kv', synopsis: KV_SYNOPSIS, help: KV_HELP }, ...ACL_GROUPS];

const HELP_FLAGS = new Set(['-h', '-help', '--help']);

/** `argv` starts with the command name (`kv`, `acl`, `lock`, `watch`). */
export async function runConsulCommand(argv: readonly string[]): Promise<number> {
  exitOnClosedPipe();
  const end = argv.indexOf('--');
  const wantsHelp = (end < 0 ? argv : argv.slice(0, end)).some((arg) => HELP_FLAGS.has(arg));
  const words: string[] = [];
  for (const arg of argv) {
    if (arg === '' || arg.startsWith('-') || arg.includes(' ')) break;
    words.push(arg);
  }
  for (let n = words.length; n > 0; n--) {
    const name = words.slice(0, n).join(' ');
    const command = CONSUL_COMMANDS.find((c) => c.name === name);
    if (command !== undefined) {
      if (!wantsHelp) return runCommand(command, argv.slice(n));
      process.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    const group = CONSUL_GROUPS.find((g) => g.name === name);
    if (group !== undefined) {
      process.stdout.write(`${groupHelp(group.help, children(name), name)}\n`);
      return wantsHelp ? 0 : 1;
    }
  }
  throw new Error(`no Consul command for ${JSON.stringify(argv[0])}`);
}

/** The commands and groups one word below a group (mitchellh/cli lists no deeper ones). */
function children(prefix: string): Array<Pick<Command, 'name' | 'synopsis'>> {
  const depth = prefix.split(' ').length + 1;
  return [...CONSUL_COMMANDS, ...CONSUL_GROUPS].filter((c) => c.name.startsWith(`${prefix} `) && c.name.split(' ').length === depth);
}

/**
 * `kvgate kv get -recurse | head -1`: writing to a closed pipe ends the process quietly with
 * the status a shell reports for SIGPIPE (how a Go program like Consul's CLI ends there).
 */
function exitOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(128 + 13);
    });
  }
}
