import type { BlockingOptions } from '../kv/blocking.js';
import type { QueryOptions } from './query-options.js';
import type { RestRequest } from './router.js';

/** ?index and ?wait as blocking options. */
export function blockingOptions(options: QueryOptions): BlockingOptions {
  return { minIndex: options.minIndex, waitMs: options.waitMs };
}

/**
 * A signal that fires when the client goes away, so a parked request stops waiting. Only
 * made for requests that may park (?index set): the hot path pays nothing.
 */
export function closeSignal(r: RestRequest, wait: BlockingOptions): AbortSignal | undefined {
  if (wait.minIndex === 0n) return undefined;
  const controller = new AbortController();
  r.res.once('close', () => controller.abort());
  return controller.signal;
}
