import { hostname, homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS } from './log.js';
import { ConfigError, optionsHelp, parseOptions, type OptionTable, type OptionValues } from './options/option-table.js';
import { durationMs, onOff, oneOf, wholeNumber } from './options/values.js';
import { ACL_OPTIONS } from './config/acl.js';
import { redisTarget } from './store/redis-target.js';

export { ConfigError };

/**
 * The options of `kvgate serve`, each named by the configuration field it fills: flag,
 * environment variable, help, default and the schema that checks and converts the value.
 * Flags win over environment variables, which win over defaults. The README lists them all.
 */
export const SERVE_OPTIONS = {
  addr: {
    flag: 'addr',
    arg: 'HOST:PORT',
    env: 'KVGATE_ADDR',
    help: 'address the HTTP API listens on',
    default: '127.0.0.1:8500',
    spread: true,
    schema: z
      .string()
      .regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, 'must be HOST:PORT, e.g. 127.0.0.1:8500')
      .refine((v) => Number(/:(\d+)$/.exec(v)?.[1] ?? 0) <= 65535, 'port must be at most 65535')
      .transform((v) => {
        const at = v.lastIndexOf(':');
        return { host: v.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(v.slice(at + 1)) };
      }),
  },
  /** null: start and own a private redis-server in dataDir. */
  redisUrl: {
    flag: 'redis',
    arg: 'URL',
    env: 'REDIS_URL',
    help: 'Redis to use: redis://[user:pass@]host:port[/db], rediss://…, unix:///path.sock, redis+sentinel://[:pass@]host:26379[,host:port…]/name (the primary Sentinel names) or redis+cluster://[:pass@]host:port[,host:port…]; without it kvgate runs its own redis-server in --data-dir',
    default: '',
    schema: z
      .string()
      .superRefine((v, ctx) => {
        try {
          if (v !== '') redisTarget(v, '');
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      })
      .transform((v) => (v === '' ? null : v)),
  },
  maxConnections: {
    flag: 'max-connections',
    arg: 'N',
    env: 'KVGATE_MAX_CONNECTIONS',
    help: 'most client connections open at once (each parked blocking query and WebSocket holds one); more are closed at once',
    default: '20000',
    schema: wholeNumber({ min: 1, max: 1_000_000 }),
  },
  redisTimeoutMs: {
    flag: 'redis-timeout',
    arg: 'DURATION',
    env: 'KVGATE_REDIS_TIMEOUT',
    help: 'longest wait for a Redis reply before the request fails with "No cluster leader" (blocking reads wait on their own); keep it above your slowest recurse or delete-tree',
    default: '1s',
    schema: durationMs({ min: '10ms', max: '10m', example: '1s' }),
  },
  datacenter: {
    flag: 'dc',
    arg: 'NAME',
    env: 'KVGATE_DC',
    help: 'datacenter name this gateway serves',
    default: 'dc1',
    schema: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "-", "_" or "."'),
  },
  nodeName: {
    flag: 'node',
    arg: 'NAME',
    env: 'KVGATE_NODE',
    help: 'node name reported to clients and given to sessions',
    default: () => hostname(),
    schema: z.string().min(1, 'must not be empty').regex(/^[^\s{}]+$/, 'must not contain spaces or braces'),
  },
  dataDir: {
    flag: 'data-dir',
    arg: 'DIR',
    env: 'KVGATE_DATA_DIR',
    help: 'where the private redis-server keeps its data (ignored with --redis)',
    default: (env) => join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'kvgate'),
    schema: z.string().min(1, 'must not be empty'),
  },
  maxValueSize: {
    flag: 'max-value-size',
    arg: 'BYTES',
    env: 'KVGATE_MAX_VALUE_SIZE',
    help: 'largest value a key may hold (Consul: kv_max_value_size)',
    default: '524288',
    schema: wholeNumber({ min: 1, max: 512 * 1024 * 1024 }),
  },
  maxKeySize: {
    flag: 'max-key-size',
    arg: 'BYTES',
    env: 'KVGATE_MAX_KEY_SIZE',
    help: 'longest key, in bytes (Consul has no limit but its 1 MiB request head)',
    default: '8192',
    schema: wholeNumber({ min: 1, max: 512 * 1024 }),
  },
  scanLimit: {
    flag: 'scan-limit',
    arg: 'N',
    env: 'KVGATE_SCAN_LIMIT',
    help: 'most keys one atomic recurse, keys or delete-tree may touch',
    default: '10000',
    schema: wholeNumber({ min: 1, max: 10_000_000 }),
  },
  /** Most operations in one transaction (Consul: 128). */
  txnMaxOps: {
    flag: 'txn-max-ops',
    arg: 'N',
    env: 'KVGATE_TXN_MAX_OPS',
    help: 'most operations in one transaction (Consul: 128)',
    default: '128',
    schema: wholeNumber({ min: 1, max: 100_000 }),
  },
  feedLength: {
    flag: 'feed-length',
    arg: 'N',
    env: 'KVGATE_FEED_LENGTH',
    help: 'changes kept in the Redis change feed for watchers to resume from',
    default: '100000',
    schema: wholeNumber({ min: 1, max: 1_000_000_000 }),
  },
  keyPrefix: {
    flag: 'key-prefix',
    arg: 'PREFIX',
    env: 'KVGATE_KEY_PREFIX',
    help: 'prefix of every Redis key kvgate writes',
    default: 'kvgate:',
    schema: z.string().regex(/^[^{}\s]*$/, 'must not contain braces or spaces'),
  },
  /** Shortest session TTL accepted (Consul's session_ttl_min), ms. */
  sessionTtlMinMs: {
    flag: 'session-ttl-min',
    arg: 'DURATION',
    env: 'KVGATE_SESSION_TTL_MIN',
    help: 'shortest session TTL accepted (Consul: session_ttl_min)',
    default: '10s',
    schema: durationMs({ min: '1ms', max: '24h', example: '10s' }),
  },
  /** Serve GraphiQL to browsers at /graphql. */
  graphiql: {
    flag: 'graphiql',
    arg: 'on|off',
    env: 'KVGATE_GRAPHIQL',
    help: 'serve the GraphiQL IDE to browsers at /graphql (works offline)',
    default: 'on',
    schema: onOff(),
  },
  logLevel: {
    flag: 'log-level',
    arg: 'LEVEL',
    env: 'KVGATE_LOG_LEVEL',
    help: `log verbosity: ${LOG_LEVELS.join(', ')}`,
    default: 'info',
    schema: oneOf(LOG_LEVELS),
  },
  ...ACL_OPTIONS,
} satisfies OptionTable;

/** The configuration `kvgate serve` runs with. */
export type ServeConfig = OptionValues<typeof SERVE_OPTIONS>;

export type ServeCommand = { kind: 'help' } | { kind: 'run'; config: ServeConfig };

/** `kvgate serve <argv>` in this environment; throws a ConfigError listing every problem. */
export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ServeCommand {
  const parsed = parseOptions(SERVE_OPTIONS, argv, env);
  if (parsed.help) return { kind: 'help' };
  const config = parsed.values;
  if (config.aclInitialManagementToken !== '' && config.aclInitialManagementTokenFile !== '') {
    throw new ConfigError('invalid configuration:\n  --acl-initial-management-token and --acl-initial-management-token-file: give one of them');
  }
  return { kind: 'run', config };
}

/** What `kvgate serve` runs with when given no flag in an empty environment, then the overrides. */
export function defaultServeConfig(overrides: Partial<ServeConfig> = {}): ServeConfig {
  const command = parseServeArgs([], {});
  if (command.kind !== 'run') throw new Error('unreachable: no --help was given');
  return { ...command.config, ...overrides };
}

/** The option table as --help prints it. */
export function serveOptionsHelp(env: NodeJS.ProcessEnv = process.env): string {
  return optionsHelp(SERVE_OPTIONS, env);
}
