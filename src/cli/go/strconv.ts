// Number, boolean and duration parsing with the syntax of Go's strconv and time packages,
// which is what Consul's flags accept (`-flags=0x10`, `-timeout=1m30s`, `-shell=F`).

/** Why a Go parse failed: strconv's ErrSyntax or ErrRange. */
export class GoParseError extends Error {
  constructor(readonly kind: 'syntax' | 'range') {
    super(kind === 'syntax' ? 'invalid syntax' : 'value out of range');
  }
}

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_INT64 = (1n << 63n) - 1n;

/** strconv.ParseUint(s, 0, 64): decimal, `0x`/`0o`/`0b` prefixes, a leading `0` for octal, `_` separators. */
export function parseUint64(s: string): bigint {
  if (s === '') throw new GoParseError('syntax');
  let base = 10n;
  let body = s;
  if (s[0] === '0') {
    const prefix = s.length >= 3 ? (s[1] as string).toLowerCase() : '';
    if (prefix === 'x' || prefix === 'o' || prefix === 'b') {
      base = prefix === 'x' ? 16n : prefix === 'o' ? 8n : 2n;
      body = s.slice(2);
    } else {
      base = 8n;
      body = s.slice(1);
    }
  }
  let n = 0n;
  let underscores = false;
  for (const ch of body) {
    if (ch === '_') {
      underscores = true;
      continue;
    }
    const d = digitValue(ch);
    if (d === undefined || BigInt(d) >= base) throw new GoParseError('syntax');
    n = n * base + BigInt(d);
    if (n > MAX_UINT64) throw new GoParseError('range');
  }
  if (underscores && !underscoreOK(s)) throw new GoParseError('syntax');
  return n;
}

/** strconv.ParseInt(s, 0, 64). */
export function parseInt64(s: string): bigint {
  const negative = s.startsWith('-');
  const body = s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s;
  const n = parseUint64(body);
  if (negative ? n > MAX_INT64 + 1n : n > MAX_INT64) throw new GoParseError('range');
  return negative ? -n : n;
}

/** strconv.ParseBool. */
export function parseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new GoParseError('syntax');
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration, in nanoseconds: `300ms`, `-1.5h`, `2h45m`, `0`. */
export function parseDuration(s: string): number {
  let rest = s;
  let negative = false;
  if (rest[0] === '-' || rest[0] === '+') {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new GoParseError('syntax');
  let total = 0;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest) as RegExpExecArray;
    const [matched, whole = '', fraction] = number;
    if (whole === '' && (fraction === undefined || fraction === '')) throw new GoParseError('syntax');
    rest = rest.slice(matched.length);
    const unit = /^[^\d.]*/.exec(rest)?.[0] ?? '';
    const scale = UNIT_NS[unit];
    if (scale === undefined) throw new GoParseError('syntax');
    rest = rest.slice(unit.length);
    total += Number(`${whole || '0'}.${fraction ?? ''}0`) * scale;
    if (total > 2 ** 63) throw new GoParseError('range');
  }
  return negative ? -total : total;
}

/** time.Duration.String() for the durations the CLI prints (`5s`, `1m30s`, `250ms`). */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let rest = Math.abs(ns);
  if (rest < 1e9) {
    for (const [unit, scale] of [['ms', 1e6], ['µs', 1e3], ['ns', 1]] as const) {
      if (rest >= scale) return `${sign}${trimZeros(rest / scale)}${unit}`;
    }
  }
  const hours = Math.floor(rest / 3600e9);
  rest -= hours * 3600e9;
  const minutes = Math.floor(rest / 60e9);
  rest -= minutes * 60e9;
  const seconds = `${trimZeros(rest / 1e9)}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

function trimZeros(n: number): string {
  return String(Number(n.toFixed(9)));
}

function digitValue(ch: string): number | undefined {
  const c = ch.toLowerCase();
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'z') return c.charCodeAt(0) - 87;
  return undefined;
}

/** strconv's rule for `_`: only with a base prefix, and only between digits. */
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
