import type { Entry, Indexed, WriteOutcome } from '../kv/types.js';
import { decodeEntry } from './entry-codec.js';
import type { DcNames } from './names.js';
import type { RedisLink } from './redis.js';

export interface KvStoreOptions {
  /** Most entries one atomic scan (recurse, keys, delete-tree) may touch. */
  scanLimit: number;
  /** Approximate length the change feed is trimmed to. */
  feedLength: number;
}

export interface SetResult extends WriteOutcome {
  /** The entry after the write (for a failed CAS: null). */
  entry: Omit<Entry, 'key' | 'value' | 'flags'> | null;
}

type Reply = Buffer[];

/**
 * Typed callers of the KV scripts: turn arguments into KEYS/ARGV and replies into domain
 * data. Numbers leave Redis as decimal strings and become BigInts here.
 *
 * Also keeps the fence: the highest index this process has seen, passed to every write so
 * the counter is lifted above it if a failover rolled it back (DESIGN.md §3).
 */
export class KvStore {
  #highestIndex = 0n;

  constructor(
    private readonly redis: RedisLink,
    private readonly names: DcNames,
    private readonly options: KvStoreOptions,
  ) {}

  /** The highest index this process has read or written. */
  get highestIndex(): bigint {
    return this.#highestIndex;
  }

  async get(key: Buffer): Promise<Indexed<Entry | null>> {
    const r = await this.redis.run('kvGet', this.names.idx, this.names.entry(key));
    if (Number(r[0]) !== 1) return { index: this.#seen(r[1]), result: null };
    const entry = decodeEntry(key, r[1] as Buffer);
    this.#observe(entry.modifyIndex);
    return { index: entry.modifyIndex, result: entry };
  }

  async list(prefix: Buffer): Promise<Indexed<Entry[]>> {
    const r = await this.redis.run('kvList', this.names.idx, prefix, String(this.options.scanLimit));
    const entries: Entry[] = [];
    for (let i = 1; i < r.length; i += 2) entries.push(decodeEntry(r[i] as Buffer, r[i + 1] as Buffer));
    return { index: this.#seen(r[0]), result: entries };
  }

  async keys(prefix: Buffer, separator: Buffer): Promise<Indexed<Buffer[]>> {
    const r = await this.redis.run('kvKeys', this.names.idx, prefix, separator, String(this.options.scanLimit));
    return { index: this.#seen(r[0]), result: r.slice(1) };
  }

  /** Plain set when cas is null; otherwise CAS (0 = create only). */
  async set(key: Buffer, value: Buffer, flags: bigint, cas: bigint | null): Promise<SetResult> {
    const r = await this.redis.run('kvSet', this.names.idx, this.names.entry(key), ...this.#writeArgs(), value, flags.toString(), cas === null ? '' : cas.toString());
    if (Number(r[0]) !== 1) return { ok: false, index: null, entry: null };
    const modifyIndex = this.#seen(r[2]);
    return {
      ok: true,
      index: modifyIndex,
      entry: { createIndex: big(r[1]), modifyIndex, lockIndex: big(r[3]), session: session(r[4]) },
    };
  }

  /** Plain delete when cas is null; otherwise delete only at that ModifyIndex. */
  async delete(key: Buffer, cas: bigint | null): Promise<WriteOutcome> {
    const r = await this.redis.run('kvDelete', this.names.idx, this.names.entry(key), ...this.#writeArgs(), cas === null ? '' : cas.toString());
    return this.#writeOutcome(r);
  }

  async deleteTree(prefix: Buffer): Promise<WriteOutcome> {
    const r = await this.redis.run('kvDeleteTree', this.names.idx, ...this.#writeArgs(), prefix, String(this.options.scanLimit));
    return this.#writeOutcome(r);
  }

  #writeArgs(): [string, string] {
    return [this.#highestIndex.toString(), String(this.options.feedLength)];
  }

  #writeOutcome(r: Reply): WriteOutcome {
    const index = r[1] && r[1].length > 0 ? this.#seen(r[1]) : null;
    return { ok: Number(r[0]) === 1, index };
  }

  #seen(raw: Buffer | undefined): bigint {
    const index = big(raw);
    this.#observe(index);
    return index;
  }

  #observe(index: bigint): void {
    if (index > this.#highestIndex) this.#highestIndex = index;
  }
}

function big(raw: Buffer | number | undefined): bigint {
  if (raw === undefined) return 0n;
  return BigInt(typeof raw === 'number' ? raw : raw.toString('latin1'));
}

function session(raw: Buffer | undefined): string | null {
  return raw && raw.length > 0 ? raw.toString('latin1') : null;
}
