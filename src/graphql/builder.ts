import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import { GraphQLError, Kind } from 'graphql';
import { UINT64_MAX } from '../kv/uint64.js';
import type { GraphQLContext } from './context.js';

/**
 * The one Pothos builder. Indexes and flags are uint64: the scalars carry them as decimal
 * strings on the wire and as BigInts inside, never as floats. Queries are limited in depth,
 * breadth and complexity so one request cannot ask for unbounded work.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    Index: { Input: bigint; Output: bigint };
    UInt64: { Input: bigint; Output: bigint };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ComplexityPlugin],
  defaultFieldNullability: false,
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: { complexity: 2_000, depth: 10, breadth: 100 },
  },
});

function uint64Scalar(name: 'Index' | 'UInt64', description: string) {
  const parse = (value: unknown): bigint => {
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== 'string' || !/^\d{1,20}$/.test(text) || BigInt(text) > UINT64_MAX) {
      throw new GraphQLError(`${name} must be a decimal string (or integer) from 0 to 18446744073709551615`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return BigInt(text);
  };
  return builder.scalarType(name, {
    description,
    serialize: (value) => (value as bigint).toString(),
    parseValue: parse,
    parseLiteral: (ast) => parse(ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : null),
  });
}

uint64Scalar('Index', 'A position in the store\'s history (Consul\'s Raft index): uint64 as a decimal string.');
uint64Scalar('UInt64', 'An unsigned 64-bit integer (KV flags) as a decimal string.');

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
