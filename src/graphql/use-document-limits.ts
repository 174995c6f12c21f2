import { GraphQLError, parse, type Source } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Most tokens in one document (graphql-js stops there). A transaction of 128 ops written
 * inline is about 3 000; a 0.9 MB document of tokens would take ~150 MB to parse.
 */
export const MAX_DOCUMENT_TOKENS = 10_000;

/**
 * Deepest nesting of `{`, `[` and `(` in a document. graphql-js parses recursively and
 * overflows the stack near 3 000 levels; operations are at most 10 fields deep anyway.
 */
export const MAX_DOCUMENT_NESTING = 128;

/**
 * Bounds every document parsed for HTTP and graphql-ws (both parse through this envelop
 * pipeline): a linear scan refuses deep nesting before the parser recurses, and the parser
 * stops at MAX_DOCUMENT_TOKENS. Both are syntax errors (GRAPHQL_PARSE_FAILED).
 */
export function useDocumentLimits(): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source: string | Source, options) => {
        if (nestingExceeds(typeof source === 'string' ? source : source.body, MAX_DOCUMENT_NESTING)) {
          throw new GraphQLError(`Document nests deeper than ${MAX_DOCUMENT_NESTING} levels`, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
        }
        return parse(source, { ...options, maxTokens: MAX_DOCUMENT_TOKENS });
      });
    },
  };
}

/** Whether brackets nest deeper than `max`, outside strings, block strings and comments. */
function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */ || c === 0x28 /* ( */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */ || c === 0x29 /* ) */) {
      if (depth > 0) depth--;
    } else if (c === 0x23 /* # */) {
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
    } else if (c === 0x22 /* " */) {
      i = text.startsWith('"""', i) ? blockStringEnd(text, i + 3) : stringEnd(text, i + 1);
    }
  }
  return false;
}

/** Index of the closing quote of a string whose body starts at `i` (or of its line end). */
function stringEnd(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"' || c === '\n' || c === '\r') return i;
  }
  return i;
}

/** Index of the last quote of a block string whose body starts at `i` (`\"""` does not end it). */
function blockStringEnd(text: string, i: number): number {
  for (; i < text.length; i++) {
    if (text.startsWith('\\"""', i)) i += 3;
    else if (text.startsWith('"""', i)) return i + 2;
  }
  return i;
}
