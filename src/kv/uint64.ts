import { kvError } from '../errors.js';

/** The largest Consul index or flags value: 2^64 - 1. */
export const UINT64_MAX = 18446744073709551615n;

/**
 * Parses a decimal uint64 exactly as Go's strconv.ParseUint(s, 10, 64) does, which is how
 * Consul reads `flags`, `cas` and indexes: digits only (no sign, no spaces, no
 * underscores), leading zeros allowed, range errors reported at the digit that overflows.
 * Throws INVALID_UINT / UINT_OUT_OF_RANGE with Go's text (Consul answers them with 500).
 */
export function parseUint64(text: string): bigint {
  if (text.length === 0) throw kvError('INVALID_UINT', text);
  if (text.length <= 15 && /^\d+$/.test(text)) return BigInt(text);
  let value = 0n;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) throw kvError('INVALID_UINT', text);
    value = value * 10n + BigInt(digit);
    if (value > UINT64_MAX) throw kvError('UINT_OUT_OF_RANGE', text);
  }
  return value;
}

/** True when `text` is the canonical decimal form of a uint64 (what Redis stores). */
export function isCanonicalUint64(text: string): boolean {
  return /^(0|[1-9]\d{0,19})$/.test(text) && BigInt(text) <= UINT64_MAX;
}
