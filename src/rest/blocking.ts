import type { BlockingOptions } from '../kv/blocking.js';
import type { QueryOptions } from './query-options.js';
import type { RestRequest } from './router.js';

/** ?index and ?wait as blocking options. */
export function blockingOptions(options: QueryOptions): BlockingOptions {
  return { minIndex: options.minIndex, waitMs: options.waitMs };
}

/**
 * Hooks a parked request's cancel to the client going away (the response closing). Only
 * for requests that may park (?index set): the hot path pays nothing.
 */
export function onClientGone(r: RestRequest, wait: BlockingOptions): ((cancel: () => void) => void) | undefined {
  if (wait.minIndex === 0n) return undefined;
  return (cancel) => r.res.once('close', cancel);
}
