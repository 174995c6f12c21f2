import { request, type ClientRequest } from 'node:http';
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestGateway } from './gateway.js';

/** A GraphQL answer: the HTTP status and the parsed body. */
export interface GraphQLReply<T = Record<string, any>> {
  status: number;
  contentType: string | null;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string }; path?: Array<string | number> }>;
}

/**
 * One query or mutation through the gateway's own yoga.fetch (no socket), asking for the
 * GraphQL-over-HTTP response type so status codes follow the spec.
 */
export async function gql<T = Record<string, any>>(gw: TestGateway, query: string, variables?: Record<string, unknown>): Promise<GraphQLReply<T>> {
  const res = await gw.server.graphql.fetch('http://kvgate.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLReply<T>, 'status' | 'contentType'>;
  return { status: res.status, contentType: res.headers.get('content-type'), ...body };
}

/** Like gql, but the answer must have data and no errors. */
export async function gqlData<T = Record<string, any>>(gw: TestGateway, query: string, variables?: Record<string, unknown>): Promise<T> {
  const reply = await gql<T>(gw, query, variables);
  if (reply.errors || !reply.data) throw new Error(`GraphQL errors (status ${reply.status}): ${JSON.stringify(reply.errors)}`);
  return reply.data;
}

/** A write through the put mutation, which must answer PutSuccess; the entry's new modifyIndex. */
export async function gqlPut(gw: TestGateway, key: string, value = 'v', extra = ''): Promise<string> {
  const data = await gqlData(gw, `mutation($key: String!, $value: String!) { put(key: $key, value: $value${extra}) { ... on PutSuccess { entry { modifyIndex } } } }`, { key, value });
  return data.put.entry.modifyIndex;
}

/** A graphql-ws client for the gateway (ws's WebSocket), not retrying: tests want to see failures. */
export function wsClient(gw: TestGateway, options: Partial<ClientOptions> = {}): Client {
  return createClient({
    url: `ws://127.0.0.1:${gw.port}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    ...options,
  });
}

/**
 * A subscription whose messages queue up until the test takes them. `next()` waits for the
 * next one (generously: the machine is shared), `ended` settles when the server completes.
 */
export interface Subscribed<T> {
  /** The next message; rejects when none came within ms or the subscription failed. */
  next(ms?: number): Promise<T>;
  /** Takes n messages in order. */
  take(n: number, ms?: number): Promise<T[]>;
  /** Messages received and not taken yet. */
  readonly pending: readonly T[];
  /** Resolves when the server completed the subscription; rejects with the error (graphql-ws: GraphQL errors or a CloseEvent). */
  readonly ended: Promise<void>;
  unsubscribe(): void;
}

export function subscribe<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown> = {}): Subscribed<T> {
  const queue: T[] = [];
  let failure: unknown = null;
  let waiter: (() => void) | null = null;
  const wake = () => {
    const w = waiter;
    waiter = null;
    w?.();
  };
  let complete!: () => void;
  let fail!: (err: unknown) => void;
  const ended = new Promise<void>((resolve, reject) => {
    complete = resolve;
    fail = reject;
  });
  ended.catch(() => {});
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (message) => {
        if (message.errors) failure = new Error(`subscription errors: ${JSON.stringify(message.errors)}`);
        else queue.push(message.data as T);
        wake();
      },
      error: (err) => {
        // The raw error for `ended` (graphql-ws: GraphQL errors, or a CloseEvent), an Error for next().
        failure = err instanceof Error ? err : new Error(`subscription failed: ${JSON.stringify(err)}`);
        fail(err);
        wake();
      },
      complete: () => {
        complete();
        wake();
      },
    },
  );
  const next = async (ms = 10_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const message = queue.shift();
      if (message !== undefined) return message;
      if (failure) throw failure;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no subscription message within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  return {
    next,
    async take(n, ms) {
      const out: T[] = [];
      while (out.length < n) out.push(await next(ms));
      return out;
    },
    get pending() {
      return queue;
    },
    ended,
    unsubscribe,
  };
}

export interface EventStream {
  status: Promise<number>;
  /** The next `event: next` payload; rejects when the stream ends first or nothing came in time. */
  next(ms?: number): Promise<any>;
  /** Resolves when the stream ends: 'complete' (event: complete), or 'cut' (the connection went away). */
  readonly end: Promise<'complete' | 'cut'>;
  close(): void;
}

/** A subscription over SSE with plain node:http (GET with the query in the URL, as EventSource does, or POST). */
export function eventStream(port: number, query: string, variables: Record<string, unknown>, method: 'GET' | 'POST'): EventStream {
  const params = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  const path = method === 'GET' ? `/graphql?${params}` : '/graphql';
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (method === 'POST') headers['content-type'] = 'application/json';
  const events: any[] = [];
  let wake: (() => void) | null = null;
  let finish!: (how: 'complete' | 'cut') => void;
  const end = new Promise<'complete' | 'cut'>((resolve) => (finish = resolve));
  let ended = false;
  let onStatus!: (status: number) => void;
  const status = new Promise<number>((resolve) => (onStatus = resolve));
  const req: ClientRequest = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
    onStatus(res.statusCode ?? 0);
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let at = buffer.indexOf('\n\n'); at >= 0; at = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
        if (event === 'next') events.push(JSON.parse(data));
        if (event === 'complete') finish('complete');
      }
      wake?.();
    });
    res.on('close', () => {
      ended = true;
      finish('cut');
      wake?.();
    });
  });
  req.on('error', () => {
    ended = true;
    finish('cut');
    wake?.();
  });
  req.end(method === 'POST' ? JSON.stringify({ query, variables }) : undefined);
  return {
    status,
    end,
    async next(ms = 10_000) {
      const until = Date.now() + ms;
      for (;;) {
        if (events.length > 0) return events.shift();
        if (ended) throw new Error('the event stream ended');
        if (Date.now() > until) throw new Error(`no event within ${ms} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, until - Date.now());
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    close: () => req.destroy(),
  };
}
