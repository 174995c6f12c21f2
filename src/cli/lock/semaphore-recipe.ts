// The semaphore recipe of Consul's api/semaphore.go (`kvgate lock -n=N`): each contender
// holds PREFIX/<session> with a delete-behaviour session, and PREFIX/.lock holds
// {"Limit":N,"Holders":{"<session>":true}}, changed only by CAS. Holders whose contender key
// is gone (session dead) are pruned by whoever reads next.

import { field, JsonNumber, unmarshalJson } from '../../go/json.js';
import { encodeJson } from '../../go/json-encode.js';
import { joinPath } from '../../go/path.js';
import { isAbort } from '../abort.js';
import { apiErrorText } from '../consul/connect.js';
import type { KvApi, KVPair } from '../consul/kv.js';
import type { SessionApi } from '../consul/session.js';
import { monitorHold } from './monitor.js';
import { Attempts, InUseError, RecipeError, SESSION_TTL, type Recipe, type RecipeOptions } from './recipe.js';
import { SessionRenewal } from './session-renewal.js';

/** api.SemaphoreFlagValue (0xe0f69a2baa414de0). */
export const SEMAPHORE_FLAG = 16210313421097356768n;

interface SemaphoreLock {
  Limit: number;
  Holders: Set<string>;
}

export class SemaphoreRecipe implements Recipe {
  private session: SessionRenewal | undefined;
  private held = false;
  private monitorStop: AbortController | undefined;
  private readonly lockKey: string;

  constructor(
    private readonly kv: KvApi,
    private readonly sessions: SessionApi,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly options: RecipeOptions,
  ) {
    if (prefix === '') throw new RecipeError('missing prefix');
    this.lockKey = joinPath(prefix, '.lock');
  }

  async acquire(stop: AbortSignal): Promise<AbortSignal | null> {
    if (this.held) throw new RecipeError('Semaphore already held');
    let id: string;
    try {
      id = await this.sessions.create({ Name: this.options.sessionName, TTL: SESSION_TTL, Behavior: 'delete' });
    } catch (err) {
      throw new RecipeError(`failed to create session: ${apiErrorText(err)}`);
    }
    this.session = new SessionRenewal(this.sessions, id, SESSION_TTL);
    try {
      const contender = { Key: joinPath(this.prefix, id), Value: null, Session: id, Flags: SEMAPHORE_FLAG };
      const made = await this.kv.acquire(contender).catch((err: unknown) => new RecipeError(`failed to make contender entry: ${apiErrorText(err)}`));
      if (made !== true) throw made instanceof RecipeError ? made : new RecipeError('failed to make contender entry: <nil>');
      if (!(await this.wait(id, stop))) return null;
      this.held = true;
      return this.monitor(id);
    } finally {
      if (!this.held) await this.session.stop();
    }
  }

  async release(): Promise<void> {
    if (!this.held || !this.session) throw new RecipeError('Semaphore not held');
    this.held = false;
    this.monitorStop?.abort();
    const id = this.session.id;
    try {
      for (;;) {
        const pair = (await this.kv.get(this.lockKey).catch(fail)).value;
        const lock = this.decode(pair);
        if (!lock.Holders.delete(id)) break;
        if (await this.kv.cas(this.encode(lock, pair?.ModifyIndex ?? 0n)).catch(update)) break;
      }
      await this.kv.delete(joinPath(this.prefix, id)).catch(fail);
    } finally {
      await this.session.stop();
    }
  }

  async cleanup(): Promise<void> {
    if (this.held) throw new RecipeError('Semaphore already held');
    const pairs = await this.list({}).catch(readFailed);
    const lockPair = this.find(pairs);
    if (lockPair === undefined) return;
    if (lockPair.Flags !== SEMAPHORE_FLAG) throw new RecipeError('Existing key does not match semaphore use');
    const lock = this.decode(lockPair);
    prune(lock, pairs);
    if (lock.Holders.size > 0) throw new InUseError('Semaphore in use');
    const removed = await this.kv.deleteCas(this.lockKey, lockPair.ModifyIndex).catch((err: unknown) => {
      throw new RecipeError(`failed to remove semaphore: ${apiErrorText(err)}`);
    });
    if (!removed) throw new InUseError('Semaphore in use');
  }

  /** The acquisition loop of Semaphore.Acquire: join the holders by CAS while fewer than Limit. */
  private async wait(session: string, stop: AbortSignal): Promise<boolean> {
    const attempts = new Attempts(this.options.timeoutMs);
    let index = 0n;
    for (;;) {
      if (stop.aborted) return false;
      const waitMs = attempts.next();
      if (waitMs === undefined) return false;
      let read: { value: KVPair[] | null; index: bigint };
      try {
        read = await this.kv.list(this.prefix, { waitMs, index, signal: stop });
      } catch (err) {
        if (isAbort(err, stop)) return false;
        return readFailed(err);
      }
      const pairs = read.value ?? [];
      const lockPair = this.find(pairs);
      if (lockPair !== undefined && lockPair.Flags !== SEMAPHORE_FLAG) throw new RecipeError('Existing key does not match semaphore use');
      const lock = this.decode(lockPair ?? null);
      if (lock.Limit !== this.limit) throw new RecipeError(`semaphore limit conflict (lock: ${lock.Limit}, local: ${this.limit})`);
      prune(lock, pairs);
      if (lock.Holders.size >= lock.Limit) {
        index = read.index; // full: block until the prefix changes
        continue;
      }
      lock.Holders.add(session);
      if (await this.kv.cas(this.encode(lock, lockPair?.ModifyIndex ?? 0n)).catch(update)) return true;
    }
  }

  /** monitorLock: aborts the returned signal once our session is no longer a live holder. */
  private monitor(session: string): AbortSignal {
    this.monitorStop = new AbortController();
    return monitorHold(
      (index, signal) => this.kv.list(this.prefix, { consistent: true, index, signal }),
      (found) => {
        const pairs = found ?? [];
        const lock = this.decode(this.find(pairs) ?? null);
        prune(lock, pairs);
        return lock.Holders.has(session);
      },
      this.monitorStop.signal,
      this.options,
    );
  }

  private async list(q: { signal?: AbortSignal }): Promise<KVPair[]> {
    return (await this.kv.list(this.prefix, q)).value ?? [];
  }

  private find(pairs: KVPair[]): KVPair | undefined {
    return pairs.find((pair) => pair.Key === this.lockKey);
  }

  /** decodeLock: a missing or empty coordination key is a fresh lock with our limit. */
  private decode(pair: KVPair | null): SemaphoreLock {
    if (pair === null || pair.Value === null) return { Limit: this.limit, Holders: new Set() };
    const decoded = unmarshalJson(pair.Value.toString('utf8'));
    if (!decoded.ok) throw new RecipeError(`lock decoding failed: ${decoded.error}`);
    const limit = field(decoded.value, 'Limit').value;
    const holders = field(decoded.value, 'Holders').value;
    return {
      Limit: limit instanceof JsonNumber ? Number(limit.text) : 0,
      Holders: new Set(holders instanceof Map ? [...holders].filter(([, held]) => held === true).map(([id]) => id) : []),
    };
  }

  private encode(lock: SemaphoreLock, modifyIndex: bigint) {
    const holders = Object.fromEntries([...lock.Holders].sort().map((id) => [id, true]));
    const value = Buffer.from(encodeJson({ Limit: lock.Limit, Holders: holders }));
    return { Key: this.lockKey, Value: value, Flags: SEMAPHORE_FLAG, ModifyIndex: modifyIndex };
  }
}

/** pruneDeadHolders: a holder is alive while some key under the prefix is held by its session. */
function prune(lock: SemaphoreLock, pairs: KVPair[]): void {
  const alive = new Set(pairs.map((pair) => pair.Session).filter((session) => session !== ''));
  for (const holder of lock.Holders) if (!alive.has(holder)) lock.Holders.delete(holder);
}

function readFailed(err: unknown): never {
  throw new RecipeError(`failed to read prefix: ${apiErrorText(err)}`);
}

function update(err: unknown): never {
  throw new RecipeError(`failed to update lock: ${apiErrorText(err)}`);
}

function fail(err: unknown): never {
  throw new RecipeError(apiErrorText(err));
}
