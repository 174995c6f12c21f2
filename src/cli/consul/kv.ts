// The KV part of Consul's Go api package (api/kv.go) over ApiClient: the same requests,
// the same parameters and the same result rules (404 is "no entry", write answers are
// true/false), with entries decoded exactly (uint64 indexes and flags as bigint).

import { field, JsonNumber, type JsonValue } from '../../go/json.js';
import type { GoValue } from '../../go/json-encode.js';
import { decodeBody, statusError, type ApiClient, type ApiResponse } from './client.js';

/** api.KVPair. `Value` is null when the API sent null (an empty HTTP body stored). */
export interface KVPair {
  Key: string;
  CreateIndex: bigint;
  ModifyIndex: bigint;
  LockIndex: bigint;
  Flags: bigint;
  Value: Buffer | null;
  Session: string;
  Namespace: string;
  Partition: string;
}

export interface QueryOptions {
  stale?: boolean;
  consistent?: boolean;
  /** Blocking query: answer once the index moves past this one. */
  index?: bigint;
  /** Sent as Go's client sends it: `wait=15000ms`. */
  waitMs?: number;
  signal?: AbortSignal;
}

export interface QueryResult<T> {
  value: T;
  /** X-Consul-Index (0 when absent). */
  index: bigint;
}

/** Invalid-key errors Go's client raises before sending anything. */
export class KeyError extends Error {}

export class KvApi {
  constructor(private readonly client: ApiClient) {}

  async get(key: string, q: QueryOptions = {}): Promise<QueryResult<KVPair | null>> {
    const { response, index } = await this.read(key, {}, q);
    const pairs = response ? decodePairs(response) : [];
    return { value: pairs[0] ?? null, index };
  }

  /** `?recurse`: null when nothing matches (Consul answers 404). */
  async list(prefix: string, q: QueryOptions = {}): Promise<QueryResult<KVPair[] | null>> {
    const { response, index } = await this.read(prefix, { recurse: '' }, q);
    return { value: response ? decodePairs(response) : null, index };
  }

  async keys(prefix: string, separator: string, q: QueryOptions = {}): Promise<QueryResult<string[] | null>> {
    const params: Record<string, string> = { keys: '' };
    if (separator !== '') params.separator = separator;
    const { response, index } = await this.read(prefix, params, q);
    return { value: response ? (decodeBody(response) as string[]) : null, index };
  }

  /** Plain write; `?flags` only when non-zero, like Go's KV.Put. */
  put(pair: Pick<KVPair, 'Key' | 'Flags' | 'Value'>, namespace = ''): Promise<boolean> {
    return this.write(pair.Key, flagsParam(pair.Flags, namespace === '' ? {} : { ns: namespace }), pair.Value);
  }

  cas(pair: Pick<KVPair, 'Key' | 'Flags' | 'Value' | 'ModifyIndex'>): Promise<boolean> {
    return this.write(pair.Key, flagsParam(pair.Flags, { cas: pair.ModifyIndex.toString() }), pair.Value);
  }

  acquire(pair: Pick<KVPair, 'Key' | 'Flags' | 'Value' | 'Session'>): Promise<boolean> {
    return this.write(pair.Key, flagsParam(pair.Flags, { acquire: pair.Session }), pair.Value);
  }

  release(pair: Pick<KVPair, 'Key' | 'Flags' | 'Value' | 'Session'>): Promise<boolean> {
    return this.write(pair.Key, flagsParam(pair.Flags, { release: pair.Session }), pair.Value);
  }

  delete(key: string): Promise<boolean> {
    return this.remove(key, {});
  }

  deleteCas(key: string, modifyIndex: bigint): Promise<boolean> {
    return this.remove(key, { cas: modifyIndex.toString() });
  }

  deleteTree(prefix: string): Promise<boolean> {
    return this.remove(prefix, { recurse: '' });
  }

  private async read(key: string, params: Record<string, string>, q: QueryOptions): Promise<{ response: ApiResponse | null; index: bigint }> {
    const query: Record<string, string> = { ...params };
    if (q.stale) query.stale = '';
    if (q.consistent) query.consistent = '';
    if (q.index !== undefined && q.index !== 0n) query.index = q.index.toString();
    if (q.waitMs !== undefined && q.waitMs !== 0) query.wait = `${Math.max(1, Math.floor(q.waitMs))}ms`;
    const response = await this.client.request('GET', `/v1/kv/${key}`, { query, ...(q.signal ? { signal: q.signal } : {}) });
    const header = response.headers['x-consul-index'];
    const index = typeof header === 'string' && /^\d+$/.test(header) ? BigInt(header) : 0n;
    if (response.status === 404) return { response: null, index };
    if (response.status !== 200) throw statusError(response);
    return { response, index };
  }

  private async write(key: string, params: Record<string, string>, value: Buffer | null): Promise<boolean> {
    if (key.startsWith('/')) throw new KeyError(`Invalid key. Key must not begin with a '/': ${key}`);
    const response = await this.client.requireOk('PUT', `/v1/kv/${key}`, { query: params, body: value ?? Buffer.alloc(0) });
    return response.body.toString('utf8').includes('true');
  }

  private async remove(key: string, params: Record<string, string>): Promise<boolean> {
    const response = await this.client.requireOk('DELETE', `/v1/kv/${key}`, { query: params });
    return response.body.toString('utf8').includes('true');
  }
}

function flagsParam(flags: bigint, params: Record<string, string>): Record<string, string> {
  return flags === 0n ? params : { ...params, flags: flags.toString() };
}

function decodePairs(response: ApiResponse): KVPair[] {
  const entries = decodeBody(response);
  return Array.isArray(entries) ? entries.map(decodePair) : [];
}

function decodePair(entry: JsonValue): KVPair {
  const uint = (name: string): bigint => {
    const value = field(entry, name).value;
    return value instanceof JsonNumber ? BigInt(value.text) : 0n;
  };
  const text = (name: string): string => {
    const value = field(entry, name).value;
    return typeof value === 'string' ? value : '';
  };
  const value = field(entry, 'Value').value;
  return {
    Key: text('Key'),
    CreateIndex: uint('CreateIndex'),
    ModifyIndex: uint('ModifyIndex'),
    LockIndex: uint('LockIndex'),
    Flags: uint('Flags'),
    Value: typeof value === 'string' ? Buffer.from(value, 'base64') : null,
    Session: text('Session'),
    Namespace: text('Namespace'),
    Partition: text('Partition'),
  };
}

/** A KVPair as Go's encoding/json writes api.KVPair (field order, Session always present). */
export function kvPairJson(pair: KVPair): GoValue {
  return {
    Key: pair.Key,
    CreateIndex: pair.CreateIndex,
    ModifyIndex: pair.ModifyIndex,
    LockIndex: pair.LockIndex,
    Flags: pair.Flags,
    Value: pair.Value === null ? null : pair.Value.toString('base64'),
    Session: pair.Session,
    ...(pair.Namespace === '' ? {} : { Namespace: pair.Namespace }),
    ...(pair.Partition === '' ? {} : { Partition: pair.Partition }),
  };
}
