// Go's time.ParseDuration and Duration.String(). Consul parses `wait`, `max_stale`, session
// `TTL` and `LockDelay` strings with it, and its CLI duration flags (`-timeout=1m30s`).

/** Nanoseconds, or the exact Go error text (Consul echoes it: `time: unknown unit "z" in duration "10z"`). */
export type DurationResult = { ok: true; ns: bigint } | { ok: false; error: string };

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_MAGNITUDE = 1n << 63n;

/** time.ParseDuration: `300ms`, `-1.5h`, `2h45m`, `0`; results must fit an int64. */
export function parseDuration(text: string): DurationResult {
  const invalid = (): DurationResult => ({ ok: false, error: `time: invalid duration ${timeQuote(text)}` });
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ns: 0n };
  if (s === '') return invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s, 0))) return invalid();
    let i = 0;
    let whole = 0n;
    while (isDigit(s, i)) {
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > MAX_MAGNITUDE) return invalid();
      i++;
    }
    const sawWhole = i > 0;
    let fraction = 0n;
    let scale = 1;
    let sawFraction = false;
    if (s[i] === '.') {
      i++;
      const start = i;
      let overflow = false;
      while (isDigit(s, i)) {
        if (!overflow) {
          const next = fraction * 10n + BigInt(s.charCodeAt(i) - 48);
          if (next > MAX_MAGNITUDE) overflow = true;
          else {
            fraction = next;
            scale *= 10;
          }
        }
        i++;
      }
      sawFraction = i > start;
    }
    if (!sawWhole && !sawFraction) return invalid();
    const unitStart = i;
    while (i < s.length && s[i] !== '.' && !isDigit(s, i)) i++;
    if (i === unitStart) return { ok: false, error: `time: missing unit in duration ${timeQuote(text)}` };
    const unitName = s.slice(unitStart, i);
    const unit = UNITS[unitName];
    if (unit === undefined) {
      return { ok: false, error: `time: unknown unit ${timeQuote(unitName)} in duration ${timeQuote(text)}` };
    }
    if (whole > MAX_MAGNITUDE / unit) return invalid();
    let value = whole * unit;
    if (fraction > 0n) {
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > MAX_MAGNITUDE) return invalid();
    }
    total += value;
    if (total > MAX_MAGNITUDE) return invalid();
    s = s.slice(i);
  }
  if (negative) return { ok: true, ns: -total };
  if (total > MAX_MAGNITUDE - 1n) return invalid();
  return { ok: true, ns: total };
}

/** time.Duration.String(), where Consul prints a duration (`24h0m0s`, `1m30s`, `250ms`). */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const negative = ns < 0n;
  let u = negative ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    // Sub-second: the largest unit that keeps a non-zero integer part.
    const [unit, name] = u < 1_000n ? [1n, 'ns'] : u < 1_000_000n ? [1_000n, 'µs'] : [1_000_000n, 'ms'];
    out = fractional(u, unit) + name;
  } else {
    const hours = u / 3_600_000_000_000n;
    u -= hours * 3_600_000_000_000n;
    const minutes = u / 60_000_000_000n;
    u -= minutes * 60_000_000_000n;
    const seconds = fractional(u, 1_000_000_000n) + 's';
    out = hours > 0n ? `${hours}h${minutes}m${seconds}` : minutes > 0n ? `${minutes}m${seconds}` : seconds;
  }
  return negative ? '-' + out : out;
}

function fractional(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return whole.toString();
  const digits = unit.toString().length - 1;
  return `${whole}.${rest.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** time.quote: like %q for ASCII, but every non-ASCII or control byte as \xNN. */
function timeQuote(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte < 0x20 || byte >= 0x80) out += '\\x' + byte.toString(16).padStart(2, '0');
    else {
      const ch = String.fromCharCode(byte);
      out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
    }
  }
  return out + '"';
}
