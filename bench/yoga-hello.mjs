/**
 * The GraphQL baseline: graphql-yoga with a one-field schema on plain node:http, no Redis.
 * `{ hello }` measures what yoga itself costs per request (parse, validate, execute,
 * serialize, Fetch API adapter), the yardstick for kvgate's `entry` query.
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const port = Number(process.argv[2]);
const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
  graphiql: false,
  landingPage: false,
  logging: false,
});
const server = createServer(yoga);
server.listen(port, '127.0.0.1', () => process.send?.('ready'));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
