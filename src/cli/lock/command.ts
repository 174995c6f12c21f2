// `kvgate lock` — command/lock/lock.go: hold a lock (or a semaphore slot with -n>1) while a
// child process runs; kill the child if the hold is lost; release and clean up when the
// child exits or kvgate gets SIGINT/SIGTERM (forwarded to the child first).

import { joinPath } from '../../go/path.js';
import { whenAborted } from '../abort.js';
import { Child } from '../child.js';
import { fail, type Command, type CommandContext } from '../command.js';
import { apiErrorText, connect } from '../consul/connect.js';
import { HTTP_FLAGS } from '../consul/http-flags.js';
import { KvApi } from '../consul/kv.js';
import { agentNodeName, SessionApi } from '../consul/session.js';
import { LockRecipe } from './lock-recipe.js';
import { InUseError, RecipeError, type Recipe } from './recipe.js';
import { SemaphoreRecipe } from './semaphore-recipe.js';
import { LOCK_HELP, LOCK_FLAGS } from './help.js';

/** Time a child gets between SIGTERM and SIGKILL (lockKillGracePeriod). */
const KILL_GRACE_MS = 5_000;
const MONITOR_RETRY_MS = 1_000;

export const lockCommand: Command = {
  name: 'lock',
  synopsis: 'Execute a command holding a lock',
  help: LOCK_HELP,
  flags: { ...LOCK_FLAGS, ...HTTP_FLAGS },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, args, ui } = context;
  const verbose = flags.bool('verbose') ? (message: string) => ui.info(message) : () => {};
  const limit = flags.number('n');
  if (limit <= 0) return fail(ui, 'Lock holder limit must be positive');
  if (args.length < 2) return fail(ui, 'Key prefix and child command must be specified');
  const prefix = (args[0] as string).replace(/^\//, '');
  const childArgs = args.slice(1);
  const timeoutNs = flags.number('timeout') || flags.number('try');
  if (timeoutNs < 0) return fail(ui, 'Timeout must be positive');
  const name = flags.string('name') || `Consul lock for '${childArgs.join(' ')}' at '${prefix}'`;
  const monitorRetries = flags.number('monitor-retry');
  if (monitorRetries < 0) return fail(ui, "Number for 'monitor-retry' must be >= 0");

  const shutdown = new Shutdown();
  const client = connect(context);
  if (!client) {
    shutdown.dispose();
    return 1;
  }
  try {
    try {
      await agentNodeName(client);
    } catch (err) {
      return fail(ui, `Error querying Consul agent: ${apiErrorText(err)}`);
    }
    const kv = new KvApi(client);
    const sessions = new SessionApi(client);
    const options = { sessionName: name, monitorRetries, monitorRetryMs: MONITOR_RETRY_MS, timeoutMs: timeoutNs > 0 ? timeoutNs / 1e6 : undefined };
    let recipe: Recipe;
    try {
      if (limit === 1) {
        const key = joinPath(prefix, '.lock');
        verbose(`Setting up lock at path: ${key}`);
        recipe = new LockRecipe(kv, sessions, key, options);
      } else {
        verbose(`Setting up semaphore (limit ${limit}) at prefix: ${prefix}`);
        recipe = new SemaphoreRecipe(kv, sessions, prefix, limit, options);
      }
    } catch (err) {
      if (err instanceof RecipeError) return fail(ui, `Lock setup failed: ${err.message}`);
      throw err;
    }

    verbose('Attempting lock acquisition');
    let lost: AbortSignal | null;
    try {
      lost = await recipe.acquire(shutdown.signal);
    } catch (err) {
      if (err instanceof RecipeError) return fail(ui, `Lock acquisition failed: ${err.message}`);
      throw err;
    }
    if (lost === null) return fail(ui, 'Shutdown triggered or timeout during lock acquisition');

    let childCode = 0;
    if (shutdown.signal.aborted) {
      ui.error('Shutdown triggered during lock acquisition');
    } else {
      verbose('Starting handler');
      const child = new Child({
        args: childArgs,
        shell: flags.bool('shell'),
        env: { ...context.env, CONSUL_LOCK_HELD: 'true' },
        stdin: flags.bool('pass-stdin') ? 'inherit' : 'ignore',
      });
      if (flags.bool('pass-stdin')) verbose('Stdin passed to handler process');
      shutdown.forwardTo(child);
      const exit = child.exited.then((result) => {
        if (result.error !== null) ui.error(`Error ${result.started ? 'running' : 'starting'} handler: ${result.error}`);
        return result;
      });
      const outcome = await Promise.race([exit.then((result) => ({ kind: 'exited' as const, result })), whenAborted(shutdown.signal, { kind: 'shutdown' as const }), whenAborted(lost, { kind: 'lost' as const })]);
      if (outcome.kind === 'exited') {
        if (outcome.result.error !== null) childCode = 2;
        verbose('Child terminated, releasing lock');
      } else {
        verbose(outcome.kind === 'shutdown' ? 'Shutdown triggered, killing child' : 'Lock lost, killing child');
        await child.terminate(KILL_GRACE_MS, verbose);
        await exit;
      }
      shutdown.forwardTo(undefined);
    }

    try {
      await recipe.release();
    } catch (err) {
      if (err instanceof RecipeError) return fail(ui, `Lock release failed: ${err.message}`);
      throw err;
    }
    try {
      await recipe.cleanup();
      verbose('Cleanup succeeded');
    } catch (err) {
      if (err instanceof InUseError) verbose('Cleanup aborted, lock in use');
      else if (err instanceof RecipeError) return fail(ui, `Lock cleanup failed: ${err.message}`);
      else throw err;
    }
    return flags.bool('child-exit-code') ? childCode : 0;
  } finally {
    shutdown.dispose();
    client.close();
  }
}

/**
 * SIGINT/SIGTERM: Consul's shutdown channel plus agent.ForwardSignals — the signal goes to a
 * running child as is, and the shutdown signal aborts the acquisition or starts the kill.
 */
class Shutdown {
  private readonly controller = new AbortController();
  private child: Child | undefined;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.child?.signal(signal);
    this.controller.abort();
  };

  constructor() {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  forwardTo(child: Child | undefined): void {
    this.child = child;
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}
