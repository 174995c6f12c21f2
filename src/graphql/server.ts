import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, maskError } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import { isKvError } from '../errors.js';
import type { Logger } from '../log.js';
import { COMPLEXITY_LIMIT } from './builder.js';
import type { GraphQLContext } from './context.js';
import { DocumentCache } from './document-cache.js';
import { readGraphQLBody } from './request-body.js';
import { refuseOverlongHeaders } from './request-headers.js';
import { schema } from './schema.js';
import { useComplexityLimit } from './use-complexity-limit.js';
import { useDocumentLimits } from './use-document-limits.js';
import { useRequestParseErrors } from './use-request-parse-errors.js';

export const GRAPHQL_PATH = '/graphql';

export interface GraphQLServer {
  /** HTTP requests to /graphql: queries and mutations, SSE subscriptions, GraphiQL. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** The same pipeline as a WHATWG fetch, without a socket (yoga's own `fetch`; tests use it). */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** WebSocket upgrades to /graphql: graphql-ws subscriptions (and queries). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Shutdown: WebSockets close with 1001 (going away) and event streams are cut, so clients reconnect elsewhere. */
  close(): void;
}

/**
 * The GraphQL face: graphql-yoga on the shared node:http server, and graphql-ws on the same
 * path through yoga's envelop pipeline (as yoga's examples/graphql-ws does), so both
 * transports run the same schema, limits and error masking. Errors from the error table
 * keep their message and carry their code in extensions; anything else is masked.
 */
export interface GraphQLOptions {
  graphiql: boolean;
  /** Largest POST body, and WebSocket frame (a put's value travels in it, base64 or escaped). */
  maxRequestBytes: number;
}

/** The largest GraphQL POST body: a value may arrive base64-encoded or JSON-escaped, next to the rest of the operation. */
export function graphqlRequestLimit(maxValueSize: number): number {
  return Math.max(1 << 20, 4 * maxValueSize);
}

export function createGraphQLServer(context: GraphQLContext, log: Logger, options: GraphQLOptions): GraphQLServer {
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: () => context,
    landingPage: false,
    // Enforced by readGraphQLBody, without yoga's per-request stream.
    maxRequestBodySize: false,
    plugins: [useRequestParseErrors(), useDocumentLimits(), useComplexityLimit(COMPLEXITY_LIMIT)],
    parserAndValidationCache: { documentCache: new DocumentCache(), errorCache: new DocumentCache() },
    graphiql: options.graphiql ? { title: 'kvgate', subscriptionsProtocol: 'WS' } : false,
    // The bundled GraphiQL is ~30 MB of JavaScript source: loaded on the first page view, not at start.
    renderGraphiQL: async (graphiql) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(graphiql),
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => log.error(args.map(String).join(' ')),
    },
    maskedErrors: {
      // Errors of the error table are answers (message and extensions.code kept), except
      // INTERNAL (what Redis said is for the log); the rest is masked and logged. Never in
      // "development" mode (yoga's default with NODE_ENV=development), which adds the
      // original message and stack.
      maskError: (error, message) => {
        if (error instanceof GraphQLError && isKvError(error.originalError) && error.originalError.code !== 'INTERNAL') return error;
        const masked = maskError(error, message, false);
        if (masked !== error) {
          const graphqlError = error instanceof GraphQLError ? error : null;
          log.error({ err: graphqlError?.originalError ?? error, path: graphqlError?.path?.join('.') }, 'GraphQL operation failed');
        }
        return masked;
      },
    },
  });

  // Every frame (connection_init included) is held to the POST body limit; a larger one closes the socket with 1009.
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxRequestBytes });
  useServer(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        // The initial context of an operation (what yoga's plugins read); it lives as long as the subscription.
        const { schema: enveloped, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          // A syntax error is the client's: an `error` message for this operation (with the code
          // yoga gives it over HTTP), not a 4500 close of the socket and its other operations.
          if (!(err instanceof GraphQLError)) throw err;
          return [new GraphQLError(err.message, { source: err.source, positions: err.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const args: ExecutionArgs = {
          schema: enveloped,
          operationName: payload.operationName ?? null,
          document,
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies Enveloped,
        };
        const errors = validate(args.schema, args.document);
        return errors.length > 0 ? errors : args;
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(asClientSees) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map(asClientSees),
    },
    wss,
  );

  // Open event streams (SSE), so that shutdown can cut them.
  const streams = new Set<ServerResponse>();

  return {
    handle(req, res) {
      if (refuseOverlongHeaders(req, res)) return;
      if (req.headers.accept?.includes('text/event-stream')) {
        streams.add(res);
        res.once('close', () => streams.delete(res));
      }
      if (req.method !== 'POST') return void yoga(req, res);
      void readGraphQLBody(req, res, options.maxRequestBytes).then((read) => read && yoga(read, res));
    },
    fetch: async (url, init) => yoga.fetch(new yoga.fetchAPI.Request(url, init)),
    upgrade(req, socket, head) {
      // graphql-ws keeps the upgrade request for the socket's life: hand it the little that
      // is read of it, so the request and its raw headers are not held per connection.
      wss.handleUpgrade(req, socket, head, (ws) => {
        quietOversizedFrames(ws, log);
        wss.emit('connection', ws, upgradeRequest(req));
      });
    },
    close() {
      // Subscribers are sent elsewhere the way their clients retry: WebSockets close with 1001,
      // event streams are cut (a `complete` would tell a client its subscription is over).
      for (const client of wss.clients) client.close(1001, 'kvgate is shutting down');
      wss.close();
      for (const res of streams) res.destroy();
    },
  };
}

/** Yoga's enveloped execute/subscribe, passed to graphql-ws through the root value. */
interface Enveloped {
  execute(args: ExecutionArgs): Promise<ExecutionResult> | ExecutionResult;
  subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> | AsyncIterable<ExecutionResult> | ExecutionResult;
}

/** An error as clients see it over HTTP too: without yoga's internal extensions (status code, unexpected). */
function asClientSees(error: GraphQLError): GraphQLFormattedError {
  const { extensions = {}, ...rest } = error.toJSON();
  const { http: _http, unexpected: _unexpected, ...kept } = extensions;
  return Object.keys(kept).length > 0 ? { ...rest, extensions: kept } : rest;
}

/** The part of an upgrade request a WebSocket connection keeps. */
function upgradeRequest(req: IncomingMessage): IncomingMessage {
  return { headers: req.headers, url: req.url, method: req.method, socket: { remoteAddress: req.socket.remoteAddress } } as IncomingMessage;
}

/**
 * A frame over maxPayload is the client's doing: ws has already closed the socket with 1009
 * when it emits the error, which graphql-ws would print to stderr as an internal error.
 * It is logged here instead, once, as what it is.
 */
function quietOversizedFrames(ws: WebSocket, log: Logger): void {
  const emit = ws.emit.bind(ws);
  ws.emit = (event: string | symbol, ...args: unknown[]) => {
    const err = args[0] as NodeJS.ErrnoException | undefined;
    if (event !== 'error' || err?.code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return emit(event, ...args);
    log.info({ code: 1009 }, 'WebSocket frame over the request size limit; closed');
    return true;
  };
}
