import type { Indexed } from '../structs/kv.js';
import type { Topic, WatchHub } from '../watch/watch-hub.js';
import { Group, groupKey, type Member } from './blocking-group.js';

/** A read that can block: what it reads, and what it watches. */
export interface BlockingRead<T> {
  /** Identifies the read within its topic: equal ids with equal topics read the same thing, so parked requests share reads. Only the domain services make reads. */
  id: string;
  topic: Topic;
  /** A null result means "not found" (a missing key), see BlockingQueries. */
  read(): Promise<Indexed<T>>;
}

export interface BlockingOptions {
  /** Answer once the result's index passes this one; 0 answers at once. */
  minIndex: bigint;
  /** Requested wait in ms; null or not positive means the default (5 min); capped at 10 min. */
  waitMs: number | null;
  /** Receives the function to call when the requester goes away. */
  onCancel?: (cancel: () => void) => void;
}

/** Checks that a parked request or watch may still read what it waits for; throws (a denial) when not. */
export type Guard = () => Promise<unknown>;

/** No blocking: answer at once. */
export const AT_ONCE: BlockingOptions = { minIndex: 0n, waitMs: null };

const DEFAULT_WAIT_MS = 5 * 60_000;
const MAX_WAIT_MS = 10 * 60_000;

/**
 * Consul's blocking queries (agent/consul/rpc.go blockingQuery) on the watch hub. A parked request joins the group of
 * requests making the same read; the group is subscribed to the hub, and one change costs
 * one read for the whole group, whose result answers every member it satisfies. A member
 * joins before its first read, so no change between the two goes unnoticed; each wake is
 * followed by a fresh read, so a spurious wake costs a read, never a wrong answer.
 * A request costs one timer (its wait, plus up to 1/16 jitter).
 *
 * Not found stays not found: when a parked request's read found nothing (a null result, a
 * missing key, whose index is the global one) and a wake finds nothing again, the request
 * waits on from the new index instead of answering — writes elsewhere move the global index,
 * not the answer (Consul's errNotFound rule in blockingQuery). Its timeout answers with the current
 * index as usual.
 */
export class BlockingQueries {
  readonly #groups = new Map<string, Group>();
  #draining = false;

  constructor(private readonly hub: WatchHub) {}

  /**
   * Answers at once, or parks until the index passes options.minIndex or the wait ends.
   * A parked request with a guard is checked again whenever access may have changed
   * (revalidate) and fails with the guard's error when it no longer may read.
   */
  query<T>(spec: BlockingRead<T>, options: BlockingOptions, guard?: Guard): Promise<Indexed<T>> {
    if (options.minIndex === 0n || this.#draining) return spec.read();
    const key = groupKey(spec.topic, spec.id);
    const group = this.#group(key, spec);
    return new Promise((resolve, reject) => {
      const member: Member = {
        minIndex: options.minIndex,
        missing: false,
        answer: (result) => {
          if (!leave()) return;
          resolve(result as Indexed<T>);
        },
        expire: () => {
          if (!leave()) return;
          spec.read().then(resolve, reject);
        },
        guard,
        fail: (err) => {
          if (leave()) reject(err);
        },
      };
      const timer = setTimeout(member.expire, waitTime(options.waitMs));
      const leave = (): boolean => {
        if (!group.members.delete(member)) return false;
        clearTimeout(timer);
        if (group.members.size === 0) this.#drop(key, group);
        return true;
      };
      group.members.add(member);
      options.onCancel?.(leave);
      spec.read().then(
        (result) => {
          if (result.index > member.minIndex) member.answer(result);
          else member.missing = result.result === null;
        },
        (err: unknown) => {
          if (leave()) reject(err);
        },
      );
    });
  }

  /**
   * A standing query, for pushed watches: the blocking query repeated forever, without a
   * timeout, at the cost of one group member. The watcher gets every result whose index
   * passes the last one delivered (the first at once when the read is already past
   * fromIndex), with the same not-found rule, and `end` once when the watch is over (its
   * read failed, or drain). Returns the function that stops it.
   */
  watch<T>(spec: BlockingRead<T>, fromIndex: bigint, watcher: Watcher<T>, guard?: Guard): () => void {
    if (this.#draining) {
      watcher.end();
      return () => {};
    }
    const key = groupKey(spec.topic, spec.id);
    const group = this.#group(key, spec);
    let delivered = false;
    const leave = (): boolean => {
      if (!group.members.delete(member)) return false;
      if (group.members.size === 0) this.#drop(key, group);
      return true;
    };
    const member: Member = {
      minIndex: fromIndex,
      missing: false,
      answer: (result) => {
        delivered = true;
        member.minIndex = result.index;
        member.missing = result.result === null;
        watcher.deliver(result as Indexed<T>);
      },
      expire: () => {
        if (leave()) watcher.end();
      },
      guard,
      fail: (err) => {
        if (leave()) watcher.end(err);
      },
    };
    group.members.add(member);
    spec.read().then(
      (result) => {
        // A shared re-read may have delivered a newer state already.
        if (delivered || !group.members.has(member)) return;
        if (result.index > member.minIndex) member.answer(result);
        else member.missing = result.result === null;
      },
      (err: unknown) => {
        if (leave()) watcher.end(err);
      },
    );
    return leave;
  }

  /** Answers every parked request now with a fresh read and ends every watch (graceful shutdown); later ones answer at once. */
  drain(): void {
    this.#draining = true;
    for (const group of [...this.#groups.values()]) for (const member of [...group.members]) member.expire();
  }

  /** Access may have changed (an ACL write): every guarded member checks again, and ends if it may no longer read. */
  revalidate(): void {
    for (const group of this.#groups.values()) {
      for (const member of group.members) member.guard?.().catch((err: unknown) => member.fail(err));
    }
  }

  /** How many requests are parked (for metrics and tests). */
  get parked(): number {
    let n = 0;
    for (const group of this.#groups.values()) n += group.members.size;
    return n;
  }

  #group<T>(key: string, spec: BlockingRead<T>): Group {
    let group = this.#groups.get(key);
    if (!group) {
      const created: Group = new Group(spec.read);
      created.unsubscribe = this.hub.subscribe(spec.topic, () => created.changed());
      this.#groups.set(key, created);
      group = created;
    }
    return group;
  }

  #drop(key: string, group: Group): void {
    if (this.#groups.get(key) !== group) return;
    this.#groups.delete(key);
    group.unsubscribe();
  }
}

/** Where a standing query delivers. */
export interface Watcher<T> {
  deliver(result: Indexed<T>): void;
  /** The watch is over: drained (no err), its read failed or its guard refused (err). */
  end(err?: unknown): void;
}

/** Consul's wait in ms: default 5 min, at most 10 min, plus a random jitter of up to 1/16. */
export function waitTime(waitMs: number | null): number {
  const wait = waitMs === null || waitMs <= 0 ? DEFAULT_WAIT_MS : Math.min(waitMs, MAX_WAIT_MS);
  return wait + Math.floor(Math.random() * (wait / 16));
}
