import type { IncomingMessage, ServerResponse } from 'node:http';
import { INTERNAL_ERROR_TEXT, isKvError, kvError, type KvError } from '../errors.js';
import { cleanPath } from '../go/path.js';
import { EMPTY_QUERY, parseQuery, percentDecode, type Query } from '../go/url.js';
import { endpointHeaders, sendBareError, sendEmpty, sendError, sendRedirect, type Exchange } from './wire.js';

/** One request to a Consul endpoint, parsed as far as routing needs. */
export interface RestRequest extends Exchange {
  query: Query;
  /** The decoded path bytes after the route's pattern (the key of /v1/kv/<key>). */
  tail: Buffer;
}

export type Handler = (r: RestRequest) => void | Promise<void>;

export interface Route {
  /** A path, or a subtree when it ends with '/' (Go ServeMux patterns). */
  pattern: string;
  methods: readonly string[];
  handler: Handler;
}

export interface RouterOptions {
  /** Called when a handler fails with an internal error or something that is not a KvError (to log it). */
  onUnexpectedError(err: unknown, req: IncomingMessage): void;
  /** Answers `/` (Consul's index page). */
  index(ex: Exchange): void;
  /** X-Consul-Default-Acl-Policy of every answer: ACLs' default policy, `allow` with ACLs off. */
  defaultAclPolicy: 'allow' | 'deny';
}

/**
 * Serves Consul's endpoints straight on node:http, reproducing what Go's server, Consul's
 * printable-path filter, the ServeMux and Consul's endpoint wrapper do before a handler
 * runs (Go's net/http and Consul's agent/http.go): bad escapes, unprintable paths, canonical-path and trailing-slash
 * redirects, unknown paths, query syntax, OPTIONS and 405.
 */
export function createRouter(routes: readonly Route[], options: RouterOptions) {
  const exact = new Map<string, Route>();
  const subtrees = routes.filter((r) => r.pattern.endsWith('/')).sort((a, b) => b.pattern.length - a.pattern.length);
  for (const route of routes) if (!route.pattern.endsWith('/')) exact.set(route.pattern, route);

  const headers = endpointHeaders(options.defaultAclPolicy);

  return function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const rawQuery = q === -1 ? '' : url.slice(q + 1);
    const ex: Exchange = { req, res, pretty: false, endpointHeaders: headers };

    const decoded = percentDecode(rawPath, false);
    // Go's server itself refuses the request line and closes the connection.
    if (decoded === null) return sendBareError(ex, kvError('BAD_PATH_ESCAPE'), ['Connection', 'close']);
    if (!isPrintable(decoded)) return sendBareError(ex, kvError('UNPRINTABLE_PATH'));
    const redirectQuery = q === -1 ? null : rawQuery;

    // The mux matches the cleaned path: /tree redirects to /tree/ first (also when the
    // request path was not canonical), then any other non-canonical path to its clean form.
    const canonical = canonicalRedirect(rawPath);
    const path = canonical ?? rawPath;
    let match = exact.get(path);
    let tailStart = path.length;
    if (!match) {
      for (const subtree of subtrees) {
        if (path.startsWith(subtree.pattern)) {
          match = subtree;
          tailStart = subtree.pattern.length;
          break;
        }
        if (path === subtree.pattern.slice(0, -1)) return sendRedirect(ex, withQuery(subtree.pattern, redirectQuery));
      }
    }
    if (canonical !== null) return sendRedirect(ex, withQuery(canonical, redirectQuery));
    if (!match) return path === '/' ? options.index(ex) : sendBareError(ex, unknownPath(decoded));

    const parsed = rawQuery === '' ? EMPTY_QUERY : parseQuery(rawQuery);
    if (parsed === null) return sendError(ex, kvError('BAD_QUERY'));
    const allow = ['Allow', ['OPTIONS', ...match.methods].join(',')];
    if (req.method === 'OPTIONS') return sendEmpty(ex, 200, allow);
    if (!match.methods.includes(req.method ?? '')) return sendError(ex, kvError('METHOD_NOT_ALLOWED', req.method ?? ''), allow);

    ex.pretty = parsed.has('pretty');
    const r: RestRequest = Object.assign(ex, { query: parsed, tail: decoded.subarray(decodedOffset(rawPath, tailStart)) });
    let pending: void | Promise<void>;
    try {
      pending = match.handler(r);
    } catch (err) {
      return fail(r, err);
    }
    if (pending) pending.catch((err: unknown) => fail(r, err));
  };

  function fail(r: RestRequest, err: unknown): void {
    if (r.res.headersSent) {
      r.res.destroy();
      return;
    }
    // An internal error's text (what Redis said, script names and lines) is for the log.
    if (isKvError(err) && err.code !== 'INTERNAL') return sendError(r, err);
    options.onUnexpectedError(err, r.req);
    sendError(r, kvError('INTERNAL', INTERNAL_ERROR_TEXT));
  }
}

const NON_CANONICAL = /\/\/|\/\.\.?(\/|$)/;

/**
 * The path Go's ServeMux redirects to (301) when the escaped request path is not
 * canonical (`//`, `/./`, `/../`), or null when it is canonical.
 */
export function canonicalRedirect(escapedPath: string): string | null {
  if (!NON_CANONICAL.test(escapedPath)) return null;
  let clean = cleanPath(escapedPath);
  if (escapedPath.endsWith('/') && clean !== '/') clean += '/';
  return clean === escapedPath ? null : clean;
}

/** Consul's answer for a path no endpoint serves; the text depends on whether it looks like the API. */
function unknownPath(decoded: Buffer): KvError {
  return decoded.includes('/v1/') ? kvError('UNKNOWN_PATH') : kvError('UNKNOWN_NON_API_PATH');
}

function withQuery(path: string, rawQuery: string | null): string {
  return rawQuery === null ? path : `${path}?${rawQuery}`;
}

/** Byte offset in the decoded path of raw path position `at` (escapes shrink 3 to 1). */
function decodedOffset(rawPath: string, at: number): number {
  let escapes = 0;
  for (let i = rawPath.indexOf('%'); i !== -1 && i < at; i = rawPath.indexOf('%', i + 3)) escapes++;
  return at - 2 * escapes;
}

/**
 * Go's unicode.IsPrint over the decoded path (Consul rejects anything else with an empty
 * 400): letters, marks, numbers, punctuation, symbols and the ASCII space.
 */
function isPrintable(path: Buffer): boolean {
  for (let i = 0; i < path.length; i++) {
    const b = path[i] as number;
    if (b < 0x20 || b >= 0x7f) return !UNPRINTABLE.test(path.toString('utf8'));
  }
  return true;
}
const UNPRINTABLE = /[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;
