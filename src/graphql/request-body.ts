import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { readBody } from '../http-body.js';
import { closeWhenRead } from '../http-server.js';

/**
 * Reads a POST body before yoga sees it, enforcing the size limit here. yoga's own limit
 * pipes every body through a TransformStream, which on Node 20 costs about half the CPU of a
 * small request (each stream.pipeline builds a DOMException when it finishes); a body read
 * here reaches whatwg-node as a Buffer, which it takes as is. Resolves the request to hand to
 * yoga, or null once answered (413, like yoga's) or abandoned (the client went away).
 */
export async function readGraphQLBody(req: IncomingMessage, res: ServerResponse, max: number): Promise<IncomingMessage | null> {
  let body: Buffer | null;
  try {
    body = await readBody(req, max);
  } catch {
    req.destroy();
    return null;
  }
  if (body === null) {
    closeWhenRead(req);
    const json = JSON.stringify({ errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });
    res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), connection: 'close' });
    res.end(json);
    return null;
  }
  if (body.length > 0) return Object.assign(req, { body });
  // whatwg-node takes an empty Buffer for "no parsed body" and would read the (spent) stream:
  // an empty body is handed over as an ended stream instead.
  return Object.assign(Readable.from([]), { method: req.method, url: req.url, headers: req.headers, socket: req.socket }) as unknown as IncomingMessage;
}
