import { describe, expect, it } from 'vitest';
import { NumError, parseBool, parseInt64, parseUint64, quote, UINT64_MAX } from '../../src/go/strconv.js';

// Go's strconv: ?flags, ?cas and ?index (base 10), the CLI's number and bool flags (base 0,
// as Go's flag package parses them), and %q.

/** The NumError a parse answers (fails the test when it parses). */
function failure(parsed: { ok: true } | { ok: false; error: NumError }): NumError {
  if (parsed.ok) throw new Error('parsed');
  return parsed.error;
}

describe('parseUint64(s, 10) reads ?flags and ?cas like strconv.ParseUint(s, 10, 64)', () => {
  it.each([
    ['0', 0n],
    ['7', 7n],
    ['42', 42n],
    ['007', 7n],
    ['00000000000000000000000000000001', 1n],
    ['9007199254740993', 9007199254740993n],
    ['3304740253564472344', 3304740253564472344n],
    ['16210313421097356768', 16210313421097356768n],
    ['18446744073709551615', 18446744073709551615n],
    ['018446744073709551615', 18446744073709551615n],
  ])('accepts %s as %s', (text, value) => {
    expect(parseUint64(text, 10)).toEqual({ ok: true, value });
  });

  it('keeps 2^64-1, the largest flags value, exact', () => {
    expect(parseUint64('18446744073709551615', 10)).toEqual({ ok: true, value: UINT64_MAX });
    expect(UINT64_MAX).toBe(18446744073709551615n);
  });

  it.each(['', '-1', '+1', ' 1', '1 ', '1_0', 'abc', '0x10', '1e3', '1.0', '١٢', '12a'])('rejects %j with Go\'s "invalid syntax" text', (text) => {
    const err = failure(parseUint64(text, 10));
    expect(err).toMatchObject({ func: 'ParseUint', num: text, kind: 'syntax' });
    expect(err.message).toBe(`strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`);
  });

  it('reports "" as parsing "" (what ?flags= sends)', () => {
    expect(failure(parseUint64('', 10)).message).toBe('strconv.ParseUint: parsing "": invalid syntax');
  });

  it.each(['18446744073709551616', '18446744073709551620', '99999999999999999999', '184467440737095516150', '1'.repeat(40)])(
    'rejects %s with "value out of range"',
    (text) => {
      const err = failure(parseUint64(text, 10));
      expect(err.kind).toBe('range');
      expect(err.message).toBe(`strconv.ParseUint: parsing "${text}": value out of range`);
    },
  );

  it('reports overflow when it happens before a later bad character, as Go scans left to right', () => {
    expect(failure(parseUint64('99999999999999999999x', 10)).message).toBe('strconv.ParseUint: parsing "99999999999999999999x": value out of range');
    expect(failure(parseUint64('18446744073709551616-', 10)).kind).toBe('range');
  });

  it('reports a bad character that comes before the overflow as invalid syntax', () => {
    expect(failure(parseUint64('1x9999999999999999999999', 10)).kind).toBe('syntax');
    expect(failure(parseUint64('-99999999999999999999', 10)).kind).toBe('syntax');
  });

  it('quotes odd input the way Go %q does', () => {
    const message = (text: string) => failure(parseUint64(text, 10)).message;
    expect(message('1\n')).toBe('strconv.ParseUint: parsing "1\\n": invalid syntax');
    expect(message('a"b')).toBe('strconv.ParseUint: parsing "a\\"b": invalid syntax');
    expect(message('back\\slash')).toBe('strconv.ParseUint: parsing "back\\\\slash": invalid syntax');
    expect(message('\x00')).toBe('strconv.ParseUint: parsing "\\x00": invalid syntax');
    expect(message('é')).toBe('strconv.ParseUint: parsing "é": invalid syntax');
    expect(message('\u00a0')).toBe('strconv.ParseUint: parsing "\\u00a0": invalid syntax');
  });
});

describe('parseUint64(s, 0) reads number flags like Go\'s flag package', () => {
  it('takes 0x, 0o and 0b prefixes in either case, a leading 0 for octal, and _ between digits', () => {
    const values = ['0x1F', '0X1f', '0o17', '017', '0b101', '1_000', '0x_1F', '0', '00'].map((text) => parseUint64(text, 0));
    expect(values).toEqual([31n, 31n, 15n, 15n, 5n, 1000n, 31n, 0n, 0n].map((value) => ({ ok: true, value })));
  });

  it.each(['', '08', '0b2', '1__0', '_1', '1_', '0x', '0x_', '+1', '-1', ' 1', '0xg', '\u0011'])('rejects %j as invalid syntax', (text) => {
    expect(failure(parseUint64(text, 0))).toMatchObject({ func: 'ParseUint', kind: 'syntax' });
  });

  it('reports overflow as out of range in any base', () => {
    expect(failure(parseUint64('0x10000000000000000', 0)).kind).toBe('range');
    expect(parseUint64('0xffffffffffffffff', 0)).toEqual({ ok: true, value: UINT64_MAX });
  });
});

describe('parseInt64 reads int flags like strconv.ParseInt(s, 0, 64)', () => {
  it('takes a sign and the unsigned syntax', () => {
    const values = ['3', '-3', '+3', '-0x10', '9223372036854775807', '-9223372036854775808'].map((text) => parseInt64(text, 0));
    expect(values).toEqual([3n, -3n, 3n, -16n, 9223372036854775807n, -9223372036854775808n].map((value) => ({ ok: true, value })));
  });

  it('names ParseInt and the whole input in its errors', () => {
    expect(failure(parseInt64('9223372036854775808', 0)).message).toBe('strconv.ParseInt: parsing "9223372036854775808": value out of range');
    expect(failure(parseInt64('-9223372036854775809', 10)).kind).toBe('range');
    expect(failure(parseInt64('-99999999999999999999', 10)).kind).toBe('range');
    for (const text of ['', '-', '+-1', 'x', '1.5']) expect(failure(parseInt64(text, 0)).message).toBe(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  });

  it('takes no prefixes or underscores in base 10', () => {
    expect(failure(parseInt64('0x10', 10)).kind).toBe('syntax');
    expect(failure(parseInt64('1_000', 10)).kind).toBe('syntax');
    expect(parseInt64('010', 10)).toEqual({ ok: true, value: 10n });
  });
});

describe('parseBool', () => {
  it('accepts exactly the spellings strconv.ParseBool does', () => {
    expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map((text) => parseBool(text))).toEqual(Array(6).fill({ ok: true, value: true }));
    expect(['0', 'f', 'F', 'FALSE', 'false', 'False'].map((text) => parseBool(text))).toEqual(Array(6).fill({ ok: true, value: false }));
  });

  it('rejects anything else with ParseBool\'s error', () => {
    for (const text of ['', 'yes', 'tRUE', ' true', '2']) {
      expect(failure(parseBool(text)).message).toBe(`strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`);
    }
  });
});

describe('quote renders echoed input like Go strconv.Quote (%q)', () => {
  it.each([
    ['', '""'],
    ['abc', '"abc"'],
    ['a b', '"a b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['\n\t\r', '"\\n\\t\\r"'],
    ['\x07\b\f\v', '"\\a\\b\\f\\v"'],
    ['\x00\x1b', '"\\x00\\x1b"'],
    ['\x7f', '"\\x7f"'],
    ['\u0085', '"\\u0085"'],
    ['\u00a0', '"\\u00a0"'],
    ['\u200b', '"\\u200b"'],
    ['\u2028', '"\\u2028"'],
    ['\ufeff', '"\\ufeff"'],
    ['\u{e0001}', '"\\U000e0001"'],
    ['é', '"é"'],
    ['日本', '"日本"'],
    ['😀', '"😀"'],
    ['\ufffd', '"\ufffd"'],
    ['e\u0301', '"e\u0301"'],
  ])('quotes %j as %s', (text, quoted) => {
    expect(quote(text)).toBe(quoted);
  });
});
