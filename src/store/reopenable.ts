import { RECONNECT_MAX_MS, type ConnectOptions, type RedisConnection } from './redis-connection.js';
import { SCRIPT_SPECS, type ScriptName } from './scripts.js';

/** What node-redis' RedisSentinel and RedisCluster have in common, as kvgate uses them. */
export interface MultiNodeClient {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  on(event: string, listener: Listener): unknown;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): unknown;
}

/**
 * A RedisConnection over a client that manages several servers (Sentinel, Cluster).
 * destroy() drops the client (RedisLink's watchdog and the feed reader do that to a server
 * that stopped answering) and the next connect() opens a fresh one with the same listeners.
 */
export function reopenable<C extends MultiNodeClient>(
  create: () => C,
  send: (client: C, args: Array<string | Buffer>) => Promise<unknown>,
  options: ConnectOptions & {
    /** The client's event for "(re)connected to a server" (RedisConnection's 'ready'). */
    readyEvent: string;
  },
): RedisConnection {
  const listeners: Array<[string, Listener]> = [];
  const open = () => {
    const fresh = create();
    for (const [event, listener] of listeners) fresh.on(event, listener);
    return fresh;
  };
  let client = open();
  let dropped = false; // destroy()ed: the next connect() opens a fresh client
  let closed = false; // close()d for good
  let connecting: Promise<unknown> | undefined;
  // Unlike a plain node-redis client, these give up when the first connection fails (no
  // sentinel or cluster node reachable yet): keep trying, as a plain client's reconnects do.
  const connectUntilOpen = async () => {
    for (let attempt = 0; ; attempt++) {
      if (dropped) {
        client = open();
        dropped = false;
      }
      if (client.isOpen) return;
      try {
        await client.connect();
        return;
      } catch (err) {
        if (closed) throw err;
        options.onError(err instanceof Error ? err : new Error(String(err)));
        Promise.resolve(client.destroy()).catch(() => {});
        dropped = true;
        await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, RECONNECT_MAX_MS)));
        if (closed) throw err;
      }
    }
  };
  const conn = {
    get isReady() {
      return client.isReady;
    },
    on(event: string, listener: Listener) {
      const actual = event === 'ready' ? options.readyEvent : event;
      listeners.push([actual, listener]);
      client.on(actual, listener);
      return conn;
    },
    sendCommand: (args: Array<string | Buffer>) => send(client, args),
    scriptLoad: (script: string) => send(client, ['SCRIPT', 'LOAD', script]),
    async connect() {
      closed = false;
      connecting ??= connectUntilOpen().finally(() => (connecting = undefined));
      await connecting;
      return conn;
    },
    close() {
      closed = true;
      dropped = true;
      return client.close();
    },
    destroy() {
      dropped = true;
      Promise.resolve(client.destroy()).catch(() => {});
    },
  };
  // The script methods (kvSet, txn, …), run by whichever client is current.
  for (const script of Object.keys(SCRIPT_SPECS) as ScriptName[]) {
    Object.defineProperty(conn, script, { value: (keys: unknown, args: unknown) => (client as unknown as ScriptCalls)[script](keys, args) });
  }
  conn.on('error', options.onError as Listener);
  return conn as unknown as RedisConnection;
}

type Listener = (...args: unknown[]) => void;
type ScriptCalls = Record<ScriptName, (keys: unknown, args: unknown) => Promise<unknown>>;
