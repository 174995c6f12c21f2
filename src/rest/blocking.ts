import { AT_ONCE, type BlockingOptions } from '../kv/blocking.js';
import type { QueryOptions } from './query-options.js';
import type { RestRequest } from './router.js';

/**
 * ?index and ?wait as blocking options. A request that may park (?index set) cancels when
 * its client goes away (the response closing); the hot path pays nothing.
 */
export function blockingOptions(r: RestRequest, options: QueryOptions): BlockingOptions {
  if (options.minIndex === 0n) return AT_ONCE;
  return { minIndex: options.minIndex, waitMs: options.waitMs, onCancel: (cancel) => r.res.once('close', cancel) };
}
