// What `kvgate lock` needs from the lock recipe (api/lock.go, -n=1) and the semaphore
// recipe (api/semaphore.go, -n>1), and the pieces they share.

import { StatusError } from '../consul/client.js';

export interface Recipe {
  /**
   * Blocks until held. Resolves to a signal that aborts when the hold is lost, or to null
   * when `stop` fired or the -timeout ran out. Rejects with RecipeError.
   */
  acquire(stop: AbortSignal): Promise<AbortSignal | null>;
  /** Gives up the hold and destroys the session. */
  release(): Promise<void>;
  /** Deletes the coordination key if nobody uses it; rejects with InUseError when in use. */
  cleanup(): Promise<void>;
}

export interface RecipeOptions {
  sessionName: string;
  /** -monitor-retry: 500 answers tolerated while watching the hold. */
  monitorRetries: number;
  monitorRetryMs: number;
  /** -timeout as LockTryOnce/LockWaitTime; undefined = wait forever (15 s per query). */
  timeoutMs: number | undefined;
}

export const SESSION_TTL = '15s';
/** How long one blocking read waits (DefaultLockWaitTime / DefaultSemaphoreWaitTime). */
export const DEFAULT_WAIT_MS = 15_000;
/** Pause after an acquire refused while nobody holds the key: a lock-delay is running. */
export const LOCK_RETRY_MS = 5_000;

/** A failure the command reports (`Lock acquisition failed: <message>`). */
export class RecipeError extends Error {}

/** The coordination key is in use; cleanup leaves it. */
export class InUseError extends RecipeError {}

/** Go's IsServerError: a 500 answer, worth retrying while monitoring. */
export function isServerError(err: unknown): boolean {
  return err instanceof StatusError && err.code === 500;
}

/** The time budget of one acquisition (LockTryOnce: the -timeout bounds all attempts). */
export class Attempts {
  private readonly start = Date.now();
  private count = 0;

  constructor(private readonly timeoutMs: number | undefined) {}

  /** The wait for the next blocking read, or undefined when the -timeout is used up. */
  next(): number | undefined {
    const first = this.count === 0;
    this.count++;
    if (this.timeoutMs === undefined) return DEFAULT_WAIT_MS;
    if (first) return this.timeoutMs;
    const elapsed = Date.now() - this.start;
    return elapsed > this.timeoutMs ? undefined : this.timeoutMs - elapsed;
  }
}
