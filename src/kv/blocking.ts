import type { Topic, WatchHub } from '../watch/watch-hub.js';
import type { Indexed } from '../structs/kv.js';

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
}

const DEFAULT_WAIT_MS = 5 * 60_000;
const MAX_WAIT_MS = 10 * 60_000;
/** A shared re-read that failed is tried again after this, doubling up to RETRY_MAX_MS. */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2_000;

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
   * `onCancel` receives the function to call when the requester goes away.
   */
  query<T>(spec: BlockingRead<T>, options: BlockingOptions, onCancel?: (cancel: () => void) => void): Promise<Indexed<T>> {
    if (options.minIndex === 0n || this.#draining) return spec.read();
    const key = groupKey(spec);
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
      };
      const timer = setTimeout(member.expire, waitTime(options.waitMs));
      const leave = (): boolean => {
        if (!group.members.delete(member)) return false;
        clearTimeout(timer);
        if (group.members.size === 0) this.#drop(key, group);
        return true;
      };
      group.members.add(member);
      onCancel?.(leave);
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
  watch<T>(spec: BlockingRead<T>, fromIndex: bigint, watcher: Watcher<T>): () => void {
    if (this.#draining) {
      watcher.end();
      return () => {};
    }
    const key = groupKey(spec);
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
  /** The watch is over: drained (no err) or its read failed. */
  end(err?: unknown): void;
}

interface Member {
  minIndex: bigint;
  /** Its first read found nothing: a wake that still finds nothing re-arms at the new index. */
  missing: boolean;
  /** Answers with a result that passed minIndex. */
  answer(result: Indexed<unknown>): void;
  /** The wait is over: answers with a fresh read, whatever its index. */
  expire(): void;
}

/** Parked requests making the same read: one read per change, shared. */
class Group {
  readonly members = new Set<Member>();
  unsubscribe: () => void = () => {};
  #reading = false;
  #again = false;
  #retry: NodeJS.Timeout | null = null;
  #retryMs = RETRY_MIN_MS;

  constructor(private readonly read: () => Promise<Indexed<unknown>>) {}

  /** Something this group watches may have changed: read (again) and answer who is satisfied. */
  changed(): void {
    if (this.#reading) {
      this.#again = true;
      return;
    }
    void this.#refresh();
  }

  async #refresh(): Promise<void> {
    this.#reading = true;
    let failed = false;
    do {
      this.#again = false;
      try {
        const result = await this.read();
        failed = false;
        this.#retryMs = RETRY_MIN_MS;
        for (const member of [...this.members]) {
          if (result.index <= member.minIndex) continue;
          if (member.missing && result.result === null) member.minIndex = result.index;
          else member.answer(result);
        }
      } catch {
        failed = true;
      }
    } while (this.#again && this.members.size > 0);
    this.#reading = false;
    // Redis could not be read: the change that woke us is not lost, the read is retried
    // (backing off) while anyone is parked; each member's timeout still bounds its wait.
    if (failed && this.members.size > 0 && this.#retry === null) {
      this.#retry = setTimeout(() => {
        this.#retry = null;
        if (this.members.size > 0) this.changed();
      }, this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
    }
  }
}

/**
 * The group a read joins: what it watches (length-prefixed, so no key bytes can imitate
 * another topic) and its id. Two reads whose ids happen to coincide (say `?keys` under
 * ":x" and `?keys&separator=:` under "x") still watch different things, so never share.
 */
function groupKey(spec: BlockingRead<unknown>): string {
  const topic = spec.topic;
  const watched = 'key' in topic ? `k${topic.key.toString('latin1')}` : 'prefix' in topic ? `p${topic.prefix.toString('latin1')}` : 's';
  return `${watched.length}:${watched}${spec.id}`;
}

/** Consul's wait in ms: default 5 min, at most 10 min, plus a random jitter of up to 1/16. */
export function waitTime(waitMs: number | null): number {
  const wait = waitMs === null || waitMs <= 0 ? DEFAULT_WAIT_MS : Math.min(waitMs, MAX_WAIT_MS);
  return wait + Math.floor(Math.random() * (wait / 16));
}
