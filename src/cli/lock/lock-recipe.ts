// The lock recipe of Consul's api/lock.go, over the HTTP API: one key (PREFIX/.lock) with a
// magic flag, acquired with ?acquire=<session> by a session that has a 15 s TTL, watched
// with blocking reads so that a release wakes the next contender at once.

import { isAbort, sleep } from '../abort.js';
import { apiErrorText } from '../consul/connect.js';
import type { KvApi, KVPair } from '../consul/kv.js';
import type { SessionApi } from '../consul/session.js';
import { monitorHold } from './monitor.js';
import { Attempts, InUseError, LOCK_RETRY_MS, RecipeError, SESSION_TTL, type Recipe, type RecipeOptions } from './recipe.js';
import { SessionRenewal } from './session-renewal.js';

/** api.LockFlagValue (0x2ddccbc058a50c18): marks a key as a lock. */
export const LOCK_FLAG = 3304740253564472344n;

export class LockRecipe implements Recipe {
  private session: SessionRenewal | undefined;
  private held = false;
  private monitorStop: AbortController | undefined;

  constructor(
    private readonly kv: KvApi,
    private readonly sessions: SessionApi,
    readonly key: string,
    private readonly options: RecipeOptions,
  ) {}

  async acquire(stop: AbortSignal): Promise<AbortSignal | null> {
    if (this.held) throw new RecipeError('Lock already held');
    let id: string;
    try {
      id = await this.sessions.create({ Name: this.options.sessionName, TTL: SESSION_TTL });
    } catch (err) {
      throw new RecipeError(`failed to create session: ${apiErrorText(err)}`);
    }
    this.session = new SessionRenewal(this.sessions, id, SESSION_TTL);
    try {
      if (!(await this.wait(id, stop))) return null;
      this.held = true;
      return this.monitor(id);
    } finally {
      if (!this.held) await this.session.stop();
    }
  }

  async release(): Promise<void> {
    if (!this.held || !this.session) throw new RecipeError('Lock not held');
    this.held = false;
    this.monitorStop?.abort();
    try {
      await this.kv.release(this.entry(this.session.id));
    } catch (err) {
      throw new RecipeError(`failed to release lock: ${apiErrorText(err)}`);
    } finally {
      await this.session.stop();
    }
  }

  async cleanup(): Promise<void> {
    if (this.held) throw new RecipeError('Lock already held');
    let pair: KVPair | null;
    try {
      pair = (await this.kv.get(this.key)).value;
    } catch (err) {
      throw new RecipeError(`failed to read lock: ${apiErrorText(err)}`);
    }
    if (pair === null) return;
    if (pair.Flags !== LOCK_FLAG) throw new RecipeError('Existing key does not match lock use');
    if (pair.Session !== '') throw new InUseError('Lock in use');
    let removed: boolean;
    try {
      removed = await this.kv.deleteCas(this.key, pair.ModifyIndex);
    } catch (err) {
      throw new RecipeError(`failed to remove lock: ${apiErrorText(err)}`);
    }
    if (!removed) throw new InUseError('Lock in use');
  }

  /** The acquisition loop of Lock.Lock; true once held, false when stopped or out of time. */
  private async wait(session: string, stop: AbortSignal): Promise<boolean> {
    const attempts = new Attempts(this.options.timeoutMs);
    let index = 0n;
    for (;;) {
      if (stop.aborted) return false;
      const waitMs = attempts.next();
      if (waitMs === undefined) return false;
      let read: { value: KVPair | null; index: bigint };
      try {
        read = await this.kv.get(this.key, { waitMs, index, signal: stop });
      } catch (err) {
        if (isAbort(err, stop)) return false;
        throw new RecipeError(`failed to read lock: ${apiErrorText(err)}`);
      }
      const pair = read.value;
      if (pair !== null && pair.Flags !== LOCK_FLAG) throw new RecipeError('Existing key does not match lock use');
      if (pair !== null && pair.Session === session) return true;
      if (pair !== null && pair.Session !== '') {
        index = read.index; // held by another session: block until that changes
        continue;
      }
      let locked: boolean;
      try {
        locked = await this.kv.acquire(this.entry(session));
      } catch (err) {
        throw new RecipeError(`failed to acquire lock: ${apiErrorText(err)}`);
      }
      if (locked) return true;
      // Refused: either someone got there first (wait on them), or a lock-delay runs.
      const current = await this.kv.get(this.key, { waitMs, signal: stop }).catch(() => null);
      if (current?.value && current.value.Session !== '') index = current.index;
      else if (!(await sleep(LOCK_RETRY_MS, stop))) return false;
      else index = 0n;
    }
  }

  /** monitorLock: aborts the returned signal when the key is no longer held by our session. */
  private monitor(session: string): AbortSignal {
    this.monitorStop = new AbortController();
    return monitorHold(
      (index, signal) => this.kv.get(this.key, { consistent: true, index, signal }),
      (pair) => pair !== null && pair.Session === session,
      this.monitorStop.signal,
      this.options,
    );
  }

  private entry(session: string) {
    return { Key: this.key, Value: null, Session: session, Flags: LOCK_FLAG };
  }
}
