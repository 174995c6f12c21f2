import { complexityFromQuery } from '@pothos/plugin-complexity';
import { GraphQLError, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface ComplexityLimit {
  /** Sum of field costs (a list field multiplies its selection; see builder.ts). */
  complexity: number;
  /** Deepest nesting of fields. */
  depth: number;
  /** Fields selected in the whole operation. */
  breadth: number;
}

/**
 * Refuses an operation that asks for too much before any resolver runs, over HTTP and
 * graphql-ws alike (both execute through this envelop pipeline). It measures the operation
 * that will run, with its variables (a page size may be one), which a cached validation rule
 * could not. The answer is a request error: no data, `extensions.code` QUERY_TOO_COMPLEX,
 * status 400 under application/graphql-response+json (200 under legacy application/json,
 * as yoga answers validation errors).
 */
export function useComplexityLimit(limit: ComplexityLimit): Plugin {
  const check = (args: ExecutionArgs, stop: (result: ExecutionResult) => void) => {
    const error = overLimit(args, limit);
    if (error) stop({ errors: [error] });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
  };
}

function overLimit(args: ExecutionArgs, limit: ComplexityLimit): GraphQLError | null {
  const document = selectedOperation(args.document, args.operationName);
  if (document === null) return null; // execution reports the missing operation
  let measured: { complexity: number; depth: number; breadth: number };
  try {
    measured = complexityFromQuery(document, { schema: args.schema, variables: (args.variableValues ?? {}) as Record<string, unknown>, ctx: args.contextValue as object });
  } catch {
    return null; // variables that do not coerce: execution reports them
  }
  const exceeded = (['depth', 'breadth', 'complexity'] as const).find((measure) => measured[measure] > limit[measure]);
  if (exceeded === undefined) return null;
  return new GraphQLError(`Query exceeds the maximum ${exceeded} (${exceeded}: ${measured[exceeded]}, max: ${limit[exceeded]})`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', [exceeded]: measured[exceeded], max: limit[exceeded], http: { status: 400, spec: true } },
  });
}

/** The document with only the operation that runs (complexityFromQuery measures the first). */
function selectedOperation(document: DocumentNode, operationName: string | null | undefined): DocumentNode | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const selected = operationName == null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  if (selected === undefined) return null;
  return { ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === selected) };
}
