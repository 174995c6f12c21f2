import { pino } from 'pino';
import type { ServeConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

/** A kvgate running in this process against a given Redis, on a free port. */
export interface TestGateway {
  readonly port: number;
  readonly base: string;
  readonly server: RunningServer;
  close(): Promise<void>;
}

export async function startGateway(redisUrl: string, overrides: Partial<ServeConfig> = {}): Promise<TestGateway> {
  const config: ServeConfig = {
    host: '127.0.0.1',
    port: 0,
    redisUrl,
    datacenter: 'dc1',
    nodeName: 'test-node',
    dataDir: '/nonexistent',
    maxValueSize: 524288,
    scanLimit: 10000,
    txnMaxOps: 128,
    feedLength: 100000,
    keyPrefix: 'kvgate:',
    sessionTtlMinMs: 10_000,
    graphiql: true,
    logLevel: 'silent',
    ...overrides,
  };
  const server = await startServer(config, pino({ level: 'silent' }), {
    onFatal: (err) => {
      throw err;
    },
  });
  await server.ready;
  return {
    port: server.address.port,
    base: `http://127.0.0.1:${server.address.port}`,
    server,
    close: () => server.close(),
  };
}
