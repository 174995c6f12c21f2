import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The longest request header value kvgate parses (Cache-Control, Accept-Encoding,
 * Authorization); real ones are a few dozen bytes, while Node admits heads up to 1 MiB.
 */
export const MAX_PARSED_HEADER_LENGTH = 8_192;

/** Deadlines for the requests of one node:http server. */
export interface HttpTimeouts {
  /** The head of a request (or the first one of a connection) must be in within this. */
  headersMs: number;
  /** The whole request, body included, must be in within this; answering is not timed. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** How often the two request deadlines are checked (they may be overrun by this much). */
  checkEveryMs: number;
}

/** Slow heads (slowloris) are cut after 10 s; Node's default, with its 30 s checks, lets them stay ~84 s. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request (at most a few MiB) must arrive within 2 minutes; blocking queries wait after that. */
export const REQUEST_TIMEOUT_MS = 120_000;
/** Idle keep-alive connections live 65 s. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** The request deadlines are checked every second. */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

const HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: HEADERS_TIMEOUT_MS,
  requestMs: REQUEST_TIMEOUT_MS,
  keepAliveMs: KEEP_ALIVE_TIMEOUT_MS,
  checkEveryMs: TIMEOUT_CHECK_INTERVAL_MS,
};

/**
 * The one node:http server: keys ride in the URL, so request heads may be up to 1 MiB like
 * Go's server (Node's default is 16 KiB). Requests are timed only while they arrive
 * (Node's requestTimeout ends when the request is complete): an answer may take as long as
 * a blocking query waits.
 */
export async function listenHttp(
  host: string,
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  timeouts: HttpTimeouts = HTTP_TIMEOUTS,
): Promise<Server> {
  const server = createServer(
    {
      maxHeaderSize: 1 << 20,
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    handler,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new Error(`address ${host}:${port} is already in use (a Consul agent or another kvgate?); choose another with --addr`));
      else reject(err);
    });
    server.listen(port, host, () => resolve());
  });
  return server;
}

/**
 * Stops accepting, lets in-flight requests finish for a few seconds, then cuts the rest.
 * Keep-alive connections are closed as soon as they are idle, including those whose last
 * request finishes during the wait.
 */
export async function closeHttp(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), 5_000);
  await closed;
  clearInterval(idle);
  clearTimeout(deadline);
}

/**
 * Serves a request that came with an Upgrade header kvgate does not act on as the plain
 * HTTP request it also is, as Go's server does (curl --http2 sends `Upgrade: h2c`). Once an
 * 'upgrade' listener exists Node hands it every such request, detached from HTTP (Node 24's
 * shouldUpgradeCallback is not in Node 20); so its head is written back without Upgrade,
 * in front of what followed it (a body, further requests), and the socket is given to the
 * server again as a new connection, keep-alive and all.
 */
export function serveAsPlainHttp(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  let text = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if ((req.rawHeaders[i] as string).toLowerCase() !== 'upgrade') text += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
  }
  socket.unshift(Buffer.concat([Buffer.from(`${text}\r\n`, 'latin1'), head]));
  server.emit('connection', socket);
}

/** How long a connection answered before its request body was read goes on reading it, at most. */
export const CLOSE_LINGER_MS = 5_000;
/** How much of such a body is read (and dropped) at most before the connection is cut. */
export const CLOSE_LINGER_BYTES = 16 << 20;

/**
 * Makes the connection of `req` close gently once its answer (sent with Connection: close,
 * e.g. a 413) is written, though the client may still be sending the body: what it sends
 * is read and dropped, the answer is followed by a FIN, and the connection is cut when the
 * request ends, after CLOSE_LINGER_MS or past CLOSE_LINGER_BYTES. Node destroys the socket
 * at once, and closing with unread bytes makes the kernel send a reset, which wipes the
 * answer from the buffer of a client that reads only once it has sent everything (curl).
 * Go's server lingers the same way (closeWriteAndWait in net/http/server.go).
 */
export function closeWhenRead(req: IncomingMessage): void {
  const socket = req.socket;
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > CLOSE_LINGER_BYTES) socket.destroy();
  });
  req.resume();
  // Called by node:http once a Connection: close answer is written.
  socket.destroySoon = () => {
    socket.end();
    if (req.complete) return void socket.destroy();
    const timer = setTimeout(() => socket.destroy(), CLOSE_LINGER_MS);
    req.once('end', () => socket.destroy());
    socket.once('close', () => clearTimeout(timer));
  };
}
