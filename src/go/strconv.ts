// Go's strconv: the number and boolean syntax Consul accepts (?flags, ?cas and ?index in
// base 10; the CLI's `-flags=0x10`, `-n=3` and `-shell=F` through Go's flag package, base 0),
// the errors it reports (*strconv.NumError), and %q for echoed input (strconv.Quote).

/** The largest Consul index or flags value: 2^64 - 1. */
export const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MAX = (1n << 63n) - 1n;

/** strconv.NumError: `strconv.ParseUint: parsing "x": invalid syntax` (or `value out of range`). */
export class NumError {
  readonly message: string;

  constructor(
    readonly func: 'ParseUint' | 'ParseInt' | 'ParseBool',
    readonly num: string,
    readonly kind: 'syntax' | 'range',
  ) {
    this.message = `strconv.${func}: parsing ${quote(num)}: ${kind === 'syntax' ? 'invalid syntax' : 'value out of range'}`;
  }
}

/** A parse's value, or Go's error for it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: NumError };

/**
 * strconv.ParseUint(s, base, 64). Base 10: digits only (no sign, spaces or `_`), leading
 * zeros allowed. Base 0 (Go's flag package): also `0x`/`0o`/`0b` prefixes, a leading `0` for
 * octal, `_` between digits. Read left to right, so an overflow before a bad character is a
 * range error.
 */
export function parseUint64(s: string, base: 0 | 10): Parsed<bigint> {
  const fail = (kind: 'syntax' | 'range'): Parsed<bigint> => ({ ok: false, error: new NumError('ParseUint', s, kind) });
  if (s === '') return fail('syntax');
  if (base === 10 && s.length <= 15 && /^\d+$/.test(s)) return { ok: true, value: BigInt(s) };
  let radix = 10n;
  let body = s;
  if (base === 0 && s[0] === '0') {
    const prefix = s.length >= 3 ? (s[1] as string).toLowerCase() : '';
    radix = prefix === 'x' ? 16n : prefix === 'b' ? 2n : 8n;
    body = prefix === 'x' || prefix === 'o' || prefix === 'b' ? s.slice(2) : s.slice(1);
  }
  let n = 0n;
  let underscores = false;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '_' && base === 0) {
      underscores = true;
      continue;
    }
    const digit = digitValue(body.charCodeAt(i));
    if (BigInt(digit) >= radix) return fail('syntax');
    n = n * radix + BigInt(digit);
    if (n > UINT64_MAX) return fail('range');
  }
  if (underscores && !underscoreOK(s)) return fail('syntax');
  return { ok: true, value: n };
}

/** strconv.ParseInt(s, base, 64): an optional sign, then ParseUint's syntax. */
export function parseInt64(s: string, base: 0 | 10): Parsed<bigint> {
  const negative = s.startsWith('-');
  const unsigned = parseUint64(negative || s.startsWith('+') ? s.slice(1) : s, base);
  if (!unsigned.ok) return { ok: false, error: new NumError('ParseInt', s, unsigned.error.kind) };
  if (unsigned.value > (negative ? INT64_MAX + 1n : INT64_MAX)) return { ok: false, error: new NumError('ParseInt', s, 'range') };
  return { ok: true, value: negative ? -unsigned.value : unsigned.value };
}

/** strconv.ParseBool. */
export function parseBool(s: string): Parsed<boolean> {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return { ok: true, value: true };
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return { ok: true, value: false };
  return { ok: false, error: new NumError('ParseBool', s, 'syntax') };
}

/** A digit's value in bases up to 36 (`a`/`A` is 10); 99 for anything else. */
function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a ? lower - 0x61 + 10 : 99;
}

/** strconv's rule for `_` in base 0: only between digits (a base prefix counts as one). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  let body = s;
  if (body[0] === '-' || body[0] === '+') body = body.slice(1);
  let hex = false;
  if (body.length >= 2 && body[0] === '0' && 'box'.includes((body[1] as string).toLowerCase())) {
    i = 2;
    saw = '0';
    hex = (body[1] as string).toLowerCase() === 'x';
  }
  for (; i < body.length; i++) {
    const c = (body[i] as string).toLowerCase();
    if ((c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f')) {
      saw = '0';
    } else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/**
 * strconv.Quote (`%q`), which Consul and Go's flag package use to echo input in an error:
 * double quotes, backslash escapes for quotes and control characters, printable Unicode kept.
 */
export function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else if (code === 0xfffd || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
    else if (code < 0x80) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code < 0x10000) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += '\\U' + code.toString(16).padStart(8, '0');
  }
  return out + '"';
}

const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
};
