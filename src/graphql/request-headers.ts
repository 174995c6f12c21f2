import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_PARSED_HEADER_LENGTH } from '../http-server.js';

/** The headers yoga parses on every request (media types; it lists what it would accept in a 406). */
const PARSED_HEADERS = ['accept', 'content-type'] as const;

/**
 * Answers 431 when a header yoga parses is longer than any real one (Node admits heads up to
 * 1 MiB, and yoga's 406 for a long Accept lists every media type in it, several MB).
 * Returns whether it answered.
 */
export function refuseOverlongHeaders(req: IncomingMessage, res: ServerResponse): boolean {
  const name = PARSED_HEADERS.find((h) => (req.headers[h]?.length ?? 0) > MAX_PARSED_HEADER_LENGTH);
  if (name === undefined) return false;
  const message = `Request header ${name} is longer than ${MAX_PARSED_HEADER_LENGTH} bytes`;
  const json = JSON.stringify({ errors: [{ message, extensions: { code: 'REQUEST_HEADER_FIELDS_TOO_LARGE' } }] });
  res.writeHead(431, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
  return true;
}
