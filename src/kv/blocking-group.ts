import type { Indexed } from '../structs/kv.js';
import type { Topic } from '../watch/watch-hub.js';

/** A shared re-read that failed is tried again after this, doubling up to RETRY_MAX_MS. */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2_000;

/** One parked request or standing watch in a group. */
export interface Member {
  minIndex: bigint;
  /** Its first read found nothing: a wake that still finds nothing re-arms at the new index. */
  missing: boolean;
  /** Answers with a result that passed minIndex. */
  answer(result: Indexed<unknown>): void;
  /** The wait is over: answers with a fresh read, whatever its index. */
  expire(): void;
  /** Checks the member may still read what it waits for (its token); throws when not. */
  guard?: () => Promise<unknown>;
  /** Ends the member with an error (its guard failed). */
  fail(err: unknown): void;
}


/** Parked requests making the same read: one read per change, shared. */
export class Group {
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
export function groupKey(topic: Topic, id: string): string {
  const watched = 'key' in topic ? `k${topic.key.toString('latin1')}` : 'prefix' in topic ? `p${topic.prefix.toString('latin1')}` : 'sessions' in topic ? 's' : 'a';
  return `${watched.length}:${watched}${id}`;
}

