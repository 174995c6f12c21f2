import type { Logger } from '../log.js';
import type { SessionStore } from '../store/session-store.js';

const BATCH = 100;

/** How often to reap: a session dies within ~10% of the shortest TTL, checked every 50 ms to 1 s. */
export function reapIntervalMs(sessionTtlMinMs: number): number {
  return Math.min(1_000, Math.max(50, sessionTtlMinMs / 10));
}

/**
 * Expires TTL sessions: every gateway runs one, calling the store's atomic reap script on
 * a short interval. Redis holds the deadlines and the script removes what it reaps, so each
 * session is invalidated exactly once however many gateways run, and none is lost when a
 * gateway dies (another one reaps it).
 */
export class SessionReaper {
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #failing = false;

  constructor(
    private readonly store: SessionStore,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  /** Starts reaping (again after stop); a no-op while running. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** One round: reaps until nothing more is due. */
  async reap(): Promise<number> {
    let total = 0;
    for (;;) {
      const { reaped, refreshed } = await this.store.reap(BATCH);
      if (refreshed) this.log.info('new Redis server (restart or failover): every TTL session gets a fresh 2 x TTL');
      total += reaped;
      if (reaped < BATCH) return total;
    }
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.reap().then(
        (reaped) => {
          if (this.#failing) this.log.info('session reaper running again');
          this.#failing = false;
          if (reaped > 0) this.log.info({ sessions: reaped }, 'TTL sessions expired and invalidated');
        },
        (err: Error) => {
          if (!this.#failing) this.log.warn({ err: err.message }, 'session reaper cannot reach Redis; retrying');
          this.#failing = true;
        },
      ).finally(() => this.#schedule());
    }, this.intervalMs);
    this.#timer.unref();
  }
}
