import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** Header names exactly as sent, in order. */
  rawHeaderNames: string[];
  body: Buffer;
  text: string;
}

export interface RawRequestOptions {
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length). */
  chunked?: boolean;
}

/** One HTTP request with the path sent exactly as given (no URL normalisation). */
export function http(port: number, method: string, path: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined && !options.chunked) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const flat: Record<string, string> = {};
        const names: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          names.push(res.rawHeaders[i] as string);
          flat[(res.rawHeaders[i] as string).toLowerCase()] = res.rawHeaders[i + 1] as string;
        }
        resolve({ status: res.statusCode ?? 0, headers: flat, rawHeaderNames: names, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** JSON.parse that keeps integers beyond 2^53 exact (as strings prefixed with "n:"). */
export function parseExact(text: string): unknown {
  return JSON.parse(text.replace(/([:\[,]\s*)(\d{16,})(?=\s*[,\]}])/g, '$1"n:$2"'));
}
