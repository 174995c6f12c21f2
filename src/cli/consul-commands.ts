// Dispatch for the commands that mirror Consul's CLI (`kv …`, `lock`, `watch`), with the
// rules of the mitchellh/cli framework Consul uses: `-h`, `-help` or `--help` anywhere
// before `--` prints the command's help (stdout, exit 0), and a command group without a
// known subcommand prints its help and the subcommand list (exit 1).

import { commandHelp, groupHelp, runCommand, type Command } from './command.js';
import { KV_COMMANDS, KV_HELP } from './kv/index.js';
import { lockCommand } from './lock/command.js';
import { watchCommand } from './watch/command.js';

export const CONSUL_COMMANDS: readonly Command[] = [...KV_COMMANDS, lockCommand, watchCommand];

const HELP_FLAGS = new Set(['-h', '-help', '--help']);

/** `argv` starts with the command name (`kv`, `lock`, `watch`). */
export async function runConsulCommand(argv: readonly string[]): Promise<number> {
  exitOnClosedPipe();
  const end = argv.indexOf('--');
  const wantsHelp = (end < 0 ? argv : argv.slice(0, end)).some((arg) => HELP_FLAGS.has(arg));
  const [group, sub] = argv;
  const command =
    CONSUL_COMMANDS.find((c) => c.name === `${group} ${sub}`) ?? CONSUL_COMMANDS.find((c) => c.name === group);
  if (command === undefined) {
    process.stdout.write(`${groupHelp(KV_HELP, KV_COMMANDS, 'kv')}\n`);
    return wantsHelp ? 0 : 1;
  }
  if (wantsHelp) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  return runCommand(command, argv.slice(command.name.split(' ').length));
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
