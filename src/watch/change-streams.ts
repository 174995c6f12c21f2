import type { FeedEvent, FeedStore } from '../store/feed.js';
import { ByteTrie } from './byte-trie.js';

/** What a change subscription yields. */
export type ChangeMessage =
  | { kind: 'change'; event: FeedEvent }
  | { kind: 'compacted'; index: bigint }
  | { kind: 'ended'; lastIndex: bigint; reason: string };

/** A write: every feed entry of one index, complete. */
type Write = { index: bigint; events: FeedEvent[] };

const REPLAY_PAGE = 1000;

/**
 * The changes under a prefix, exactly: replayed from any index the feed still holds, then
 * live from the feed reader, in index order, each once. A subscriber registers for live
 * writes before it reads the replay, and skips live writes the replay already covered, so
 * nothing falls between the two. Writes are delivered whole (the first entry of a write
 * says how many it has), so every end can name the last index delivered completely:
 * resuming after it neither repeats nor skips.
 *
 * When the feed no longer reaches back to the requested index — or the reader saw a gap —
 * the subscription answers `compacted` with the current index (re-read, then resubscribe).
 * A subscriber that does not keep up gets at most `bufferLimit` buffered entries, then an
 * `ended` message carrying the last index it received in full.
 */
export class ChangeStreams {
  readonly #subscribers = new ByteTrie<Subscriber>();
  readonly #all = new Set<Subscriber>();
  /** Entries of a write still arriving (a reader batch may end inside a write). */
  #partial: Write | null = null;
  #ended = false;

  constructor(
    private readonly feed: FeedStore,
    private readonly bufferLimit = 10_000,
  ) {}

  /** How many change subscriptions are open (for metrics and tests). */
  get subscribers(): number {
    return this.#all.size;
  }

  /** Entries from the feed reader, in feed order. */
  deliver(events: readonly FeedEvent[]): void {
    for (const event of events) {
      if (event.seq === 0n) this.#partial = { index: event.index, events: [] };
      const write = this.#partial;
      if (write === null || write.index !== event.index) continue; // began before this process read
      write.events.push(event);
      if (write.events.length === (write.events[0]?.count ?? 1)) {
        this.#partial = null;
        this.#dispatch(write);
      }
    }
  }

  /** Ends every subscription, and any made later, at once (graceful shutdown). */
  end(): void {
    this.#ended = true;
    for (const subscriber of this.#all) subscriber.close();
  }

  /** The reader missed entries: no subscriber can stay exact. */
  gap(): void {
    this.#partial = null;
    for (const subscriber of this.#all) subscriber.lost();
  }

  /**
   * The changes under prefix after afterIndex. Returning the iterator (the client went away)
   * ends it at once, even while it waits for the next write.
   */
  subscribe(prefix: Buffer, afterIndex: bigint): AsyncIterableIterator<ChangeMessage> {
    const subscriber = new Subscriber(prefix, this.bufferLimit);
    const run = this.#run(subscriber, prefix, afterIndex);
    return {
      next: () => run.next(),
      return: (value?: unknown) => {
        subscriber.close();
        return run.return(value as undefined);
      },
      throw: (err?: unknown) => {
        subscriber.close();
        return run.throw(err);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  async *#run(subscriber: Subscriber, prefix: Buffer, afterIndex: bigint): AsyncGenerator<ChangeMessage> {
    if (this.#ended) return;
    // Live writes are queued from here on, before the replay is read: nothing falls between.
    this.#subscribers.add(prefix, subscriber);
    this.#all.add(subscriber);
    try {
      const { current, first } = await this.feed.bounds();
      const reachesBack = first !== null && (first.index < afterIndex + 1n || (first.index === afterIndex + 1n && first.seq === 0n));
      if (current > afterIndex && !reachesBack) {
        yield { kind: 'compacted', index: current };
        return;
      }
      let through = afterIndex;
      for await (const write of this.#replay(afterIndex)) {
        for (const event of write.events) if (matches(event, prefix)) yield { kind: 'change', event };
        through = write.index;
      }
      for (;;) {
        const next = await subscriber.next();
        if (next === 'closed') return;
        if (next === 'lost') {
          yield { kind: 'compacted', index: (await this.feed.bounds()).current };
          return;
        }
        if (next === 'overflow') {
          yield { kind: 'ended', lastIndex: through, reason: 'the subscriber fell behind; resume with afterIndex = lastIndex' };
          return;
        }
        if (next.index <= through) continue;
        for (const event of next.events) yield { kind: 'change', event };
        through = next.index;
      }
    } finally {
      this.#subscribers.delete(prefix, subscriber);
      this.#all.delete(subscriber);
      subscriber.close();
    }
  }

  /** Complete writes after afterIndex, a page at a time, from the feed. */
  async *#replay(afterIndex: bigint): AsyncGenerator<Write> {
    let position = { index: afterIndex, seq: 1n << 62n };
    let write: Write | null = null;
    for (;;) {
      const page = await this.feed.after(position.index, position.seq, REPLAY_PAGE);
      for (const event of page) {
        if (write !== null && write.index !== event.index) yield write;
        if (write === null || write.index !== event.index) write = { index: event.index, events: [] };
        write.events.push(event);
        position = event;
      }
      if (page.length < REPLAY_PAGE) break;
    }
    if (write !== null) yield write;
  }

  #dispatch(write: Write): void {
    const concerned = new Map<Subscriber, FeedEvent[]>();
    for (const event of write.events) {
      if (event.key === null) continue;
      this.#subscribers.matches(event.key, (s) => {
        const list = concerned.get(s);
        if (list) list.push(event);
        else concerned.set(s, [event]);
      });
    }
    for (const [subscriber, events] of concerned) subscriber.push({ index: write.index, events });
  }
}

function matches(event: FeedEvent, prefix: Buffer): boolean {
  return event.key !== null && event.key.length >= prefix.length && event.key.subarray(0, prefix.length).equals(prefix);
}

/** One subscription's live queue, bounded. */
class Subscriber {
  #queue: Write[] = [];
  #queued = 0;
  #state: 'open' | 'overflow' | 'lost' | 'closed' = 'open';
  #wake: (() => void) | null = null;

  constructor(
    readonly prefix: Buffer,
    private readonly limit: number,
  ) {}

  push(write: Write): void {
    if (this.#state !== 'open') return;
    if (this.#queued + write.events.length > this.limit) this.#state = 'overflow';
    else {
      this.#queue.push(write);
      this.#queued += write.events.length;
    }
    this.#notify();
  }

  lost(): void {
    if (this.#state === 'open' || this.#state === 'overflow') this.#state = 'lost';
    this.#notify();
  }

  close(): void {
    this.#state = 'closed';
    this.#queue = [];
    this.#notify();
  }

  /** The next queued write; 'overflow' or 'lost' once the queue is drained after one; 'closed'. */
  async next(): Promise<Write | 'overflow' | 'lost' | 'closed'> {
    for (;;) {
      const write = this.#queue.shift();
      if (write) {
        this.#queued -= write.events.length;
        return write;
      }
      if (this.#state !== 'open') return this.#state;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
