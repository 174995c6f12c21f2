import { describe, expect, it } from 'vitest';
import { isKvError, type KvError } from '../../src/errors.js';
import { isCanonicalUint64, parseUint64, UINT64_MAX } from '../../src/kv/uint64.js';

/** The error parseUint64 throws for `text` (fails the test when it parses). */
function failure(text: string): KvError {
  try {
    parseUint64(text);
  } catch (err) {
    if (isKvError(err)) return err;
    throw err;
  }
  throw new Error(`parseUint64(${JSON.stringify(text)}) did not fail`);
}

describe('parseUint64 reads ?flags and ?cas like Go strconv.ParseUint(s, 10, 64)', () => {
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
    expect(parseUint64(text)).toBe(value);
  });

  it('keeps 2^64-1, the largest flags value, exact', () => {
    expect(parseUint64('18446744073709551615')).toBe(UINT64_MAX);
  });

  it.each(['', '-1', '+1', ' 1', '1 ', '1_0', 'abc', '0x10', '1e3', '1.0', '١٢', '12a'])(
    'rejects %j with Go\'s "invalid syntax" text, answered as 500',
    (text) => {
      const err = failure(text);
      expect(err.code).toBe('INVALID_UINT');
      expect(err.status).toBe(500);
      expect(err.message).toBe(`strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`);
    },
  );

  it('reports "" as parsing "" (what ?flags= sends)', () => {
    expect(failure('').message).toBe('strconv.ParseUint: parsing "": invalid syntax');
  });

  it.each(['18446744073709551616', '18446744073709551620', '99999999999999999999', '184467440737095516150', '1'.repeat(40)])(
    'rejects %s with "value out of range", answered as 500',
    (text) => {
      const err = failure(text);
      expect(err.code).toBe('UINT_OUT_OF_RANGE');
      expect(err.status).toBe(500);
      expect(err.message).toBe(`strconv.ParseUint: parsing "${text}": value out of range`);
    },
  );

  it('reports overflow when it happens before a later bad character, as Go scans left to right', () => {
    expect(failure('99999999999999999999x').message).toBe('strconv.ParseUint: parsing "99999999999999999999x": value out of range');
    expect(failure('18446744073709551616-').code).toBe('UINT_OUT_OF_RANGE');
  });

  it('reports a bad character that comes before the overflow as invalid syntax', () => {
    expect(failure('1x9999999999999999999999').code).toBe('INVALID_UINT');
    expect(failure('-99999999999999999999').code).toBe('INVALID_UINT');
  });

  it('quotes odd input the way Go %q does', () => {
    expect(failure('1\n').message).toBe('strconv.ParseUint: parsing "1\\n": invalid syntax');
    expect(failure('a"b').message).toBe('strconv.ParseUint: parsing "a\\"b": invalid syntax');
    expect(failure('back\\slash').message).toBe('strconv.ParseUint: parsing "back\\\\slash": invalid syntax');
    expect(failure('\x00').message).toBe('strconv.ParseUint: parsing "\\x00": invalid syntax');
    expect(failure('é').message).toBe('strconv.ParseUint: parsing "é": invalid syntax');
    expect(failure('\u00a0').message).toBe('strconv.ParseUint: parsing "\\u00a0": invalid syntax');
  });
});

describe('isCanonicalUint64 recognises the decimal strings Redis stores', () => {
  it.each(['0', '1', '10', '18446744073709551615'])('accepts %s', (text) => {
    expect(isCanonicalUint64(text)).toBe(true);
  });

  it.each(['', '01', '-1', '+1', ' 1', '1.0', '18446744073709551616', '99999999999999999999', '1e3'])('rejects %j', (text) => {
    expect(isCanonicalUint64(text)).toBe(false);
  });
});
