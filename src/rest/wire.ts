import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
import type { KvError } from '../errors.js';
import { indentJson, jsonString, jsonStringFromBytes } from '../go/json-encode.js';
import { closeWhenRead, MAX_PARSED_HEADER_LENGTH } from '../http-server.js';
import type { Entry } from '../structs/kv.js';
import type { Session } from '../structs/session.js';
import type { TxnOutcome } from '../structs/txn.js';

/**
 * The Consul wire format, in one place: JSON bodies exactly as Go's encoding/json writes
 * them (field order, base64 values, uint64 digits, strings and ?pretty by go/json-encode),
 * and the headers Consul's HTTP wrapper and gzip handler put on responses (agent/http.go).
 */

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=utf-8';
const GZIP_MIN_SIZE = 1400;


/** What a handler needs to answer one request. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** ?pretty: indent JSON with 4 spaces and end it with a newline. */
  pretty: boolean;
  /** The headers every answer of a Consul endpoint carries (endpointHeaders()). */
  endpointHeaders: readonly string[];
}

// ---- JSON values ---------------------------------------------------------------------

/** A []byte field: standard base64 with padding; null when empty (Consul stores nil). */
function jsonBytes(bytes: Buffer): string {
  return bytes.length === 0 ? 'null' : `"${bytes.toString('base64')}"`;
}

/** One KV entry in Consul's field order; Session only when locked. */
export function entryJson(e: Entry): string {
  const session = e.session === null ? '' : `"Session":${jsonString(e.session)},`;
  return (
    `{"LockIndex":${e.lockIndex},"Key":${jsonStringFromBytes(e.key)},"Flags":${e.flags},` +
    `"Value":${jsonBytes(e.value)},${session}"CreateIndex":${e.createIndex},"ModifyIndex":${e.modifyIndex}}`
  );
}

export function entriesJson(entries: readonly Entry[]): string {
  let out = '[';
  for (let i = 0; i < entries.length; i++) out += (i === 0 ? '' : ',') + entryJson(entries[i] as Entry);
  return out + ']';
}

export function keysJson(keys: readonly Buffer[]): string {
  let out = '[';
  for (let i = 0; i < keys.length; i++) out += (i === 0 ? '' : ',') + jsonStringFromBytes(keys[i] as Buffer);
  return out + ']';
}

/** One session in Consul's field order (Checks, deprecated, is never set here). */
export function sessionJson(s: Session): string {
  const nodeChecks = s.nodeChecks === null ? 'null' : `[${s.nodeChecks.map(jsonString).join(',')}]`;
  const serviceChecks =
    s.serviceChecks === null ? 'null' : `[${s.serviceChecks.map((c) => `{"ID":${jsonString(c.ID)},"Namespace":${jsonString(c.Namespace)}}`).join(',')}]`;
  return (
    `{"ID":${jsonString(s.id)},"Name":${jsonString(s.name)},"Node":${jsonString(s.node)},"LockDelay":${s.lockDelayNs},` +
    `"Behavior":${jsonString(s.behavior)},"TTL":${jsonString(s.ttl)},"NodeChecks":${nodeChecks},"ServiceChecks":${serviceChecks},` +
    `"CreateIndex":${s.createIndex},"ModifyIndex":${s.createIndex}}`
  );
}

export function sessionsJson(sessions: readonly Session[]): string {
  return `[${sessions.map(sessionJson).join(',')}]`;
}

/**
 * A transaction's answer body (agent/txn_endpoint.go): results or errors, and for read-only
 * transactions the query-meta fields (Index is always 1; 0 with no leader known when the
 * ops failed their pre-checks).
 */
export function txnJson(outcome: TxnOutcome): string {
  const body = outcome.committed
    ? `{"Results":[${outcome.results.map((r) => `{"KV":${entryJson(r.withValue ? r.entry : { ...r.entry, value: EMPTY })}}`).join(',')}],"Errors":null`
    : `{"Results":null,"Errors":[${outcome.errors.map((e) => `{"OpIndex":${e.opIndex},"What":${jsonString(e.message)}}`).join(',')}]`;
  if (!outcome.readOnly) return body + '}';
  const known = outcome.committed || !outcome.precheck;
  return (
    `${body},"Index":${known ? 1 : 0},"LastContact":0,"KnownLeader":${known},"ConsistencyLevel":"",` +
    `"NotModified":false,"Backend":0,"ResultsFilteredByACLs":${outcome.committed && outcome.filtered}}`
  );
}
const EMPTY = Buffer.alloc(0);

// ---- headers -------------------------------------------------------------------------

/** Every response of a Consul endpoint (the wrapper and gzip handler). */
export function endpointHeaders(defaultAclPolicy: 'allow' | 'deny'): readonly string[] {
  return ['Vary', 'Accept-Encoding', 'X-Consul-Default-Acl-Policy', defaultAclPolicy];
}

/** Query metadata of a read: index (never 0), leader, staleness, backend. */
export function queryMeta(index: bigint, filteredByAcls = false): string[] {
  const meta = [
    'X-Consul-Index', index > 0n ? index.toString() : '1',
    'X-Consul-Knownleader', 'true',
    'X-Consul-Lastcontact', '0',
    'X-Consul-Query-Backend', 'blocking-query',
  ];
  if (filteredByAcls) meta.push('X-Consul-Results-Filtered-By-ACLs', 'true');
  return meta;
}

// ---- responses -----------------------------------------------------------------------

/** A JSON body: compact, or on ?pretty json.MarshalIndent's with 4 spaces plus the newline Consul adds. */
export function sendJson(ex: Exchange, status: number, json: string, headers: readonly string[] = [], contentType = JSON_TYPE): void {
  send(ex, status, [...ex.endpointHeaders, ...headers, 'Content-Type', contentType], ex.pretty ? `${indentJson(json, '    ')}\n` : json);
}

/** A bodiless answer (e.g. the 404 of a missing key), with no Content-Type. */
export function sendEmpty(ex: Exchange, status: number, headers: readonly string[] = []): void {
  ex.res.writeHead(status, [...ex.endpointHeaders, ...headers, 'Content-Length', '0']);
  ex.res.end();
}

/** A stored value verbatim (`?raw`), guarded against being run as a page. */
export function sendRaw(ex: Exchange, value: Buffer, headers: readonly string[]): void {
  send(ex, 200, [
    ...ex.endpointHeaders, ...headers,
    'Content-Type', TEXT_TYPE,
    'X-Content-Type-Options', 'nosniff',
    'Content-Security-Policy', 'sandbox',
  ], value);
}

/** An error as Consul's endpoint wrapper writes it: plain text with the exact message. */
export function sendError(ex: Exchange, err: KvError, headers: readonly string[] = []): void {
  if (err.status !== 413) return sendErrorText(ex, err, [...ex.endpointHeaders, ...headers]);
  // A 413 leaves the body unread: the connection closes, once the client has read the answer.
  closeWhenRead(ex.req);
  sendErrorText(ex, err, [...ex.endpointHeaders, ...headers, 'Connection', 'close']);
}

/**
 * An error from outside any endpoint (Go's server, the path filter, the mux), without
 * endpoint headers. With `Connection: close`, the connection closes once the client has
 * read the answer.
 */
export function sendBareError(ex: Exchange, err: KvError, headers: string[] = []): void {
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i]?.toLowerCase() === 'connection' && headers[i + 1] === 'close') closeWhenRead(ex.req);
  }
  sendErrorText(ex, err, headers);
}

function sendErrorText(ex: Exchange, err: KvError, headers: string[]): void {
  if (err.message === '') {
    ex.res.writeHead(err.status, [...headers, 'Content-Length', '0']);
    ex.res.end();
  } else {
    send(ex, err.status, [...headers, 'Content-Type', TEXT_TYPE], err.message);
  }
}

/** A plain-text answer (Consul's index page). */
export function sendText(ex: Exchange, status: number, text: string): void {
  send(ex, status, ['Content-Type', TEXT_TYPE], text);
}

/** A 301 as Go's mux writes it (query preserved). */
export function sendRedirect(ex: Exchange, location: string): void {
  const body = ex.req.method === 'GET' ? `<a href="${location.replace(/&/g, '&amp;').replace(/"/g, '&#34;')}">Moved Permanently</a>.\n\n` : '';
  ex.res.writeHead(301, body === '' ? ['Location', location, 'Content-Length', '0'] : ['Location', location, 'Content-Type', 'text/html; charset=utf-8']);
  ex.res.end(body);
}

function send(ex: Exchange, status: number, headers: string[], body: string | Buffer): void {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (length >= GZIP_MIN_SIZE && acceptsGzip(ex.req)) {
    gzip(body, (err, zipped) => {
      if (ex.res.destroyed) return;
      if (err) {
        ex.res.writeHead(status, [...headers, 'Content-Length', String(length)]);
        ex.res.end(body);
        return;
      }
      ex.res.writeHead(status, [...headers, 'Content-Encoding', 'gzip', 'Content-Length', String(zipped.length)]);
      ex.res.end(zipped);
    });
    return;
  }
  headers.push('Content-Length', String(length));
  ex.res.writeHead(status, headers);
  ex.res.end(body);
}

function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  if (!header || header.length > MAX_PARSED_HEADER_LENGTH || header.indexOf('gzip') === -1) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
    return q === undefined || Number(q) > 0;
  });
}
