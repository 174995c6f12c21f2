import type { BlockingQueries } from './blocking.js';
import type { KvService } from './kv-service.js';
import type { Entry, Indexed } from './types.js';

const ROUND_MS = 10 * 60_000;

/**
 * A key's states after afterIndex, pushed: the blocking query repeated forever. The first
 * state comes at once when the key is already newer; then one per change of the key
 * (creation, update, lock, deletion — null once deleted), never for writes to other keys.
 * Returning the iterator (the client went away) ends the wait at once.
 */
export function watchEntry(kv: KvService, blocking: BlockingQueries, key: Buffer, afterIndex: bigint): AsyncIterableIterator<Indexed<Entry | null>> {
  let cancel: (() => void) | null = null;
  let done = false;
  let last = { index: afterIndex, state: undefined as bigint | null | undefined };
  const read = { id: `get:${key.toString('latin1')}`, topic: { key }, read: () => kv.get(key) };

  const iterator: AsyncIterableIterator<Indexed<Entry | null>> = {
    async next() {
      while (!done) {
        const result = await blocking.query(read, { minIndex: last.index, waitMs: ROUND_MS }, (c) => (cancel = c));
        cancel = null;
        if (done) break;
        // A missing key reports the store's index, which other writes move: only a change of
        // the key itself (existence or ModifyIndex) is an event.
        const state = result.result === null ? null : result.result.modifyIndex;
        const changed = result.index > last.index && state !== last.state;
        last = { index: result.index > last.index ? result.index : last.index, state };
        if (changed) return { value: result, done: false };
      }
      return { value: undefined, done: true };
    },
    async return() {
      done = true;
      cancel?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
