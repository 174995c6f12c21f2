import { expect } from 'vitest';
import { http, type RawRequestOptions, type RawResponse } from './http.js';

// Consul's HTTP API as the tests call it. The kv* and session calls answer the raw response;
// the others are setup steps and reads that fail the test unless Consul answers as expected.

/** Where a Consul API listens: a port, or anything that has one (a TestGateway, the CLI fixture). */
export type Agent = number | { readonly port: number };

const portOf = (at: Agent) => (typeof at === 'number' ? at : at.port);

/** A KV entry as GET /v1/kv answers it (JSON numbers: exact below 2^53). */
export interface KvEntry {
  LockIndex: number;
  Key: string;
  Flags: number;
  Value: string | null;
  Session?: string;
  CreateIndex: number;
  ModifyIndex: number;
}

export const b64 = (text: string) => Buffer.from(text).toString('base64');

/** GET /v1/kv/<path>, path being a key and any query (`'app/?recurse'`). */
export function kvGet(at: Agent, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return http(portOf(at), 'GET', `/v1/kv/${path}`, { headers });
}

/** PUT /v1/kv/<path> with the body as the value. */
export function kvPut(at: Agent, path: string, body: string | Buffer = '', options: Omit<RawRequestOptions, 'body'> = {}): Promise<RawResponse> {
  return http(portOf(at), 'PUT', `/v1/kv/${path}`, { body, ...options });
}

/** DELETE /v1/kv/<path>. */
export function kvDelete(at: Agent, path: string): Promise<RawResponse> {
  return http(portOf(at), 'DELETE', `/v1/kv/${path}`);
}

/** Writes key (PUT /v1/kv/<key><query>); Consul must answer 200 true. */
export async function writeKey(at: Agent, key: string, value: string | Buffer = 'v', query = ''): Promise<void> {
  const res = await kvPut(at, `${key}${query}`, value);
  expect({ status: res.status, text: res.text }, `PUT /v1/kv/${key}${query}`).toEqual({ status: 200, text: 'true' });
}

/** Writes each key with the value "v". */
export async function writeKeys(at: Agent, ...keys: string[]): Promise<void> {
  for (const key of keys) await writeKey(at, key);
}

/** Writes key like writeKey; answers its new ModifyIndex as digits (GraphQL's Index form). */
export async function writeAndIndex(at: Agent, key: string, value: string | Buffer = 'v'): Promise<string> {
  await writeKey(at, key, value);
  return String(await modifyIndexOf(at, key));
}

/** The entry at key, or null when GET answers 404. */
export async function kvEntry(at: Agent, key: string): Promise<KvEntry | null> {
  const res = await kvGet(at, key);
  if (res.status === 404) return null;
  if (res.status !== 200) throw new Error(`GET /v1/kv/${key}: ${res.status} ${res.text}`);
  return (JSON.parse(res.text) as KvEntry[])[0] as KvEntry;
}

/** The entries of a KV read's JSON answer. */
export const entries = (res: RawResponse) => JSON.parse(res.text) as KvEntry[];

/** An entry's value decoded as UTF-8; null when the entry or its value is missing. */
export const value = (e: KvEntry | undefined) => (e?.Value === null || e === undefined ? null : Buffer.from(e.Value, 'base64').toString());

/** Every key in the store (GET /v1/kv/?keys). */
export async function allKeys(at: Agent): Promise<string[]> {
  return JSON.parse((await kvGet(at, '?keys')).text) as string[];
}

/** The key's ModifyIndex, digit for digit; the key must exist. */
export async function modifyIndexOf(at: Agent, key: string): Promise<bigint> {
  const res = await kvGet(at, key);
  if (res.status !== 200) throw new Error(`GET /v1/kv/${key}: ${res.status} ${res.text}`);
  return BigInt(/"ModifyIndex":(\d+)/.exec(res.text)?.[1] as string);
}

/** X-Consul-Index of a response, which must carry one. */
export function indexOf(res: RawResponse): bigint {
  const header = res.headers['x-consul-index'];
  if (header === undefined) throw new Error(`no X-Consul-Index (status ${res.status}: ${res.text})`);
  return BigInt(header);
}

/** The KV max index: what a GET of a key that never existed reports. */
export async function kvMaxIndex(at: Agent): Promise<bigint> {
  const res = await kvGet(at, '__never__/written');
  if (res.status !== 404) throw new Error(`expected 404, got ${res.status}`);
  return indexOf(res);
}

/** A session as GET /v1/session/info answers it. */
export interface ConsulSession {
  ID: string;
  Name: string;
  Node: string;
  LockDelay: number;
  Behavior: string;
  TTL: string;
  NodeChecks: string[] | null;
  ServiceChecks: unknown;
  CreateIndex: number;
  ModifyIndex: number;
}

/** GET /v1/session/<path> (`'list'`, `` `info/${id}` ``, …). */
export function sessionGet(at: Agent, path: string): Promise<RawResponse> {
  return http(portOf(at), 'GET', `/v1/session/${path}`);
}

/** PUT /v1/session/<path>; without a body, none is sent. */
export function sessionPut(at: Agent, path: string, body?: string, options: Omit<RawRequestOptions, 'body'> = {}): Promise<RawResponse> {
  return http(portOf(at), 'PUT', `/v1/session/${path}`, body === undefined ? options : { body, ...options });
}

/** PUT /v1/session/create; an object body is sent as JSON, a string as it is, none as no body. */
export function createSessionRaw(at: Agent, body?: unknown): Promise<RawResponse> {
  return sessionPut(at, 'create', body === undefined || typeof body === 'string' ? body : JSON.stringify(body));
}

/** A new session's ID; the create must answer 200. */
export async function createSession(at: Agent, body?: unknown): Promise<string> {
  const res = await createSessionRaw(at, body);
  expect({ status: res.status, text: res.text }, 'PUT /v1/session/create').toMatchObject({ status: 200 });
  return (JSON.parse(res.text) as { ID: string }).ID;
}

/** A session that leaves no lock-delay behind (LockDelay 0s unless body says otherwise), so tests do not wait on it. */
export const createUndelayedSession = (at: Agent, body: Record<string, unknown> = {}) => createSession(at, { LockDelay: '0s', ...body });

/** Destroys a session; Consul must answer true. */
export async function destroySession(at: Agent, id: string): Promise<void> {
  expect((await sessionPut(at, `destroy/${id}`)).text, `destroy ${id}`).toBe('true');
}

/** The sessions GET /v1/session/list answers. */
export async function sessionList(at: Agent): Promise<ConsulSession[]> {
  return JSON.parse((await sessionGet(at, 'list')).text) as ConsulSession[];
}

/** The one session GET /v1/session/info/<id> answers. */
export async function sessionInfo(at: Agent, id: string): Promise<ConsulSession> {
  const res = await sessionGet(at, `info/${id}`);
  expect(res.status, `GET /v1/session/info/${id}`).toBe(200);
  const list = JSON.parse(res.text) as ConsulSession[];
  expect(list, `session ${id}`).toHaveLength(1);
  return list[0] as ConsulSession;
}

/** An error as Consul answers it: the status and the message, as plain text. */
export function expectError(res: RawResponse, status: number, text: string): void {
  expect({ status: res.status, text: res.text }).toEqual({ status, text });
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
}

/** expectError, from an endpoint: the answer also carries X-Consul-Default-Acl-Policy: allow. */
export function expectEndpointError(res: RawResponse, status: number, text: string): void {
  expectError(res, status, text);
  expect(res.headers['x-consul-default-acl-policy']).toBe('allow');
}

/** What a node-consul call rejects with: the HTTP status and Consul's message (fails when the call does not). */
export async function failureOf(call: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await call;
  } catch (err) {
    return { status: (err as { statusCode: number }).statusCode, message: (err as Error).message };
  }
  throw new Error('the call did not fail');
}
