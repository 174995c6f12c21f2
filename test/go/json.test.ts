import { describe, expect, it } from 'vitest';
import { cannotUnmarshal, decodeJson, field, JsonNumber, matchField, uint64Of, unmarshalJson, type JsonValue } from '../../src/go/json.js';

// JSON as Go's encoding/json reads it into structs: request bodies through json.Decoder,
// `kv import` data and API answers through json.Unmarshal.

const value = (result: ReturnType<typeof decodeJson>): JsonValue => {
  if (!result.ok) throw new Error(`did not decode: ${result.error}`);
  return result.value;
};
const error = (result: ReturnType<typeof decodeJson>): string => (result.ok ? 'decoded' : result.error);

describe('decoded values', () => {
  it('keeps numbers as their exact text, so uint64 values survive', () => {
    const decoded = value(unmarshalJson('[18446744073709551615, -1.50e+3, 0]')) as JsonNumber[];
    expect(decoded.map((n) => n.text)).toEqual(['18446744073709551615', '-1.50e+3', '0']);
  });

  it('reads objects into Maps in document order; a repeated key keeps its place and takes the last value', () => {
    const decoded = value(unmarshalJson('{"b":1,"a":true,"b":null,"__proto__":"x"}')) as Map<string, JsonValue>;
    expect([...decoded]).toEqual([['b', null], ['a', true], ['__proto__', 'x']]);
  });

  it('reads strings with every escape, surrogate pairs included', () => {
    expect(value(unmarshalJson('"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"'))).toBe('a"\\/\b\f\n\r\t\u00e9\u{1F600}');
  });

  it('reads literals, arrays and white space around them', () => {
    expect(value(unmarshalJson(' \t\r\n[true, false, null, [], {}] '))).toEqual([true, false, null, [], new Map()]);
  });
});

describe('decodeJson reads the first value, as json.Decoder.Decode does', () => {
  it('ignores whatever follows the first value', () => {
    expect(value(decodeJson('{"a":1} trailing'))).toEqual(new Map([['a', new JsonNumber('1')]]));
    expect(value(decodeJson('1x'))).toEqual(new JsonNumber('1'));
  });

  it('answers EOF when there is no value and unexpected EOF for a cut-off one', () => {
    expect(['', ' \n'].map((text) => error(decodeJson(text)))).toEqual(['EOF', 'EOF']);
    for (const text of ['{', '{"Name":', '[1,', 'tru', '"abc', '-', '1.', '1e', '"\\u12']) expect(error(decodeJson(text)), text).toBe('unexpected EOF');
  });
});

describe('unmarshalJson reads exactly one value, as json.Unmarshal does', () => {
  it('answers unexpected end of JSON input for no value or a cut-off one', () => {
    for (const text of ['', '  ', '[1,', 'tru', '{"a"']) expect(error(unmarshalJson(text)), text).toBe('unexpected end of JSON input');
  });

  it('rejects anything but white space after the value', () => {
    expect(error(unmarshalJson('{} x'))).toBe("invalid character 'x' after top-level value");
    expect(error(unmarshalJson('[1]]'))).toBe("invalid character ']' after top-level value");
  });
});

describe('syntax errors carry the words of Go\'s scanner', () => {
  it.each([
    ['{"Name":}', "invalid character '}' looking for beginning of value"],
    ['{"Name" "x"}', `invalid character '"' after object key`],
    ['{"Name":"x",}', "invalid character '}' looking for beginning of object key string"],
    ['{"Name":"x" "y"}', `invalid character '"' after object key:value pair`],
    ['[1}', "invalid character '}' after array element"],
    ['[01]', "invalid character '1' after array element"],
    ['nope', "invalid character 'o' in literal null (expecting 'u')"],
    ['trUe', "invalid character 'U' in literal true (expecting 'u')"],
    ['"a\tb"', "invalid character '\\t' in string literal"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.e5', "invalid character 'e' after decimal point in numeric literal"],
    ['1e+x', "invalid character 'x' in exponent of numeric literal"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['\u0001', "invalid character '\\x01' looking for beginning of value"],
  ])('%j: %s', (text, message) => {
    expect(error(decodeJson(text))).toBe(message);
    expect(error(unmarshalJson(text))).toBe(message);
  });
});

describe('struct fields', () => {
  const object = value(unmarshalJson('{"name":"a","NAME":"b","Other":1}'));

  it('field() matches a struct field case-insensitively, the last member winning', () => {
    expect(field(object, 'Name')).toEqual({ present: true, value: 'b' });
    expect(field(object, 'Missing')).toEqual({ present: false, value: null });
  });

  it('field() finds nothing in a value that is not an object', () => {
    expect([field(null, 'Name'), field(['Name'], 'Name'), field('Name', 'Name')].every((f) => !f.present)).toBe(true);
  });

  it('matchField() prefers the exact name, then one that matches case-insensitively', () => {
    expect(matchField('key', ['Key', 'key'])).toBe('key');
    expect(matchField('KEY', ['Value', 'Key'])).toBe('Key');
    expect(matchField('Nope', ['Value', 'Key'])).toBeUndefined();
  });
});

describe('type errors', () => {
  it('name the JSON type as Go does', () => {
    const names = ['null', '1', '[]', '{}', 'true', '"s"'].map((text) => cannotUnmarshal(value(unmarshalJson(text)), 'Go value of type T'));
    expect(names.map((message) => message.split(' ')[3])).toEqual(['null', 'number', 'array', 'object', 'bool', 'string']);
    expect(names[0]).toBe('json: cannot unmarshal null into Go value of type T');
  });

  it('uint64Of stores what strconv.ParseUint(text, 10, 64) accepts and names the number otherwise', () => {
    const into = 'Go struct field E.F of type uint64';
    expect(uint64Of(new JsonNumber('18446744073709551615'), into)).toEqual({ ok: true, value: 18446744073709551615n });
    for (const text of ['-1', '1.0', '1e3', '18446744073709551616']) {
      expect(uint64Of(new JsonNumber(text), into)).toEqual({ ok: false, error: `json: cannot unmarshal number ${text} into ${into}` });
    }
    expect(uint64Of('1', into)).toEqual({ ok: false, error: `json: cannot unmarshal string into ${into}` });
  });
});
