import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './kv-queries.js';
import './kv-mutations.js';
import './txn.js';
import './sessions.js';
import './subscriptions.js';

/** The GraphQL schema: every slice above adds its types and root fields to the one builder. */
export const schema: GraphQLSchema = builder.toSchema();

/** The SDL committed as schema/schema.graphql. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
