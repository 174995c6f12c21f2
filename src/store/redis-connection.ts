import type { RedisScripts, TypeMapping } from 'redis';
import type { ScriptName } from './scripts.js';

/** The slice of the node-redis client the store uses; blob strings arrive as Buffers. */
export type ScriptRunner = {
  [N in ScriptName]: (keys: Array<string | Buffer>, args: Array<string | Buffer>) => Promise<unknown>;
};
export interface RedisConnection extends ScriptRunner {
  sendCommand(args: Array<string | Buffer>): Promise<unknown>;
  scriptLoad(script: string): Promise<unknown>;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'ready' | 'end', listener: () => void): unknown;
  readonly isReady: boolean;
}

/** The client settings every kvgate connection uses, whatever it connects to. */
export interface ClientSettings {
  RESP: 3;
  name: string | undefined;
  disableOfflineQueue: boolean;
  scripts: RedisScripts;
  commandOptions: { typeMapping: TypeMapping; timeout: number };
  socket: { connectTimeout: number; keepAlive: boolean; noDelay: boolean; reconnectStrategy(retries: number): number };
}

export interface ConnectOptions {
  onError(err: Error): void;
  /** Client name shown by CLIENT LIST. */
  name?: string;
}

/** Longest pause between reconnect attempts: a Redis that is back is served again within this. */
export const RECONNECT_MAX_MS = 200;
