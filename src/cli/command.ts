// The shape every Consul-style command (`kv put`, `lock`, `watch` …) shares: Go flags,
// Consul's help layout, and Consul's UI (Info lines on stdout, Error lines on stderr).

import { wrap } from '../go/wrap.js';
import { FlagError, parseFlags, printDefaults, unquoteUsage, type FlagDefs, type Flags } from './flags.js';
import { HTTP_FLAG_NAMES } from './consul/http-flags.js';

/** mitchellh/cli's BasicUi: every message is one line (a newline is appended). */
export interface Ui {
  info(message: string | Buffer): void;
  error(message: string | Buffer): void;
}

export const stdUi: Ui = {
  info: (message) => void process.stdout.write(Buffer.concat([toBuffer(message), NEWLINE])),
  error: (message) => void process.stderr.write(Buffer.concat([toBuffer(message), NEWLINE])),
};

const NEWLINE = Buffer.from('\n');
const toBuffer = (message: string | Buffer) => (typeof message === 'string' ? Buffer.from(message) : message);

export interface CommandContext {
  flags: Flags;
  /** The arguments after the flags. */
  args: readonly string[];
  ui: Ui;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  /** As typed after `kvgate`, e.g. `kv put`. */
  name: string;
  synopsis: string;
  /** The help text above the options (starts with `Usage: kvgate …`). */
  help: string;
  flags: FlagDefs;
  run(context: CommandContext): Promise<number>;
}

/** Parses the flags like Go (errors and "Usage:" on stderr, exit 1) and runs the command. */
export async function runCommand(command: Command, argv: readonly string[], ui: Ui = stdUi, env = process.env): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(command.flags, argv);
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    const message = err.helpRequested ? '' : `${err.message}\n`;
    process.stderr.write(`${message}Usage:\n${printDefaults(command.flags)}`);
    return 1;
  }
  return command.run({ flags, args: flags.args, ui, env });
}

/** Consul's flags.Usage: the help text, then "HTTP API Options" and "Command Options". */
export function commandHelp(command: Command): string {
  let out = `${command.help.trim()}\n\n`;
  const names = Object.keys(command.flags)
    .filter((name) => !command.flags[name]?.hidden)
    .sort();
  const http = names.filter((name) => HTTP_FLAG_NAMES.has(name));
  const own = names.filter((name) => !HTTP_FLAG_NAMES.has(name));
  for (const [title, group] of [['HTTP API Options', http], ['Command Options', own]] as const) {
    if (group.length === 0) continue;
    out += `${title}\n\n`;
    for (const name of group) {
      const def = command.flags[name];
      if (def === undefined) continue;
      const { argName } = unquoteUsage(def);
      out += argName === '' ? `  -${name}\n` : `  -${name}=<${argName}>\n`;
      out += `${wrap(def.usage, 72 - 5)
        .split('\n')
        .map((line) => `     ${line}`)
        .join('\n')}\n\n`;
    }
  }
  return out.replace(/\n+$/, '');
}

/** A command that only groups subcommands (`kv`, `acl policy`): run alone, it prints its help. */
export interface CommandGroup {
  name: string;
  synopsis: string;
  help: string;
}

/** mitchellh/cli's help for a command with subcommands: its help, then the aligned list. */
export function groupHelp(help: string, subcommands: ReadonlyArray<Pick<Command, 'name' | 'synopsis'>>, prefix: string): string {
  const names = subcommands.map((c) => c.name.slice(prefix.length + 1));
  const width = Math.max(...names.map((n) => n.length));
  const lines = subcommands
    .map((c, i) => `    ${(names[i] as string).padEnd(width)}    ${c.synopsis}`)
    .sort();
  return `${help.trim()}\n\nSubcommands:\n${lines.join('\n')}`;
}

/** Prints an error line and answers exit code 1, Consul's answer to every failure. */
export function fail(ui: Ui, message: string): number {
  ui.error(message);
  return 1;
}
