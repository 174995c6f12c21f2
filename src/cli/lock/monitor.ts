// monitorLock of Consul's api/lock.go and api/semaphore.go: once held, the hold is watched
// with consistent blocking reads until a read shows it gone. A 500 answer is retried
// -monitor-retry times (after a pause, from index 0); any other failure counts as lost.

import { sleep } from '../abort.js';
import { isServerError, type RecipeOptions } from './recipe.js';

/** One consistent blocking read of what the recipe holds. */
export type HoldRead<T> = (index: bigint, signal: AbortSignal) => Promise<{ value: T; index: bigint }>;

/**
 * Watches until `held` answers false for a read; the returned signal then aborts. `stop`
 * (the recipe's release) ends the watch without aborting it.
 */
export function monitorHold<T>(read: HoldRead<T>, held: (value: T) => boolean, stop: AbortSignal, options: RecipeOptions): AbortSignal {
  const lost = new AbortController();
  void (async () => {
    let index = 0n;
    let retries = options.monitorRetries;
    while (!stop.aborted) {
      try {
        const result = await read(index, stop);
        if (!held(result.value)) break;
        index = result.index;
        retries = options.monitorRetries;
      } catch (err) {
        if (stop.aborted) return;
        if (retries > 0 && isServerError(err) && (await sleep(options.monitorRetryMs, stop))) {
          retries--;
          index = 0n;
          continue;
        }
        break;
      }
    }
    if (!stop.aborted) lost.abort();
  })();
  return lost.signal;
}
