import { parseArgs } from 'node:util';
import { z } from 'zod';

type Env = Readonly<Record<string, string | undefined>>;

interface OptionBase {
  /** The flag without its dashes: `max-value-size`. */
  flag: string;
  /** What the flag takes, as --help shows it: `BYTES`, `on|off`. */
  arg: string;
  /** The environment variable read when the flag is not given (an empty one counts as unset). */
  env: string;
  help: string;
  /**
   * The value when neither the flag nor the variable gives one, written as a user would
   * write it ('' for none) and parsed like one; a function when it depends on the environment.
   */
  default: string | ((env: Env) => string);
  /** The value a flag given alone stands for (`--x` = `--x=on`); without it the flag needs a value. */
  bare?: string;
  /** The parsed value is an object whose fields become fields of the configuration (HOST:PORT → host, port). */
  spread?: true;
}

/** An option given once: its schema reads the text of the flag, the variable or the default. */
export interface SingleOption<Out = unknown> extends OptionBase {
  repeatable?: false;
  schema: z.ZodType<Out, string>;
}

/**
 * An option given any number of times (`--x a --x b`); its variable and its default are
 * comma-separated lists. Its schema reads the list; flags, once given, replace the variable.
 */
export interface RepeatableOption<Out = unknown> extends OptionBase {
  repeatable: true;
  schema: z.ZodType<Out, string[]>;
}

export type Option = SingleOption | RepeatableOption;

/** The options of one command, by the name of the configuration field each one fills. */
export type OptionTable = Record<string, Option>;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type Fields<T extends OptionTable> = { [K in keyof T as T[K] extends { spread: true } ? never : K]: z.output<T[K]['schema']> };
type Spread<T extends OptionTable> = UnionToIntersection<{ [K in keyof T]: T[K] extends { spread: true } ? z.output<T[K]['schema']> : never }[keyof T]>;

/** The configuration a table of options produces. */
export type OptionValues<T extends OptionTable> = { [K in keyof (Fields<T> & Spread<T>)]: (Fields<T> & Spread<T>)[K] };

/** A configuration mistake; the message lists every problem, one per line. */
export class ConfigError extends Error {}

/**
 * Reads the options from the command line, then the environment, then their defaults, and
 * checks them all at once: a ConfigError lists every problem as
 * `--flag (ENV) "value": message`. `--help` (or `-h`) wins over any mistake in the values.
 */
export function parseOptions<T extends OptionTable>(table: T, argv: readonly string[], env: Env): { help: true } | { help: false; values: OptionValues<T> } {
  let parsed;
  try {
    parsed = parseArgs({
      args: withBareValues(table, argv),
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(Object.values(table).map((o) => [o.flag, { type: 'string' as const, multiple: o.repeatable === true }])),
      },
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  if (parsed.values.help) return { help: true };
  const flags = parsed.values as Record<string, string | string[] | undefined>;
  const raw: Record<string, string | string[]> = {};
  for (const [name, option] of Object.entries(table)) {
    const text = env[option.env] || defaultText(option, env);
    raw[name] = flags[option.flag] ?? (option.repeatable ? splitList(text) : text);
  }
  const result = z.object(Object.fromEntries(Object.entries(table).map(([name, o]) => [name, o.schema]))).safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const [name, item] = issue.path as [string, PropertyKey?];
      const option = table[name] as Option;
      const given = raw[name];
      const value = Array.isArray(given) && typeof item === 'number' ? given[item] : given;
      return `  --${option.flag} (${option.env}) ${JSON.stringify(value)}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(result.data)) {
    if (table[name]?.spread) Object.assign(values, value);
    else values[name] = value;
  }
  return { help: false, values: values as OptionValues<T> };
}

/** How --help and the README write an option: `--addr HOST:PORT`, `--x[=on|off]` when it may stand alone. */
export function optionUsage(option: Option): string {
  return option.bare === undefined ? `--${option.flag} ${option.arg}` : `--${option.flag}[=${option.arg}]`;
}

/** The table as --help prints it: usage, variable, meaning and default, in columns. */
export function optionsHelp(table: OptionTable, env: Env): string {
  const rows = Object.values(table).map((o) => {
    const fallback = defaultText(o, env);
    return [optionUsage(o), o.env, fallback === '' ? o.help : `${o.help} (default ${fallback})`] as const;
  });
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  const envWidth = Math.max(...rows.map((r) => r[1].length)) + 2;
  return rows.map(([usage, variable, help]) => `  ${usage.padEnd(width)}${variable.padEnd(envWidth)}${help}`).join('\n');
}

function defaultText(option: Option, env: Env): string {
  return typeof option.default === 'string' ? option.default : option.default(env);
}

/** `a, b,,c` → ['a', 'b', 'c']: blanks around commas and empty items are dropped. */
function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `--x` alone becomes `--x=<bare>` for the options that allow it (up to a `--`). */
function withBareValues(table: OptionTable, argv: readonly string[]): string[] {
  const bare = new Map<string, string>(Object.values(table).flatMap((o) => (o.bare === undefined ? [] : [[`--${o.flag}`, o.bare] as const])));
  const end = argv.indexOf('--');
  return argv.map((arg, i) => (bare.has(arg) && (end < 0 || i < end) ? `${arg}=${bare.get(arg)}` : arg));
}
