import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 response read off a raw socket. */
export interface SocketResponse {
  status: number;
  /** Header names lower-cased; the last value of a repeated header. */
  headers: Record<string, string>;
  body: string;
}

/**
 * A TCP connection to the gateway that writes exactly the bytes given (a slow client, a
 * bad client) and reads HTTP responses back as they come.
 */
export class RawSocket {
  private buffered = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  /** Resolves when the server ended or reset the connection: 'end' (FIN) or the error code (ECONNRESET). */
  readonly closed: Promise<string>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      let how = 'end';
      socket.on('error', (err: NodeJS.ErrnoException) => (how = err.code ?? err.message));
      socket.on('close', () => {
        this.wake();
        resolve(how);
      });
    });
  }

  /**
   * Connects. With `readLater`, nothing is read until response() is called: a client that
   * sends its whole request before it looks at the answer, as many do.
   */
  static open(port: number, options: { readLater?: boolean } = {}): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        const raw = new RawSocket(socket);
        if (options.readLater) socket.pause();
        resolve(raw);
      });
      socket.once('error', reject);
    });
  }

  /** Writes bytes; false once the connection is gone (a write on a reset socket). */
  write(data: string | Buffer): Promise<boolean> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve(false);
    return new Promise((resolve) => this.socket.write(data, (err) => resolve(!err)));
  }

  /** The next complete response (Content-Length or chunked body); rejects after ms or when the connection closes first. */
  async response(ms = 10_000): Promise<SocketResponse> {
    this.socket.resume();
    const deadline = Date.now() + ms;
    for (;;) {
      const parsed = this.take();
      if (parsed) return parsed;
      if (this.socket.destroyed) throw new Error(`connection closed before a complete response (${this.buffered.length} bytes read)`);
      if (Date.now() >= deadline) throw new Error(`no complete response within ${ms} ms (${this.buffered.length} bytes read)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private take(): SocketResponse | null {
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end === -1) return null;
    const [statusLine, ...lines] = this.buffered.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine?.split(' ')[1]);
    let at = end + 4;
    let body: Buffer;
    if (headers['transfer-encoding'] === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = this.buffered.indexOf('\r\n', at);
        if (lineEnd === -1) return null;
        const size = Number.parseInt(this.buffered.subarray(at, lineEnd).toString('latin1'), 16);
        if (this.buffered.length < lineEnd + 2 + size + 2) return null;
        parts.push(this.buffered.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (this.buffered.length < at + length) return null;
      body = this.buffered.subarray(at, at + length);
      at += length;
    }
    this.buffered = this.buffered.subarray(at);
    return { status, headers, body: body.toString('utf8') };
  }
}
