import { ConfigError, parseServeArgs, serveOptionsHelp } from '../config.js';
import { createLogger } from '../log.js';
import { startServer, type RunningServer } from '../server.js';
import { RedisChildError } from '../store/redis-child.js';

const USAGE = `Usage: kvgate serve [options]

Serves Consul's HTTP API (/v1/kv, /v1/txn, /v1/session, /v1/status, /v1/agent/self) from
Redis. Without --redis it starts its own redis-server (from PATH) on a unix socket and
keeps the data in --data-dir, so the data survives restarts.

Options (flag, environment variable, meaning):
`;

/** `kvgate serve`: runs until SIGINT/SIGTERM, then shuts down cleanly (exit 0). */
export async function serve(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseServeArgs(argv, process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`kvgate serve: ${err.message}\n\nRun "kvgate serve --help" for the options.\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}${serveOptionsHelp()}\n`);
    return 0;
  }
  const log = createLogger(command.config.logLevel);
  let server: RunningServer | undefined;
  try {
    server = await startServer(command.config, log, {
      onFatal(err) {
        log.fatal({ err: err.message }, 'kvgate cannot run');
        void stop(1);
      },
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!(err instanceof RedisChildError)) log.fatal({ err: message }, 'kvgate failed to start');
    process.stderr.write(`kvgate serve: ${message}\n`);
    return 1;
  }

  let stopping = false;
  async function stop(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    try {
      await server?.close();
      log.info('kvgate stopped');
    } catch (err) {
      log.error({ err: (err as Error).message }, 'error while stopping');
      code = 1;
    }
    process.exit(code);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      log.info({ signal }, 'shutting down');
      void stop(0);
    });
  }
  return 0;
}
