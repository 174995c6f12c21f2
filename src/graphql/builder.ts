import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import { GraphQLError, Kind } from 'graphql';
import { UINT64_MAX } from '../go/strconv.js';
import type { GraphQLContext } from './context.js';

/**
 * How much one operation may ask for (enforced by use-complexity-limit.ts before execution).
 * Every field costs 1 and a list multiplies its selection by 10, except `entries`, which
 * multiplies by its page size: the largest page (1 000 entries, every field, their sessions
 * included) costs 23 001. The schema has no cycles, so no selection is deeper than 5 (the
 * depth limit is a backstop); graphql-js limits the depth of introspection itself.
 */
export const COMPLEXITY_LIMIT = { complexity: 25_000, depth: 10, breadth: 100 };

/**
 * The one Pothos builder. Indexes and flags are uint64: the scalars carry them as decimal
 * strings on the wire and as BigInts inside, never as floats. Fields carry their complexity;
 * the limit is checked once per operation by a yoga plugin, not in every root resolver.
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
  complexity: { defaultComplexity: 1, defaultListMultiplier: 10, disabled: true },
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
