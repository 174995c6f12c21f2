import { kvError } from '../errors.js';
import type { RedisConnection } from './redis-connection.js';
import { fromRedisError } from './redis.js';
import type { ScriptName } from './scripts.js';

export interface RedisLinkOptions {
  /** How long a call may wait for its reply (--redis-timeout), ms. */
  timeoutMs: number;
  /** Called when a call ran out of time and the connection is dropped and opened again. */
  onStall(): void;
}

interface Call {
  /** The watchdog tick the call was sent in. */
  tick: number;
  reject(err: unknown): void;
}

/**
 * Runs kvgate's scripts and commands over one connection: maps every failure through
 * fromRedisError, and gives every call a deadline (node-redis has none once its
 * per-command timers are off, and one timer per call would cost the hot path). A watchdog
 * ticks timeoutMs/10 apart; when the oldest call in flight has waited timeoutMs, every
 * call in flight fails at once like a Consul without a leader, the connection is dropped
 * and opened again, and until Redis answers again `answering` is false. A call never
 * waits longer than its deadline (plus the timer's own lateness); while the connection is
 * down, calls fail at once (no offline queue). Blocking reads (XREAD) use connections of
 * their own, not this.
 */
export class RedisLink {
  readonly #inFlight = new Set<Call>();
  readonly #timer: NodeJS.Timeout;
  readonly #deadlineTicks: number;
  #tick = 0;
  #answering = true;

  constructor(
    readonly conn: RedisConnection,
    private readonly options: RedisLinkOptions,
  ) {
    const tickMs = Math.max(5, Math.floor(options.timeoutMs / 10));
    this.#deadlineTicks = Math.max(1, Math.round(options.timeoutMs / tickMs));
    this.#timer = setInterval(() => this.#watch(), tickMs);
    this.#timer.unref();
    conn.on('ready', () => (this.#answering = true));
  }

  /** False from a missed deadline until Redis answers again. */
  get answering(): boolean {
    return this.#answering;
  }

  /** Runs a script with its KEYS and ARGV; blob strings arrive as Buffers, nil as null. */
  run(script: ScriptName, keys: Array<string | Buffer>, args: Array<string | Buffer>): Promise<unknown[]> {
    return this.#track(this.conn[script](keys, args)) as Promise<unknown[]>;
  }

  /** A plain command (not a script), with the same error mapping and deadline. */
  command(args: Array<string | Buffer>): Promise<unknown> {
    return this.#track(this.conn.sendCommand(args));
  }

  #track(reply: Promise<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const call: Call = { tick: this.#tick, reject };
      this.#inFlight.add(call);
      reply.then(
        (value) => {
          if (!this.#inFlight.delete(call)) return;
          this.#answering = true;
          resolve(value);
        },
        (err: unknown) => {
          if (this.#inFlight.delete(call)) reject(fromRedisError(err));
        },
      );
    });
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #watch(): void {
    this.#tick++;
    const oldest = this.#inFlight.values().next();
    if (oldest.done || this.#tick - oldest.value.tick < this.#deadlineTicks) return;
    const late = [...this.#inFlight];
    this.#inFlight.clear();
    this.#answering = false;
    this.options.onStall();
    for (const call of late) call.reject(kvError('NO_LEADER'));
    this.conn.destroy();
    this.conn.connect().catch(() => {});
  }
}
