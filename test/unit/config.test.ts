import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultServeConfig, parseServeArgs, serveOptionsHelp, SERVE_OPTIONS, type ServeConfig } from '../../src/config.js';
import { optionUsage } from '../../src/options/option-table.js';

/** The configuration `kvgate serve <argv>` runs with, given exactly this environment. */
function config(argv: string[], env: NodeJS.ProcessEnv = {}): ServeConfig {
  const command = parseServeArgs(argv, env);
  if (command.kind !== 'run') throw new Error(`expected a run command, got ${command.kind}`);
  return command.config;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ConfigError `kvgate serve <argv>` stops with. */
function problem(argv: string[], env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    parseServeArgs(argv, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`parseServeArgs(${JSON.stringify(argv)}) did not fail`);
}

describe('kvgate serve configuration defaults', () => {
  it('listens where a Consul agent does, serves dc1 and starts its own Redis', () => {
    expect(config([], { XDG_DATA_HOME: '/data' })).toMatchObject({
      host: '127.0.0.1',
      port: 8500,
      redisUrl: null,
      datacenter: 'dc1',
      nodeName: hostname(),
      dataDir: '/data/kvgate',
      maxValueSize: 524288,
      maxKeySize: 8192,
      redisTimeoutMs: 1000,
      maxConnections: 20000,
      scanLimit: 10000,
      txnMaxOps: 128,
      feedLength: 100000,
      keyPrefix: 'kvgate:',
      sessionTtlMinMs: 10_000,
      graphiql: true,
      logLevel: 'info',
    });
  });

  it('keeps its data in ~/.local/share/kvgate when XDG_DATA_HOME is not set', () => {
    expect(config([]).dataDir).toBe(join(homedir(), '.local', 'share', 'kvgate'));
  });

  it('limits values to 512 KiB like Consul kv_max_value_size', () => {
    expect(config([]).maxValueSize).toBe(512 * 1024);
  });

  it('are what defaultServeConfig gives, with its overrides on top', () => {
    expect(defaultServeConfig()).toEqual(config([]));
    expect(defaultServeConfig({ port: 0, datacenter: 'dc2' })).toEqual({ ...config([]), port: 0, datacenter: 'dc2' });
  });
});

describe('kvgate serve reads environment variables', () => {
  it('takes every option from its variable', () => {
    const env = {
      KVGATE_ADDR: '0.0.0.0:9500',
      REDIS_URL: 'redis://user:pw@redis.internal:6380/2',
      KVGATE_DC: 'eu-west',
      KVGATE_NODE: 'gw-1',
      KVGATE_DATA_DIR: '/var/lib/kvgate',
      KVGATE_MAX_VALUE_SIZE: '1024',
      KVGATE_MAX_KEY_SIZE: '256',
      KVGATE_REDIS_TIMEOUT: '250ms',
      KVGATE_SCAN_LIMIT: '50',
      KVGATE_TXN_MAX_OPS: '64',
      KVGATE_FEED_LENGTH: '500',
      KVGATE_KEY_PREFIX: 'app:',
      KVGATE_SESSION_TTL_MIN: '1500ms',
      KVGATE_GRAPHIQL: 'off',
      KVGATE_LOG_LEVEL: 'debug',
    };
    expect(config([], env)).toMatchObject({
      host: '0.0.0.0',
      port: 9500,
      redisUrl: 'redis://user:pw@redis.internal:6380/2',
      datacenter: 'eu-west',
      nodeName: 'gw-1',
      dataDir: '/var/lib/kvgate',
      maxValueSize: 1024,
      maxKeySize: 256,
      redisTimeoutMs: 250,
      scanLimit: 50,
      txnMaxOps: 64,
      feedLength: 500,
      keyPrefix: 'app:',
      sessionTtlMinMs: 1500,
      graphiql: false,
      logLevel: 'debug',
    });
  });

  it('treats an empty variable as unset, so KVGATE_DC= still serves dc1', () => {
    const env = { KVGATE_ADDR: '', REDIS_URL: '', KVGATE_DC: '', KVGATE_MAX_VALUE_SIZE: '', KVGATE_LOG_LEVEL: '' };
    expect(config([], env)).toMatchObject({ host: '127.0.0.1', port: 8500, redisUrl: null, datacenter: 'dc1', maxValueSize: 524288, logLevel: 'info' });
  });

  it('accepts rediss:// and unix:// Redis addresses', () => {
    expect(config([], { REDIS_URL: 'rediss://redis.example:6380' }).redisUrl).toBe('rediss://redis.example:6380');
    expect(config([], { REDIS_URL: 'unix:///run/redis/redis.sock' }).redisUrl).toBe('unix:///run/redis/redis.sock');
    expect(config([], { REDIS_URL: 'redis+sentinel://s1,s2:26380/mymaster' }).redisUrl).toBe('redis+sentinel://s1,s2:26380/mymaster');
  });
});

describe('kvgate serve flags', () => {
  it('win over environment variables', () => {
    const env = { KVGATE_ADDR: '0.0.0.0:9500', REDIS_URL: 'redis://env:6379', KVGATE_DC: 'env-dc', KVGATE_SCAN_LIMIT: '7' };
    const c = config(['--addr', '127.0.0.2:8600', '--redis=redis://flag:6379', '--dc', 'flag-dc', '--scan-limit', '9'], env);
    expect(c).toMatchObject({ host: '127.0.0.2', port: 8600, redisUrl: 'redis://flag:6379', datacenter: 'flag-dc', scanLimit: 9 });
  });

  it('an empty --redis flag means "run my own Redis" even when REDIS_URL is set', () => {
    expect(config(['--redis', ''], { REDIS_URL: 'redis://env:6379' }).redisUrl).toBeNull();
  });

  it('read an IPv6 address in brackets and port 0 (any free port)', () => {
    expect(config(['--addr', '[::1]:8500'])).toMatchObject({ host: '::1', port: 8500 });
    expect(config(['--addr', 'localhost:0'])).toMatchObject({ host: 'localhost', port: 0 });
  });

  it('take every option the table lists', () => {
    const core = Object.values(SERVE_OPTIONS).filter((o) => !o.flag.startsWith('acl-'));
    const argv = core.flatMap((o) => [`--${o.flag}`, o.flag === 'addr' ? '127.0.0.1:1' : o.flag === 'redis' ? 'redis://h:1' : o.flag === 'log-level' ? 'warn' : o.flag === 'session-ttl-min' || o.flag === 'redis-timeout' ? '2s' : o.flag === 'graphiql' ? 'off' : /size|limit|length|ops|connections/.test(o.flag) ? '3' : 'x']);
    expect(config(argv)).toMatchObject({
      host: '127.0.0.1',
      port: 1,
      redisUrl: 'redis://h:1',
      datacenter: 'x',
      nodeName: 'x',
      dataDir: 'x',
      maxValueSize: 3,
      maxKeySize: 3,
      redisTimeoutMs: 2000,
      maxConnections: 3,
      scanLimit: 3,
      txnMaxOps: 3,
      feedLength: 3,
      keyPrefix: 'x',
      sessionTtlMinMs: 2000,
      graphiql: false,
      logLevel: 'warn',
    });
  });

  it('every option fills its own field of the configuration', () => {
    expect(Object.keys(config([])).sort()).toEqual(Object.keys(SERVE_OPTIONS).flatMap((name) => (name === 'addr' ? ['host', 'port'] : [name])).sort());
  });
});

describe('kvgate serve --help', () => {
  it('asks for help with --help or -h, even next to bad values', () => {
    expect(parseServeArgs(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseServeArgs(['-h'], {})).toEqual({ kind: 'help' });
    expect(parseServeArgs(['--dc', 'not valid', '--help'], {})).toEqual({ kind: 'help' });
  });

  it('lists every flag with its environment variable', () => {
    const help = serveOptionsHelp();
    for (const option of Object.values(SERVE_OPTIONS)) {
      expect(help).toMatch(new RegExp(`${escapeRegExp(optionUsage(option))}\\s+${option.env}\\s`));
    }
    expect(help).toContain('(default 127.0.0.1:8500)');
    expect(help).toContain('(default 524288)');
  });
});

describe('kvgate serve rejects a bad configuration', () => {
  it('lists every problem in one error, naming the flag, its variable and the value', () => {
    const err = problem(['--addr', '127.0.0.1:70000', '--dc', 'a b', '--max-value-size', '0', '--log-level', 'verbose'], {
      REDIS_URL: 'http://redis:6379',
      KVGATE_SCAN_LIMIT: 'lots',
    });
    expect(err.message.split('\n')).toEqual([
      'invalid configuration:',
      '  --addr (KVGATE_ADDR) "127.0.0.1:70000": port must be at most 65535',
      '  --redis (REDIS_URL) "http://redis:6379": must be a redis://, rediss://, unix://, redis+sentinel:// or redis+cluster:// URL',
      '  --dc (KVGATE_DC) "a b": must be 1-64 letters, digits, "-", "_" or "."',
      '  --max-value-size (KVGATE_MAX_VALUE_SIZE) "0": must be at least 1',
      '  --scan-limit (KVGATE_SCAN_LIMIT) "lots": must be a whole number',
      '  --log-level (KVGATE_LOG_LEVEL) "verbose": must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it.each(['nonsense', ':8500', '127.0.0.1:', '::1:8500', '127.0.0.1:123456', 'host name:80'])('rejects --addr %j', (addr) => {
    expect(problem(['--addr', addr]).message).toContain(`--addr (KVGATE_ADDR) ${JSON.stringify(addr)}: must be HOST:PORT`);
  });

  it('rejects a Sentinel URL without the primary name', () => {
    expect(problem(['--redis', 'redis+sentinel://s1:26379']).message).toContain(
      `--redis (REDIS_URL) "redis+sentinel://s1:26379": the primary's name goes after the sentinels`,
    );
  });

  it('accepts only on or off for --graphiql', () => {
    expect(problem(['--graphiql', 'yes']).message).toContain('--graphiql (KVGATE_GRAPHIQL) "yes": must be on or off');
    expect(config([], { KVGATE_GRAPHIQL: 'off' }).graphiql).toBe(false);
  });

  it('rejects a port above 65535', () => {
    expect(problem([], { KVGATE_ADDR: '127.0.0.1:65536' }).message).toContain('port must be at most 65535');
    expect(config([], { KVGATE_ADDR: '127.0.0.1:65535' }).port).toBe(65535);
  });

  it.each(['0x10', '1e3', ' 12', '12 ', '1.5', '-1', '12kb', ''])('rejects --max-value-size %j as not a whole number', (value) => {
    expect(problem([`--max-value-size=${value}`]).message).toContain(`${JSON.stringify(value)}: must be a whole number`);
  });

  it('rejects numbers past their ceiling', () => {
    expect(problem(['--max-value-size', String(512 * 1024 * 1024 + 1)]).message).toContain('must be at most 536870912');
    expect(problem(['--scan-limit', '99999999999999999999999']).message).toContain('must be at most 10000000');
  });

  it('rejects a datacenter or key prefix that would break the Redis hash tag', () => {
    expect(problem(['--dc', 'a{b}']).message).toContain('--dc (KVGATE_DC)');
    expect(problem(['--key-prefix', 'a{b}:']).message).toContain('--key-prefix (KVGATE_KEY_PREFIX) "a{b}:": must not contain braces or spaces');
    expect(problem(['--dc', 'x'.repeat(65)]).message).toContain('must be 1-64 letters');
  });

  it('rejects an empty flag value where a value is required', () => {
    expect(problem(['--dc', '']).message).toContain('--dc (KVGATE_DC) "": must be 1-64');
    expect(problem(['--node', '']).message).toContain('--node (KVGATE_NODE) "": must not be empty');
    expect(problem(['--data-dir', '']).message).toContain('--data-dir (KVGATE_DATA_DIR) "": must not be empty');
  });

  it('rejects an unknown flag', () => {
    const err = problem(['--port', '8500']);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain("Unknown option '--port'");
  });

  it('rejects a positional argument', () => {
    expect(problem(['redis://127.0.0.1:6379']).message).toContain("Unexpected argument 'redis://127.0.0.1:6379'");
  });

  it('rejects a flag without its value', () => {
    expect(problem(['--addr']).message).toContain("'--addr <value>' argument missing");
    expect(problem(['--addr', '--dc', 'x']).message).toContain("'--addr' argument is ambiguous");
  });
});

describe('kvgate serve --session-ttl-min', () => {
  it('reads a Go duration, as Consul reads session_ttl_min', () => {
    expect(config(['--session-ttl-min', '1m30s']).sessionTtlMinMs).toBe(90_000);
  });

  it.each(['10', '0s', '25h', 'soon'])('rejects %j', (value) => {
    expect(problem(['--session-ttl-min', value]).message).toContain('--session-ttl-min (KVGATE_SESSION_TTL_MIN)');
  });
});
