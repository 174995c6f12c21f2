import { describe, expect, it } from 'vitest';
import { JsonNumber } from '../../src/go/json.js';
import { encodeJson, indentJson, jsonString, jsonStringFromBytes } from '../../src/go/json-encode.js';

// JSON as Go's encoding/json writes it: REST bodies, `kv export` and watch output.

describe('jsonString', () => {
  it('escapes <, >, &, U+2028 and U+2029 as Go does', () => {
    expect(jsonString('<a href="x">&\u2028\u2029')).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028\\u2029"');
  });

  it('writes control characters with Go short escapes or \\u00XX, and leaves DEL and non-ASCII alone', () => {
    expect(jsonString('\b\f\n\r\t\u0001\u001f\\\u007fé\u{1F600}')).toBe('"\\b\\f\\n\\r\\t\\u0001\\u001f\\\\\u007fé\u{1F600}"');
  });
});

describe('jsonStringFromBytes', () => {
  it('matches jsonString for valid UTF-8', () => {
    expect(jsonStringFromBytes(Buffer.from('a<é>\u{1F600}'))).toBe(jsonString('a<é>\u{1F600}'));
  });

  it('writes each byte of an invalid sequence as the escape \\ufffd, as Go does', () => {
    expect(jsonStringFromBytes(Buffer.from([0x61, 0xff, 0x62]))).toBe('"a\\ufffdb"');
    // A truncated 3-byte sequence is two bad bytes for Go (one U+FFFD each).
    expect(jsonStringFromBytes(Buffer.from([0xe2, 0x82, 0x3c]))).toBe('"\\ufffd\\ufffd\\u003c"');
    // Overlong encodings and UTF-16 surrogates are invalid too.
    expect(jsonStringFromBytes(Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]))).toBe('"' + '\\ufffd'.repeat(5) + '"');
    // A genuine U+FFFD stays a raw character.
    expect(jsonStringFromBytes(Buffer.from([0xef, 0xbf, 0xbd, 0xff]))).toBe('"\uFFFD\\ufffd"');
  });
});

describe('encodeJson', () => {
  it('writes objects in their key order, uint64 numbers exact, and empty containers as [] and {}', () => {
    expect(encodeJson({ k: 'a<b>&\u2028\u0001"', n: 2n ** 64n - 1n, x: new JsonNumber('1.50'), e: [], o: {}, t: true, z: null })).toBe(
      '{"k":"a\\u003cb\\u003e\\u0026\\u2028\\u0001\\"","n":18446744073709551615,"x":1.50,"e":[],"o":{},"t":true,"z":null}',
    );
  });

  it('indents like json.MarshalIndent when given an indent', () => {
    expect(encodeJson([{ a: 1, b: [] }], '\t')).toBe('[\n\t{\n\t\t"a": 1,\n\t\t"b": []\n\t}\n]');
  });
});

describe('indentJson', () => {
  it('puts one member per line, ": " after keys, and keeps empty containers on one line', () => {
    expect(indentJson('{"a":[],"b":{},"c":[1,{"d":null}],"e":"x"}', '    ')).toBe(
      '{\n    "a": [],\n    "b": {},\n    "c": [\n        1,\n        {\n            "d": null\n        }\n    ],\n    "e": "x"\n}',
    );
  });

  it('leaves punctuation and escapes inside strings untouched', () => {
    expect(indentJson('["a,b:{c}[d]","q\\"},\\\\",true]', '    ')).toBe('[\n    "a,b:{c}[d]",\n    "q\\"},\\\\",\n    true\n]');
  });

  it('writes scalars and empty containers as they are', () => {
    expect([indentJson('true', '\t'), indentJson('[]', '\t'), indentJson('"x"', '\t')]).toEqual(['true', '[]', '"x"']);
  });
});
