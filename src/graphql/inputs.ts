import { GraphQLError } from 'graphql';

/** A GraphQL argument error (extensions.code BAD_USER_INPUT). */
export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** A key or prefix argument as the bytes the domain checks (UTF-8). */
export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** The value of a write: `value` as UTF-8 text or `valueBase64` as exact bytes, not both. */
export function valueBytes(value: string | null | undefined, valueBase64: string | null | undefined): Buffer {
  if (value != null && valueBase64 != null) throw badInput('give value or valueBase64, not both');
  if (valueBase64 != null) {
    if (valueBase64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(valueBase64)) throw badInput('valueBase64 is not standard base64 with padding');
    return Buffer.from(valueBase64, 'base64');
  }
  return Buffer.from(value ?? '', 'utf8');
}
