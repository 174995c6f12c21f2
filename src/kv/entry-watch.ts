import type { Entry, Indexed } from '../structs/kv.js';
import type { BlockingQueries, BlockingRead, Guard } from './blocking.js';

type State = Indexed<Entry | null>;

/**
 * A key's states after afterIndex, pushed: a standing blocking query (BlockingQueries.watch,
 * so the rules are the blocking query's, and subscribers of one key share one read per
 * change). The first state comes at once when the key is already newer; then one per change
 * of the key (creation, update, lock, deletion — null once deleted), never for writes to
 * other keys. A consumer slower than the key keeps only the newest state: what it reads next
 * is always current, and memory stays one state per subscriber.
 *
 * Returning the iterator (the client went away) leaves the group at once and settles a
 * pending next() as done; graceful shutdown (drain) ends it the same way.
 */
export function watchEntry(blocking: BlockingQueries, read: BlockingRead<Entry | null>, afterIndex: bigint, guard?: Guard): AsyncIterableIterator<State> {
  // The read of a blocking GET of the key: both share a group, and one read per change.
  const watch = new EntryWatch();
  watch.stop = blocking.watch(read, afterIndex, watch, guard);
  return watch;
}

/**
 * One subscriber's end of the watch: the newest undelivered state, or the pending next().
 * A class, not closures: 10 000 subscribers share its methods (the memory per subscriber is
 * what a fan-out costs).
 */
class EntryWatch implements AsyncIterableIterator<State> {
  stop: () => void = () => {};
  #latest: State | null = null;
  #pending: { resolve(result: IteratorResult<State>): void; reject(err: unknown): void } | null = null;
  #ended = false;
  #failure: unknown = null;

  /** From the blocking query: a newer state of the key. */
  deliver(state: State): void {
    if (this.#pending) this.#settle({ value: state, done: false });
    else this.#latest = state;
  }

  /** From the blocking query: the watch is over (drain), or its read failed (err). */
  end(err?: unknown): void {
    this.#ended = true;
    this.#failure = err ?? null;
    if (this.#pending && this.#latest === null) this.#finish();
  }

  next(): Promise<IteratorResult<State>> {
    const state = this.#latest;
    if (state !== null) {
      this.#latest = null;
      return Promise.resolve({ value: state, done: false });
    }
    if (this.#ended) return this.#failure === null ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(this.#failure);
    return new Promise((resolve, reject) => (this.#pending = { resolve, reject }));
  }

  return(): Promise<IteratorResult<State>> {
    this.#ended = true;
    this.#latest = null;
    this.#failure = null;
    this.stop();
    if (this.#pending) this.#finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #finish(): void {
    if (this.#failure === null) this.#settle({ value: undefined, done: true });
    else {
      const pending = this.#pending;
      this.#pending = null;
      pending?.reject(this.#failure);
    }
  }

  #settle(result: IteratorResult<State>): void {
    const pending = this.#pending;
    this.#pending = null;
    pending?.resolve(result);
  }
}
