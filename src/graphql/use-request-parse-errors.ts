import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Every failure to read the GraphQL parameters of a request is the client's: 400 with a
 * BAD_REQUEST error, under any Accept. yoga's own parsers let JSON.parse fail bare on GET
 * and form-encoded `variables`/`extensions` (answered 500 and logged as a fault), and
 * answer the multipart ones with status 200; errors that already carry a status keep it.
 */
export function useRequestParseErrors(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (err) {
          throw asRequestError(err);
        }
      });
    },
  };
}

function asRequestError(err: unknown): unknown {
  if (err instanceof Error && err.name === 'AbortError') return err;
  if (err instanceof GraphQLError && (err.extensions.http as { status?: number } | undefined)?.status) return err;
  const message = err instanceof GraphQLError ? err.message : err instanceof SyntaxError ? 'Request parameters sent invalid JSON.' : 'Request parameters could not be read.';
  return new GraphQLError(message, { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
}
