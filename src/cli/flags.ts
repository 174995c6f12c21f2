// Command-line flags parsed exactly like Go's `flag` package, because that is what Consul's
// CLI uses and what its users type: `-flag` and `--flag`, `-flag=value`, `-flag value` for
// non-bool flags, bool flags only as `-flag` or `-flag=false`, and parsing stops at the first
// non-flag argument or after `--` (so `kv put key -x` writes the literal `-x`).
// node:util parseArgs cannot be used: it has no single-dash long flags and does not stop at
// the first positional argument, so this small parser reproduces Go's rules and messages.

import { formatDuration, parseDuration } from '../go/duration.js';
import { parseBool, parseInt64, parseUint64, quote, type NumError, type Parsed } from '../go/strconv.js';

export type FlagKind = 'bool' | 'string' | 'uint64' | 'int' | 'duration' | 'list';
type Value = boolean | string | bigint | number | string[];

export interface FlagDef {
  kind: FlagKind;
  usage: string;
  default?: boolean | string | bigint | number;
  /**
   * A custom Go flag.Value (Consul's StringValue/BoolValue/AppendSliceValue): help shows it
   * as `value`, never with a default, and a bad bool reports strconv's own error.
   */
  custom?: boolean;
  /** Registered after Consul built the help text (deprecated flags): parsed, not in `--help`. */
  hidden?: boolean;
}

export type FlagDefs = Record<string, FlagDef>;

/** A parse failure; its message is Go's (`flag provided but not defined: -foo`). */
export class FlagError extends Error {
  /** `-help=x` and the like: Go prints only the usage, no message. */
  constructor(
    message: string,
    readonly helpRequested = false,
  ) {
    super(message);
  }
}

/** The parsed flags plus what Go's `FlagSet.Args()` returns. */
export class Flags {
  constructor(
    private readonly values: Map<string, Value>,
    /** Names of the flags given on the command line (Go's `actual` set). */
    readonly set: ReadonlySet<string>,
    readonly args: readonly string[],
  ) {}

  bool(name: string): boolean {
    return this.get(name, 'boolean') as boolean;
  }
  string(name: string): string {
    return this.get(name, 'string') as string;
  }
  uint64(name: string): bigint {
    return this.get(name, 'bigint') as bigint;
  }
  /** int flags (Go int) and durations (nanoseconds). */
  number(name: string): number {
    return this.get(name, 'number') as number;
  }
  list(name: string): string[] {
    const value = this.values.get(name);
    if (!Array.isArray(value)) throw new Error(`flag -${name} is not a list`);
    return value;
  }

  private get(name: string, type: string): Value {
    const value = this.values.get(name);
    if (typeof value !== type) throw new Error(`flag -${name} is not a ${type}`);
    return value as Value;
  }
}

export function parseFlags(defs: FlagDefs, argv: readonly string[]): Flags {
  const values = new Map<string, Value>();
  for (const [name, def] of Object.entries(defs)) values.set(name, defaultOf(def));
  const set = new Set<string>();
  const args = [...argv];
  while (args.length > 0) {
    const s = args[0] as string;
    if (s.length < 2 || s[0] !== '-') break;
    const minuses = s[1] === '-' ? 2 : 1;
    if (s === '--') {
      args.shift();
      break;
    }
    let name = s.slice(minuses);
    if (name === '' || name[0] === '-' || name[0] === '=') throw new FlagError(`bad flag syntax: ${s}`);
    args.shift();
    const eq = name.indexOf('=', 1);
    const inline = eq > 0 ? name.slice(eq + 1) : undefined;
    if (eq > 0) name = name.slice(0, eq);
    const def = defs[name];
    if (def === undefined && (name === 'help' || name === 'h')) throw new FlagError('', true);
    if (def === undefined) throw new FlagError(`flag provided but not defined: -${name}`);
    if (def.kind === 'bool') {
      values.set(name, parseBoolFlag(name, def, inline ?? 'true'));
    } else {
      const value = inline ?? args.shift();
      if (value === undefined) throw new FlagError(`flag needs an argument: -${name}`);
      values.set(name, parseValue(name, def, value, values.get(name)));
    }
    set.add(name);
  }
  return new Flags(values, set, args);
}

function defaultOf(def: FlagDef): Value {
  if (def.default !== undefined) return def.default;
  switch (def.kind) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'uint64':
      return 0n;
    case 'list':
      return [];
    default:
      return 0;
  }
}

function parseBoolFlag(name: string, def: FlagDef, value: string): boolean {
  const parsed = parseBool(value);
  if (parsed.ok) return parsed.value;
  // A custom flag.Value reports strconv's own error.
  const reason = def.custom ? parsed.error.message : flagReason(parsed.error);
  throw new FlagError(`invalid boolean value ${quote(value)} for -${name}: ${reason}`);
}

function parseValue(name: string, def: FlagDef, value: string, previous: Value | undefined): Value {
  const invalid = (reason: string) => new FlagError(`invalid value ${quote(value)} for flag -${name}: ${reason}`);
  const checked = <T>(parsed: Parsed<T>): T => {
    if (parsed.ok) return parsed.value;
    throw invalid(flagReason(parsed.error));
  };
  switch (def.kind) {
    case 'uint64':
      return checked(parseUint64(value, 0));
    case 'int':
      return Number(checked(parseInt64(value, 0)));
    case 'duration': {
      const parsed = parseDuration(value);
      if (!parsed.ok) throw invalid('parse error');
      return Number(parsed.ns);
    }
    case 'list':
      return [...((previous as string[] | undefined) ?? []), value];
    default:
      return value;
  }
}

/** How the flag package words a strconv failure (a duration's is always "parse error"). */
function flagReason(err: NumError): string {
  return err.kind === 'range' ? 'value out of range' : 'parse error';
}

/** Go's flag.UnquoteUsage: a `back-quoted` word names the argument, else the type does. */
export function unquoteUsage(def: FlagDef): { argName: string; usage: string } {
  const match = /`([^`]*)`/.exec(def.usage);
  if (match) return { argName: match[1] as string, usage: def.usage.replace(match[0], match[1] as string) };
  if (def.kind === 'bool') return { argName: '', usage: def.usage };
  if (def.custom || def.kind === 'list') return { argName: 'value', usage: def.usage };
  const names: Record<FlagKind, string> = { bool: '', string: 'string', uint64: 'uint', int: 'int', duration: 'duration', list: 'value' };
  return { argName: names[def.kind], usage: def.usage };
}

/** Go's FlagSet.PrintDefaults: what `flag` prints after "Usage:" when parsing fails. */
export function printDefaults(defs: FlagDefs): string {
  let out = '';
  for (const name of Object.keys(defs).sort()) {
    const def = defs[name] as FlagDef;
    const { argName, usage } = unquoteUsage(def);
    let line = `  -${name}${argName === '' ? '' : ` ${argName}`}`;
    line += line.length <= 4 ? '\t' : '\n    \t';
    line += usage.replaceAll('\n', '\n    \t');
    const shown = shownDefault(def);
    if (shown !== undefined) line += ` (default ${shown})`;
    out += `${line}\n`;
  }
  return out;
}

function shownDefault(def: FlagDef): string | undefined {
  if (def.custom || def.default === undefined) return undefined;
  const value = def.default;
  if (value === false || value === '' || value === 0 || value === 0n) return undefined;
  if (def.kind === 'string') return quote(value as string);
  if (def.kind === 'duration') return formatDuration(BigInt(value as number));
  return String(value);
}
