import type { Entry, EntryMeta, Indexed, LockResult, SetResult, WriteOutcome } from '../structs/kv.js';
import { OUTCOME, type AcquireOutcome, type ReleaseOutcome } from '../structs/outcome.js';
import { Batcher } from './batcher.js';
import { decodeEntry } from './entry-codec.js';
import type { IndexFence } from './fence.js';
import type { DcNames } from './names.js';
import type { RedisLink } from './redis-link.js';

export interface KvStoreOptions {
  /** Most entries one atomic scan (recurse, keys, delete-tree) may touch. */
  scanLimit: number;
}

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
 * Typed callers of the KV scripts: turn arguments into KEYS/ARGV and replies into plain
 * data and outcome codes (src/structs/outcome.ts). Numbers leave Redis as decimal strings
 * and become BigInts here. Single-key reads, sets and deletes go through group commit
 * (batcher.ts). Rules (which keys are valid, who may write) are the domain's, above.
 */
export class KvStore {
  readonly #gets: Batcher<Buffer, Indexed<Entry | null>>;
  readonly #sets: Batcher<SetOp, SetResult>;
  readonly #deletes: Batcher<DeleteOp, WriteOutcome>;

  constructor(
    private readonly redis: RedisLink,
    private readonly names: DcNames,
    private readonly fence: IndexFence,
    private readonly options: KvStoreOptions,
  ) {
    this.#gets = new Batcher((keys) => this.#getMany(keys));
    this.#sets = new Batcher((ops) => this.#setMany(ops));
    this.#deletes = new Batcher((ops) => this.#deleteMany(ops));
  }

  get(key: Buffer): Promise<Indexed<Entry | null>> {
    return this.#gets.submit(key);
  }

  async list(prefix: Buffer): Promise<Indexed<Entry[]>> {
    const r = (await this.redis.run('kvList', [this.names.idx], [prefix, String(this.options.scanLimit)])) as Buffer[];
    const entries: Entry[] = [];
    for (let i = 1; i < r.length; i += 2) entries.push(decodeEntry(r[i] as Buffer, r[i + 1] as Buffer));
    return { index: this.fence.seen(r[0]), result: entries };
  }

  /** Up to `first` entries under prefix after key `after` (exclusive), and whether more follow. */
  async page(prefix: Buffer, after: Buffer | null, first: number): Promise<Indexed<{ entries: Entry[]; more: boolean }>> {
    const r = (await this.redis.run('kvPage', [this.names.idx], [prefix, after ?? '', String(first), String(this.options.scanLimit)])) as Buffer[];
    const entries: Entry[] = [];
    for (let i = 2; i < r.length; i += 2) entries.push(decodeEntry(r[i] as Buffer, r[i + 1] as Buffer));
    return { index: this.fence.seen(r[0]), result: { entries, more: String(r[1]) === '1' } };
  }

  /** The index counter now (the last index any write took; 0 on an empty store). */
  async currentIndex(): Promise<bigint> {
    const raw = (await this.redis.command(['GET', this.names.idx])) as Buffer | null;
    return raw === null ? 0n : this.fence.seen(raw);
  }

  async keys(prefix: Buffer, separator: Buffer): Promise<Indexed<Buffer[]>> {
    const r = (await this.redis.run('kvKeys', [this.names.idx], [prefix, separator, String(this.options.scanLimit)])) as Buffer[];
    return { index: this.fence.seen(r[0]), result: r.slice(1) };
  }

  /** Plain set when cas is null; otherwise CAS (0 = create only). */
  set(key: Buffer, value: Buffer, flags: bigint, cas: bigint | null): Promise<SetResult> {
    return this.#sets.submit({ key, value, flags, cas });
  }

  /** Plain delete when cas is null; otherwise delete only at that ModifyIndex. */
  delete(key: Buffer, cas: bigint | null): Promise<WriteOutcome> {
    return this.#deletes.submit({ key, cas });
  }

  /** Locks key for session, writing value and flags; the entry after a successful acquire. */
  async acquire(key: Buffer, value: Buffer, flags: bigint, session: string): Promise<LockResult<AcquireOutcome>> {
    const r = (await this.redis.run('kvAcquire', [this.names.idx, this.names.entry(key)], [...this.fence.writeArgs(), value, flags.toString(), session])) as Buffer[];
    return this.#lockResult(r);
  }

  /** Unlocks key held by session, writing value and flags. */
  async release(key: Buffer, value: Buffer, flags: bigint, session: string): Promise<LockResult<ReleaseOutcome>> {
    const r = (await this.redis.run('kvRelease', [this.names.idx, this.names.entry(key)], [...this.fence.writeArgs(), value, flags.toString(), session])) as Buffer[];
    return this.#lockResult(r);
  }

  async deleteTree(prefix: Buffer): Promise<WriteOutcome> {
    const r = (await this.redis.run('kvDeleteTree', [this.names.idx], [...this.fence.writeArgs(), prefix, String(this.options.scanLimit)])) as Buffer[];
    return { ok: true, index: this.fence.optional(r[1]) };
  }

  #lockResult<S extends string>(r: Buffer[]): LockResult<S> {
    const status = String(r[0]) as S;
    if (r.length === 1) return { status, index: null, entry: null };
    const entry = this.#meta(r);
    return { status, index: entry.modifyIndex, entry };
  }

  /** The entry after a write, from a reply {outcome, c, m, l, s}. */
  #meta(r: Buffer[]): EntryMeta {
    const session = r[4];
    return {
      createIndex: big(r[1]),
      modifyIndex: this.fence.seen(r[2]),
      lockIndex: big(r[3]),
      session: session && session.length > 0 ? session.toString('latin1') : null,
    };
  }

  async #getMany(keys: Buffer[]): Promise<Array<Indexed<Entry | null>>> {
    const r = (await this.redis.run('kvGet', [this.names.idx, ...keys.map((k) => this.names.entry(k))], [])) as Array<Buffer | null>;
    const missingIndex = this.fence.optional(r[0]) ?? 0n;
    return keys.map((key, i) => {
      const packed = r[i + 1];
      if (!packed) return { index: missingIndex, result: null };
      const entry = decodeEntry(key, packed);
      this.fence.observe(entry.modifyIndex);
      return { index: entry.modifyIndex, result: entry };
    });
  }

  async #setMany(ops: SetOp[]): Promise<SetResult[]> {
    const args = this.fence.writeArgs();
    for (const op of ops) args.push(op.value, op.flags.toString(), op.cas === null ? '' : op.cas.toString());
    const r = (await this.redis.run('kvSet', [this.names.idx, ...ops.map((op) => this.names.entry(op.key))], args)) as Buffer[][];
    return r.map((one) => {
      if (String(one[0]) !== OUTCOME.OK) return { ok: false, index: null, entry: null };
      const entry = this.#meta(one);
      return { ok: true, index: entry.modifyIndex, entry };
    });
  }

  async #deleteMany(ops: DeleteOp[]): Promise<WriteOutcome[]> {
    const args = this.fence.writeArgs();
    for (const op of ops) args.push(op.cas === null ? '' : op.cas.toString());
    const r = (await this.redis.run('kvDelete', [this.names.idx, ...ops.map((op) => this.names.entry(op.key))], args)) as Buffer[][];
    return r.map((one) => ({ ok: String(one[0]) === OUTCOME.OK, index: this.fence.optional(one[1]) }));
  }
}

function big(raw: Buffer | undefined): bigint {
  return raw === undefined ? 0n : BigInt(raw.toString('latin1'));
}
