import type { Logger } from '../log.js';
import { parseFeedEntry } from '../store/feed.js';
import type { RedisConnection } from '../store/redis-connection.js';
import type { ChangeStreams } from './change-streams.js';
import type { WatchHub } from './watch-hub.js';

export interface FeedReaderOptions {
  /** A connection of its own: XREAD BLOCK holds it. */
  conn: RedisConnection;
  /** The datacenter's change feed (a stream with ids <index>-<seq>). */
  feed: string;
  hub: WatchHub;
  /** Receives every entry, for change subscriptions. */
  changes: ChangeStreams;
  log: Logger;
  /** Every index read from the feed (the store keeps the highest as its fence). */
  onIndex(index: bigint): void;
  /** Lifts Redis' index counter to at least index (after Redis went back in time). */
  fence(index: bigint): Promise<void>;
  /** An ACL object changed (or changes may have been missed): resolutions are stale. */
  onAclChange?(): void;
  /** How long one XREAD blocks (ms); the reply deadline is this plus 5 s. */
  blockMs?: number;
}

/**
 * The one change-feed reader of a process: XREAD BLOCK on the feed from the last id seen,
 * each change handed to the watch hub. Every write allocates the next index and adds at
 * least one entry under it, so indexes in the feed are dense: a jump means entries were
 * missed (trimmed away, or lost in a failover) and every watcher is woken instead. When
 * the feed goes back in time (a failover to a replica that had not seen everything), the
 * counter is fenced above what this process has seen, so no index is handed out twice.
 * The reply deadline covers a server that stops answering; reconnects resume from the last
 * id, which loses nothing the stream still holds.
 */
export class FeedReader {
  #lastId: StreamId | null = null;
  #running = false;
  #stopped: Promise<void> = Promise.resolve();
  #failing = false;
  readonly #blockMs: number;

  constructor(private readonly options: FeedReaderOptions) {
    this.#blockMs = options.blockMs ?? 5_000;
  }

  /** The id of the last entry handed to the hub. */
  get position(): string | null {
    return this.#lastId === null ? null : `${this.#lastId.index}-${this.#lastId.seq}`;
  }

  /** Starts reading (a no-op while running). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopped = this.#loop();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.options.conn.destroy();
    await this.#stopped;
  }

  async #loop(): Promise<void> {
    let checkTop = true;
    let connected = false;
    while (this.#running) {
      try {
        if (!connected) {
          // Once open, node-redis reconnects by itself.
          await this.options.conn.connect();
          connected = true;
        }
        if (checkTop) await this.#checkTop();
        checkTop = false;
        const reply = await this.#read();
        if (reply === null) checkTop = true; // quiet: make sure the feed did not go back
        else this.#deliver(reply);
        if (this.#failing) this.options.log.info('change feed reader running again');
        this.#failing = false;
      } catch (err) {
        if (!this.#running) break;
        if (!this.#failing) this.options.log.warn({ err: (err as Error).message }, 'change feed reader: Redis unreachable, retrying');
        this.#failing = true;
        checkTop = true;
        await sleep(250);
      }
    }
  }

  /** XREAD with a reply deadline; a server that does not answer gets its connection dropped. */
  async #read(): Promise<Array<[Buffer, Buffer[]]> | null> {
    const { conn, feed } = this.options;
    const after = this.#lastId ?? { index: 0n, seq: 0n };
    const reply = conn.sendCommand(['XREAD', 'COUNT', '1000', 'BLOCK', String(this.#blockMs), 'STREAMS', feed, `${after.index}-${after.seq}`]);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        conn.destroy();
        conn.connect().catch(() => {});
        reject(new Error('no reply from Redis within the deadline; reconnecting'));
      }, this.#blockMs + 5_000);
    });
    try {
      const result = (await Promise.race([reply, deadline])) as Record<string, Array<[Buffer, Buffer[]]>> | null;
      return result === null ? null : (Object.values(result)[0] ?? null);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Where the feed ends now. On start this is where reading begins; later, an end before the
   * last id read means Redis went back in time: wake everyone, fence, read on from there.
   */
  async #checkTop(): Promise<void> {
    const top = (await this.options.conn.sendCommand(['XREVRANGE', this.options.feed, '+', '-', 'COUNT', '1'])) as Array<[Buffer]> | null;
    const end = top && top.length > 0 ? parseId(top[0]?.[0] as Buffer) : { index: 0n, seq: 0n };
    if (this.#lastId === null) {
      this.#lastId = end;
      this.options.onIndex(end.index);
      return;
    }
    if (compareIds(end, this.#lastId) >= 0) return;
    this.options.log.warn({ seen: this.position, feedEnd: `${end.index}-${end.seq}` }, 'the change feed went back in time (failover or reset): waking every watcher and fencing the index');
    await this.options.fence(this.#lastId.index);
    this.#lastId = end;
    this.#everything();
  }

  #deliver(entries: Array<[Buffer, Buffer[]]>): void {
    const events = entries.map(([id, fields]) => parseFeedEntry(id, fields));
    const keys: Buffer[] = [];
    let sessions = false;
    let acl = false;
    let gap = false;
    let last = this.#lastId as StreamId;
    for (const event of events) {
      if (event.index > last.index + 1n && last.index > 0n) gap = true;
      last = event;
      if (event.key !== null) keys.push(event.key);
      else if (event.session !== null) sessions = true;
      else if (event.acl !== null) acl = true;
    }
    this.#lastId = { index: last.index, seq: last.seq };
    this.options.onIndex(last.index);
    if (gap) {
      this.options.log.info({ at: this.position }, 'gap in the change feed (trimmed or lost entries): waking every watcher');
      this.#everything();
      return;
    }
    this.options.changes.deliver(events);
    if (keys.length > 0) this.options.hub.publishKeys(keys);
    if (sessions) this.options.hub.publishSessions();
    if (acl) {
      this.options.onAclChange?.();
      this.options.hub.publishAcl();
    }
  }

  /** Anything may have changed: every resolution is stale, every watcher is woken. */
  #everything(): void {
    this.options.onAclChange?.();
    this.options.hub.publishAll();
    this.options.changes.gap();
  }
}

interface StreamId {
  index: bigint;
  seq: bigint;
}

function parseId(raw: Buffer): StreamId {
  const [index = '0', seq = '0'] = raw.toString('latin1').split('-');
  return { index: BigInt(index), seq: BigInt(seq) };
}

function compareIds(a: StreamId, b: StreamId): number {
  if (a.index !== b.index) return a.index < b.index ? -1 : 1;
  return a.seq === b.seq ? 0 : a.seq < b.seq ? -1 : 1;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
