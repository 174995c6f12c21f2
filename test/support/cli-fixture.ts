import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ServeConfig } from '../../src/config.js';
import { assertBuilt, cliEnv, killAll, removeTempDirs, runCli, startCli, type CliOptions, type CliProcess, type CliResult } from './cli.js';
import { flushStore, startGateway, type TestGateway } from './gateway.js';
import { startRedis, type TestRedis } from './redis.js';

/** A kvgate (in this process, on its own redis-server) for CLI tests, emptied before each test. */
export interface CliFixture {
  readonly port: number;
  readonly redis: TestRedis;
  /** The environment pointing the CLI at this gateway (CONSUL_HTTP_ADDR), plus `extra`. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Runs `kvgate <args>` against this gateway to completion. */
  kvgate(args: readonly string[], options?: CliOptions): Promise<CliResult>;
  /** Starts `kvgate <args>` against this gateway (killed after the test). */
  start(args: readonly string[], options?: CliOptions): CliProcess;
}

/**
 * `overrides` configure the gateway (ACLs on: `ACL_ON` from acl.ts). ACL state lives in the
 * store, so a gateway with ACLs keeps its store between tests (`emptyBetweenTests: false`).
 */
export function useCliFixture(overrides: Partial<ServeConfig> = {}, { emptyBetweenTests = true } = {}): CliFixture {
  let redis: TestRedis | undefined;
  let gateway: TestGateway | undefined;
  beforeAll(async () => {
    assertBuilt();
    redis = await startRedis();
    gateway = await startGateway(redis.url, overrides);
  });
  afterAll(async () => {
    await gateway?.close();
    await redis?.stop();
  });
  beforeEach(async () => {
    if (redis && emptyBetweenTests) await flushStore(redis);
  });
  afterEach(async () => {
    await killAll();
    removeTempDirs();
  });
  const fixture: CliFixture = {
    get port() {
      return (gateway as TestGateway).port;
    },
    get redis() {
      return redis as TestRedis;
    },
    env: (extra = {}) => cliEnv({ CONSUL_HTTP_ADDR: `127.0.0.1:${fixture.port}`, ...extra }),
    kvgate: (args, options = {}) => runCli(args, { ...options, env: options.env ?? fixture.env() }),
    start: (args, options = {}) => startCli(args, { ...options, env: options.env ?? fixture.env() }),
  };
  return fixture;
}
