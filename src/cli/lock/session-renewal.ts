// A lock's session, kept alive like api.Session.RenewPeriodic: renew every TTL/2, retry a
// failed renew every second until a full TTL has passed without one, stop when the session
// is gone, and destroy it when the lock is given up.

import { parseDuration } from '../../go/duration.js';
import type { SessionApi } from '../consul/session.js';

export class SessionRenewal {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private ttlMs: number;
  private lastRenew = Date.now();

  constructor(
    private readonly sessions: SessionApi,
    readonly id: string,
    ttl: string,
  ) {
    this.ttlMs = ttlMs(ttl) ?? 0; // SESSION_TTL, a valid duration
    this.schedule(this.ttlMs / 2);
  }

  /** Stops renewing and destroys the session (its locks are released or deleted by the server). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sessions.destroy(this.id).catch(() => {});
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (Date.now() - this.lastRenew > this.ttlMs) return;
    this.timer = setTimeout(() => void this.renew(), delayMs);
  }

  private async renew(): Promise<void> {
    let ttl: string | null;
    try {
      ttl = await this.sessions.renew(this.id);
    } catch {
      this.schedule(1000);
      return;
    }
    if (ttl === null) return; // the session expired or was destroyed
    const renewed = ttl === '' ? this.ttlMs : ttlMs(ttl);
    if (renewed === undefined) return; // Go reads an unparsable TTL as 0 and stops renewing
    this.ttlMs = renewed;
    this.lastRenew = Date.now();
    this.schedule(this.ttlMs / 2);
  }
}

/** A TTL in ms, or undefined when time.ParseDuration rejects it. */
function ttlMs(ttl: string): number | undefined {
  const parsed = parseDuration(ttl);
  return parsed.ok ? Number(parsed.ns) / 1e6 : undefined;
}
