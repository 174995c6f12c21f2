import type { AcquireStatus, Entry, Indexed, ReleaseStatus, WriteOutcome } from '../kv/types.js';
import { Batcher } from './batcher.js';
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

export interface LockResult<S> {
  status: S;
  /** Index of the write; null when nothing was written (refused, or a no-op re-acquire keeps the entry's). */
  index: bigint | null;
  entry: SetResult['entry'];
}

const ACQUIRE_STATUS: Record<string, AcquireStatus> = {
  ok: 'acquired',
  held: 'held',
  lockdelay: 'lockdelay',
  nosession: 'missing-session',
  invalid: 'invalid-session',
};
const RELEASE_STATUS: Record<string, ReleaseStatus> = { ok: 'released', held: 'not-held', nosession: 'missing-session' };

interface SetOp {
  key: Buffer;
  value: Buffer;
  flags: bigint;
  cas: bigint | null;
}

interface DeleteOp {
  key: Buffer;
  cas: bigint | null;
}

/**
 * Typed callers of the KV scripts: turn arguments into KEYS/ARGV and replies into domain
 * data. Numbers leave Redis as decimal strings and become BigInts here. Single-key reads,
 * sets and deletes go through group commit (batcher.ts).
 *
 * Also keeps the fence: the highest index this process has seen, passed to every write so
 * the counter is lifted above it if a failover rolled it back (DESIGN.md §3).
 */
export class KvStore {
  #highestIndex = 0n;
  readonly #gets: Batcher<Buffer, Indexed<Entry | null>>;
  readonly #sets: Batcher<SetOp, SetResult>;
  readonly #deletes: Batcher<DeleteOp, WriteOutcome>;

  constructor(
    private readonly redis: RedisLink,
    private readonly names: DcNames,
    private readonly options: KvStoreOptions,
  ) {
    this.#gets = new Batcher((keys) => this.#getMany(keys));
    this.#sets = new Batcher((ops) => this.#setMany(ops));
    this.#deletes = new Batcher((ops) => this.#deleteMany(ops));
  }

  /** The highest index this process has read or written. */
  get highestIndex(): bigint {
    return this.#highestIndex;
  }

  get(key: Buffer): Promise<Indexed<Entry | null>> {
    return this.#gets.submit(key);
  }

  async list(prefix: Buffer): Promise<Indexed<Entry[]>> {
    const r = (await this.redis.run('kvList', [this.names.idx], [prefix, String(this.options.scanLimit)])) as Buffer[];
    const entries: Entry[] = [];
    for (let i = 1; i < r.length; i += 2) entries.push(decodeEntry(r[i] as Buffer, r[i + 1] as Buffer));
    return { index: this.seen(r[0]), result: entries };
  }

  /** Up to `first` entries under prefix after key `after` (exclusive), and whether more follow. */
  async page(prefix: Buffer, after: Buffer | null, first: number): Promise<Indexed<{ entries: Entry[]; more: boolean }>> {
    const r = (await this.redis.run('kvPage', [this.names.idx], [prefix, after ?? '', String(first), String(this.options.scanLimit)])) as Buffer[];
    const entries: Entry[] = [];
    for (let i = 2; i < r.length; i += 2) entries.push(decodeEntry(r[i] as Buffer, r[i + 1] as Buffer));
    return { index: this.seen(r[0]), result: { entries, more: String(r[1]) === '1' } };
  }

  /** The index counter now (the last index any write took; 0 on an empty store). */
  async currentIndex(): Promise<bigint> {
    const raw = (await this.redis.command(['GET', this.names.idx])) as Buffer | null;
    return raw === null ? 0n : this.seen(raw);
  }

  async keys(prefix: Buffer, separator: Buffer): Promise<Indexed<Buffer[]>> {
    const r = (await this.redis.run('kvKeys', [this.names.idx], [prefix, separator, String(this.options.scanLimit)])) as Buffer[];
    return { index: this.seen(r[0]), result: r.slice(1) };
  }

  /** Plain set when cas is null; otherwise CAS (0 = create only). */
  set(key: Buffer, value: Buffer, flags: bigint, cas: bigint | null): Promise<SetResult> {
    return this.#sets.submit({ key, value, flags, cas });
  }

  /** Plain delete when cas is null; otherwise delete only at that ModifyIndex. */
  delete(key: Buffer, cas: bigint | null): Promise<WriteOutcome> {
    return this.#deletes.submit({ key, cas });
  }

  /** PUT ?acquire: lock key for session (spec §4.1); the entry after a successful acquire. */
  async acquire(key: Buffer, value: Buffer, flags: bigint, session: string): Promise<LockResult<AcquireStatus>> {
    const r = (await this.redis.run('kvAcquire', [this.names.idx, this.names.entry(key)], [...this.writeArgs(), value, flags.toString(), session])) as Buffer[];
    return this.#lockResult(r, ACQUIRE_STATUS);
  }

  /** PUT ?release: unlock key held by session (spec §4.2). */
  async release(key: Buffer, value: Buffer, flags: bigint, session: string): Promise<LockResult<ReleaseStatus>> {
    const r = (await this.redis.run('kvRelease', [this.names.idx, this.names.entry(key)], [...this.writeArgs(), value, flags.toString(), session])) as Buffer[];
    return this.#lockResult(r, RELEASE_STATUS);
  }

  #lockResult<S extends string>(r: Buffer[], statuses: Record<string, S>): LockResult<S> {
    const status = statuses[String(r[0])] as S;
    if (r.length === 1) return { status, index: null, entry: null };
    const modifyIndex = this.seen(r[2]);
    return { status, index: modifyIndex, entry: { createIndex: big(r[1]), modifyIndex, lockIndex: big(r[3]), session: session(r[4]) } };
  }

  async deleteTree(prefix: Buffer): Promise<WriteOutcome> {
    const r = (await this.redis.run('kvDeleteTree', [this.names.idx], [...this.writeArgs(), prefix, String(this.options.scanLimit)])) as Buffer[];
    return { ok: true, index: this.optionalIndex(r[1]) };
  }

  async #getMany(keys: Buffer[]): Promise<Array<Indexed<Entry | null>>> {
    const r = (await this.redis.run('kvGet', [this.names.idx, ...keys.map((k) => this.names.entry(k))], [])) as Array<Buffer | null>;
    const missingIndex = this.optionalIndex(r[0]) ?? 0n;
    return keys.map((key, i) => {
      const packed = r[i + 1];
      if (!packed) return { index: missingIndex, result: null };
      const entry = decodeEntry(key, packed);
      this.observe(entry.modifyIndex);
      return { index: entry.modifyIndex, result: entry };
    });
  }

  async #setMany(ops: SetOp[]): Promise<SetResult[]> {
    const args = this.writeArgs();
    for (const op of ops) args.push(op.value, op.flags.toString(), op.cas === null ? '' : op.cas.toString());
    const r = (await this.redis.run('kvSet', [this.names.idx, ...ops.map((op) => this.names.entry(op.key))], args)) as Buffer[][];
    return r.map((one) => {
      if (Number(one[0]) !== 1) return { ok: false, index: null, entry: null };
      const modifyIndex = this.seen(one[2]);
      return { ok: true, index: modifyIndex, entry: { createIndex: big(one[1]), modifyIndex, lockIndex: big(one[3]), session: session(one[4]) } };
    });
  }

  async #deleteMany(ops: DeleteOp[]): Promise<WriteOutcome[]> {
    const args = this.writeArgs();
    for (const op of ops) args.push(op.cas === null ? '' : op.cas.toString());
    const r = (await this.redis.run('kvDelete', [this.names.idx, ...ops.map((op) => this.names.entry(op.key))], args)) as Buffer[][];
    return r.map((one) => ({ ok: Number(one[0]) === 1, index: this.optionalIndex(one[1]) }));
  }

  /** ARGV[1] and ARGV[2] of every write script: the fence and the feed length. */
  writeArgs(): Array<string | Buffer> {
    return [this.#highestIndex.toString(), String(this.options.feedLength)];
  }

  /** An index a script may leave empty ('' or nil: nothing was written). */
  optionalIndex(raw: Buffer | null | undefined): bigint | null {
    return raw && raw.length > 0 ? this.seen(raw) : null;
  }

  /** An index read from a reply, remembered for the fence. */
  seen(raw: Buffer | undefined): bigint {
    const index = big(raw);
    this.observe(index);
    return index;
  }

  /** Remembers an index seen elsewhere (the change feed) for the fence. */
  observe(index: bigint): void {
    if (index > this.#highestIndex) this.#highestIndex = index;
  }

  /** Lifts Redis' counter to at least index (after Redis went back in time). */
  async fence(index: bigint): Promise<void> {
    this.observe(index);
    await this.redis.run('fence', [this.names.idx], [index.toString()]);
  }
}

function big(raw: Buffer | undefined): bigint {
  return raw === undefined ? 0n : BigInt(raw.toString('latin1'));
}

function session(raw: Buffer | undefined): string | null {
  return raw && raw.length > 0 ? raw.toString('latin1') : null;
}
