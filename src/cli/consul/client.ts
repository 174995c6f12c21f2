// The one HTTP client every command uses (Consul's api.Client): it speaks only Consul's HTTP
// API, so it works against kvgate or any Consul agent. Keep-alive connections, the token as
// X-Consul-Token, ?dc= on every request, Go's URL encoding and redirect rules, and one place
// that turns failures into Consul's messages.

import { readdirSync, readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { unmarshalJson, type JsonValue } from '../../go/json.js';
import { dialErrorText, fsErrorText } from '../../go/os-errors.js';
import { encodeQuery, escapePath, type Query } from '../../go/url.js';
import type { HttpSettings } from './http-flags.js';

/** An answer whose body is not the JSON it should be; the message is Go's decoder error. */
export class DecodeError extends Error {}

/** A non-2xx answer, rendered as Consul's api.StatusError. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`Unexpected response code: ${code} (${body})`);
  }
}

/** The request never got an answer; the message is Go's `Get "<url>": <reason>`. */
export class TransportError extends Error {}

/** The settings cannot make a client (Go's api.NewClient errors). */
export class ClientSetupError extends Error {}

export interface ApiResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RequestOptions {
  /** Query parameters; `''` renders as `name=` (Consul's presence flags). */
  query?: Record<string, string>;
  body?: Buffer | string;
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 10;

export class ApiClient {
  private constructor(
    private readonly scheme: 'http' | 'https',
    private readonly address: string,
    private readonly pathPrefix: string,
    private readonly socketPath: string | undefined,
    private readonly agent: HttpAgent,
    private readonly settings: HttpSettings,
    readonly token: string,
  ) {}

  /** api.NewClient: splits the address, reads the token file and the TLS material. */
  static create(settings: HttpSettings): ApiClient {
    let scheme: 'http' | 'https' = settings.ssl ? 'https' : 'http';
    let address = settings.address;
    let pathPrefix = '';
    let socketPath: string | undefined;
    const sep = address.indexOf('://');
    if (sep >= 0) {
      const proto = address.slice(0, sep);
      address = address.slice(sep + 3);
      if (proto === 'https') scheme = 'https';
      else if (proto === 'unix') socketPath = address;
      else if (proto !== 'http') throw new ClientSetupError(`Unknown protocol scheme: ${proto}`);
      const slash = address.indexOf('/');
      if (proto !== 'unix' && slash >= 0) {
        pathPrefix = address.slice(slash);
        address = address.slice(0, slash);
      }
    }
    let token = settings.token;
    if (settings.tokenFile !== '') {
      let text: string;
      try {
        text = readFileSync(settings.tokenFile, 'utf8');
      } catch (err) {
        throw new ClientSetupError(`Error loading token file: ${fsErrorText(err, settings.tokenFile)}`);
      }
      if (text.trim() !== '') token = text.trim();
    }
    const agent = scheme === 'https' ? new HttpsAgent({ keepAlive: true, ...tlsOptions(settings) }) : new HttpAgent({ keepAlive: true });
    if (scheme === 'http') tlsOptions(settings); // Go validates the TLS files even for plain HTTP
    return new ApiClient(scheme, address, pathPrefix, socketPath, agent, settings, token);
  }

  get stale(): boolean {
    return this.settings.stale;
  }

  /** One API call; answers whatever status came back (callers decide what is an error). */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const params: Query = new Map();
    if (this.settings.datacenter !== '') params.set('dc', [this.settings.datacenter]);
    if (this.settings.namespace !== '') params.set('ns', [this.settings.namespace]);
    if (this.settings.partition !== '') params.set('partition', [this.settings.partition]);
    for (const [name, value] of Object.entries(options.query ?? {})) params.set(name, [value]);
    const query = encodeQuery(params);
    let target = `${escapePath(this.pathPrefix + path)}${query === '' ? '' : `?${query}`}`;
    let currentMethod = method;
    let body = options.body === undefined ? undefined : Buffer.from(options.body);
    for (let redirects = 0; ; redirects++) {
      const response = await this.send(currentMethod, target, body, options.signal);
      const location = response.headers.location;
      if (![301, 302, 303, 307, 308].includes(response.status) || location === undefined) return response;
      if (redirects + 1 >= MAX_REDIRECTS) throw new TransportError(`${goOp(currentMethod)} "${location}": stopped after ${MAX_REDIRECTS} redirects`);
      // Go's client re-sends 301/302/303 as GET without a body (why `consul kv put a//b` reads).
      if (response.status <= 303 && currentMethod !== 'GET' && currentMethod !== 'HEAD') {
        currentMethod = 'GET';
        body = undefined;
      }
      const next = new URL(location, `http://host${target}`);
      target = `${next.pathname}${next.search}`;
    }
  }

  /** A 200 answer's body, or the StatusError for anything else. */
  async requireOk(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const response = await this.request(method, path, options);
    if (response.status !== 200) throw statusError(response);
    return response;
  }

  /** Lets the process exit: drops the idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private send(method: string, target: string, body: Buffer | undefined, signal: AbortSignal | undefined): Promise<ApiResponse> {
    const headers: Record<string, string> = { 'accept-encoding': 'gzip' };
    if (this.token !== '') headers['x-consul-token'] = this.token;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(body.length);
    }
    const auth = this.settings.auth;
    if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    const url = new URL(`${this.scheme}://${this.socketPath === undefined ? this.address : 'localhost'}`);
    const endpoint = this.socketPath === undefined ? { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (this.scheme === 'https' ? '443' : '80') } : { socketPath: this.socketPath };
    const requestFn = this.scheme === 'https' ? httpsRequest : httpRequest;
    return new Promise<ApiResponse>((resolve, reject) => {
      const req = requestFn({ ...endpoint, method, path: target, headers, agent: this.agent, ...(signal ? { signal } : {}) }, (res) => {
        collect(res).then(resolve, reject);
      });
      req.on('error', (err) => {
        if (signal?.aborted) reject(err);
        else reject(new TransportError(`${goOp(method)} "${this.scheme}://${this.address}${target}": ${dialErrorText(err, endpoint)}`));
      });
      req.end(body);
    });
  }
}

/** Consul's generateUnexpectedResponseCodeError: the status and the trimmed body. */
export function statusError(response: ApiResponse): StatusError {
  return new StatusError(response.status, response.body.toString('utf8').trim());
}

/** The JSON body of an answer (json.Unmarshal of the whole body), or DecodeError. */
export function decodeBody(response: ApiResponse): JsonValue {
  const decoded = unmarshalJson(response.body.toString('utf8'));
  if (!decoded.ok) throw new DecodeError(decoded.error);
  return decoded.value;
}

/** The operation name Go's url.Error prints: "Get", "Put", "Delete". */
function goOp(method: string): string {
  return method.slice(0, 1) + method.slice(1).toLowerCase();
}

function collect(res: IncomingMessage): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('end', () => {
      let body = Buffer.concat(chunks);
      if (res.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
    });
  });
}

/** TLS material for https (Go's SetupTLSConfig), read once. */
function tlsOptions(settings: HttpSettings): Record<string, unknown> {
  const tls = settings.tls;
  const options: Record<string, unknown> = { rejectUnauthorized: !tls.insecureSkipVerify };
  if (tls.serverName !== '') options.servername = tls.serverName.replace(/:\d+$/, '');
  if ((tls.certFile === '') !== (tls.keyFile === '')) throw new ClientSetupError('both client cert and client key must be provided');
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new ClientSetupError(`${what}${fsErrorText(err, path)}`);
    }
  };
  if (tls.certFile !== '') {
    options.cert = read(tls.certFile, '');
    options.key = read(tls.keyFile, '');
  }
  const cas: Buffer[] = [];
  if (tls.caFile !== '') cas.push(read(tls.caFile, 'Error loading CA File: '));
  if (tls.caPath !== '') {
    let names: string[];
    try {
      names = readdirSync(tls.caPath);
    } catch (err) {
      throw new ClientSetupError(`Error loading CA Path: ${fsErrorText(err, tls.caPath)}`);
    }
    for (const name of names) cas.push(read(join(tls.caPath, name), 'Error loading CA Path: '));
  }
  if (cas.length > 0) options.ca = cas;
  return options;
}
