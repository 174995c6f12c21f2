import type { DcNames } from './names.js';
import type { RedisLink } from './redis-link.js';

/**
 * The index fence of one gateway process (docs/architecture.md, "The index"): the highest
 * index it has seen Redis hand out, read back, or deliver through the change feed. Every
 * write script gets it as ARGV[1] and commits above it, so after a failover rolled the
 * counter back no index a client has seen is handed out twice. Only indexes that come
 * from Redis are observed — never one a client sent.
 *
 * The stores of one datacenter (KV, sessions, transactions) and the feed reader share one.
 */
export class IndexFence {
  #highest = 0n;

  constructor(
    private readonly redis: RedisLink,
    private readonly names: DcNames,
    /** Approximate length the change feed is trimmed to (ARGV[2] of every write script). */
    private readonly feedLength: number,
  ) {}

  /** The highest index this process has seen. */
  get highest(): bigint {
    return this.#highest;
  }

  /** ARGV[1] and ARGV[2] of every write script: the fence and the feed length. */
  writeArgs(): Array<string | Buffer> {
    return [this.#highest.toString(), String(this.feedLength)];
  }

  /** Remembers an index Redis reported (a reply, the change feed). */
  observe(index: bigint): void {
    if (index > this.#highest) this.#highest = index;
  }

  /** An index from a script's reply (decimal digits), observed. */
  seen(raw: Buffer | undefined): bigint {
    const index = raw === undefined ? 0n : BigInt(raw.toString('latin1'));
    this.observe(index);
    return index;
  }

  /** An index a script may leave empty ('' or nil: nothing was written). */
  optional(raw: Buffer | null | undefined): bigint | null {
    return raw && raw.length > 0 ? this.seen(raw) : null;
  }

  /** Lifts Redis' counter to at least index (after Redis went back in time). */
  async lift(index: bigint): Promise<void> {
    await this.redis.run('fence', [this.names.idx], [index.toString()]);
    this.observe(index);
  }
}
