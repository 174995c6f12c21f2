import type { DcNames } from './names.js';
import type { RedisLink } from './redis-link.js';

/**
 * One entry of the change feed (the Redis stream every write script appends to): the index
 * of the write and the entry's place in it, what changed, and — on the first entry of a
 * write — how many entries the write has. Values never travel in the feed.
 */
export interface FeedEvent {
  index: bigint;
  seq: bigint;
  /** set, delete, lock, unlock; session-create, session-destroy; acl. */
  op: string;
  key: Buffer | null;
  session: string | null;
  /** The ACL object changed ('token:<accessor>', 'policy:<id>', 'role:<id>'). */
  acl: string | null;
  /** Entries of the whole write, on its first entry (seq 0) only. */
  count: number | null;
}

export function parseFeedEntry(id: Buffer, fields: Buffer[]): FeedEvent {
  const [index = '0', seq = '0'] = id.toString('latin1').split('-');
  const event: FeedEvent = { index: BigInt(index), seq: BigInt(seq), op: '', key: null, session: null, acl: null, count: null };
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = (fields[i] as Buffer).toString('latin1');
    const value = fields[i + 1] as Buffer;
    if (name === 'op') event.op = value.toString('latin1');
    else if (name === 'key') event.key = value;
    else if (name === 'session') event.session = value.toString('latin1');
    else if (name === 'acl') event.acl = value.toString('latin1');
    else if (name === 'n') event.count = Number(value.toString('latin1'));
  }
  return event;
}

/** Reads of the feed for replay: a range after a position, and where it starts. */
export class FeedStore {
  constructor(
    private readonly redis: RedisLink,
    private readonly names: DcNames,
  ) {}

  /** Up to `count` entries after index-seq (exclusive), in order. */
  async after(index: bigint, seq: bigint, count: number): Promise<FeedEvent[]> {
    const reply = (await this.redis.command(['XRANGE', this.names.feed, `(${index}-${seq}`, '+', 'COUNT', String(count)])) as Array<[Buffer, Buffer[]]>;
    return reply.map(([id, fields]) => parseFeedEntry(id, fields));
  }

  /** The index counter now, then the oldest entry the feed still holds (null: empty). */
  async bounds(): Promise<{ current: bigint; first: FeedEvent | null }> {
    const raw = (await this.redis.command(['GET', this.names.idx])) as Buffer | null;
    const first = (await this.redis.command(['XRANGE', this.names.feed, '-', '+', 'COUNT', '1'])) as Array<[Buffer, Buffer[]]>;
    const [entry] = first;
    return { current: raw === null ? 0n : BigInt(raw.toString('latin1')), first: entry ? parseFeedEntry(entry[0], entry[1]) : null };
  }
}
