import type { IncomingMessage, ServerResponse } from 'node:http';
import { isKvError, kvError } from '../errors.js';
import { canonicalRedirect, EMPTY_QUERY, parseQuery, percentDecode, type Query } from './url.js';
import { sendBareError, sendEmpty, sendError, sendRedirect, type Exchange } from './wire.js';

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
  /** Called when a handler fails with something that is not a KvError. */
  onUnexpectedError(err: unknown, req: IncomingMessage): void;
}

/**
 * Serves Consul's endpoints straight on node:http, reproducing what Go's server, Consul's
 * printable-path filter, the ServeMux and Consul's endpoint wrapper do before a handler
 * runs (spec §1.1): bad escapes, unprintable paths, canonical-path and trailing-slash
 * redirects, unknown paths, query syntax, OPTIONS and 405.
 */
export function createRouter(routes: readonly Route[], options: RouterOptions) {
  const exact = new Map<string, Route>();
  const subtrees = routes.filter((r) => r.pattern.endsWith('/')).sort((a, b) => b.pattern.length - a.pattern.length);
  for (const route of routes) if (!route.pattern.endsWith('/')) exact.set(route.pattern, route);

  return function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const rawQuery = q === -1 ? '' : url.slice(q + 1);
    const ex: Exchange = { req, res, pretty: false };

    const decoded = percentDecode(rawPath, false);
    if (decoded === null) return sendBareError(ex, kvError('BAD_PATH_ESCAPE'));
    if (!isPrintable(decoded)) return sendBareError(ex, kvError('UNPRINTABLE_PATH'));
    const canonical = canonicalRedirect(rawPath);
    if (canonical !== null) return sendRedirect(ex, withQuery(canonical, q === -1 ? null : rawQuery));

    let match = exact.get(rawPath);
    let tailStart = rawPath.length;
    if (!match) {
      for (const subtree of subtrees) {
        if (rawPath.startsWith(subtree.pattern)) {
          match = subtree;
          tailStart = subtree.pattern.length;
          break;
        }
        if (rawPath === subtree.pattern.slice(0, -1)) {
          return sendRedirect(ex, withQuery(subtree.pattern, q === -1 ? null : rawQuery));
        }
      }
    }
    if (!match) return sendBareError(ex, kvError('UNKNOWN_PATH'));

    const query = rawQuery === '' ? EMPTY_QUERY : parseQuery(rawQuery);
    if (query === null) return sendError(ex, kvError('BAD_QUERY'));
    const allow = ['Allow', ['OPTIONS', ...match.methods].join(',')];
    if (req.method === 'OPTIONS') return sendEmpty(ex, 200, allow);
    if (!match.methods.includes(req.method ?? '')) return sendError(ex, kvError('METHOD_NOT_ALLOWED', req.method ?? ''), allow);

    ex.pretty = query.has('pretty');
    const r: RestRequest = Object.assign(ex, { query, tail: decoded.subarray(decodedOffset(rawPath, tailStart)) });
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
    if (isKvError(err)) return sendError(r, err);
    options.onUnexpectedError(err, r.req);
    sendError(r, kvError('INTERNAL', 'kvgate: internal error'));
  }
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
