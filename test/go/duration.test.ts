import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/go/duration.js';

// Go's time.ParseDuration and Duration.String(): ?wait, ?max_stale, session TTLs and
// LockDelay, the serve options, and the CLI's duration flags.

const NS = 1n;
const US = 1_000n;
const MS = 1_000_000n;
const S = 1_000_000_000n;
const M = 60n * S;
const H = 60n * M;
const MAX_INT64 = (1n << 63n) - 1n;

function parsed(text: string): bigint {
  const result = parseDuration(text);
  if (!result.ok) throw new Error(`parseDuration(${JSON.stringify(text)}) failed: ${result.error}`);
  return result.ns;
}

function error(text: string): string {
  const result = parseDuration(text);
  if (result.ok) throw new Error(`parseDuration(${JSON.stringify(text)}) parsed as ${result.ns}`);
  return result.error;
}

describe('parseDuration reads durations like Go time.ParseDuration', () => {
  it.each([
    ['0', 0n],
    ['+0', 0n],
    ['-0', 0n],
    ['0s', 0n],
    ['10s', 10n * S],
    ['1.5h', 90n * M],
    ['1m30s', 90n * S],
    ['100ms', 100n * MS],
    ['15000ms', 15n * S],
    ['1ns', 1n * NS],
    ['1us', 1n * US],
    ['1µs', 1n * US], // U+00B5 micro sign
    ['1μs', 1n * US], // U+03BC Greek mu
    ['-5s', -5n * S],
    ['+5s', 5n * S],
    ['.5s', 500n * MS],
    ['5.s', 5n * S],
    ['5.0s', 5n * S],
    ['1h1m1s1ms1us1ns', H + M + S + MS + US + NS],
    ['1s1s', 2n * S],
    ['0.1s', 100n * MS],
    ['1.0000000001s', S],
    ['10.9999999999ns', 10n],
    ['2562047h47m16.854775807s', MAX_INT64],
    ['9223372036854775.807us', MAX_INT64],
    ['9223372036s854ms775us807ns', MAX_INT64],
    ['9223372036854ms775us807ns', MAX_INT64],
    ['9007199254740993ns', (1n << 53n) + 1n],
    ['1.004s', S + 4n * MS],
    ['100.00100s', 100n * S + MS],
    ['10.5s4m', 4n * M + 10n * S + 500n * MS],
    ['-2m3.4s', -(2n * M + 3n * S + 400n * MS)],
    ['1h2m3.5s', H + 2n * M + 3n * S + 500n * MS],
    ['-1.5us', -1_500n],
    ['39h9m14.425s', 39n * H + 9n * M + 14n * S + 425n * MS],
    ['9223372036854775807ns', MAX_INT64],
    ['-9223372036854775808ns', -(1n << 63n)],
    ['-2562047h47m16.854775808s', -(1n << 63n)],
  ])('parses %j as %s ns', (text, ns) => {
    expect(parsed(text)).toBe(ns);
  });

  it.each(['', '-', '+', '.', '.s', '-.s', 'x', 's', 'abc', ' 1s', '--1s', 'e1s', '+.s', '-.'])(
    'rejects %j as an invalid duration',
    (text) => {
      expect(error(text)).toBe(`time: invalid duration "${text}"`);
    },
  );

  it('quotes the whole input in the error, as Consul echoes it', () => {
    expect(error('x')).toBe('time: invalid duration "x"');
  });

  it.each(['10', '00', '5.', '1s5', '-10', '1.5'])('rejects %j as missing a unit', (text) => {
    expect(error(text)).toBe(`time: missing unit in duration "${text}"`);
  });

  it('names the unknown unit and the input', () => {
    expect(error('10z')).toBe('time: unknown unit "z" in duration "10z"');
    expect(error('1S')).toBe('time: unknown unit "S" in duration "1S"');
    expect(error('1sec')).toBe('time: unknown unit "sec" in duration "1sec"');
    expect(error('1e3s')).toBe('time: unknown unit "e" in duration "1e3s"');
    expect(error('1d')).toBe('time: unknown unit "d" in duration "1d"');
    expect(error('1s2x')).toBe('time: unknown unit "x" in duration "1s2x"');
    expect(error('1h-5m')).toBe('time: unknown unit "h-" in duration "1h-5m"');
    expect(error('1s ')).toBe('time: unknown unit "s " in duration "1s "');
  });

  it.each([
    '9999999999999h',
    '2562048h',
    '2562047h47m16.854775808s',
    '9223372036854775808ns',
    '9223372036854775809ns',
    '99999999999999999999ns',
    '-9223372036854775809ns',
    '3000000h',
    '2562047h2562047h',
    '9223372036854776us',
    '9223372036854775.808us',
    '9223372036854ms775us808ns',
    '1h9223372036854775807ns',
  ])('rejects %s, which overflows int64 nanoseconds, as an invalid duration', (text) => {
    expect(error(text)).toBe(`time: invalid duration "${text}"`);
  });

  it('keeps reading a fraction longer than int64 precision without failing (Go issues 6617, 15011)', () => {
    expect(parsed('1.00000000000000000000000000000001s')).toBe(S);
    expect(parsed('0.3333333333333333333h')).toBe(20n * M);
    expect(parsed('0.100000000000000000000h')).toBe(6n * M);
    expect(parsed('0.830103483285477580700h')).toBe(49n * M + 48n * S + 372_539_827n);
  });

  it('quotes non-ASCII and control characters byte by byte, as Go time.quote does', () => {
    expect(error('1é')).toBe('time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"');
    expect(error('\n')).toBe('time: invalid duration "\\x0a"');
    expect(error('"1"')).toBe('time: invalid duration "\\"1\\""');
    expect(error('\ufffd')).toBe('time: invalid duration "\\xef\\xbf\\xbd"');
    expect(error('1\\')).toBe('time: unknown unit "\\\\" in duration "1\\\\"');
  });
});

describe('formatDuration prints like Go time.Duration.String()', () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [999n, '999ns'],
    [1n * US, '1µs'],
    [2n * US, '2µs'],
    [1_500n, '1.5µs'],
    [1n * MS, '1ms'],
    [1_500_000n, '1.5ms'],
    [1_000_001n, '1.000001ms'],
    [10n * S, '10s'],
    [15n * S, '15s'],
    [1_500n * MS, '1.5s'],
    [S + 1n, '1.000000001s'],
    [M, '1m0s'],
    [90n * S, '1m30s'],
    [H, '1h0m0s'],
    [24n * H, '24h0m0s'],
    [H + 1n, '1h0m0.000000001s'],
    [1_100n, '1.1µs'],
    [2_200n * US, '2.2ms'],
    [3_300n * MS, '3.3s'],
    [4n * M + 5n * S, '4m5s'],
    [4n * M + 5_001n * MS, '4m5.001s'],
    [5n * H + 6n * M + 7_001n * MS, '5h6m7.001s'],
    [8n * M + 1n, '8m0.000000001s'],
    [-5n * S, '-5s'],
    [-1n, '-1ns'],
    [MAX_INT64, '2562047h47m16.854775807s'],
    [-(1n << 63n), '-2562047h47m16.854775808s'],
  ])('prints %s ns as %s', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });

  it('prints the session TTL bounds as Consul writes them in its error', () => {
    expect(`[${formatDuration(10n * S)}=${formatDuration(24n * H)}]`).toBe('[10s=24h0m0s]');
  });

  it('uses the micro sign U+00B5, as Go does', () => {
    expect(formatDuration(2n * US)).toBe('2\u00b5s');
  });

  it('prints what it parses back to the same duration', () => {
    for (const ns of [0n, 7n, 1_234n, 5_000_000n, 61n * S + 5n, 49n * H + 7n * M + 3n * MS, MAX_INT64]) {
      expect(parsed(formatDuration(ns))).toBe(ns);
    }
  });
});
