import { hostname, homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseDuration } from './go/duration.js';
import { LOG_LEVELS, type LogLevel } from './log.js';
import { parseClusterUrl } from './store/cluster.js';
import { parseSentinelUrl } from './store/sentinel.js';

/**
 * Configuration of `kvgate serve`: flags win over environment variables, which win over
 * defaults. One table drives parsing, validation and the --help text (and the README).
 */
export interface ServeConfig {
  host: string;
  port: number;
  /** null: start and own a private redis-server in dataDir. */
  redisUrl: string | null;
  datacenter: string;
  nodeName: string;
  dataDir: string;
  maxValueSize: number;
  scanLimit: number;
  feedLength: number;
  keyPrefix: string;
  /** Most operations in one transaction (Consul: 128). */
  txnMaxOps: number;
  /** Shortest session TTL accepted (Consul's session_ttl_min), ms. */
  sessionTtlMinMs: number;
  /** Serve GraphiQL to browsers at /graphql. */
  graphiql: boolean;
  logLevel: LogLevel;
}

interface OptionSpec {
  flag: string;
  arg: string;
  env: string;
  help: string;
  default: (env: NodeJS.ProcessEnv) => string;
}

export const SERVE_OPTIONS = {
  addr: { flag: 'addr', arg: 'HOST:PORT', env: 'KVGATE_ADDR', help: 'address the HTTP API listens on', default: () => '127.0.0.1:8500' },
  redis: {
    flag: 'redis',
    arg: 'URL',
    env: 'REDIS_URL',
    help: 'Redis to use: redis://[user:pass@]host:port[/db], rediss://…, unix:///path.sock, redis+sentinel://[:pass@]host:26379[,host:port…]/name (the primary Sentinel names) or redis+cluster://[:pass@]host:port[,host:port…]; without it kvgate runs its own redis-server in --data-dir',
    default: () => '',
  },
  dc: { flag: 'dc', arg: 'NAME', env: 'KVGATE_DC', help: 'datacenter name this gateway serves', default: () => 'dc1' },
  node: { flag: 'node', arg: 'NAME', env: 'KVGATE_NODE', help: 'node name reported to clients and given to sessions', default: () => hostname() },
  dataDir: {
    flag: 'data-dir',
    arg: 'DIR',
    env: 'KVGATE_DATA_DIR',
    help: "where the private redis-server keeps its data (ignored with --redis)",
    default: (env) => join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'kvgate'),
  },
  maxValueSize: { flag: 'max-value-size', arg: 'BYTES', env: 'KVGATE_MAX_VALUE_SIZE', help: 'largest value a key may hold (Consul: kv_max_value_size)', default: () => '524288' },
  scanLimit: { flag: 'scan-limit', arg: 'N', env: 'KVGATE_SCAN_LIMIT', help: 'most keys one atomic recurse, keys or delete-tree may touch', default: () => '10000' },
  txnMaxOps: { flag: 'txn-max-ops', arg: 'N', env: 'KVGATE_TXN_MAX_OPS', help: 'most operations in one transaction (Consul: 128)', default: () => '128' },
  feedLength: { flag: 'feed-length', arg: 'N', env: 'KVGATE_FEED_LENGTH', help: 'changes kept in the Redis change feed for watchers to resume from', default: () => '100000' },
  keyPrefix: { flag: 'key-prefix', arg: 'PREFIX', env: 'KVGATE_KEY_PREFIX', help: 'prefix of every Redis key kvgate writes', default: () => 'kvgate:' },
  sessionTtlMin: {
    flag: 'session-ttl-min',
    arg: 'DURATION',
    env: 'KVGATE_SESSION_TTL_MIN',
    help: 'shortest session TTL accepted (Consul: session_ttl_min)',
    default: () => '10s',
  },
  graphiql: { flag: 'graphiql', arg: 'on|off', env: 'KVGATE_GRAPHIQL', help: 'serve the GraphiQL IDE to browsers at /graphql (works offline)', default: () => 'on' },
  logLevel: { flag: 'log-level', arg: 'LEVEL', env: 'KVGATE_LOG_LEVEL', help: `log verbosity: ${LOG_LEVELS.join(', ')}`, default: () => 'info' },
} as const satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof SERVE_OPTIONS;

/** Decimal digits only: `0x10`, `1e3` or ` 12` are mistakes, not numbers. */
const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(max, `must be at most ${max}`));

const schema = z.object({
  addr: z
    .string()
    .regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, 'must be HOST:PORT, e.g. 127.0.0.1:8500')
    .refine((v) => Number(/:(\d+)$/.exec(v)?.[1] ?? 0) <= 65535, 'port must be at most 65535'),
  redis: z
    .string()
    .refine((v) => v === '' || /^(rediss?|unix|redis\+sentinel|redis\+cluster):\/\/./.test(v), 'must be a redis://, rediss://, unix://, redis+sentinel:// or redis+cluster:// URL')
    .superRefine((v, ctx) => {
      try {
        if (v.startsWith('redis+sentinel://')) parseSentinelUrl(v);
        if (v.startsWith('redis+cluster://')) parseClusterUrl(v, '');
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  dc: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "-", "_" or "."'),
  node: z.string().min(1, 'must not be empty').regex(/^[^\s{}]+$/, 'must not contain spaces or braces'),
  dataDir: z.string().min(1, 'must not be empty'),
  maxValueSize: positiveInt(512 * 1024 * 1024),
  scanLimit: positiveInt(10_000_000),
  txnMaxOps: positiveInt(100_000),
  feedLength: positiveInt(1_000_000_000),
  keyPrefix: z.string().regex(/^[^{}\s]*$/, 'must not contain braces or spaces'),
  sessionTtlMin: z
    .string()
    .transform((v, ctx) => {
      const parsed = parseDuration(v);
      if (!parsed.ok || parsed.ns < 1_000_000n || parsed.ns > 86_400_000_000_000n) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration from 1ms to 24h, e.g. 10s' });
        return z.NEVER;
      }
      return Number(parsed.ns / 1_000_000n);
    }),
  graphiql: z.enum(['on', 'off'], { message: 'must be on or off' }).transform((v) => v === 'on'),
  logLevel: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }),
});

/** A configuration mistake; the message lists every problem, one per line. */
export class ConfigError extends Error {}

export type ServeCommand = { kind: 'help' } | { kind: 'run'; config: ServeConfig };

export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ServeCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(Object.values(SERVE_OPTIONS).map((o) => [o.flag, { type: 'string' as const }])),
      },
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  if (parsed.values.help) return { kind: 'help' };
  const raw: Record<string, string> = {};
  for (const [name, spec] of Object.entries(SERVE_OPTIONS) as Array<[OptionName, OptionSpec]>) {
    const fromFlag = (parsed.values as Record<string, unknown>)[spec.flag];
    // An empty variable counts as unset (as Consul treats CONSUL_HTTP_ADDR=""), a flag never.
    raw[name] = typeof fromFlag === 'string' ? fromFlag : env[spec.env] || spec.default(env);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const spec = SERVE_OPTIONS[issue.path[0] as OptionName];
      return `  --${spec.flag} (${spec.env}) ${JSON.stringify(raw[issue.path[0] as string])}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  const v = result.data;
  const at = v.addr.lastIndexOf(':');
  const port = Number(v.addr.slice(at + 1));
  return {
    kind: 'run',
    config: {
      host: v.addr.slice(0, at).replace(/^\[|\]$/g, ''),
      port,
      redisUrl: v.redis === '' ? null : v.redis,
      datacenter: v.dc,
      nodeName: v.node,
      dataDir: v.dataDir,
      maxValueSize: v.maxValueSize,
      scanLimit: v.scanLimit,
      txnMaxOps: v.txnMaxOps,
      feedLength: v.feedLength,
      keyPrefix: v.keyPrefix,
      sessionTtlMinMs: v.sessionTtlMin,
      graphiql: v.graphiql,
      logLevel: v.logLevel,
    },
  };
}

/** The option table as --help prints it. */
export function serveOptionsHelp(): string {
  const rows = Object.values(SERVE_OPTIONS).map((o: OptionSpec) => {
    const fallback = o.default(process.env);
    return [`--${o.flag} ${o.arg}`, o.env, fallback === '' ? o.help : `${o.help} (default ${fallback})`];
  });
  const width = Math.max(...rows.map((r) => (r[0] as string).length)) + 2;
  const envWidth = Math.max(...rows.map((r) => (r[1] as string).length)) + 2;
  return rows.map(([flag, env, help]) => `  ${(flag as string).padEnd(width)}${(env as string).padEnd(envWidth)}${help}`).join('\n');
}
