import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, maskError } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { isKvError } from '../errors.js';
import type { Logger } from '../log.js';
import type { GraphQLContext } from './context.js';
import { schema } from './schema.js';

export const GRAPHQL_PATH = '/graphql';

export interface GraphQLServer {
  /** HTTP requests to /graphql: queries and mutations, SSE subscriptions, GraphiQL. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** WebSocket upgrades to /graphql: graphql-ws subscriptions (and queries). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every WebSocket with 1001 (going away) so clients reconnect elsewhere. */
  close(): void;
}

/**
 * The GraphQL face: graphql-yoga on the shared node:http server, and graphql-ws on the same
 * path through yoga's envelop pipeline (as yoga's examples/graphql-ws does), so both
 * transports run the same schema, limits and error masking. Errors from the error table
 * keep their message and carry their code in extensions; anything else is masked.
 */
export function createGraphQLServer(context: GraphQLContext, log: Logger, options: { graphiql: boolean }): GraphQLServer {
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: () => context,
    landingPage: false,
    graphiql: options.graphiql ? { title: 'kvgate', subscriptionsProtocol: 'WS' } : false,
    renderGraphiQL,
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => log.error(args.map(String).join(' ')),
    },
    maskedErrors: {
      // Errors of the error table are answers (message and extensions.code kept); the rest is masked and logged.
      maskError: (error, message, isDev) =>
        error instanceof GraphQLError && isKvError(error.originalError) ? error : maskError(error, message, isDev),
    },
  });

  const wss = new WebSocketServer({ noServer: true });
  useServer(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const { schema: enveloped, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        const args: ExecutionArgs = {
          schema: enveloped,
          operationName: payload.operationName ?? null,
          document: parse(payload.query),
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies Enveloped,
        };
        const errors = validate(args.schema, args.document);
        return errors.length > 0 ? errors : args;
      },
    },
    wss,
  );

  return {
    handle: (req, res) => void yoga(req, res),
    upgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      for (const client of wss.clients) client.close(1001, 'kvgate is shutting down');
      wss.close();
    },
  };
}

/** Yoga's enveloped execute/subscribe, passed to graphql-ws through the root value. */
interface Enveloped {
  execute(args: ExecutionArgs): Promise<ExecutionResult> | ExecutionResult;
  subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> | AsyncIterable<ExecutionResult> | ExecutionResult;
}
