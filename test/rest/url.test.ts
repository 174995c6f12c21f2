import { describe, expect, it } from 'vitest';
import { canonicalRedirect, encodeQuery, parseQuery, pathClean, percentDecode, type Query } from '../../src/rest/url.js';
import { jsonString, jsonStringFromBytes, prettyJson } from '../../src/rest/wire.js';

// The Go semantics the REST layer reproduces as pure functions: net/url, path.Clean, the
// ServeMux redirect and encoding/json strings.

describe('pathClean', () => {
  // The table of Go's path.Clean tests (src/path/path_test.go).
  const cases: Array<[string, string]> = [
    ['', '.'],
    ['abc', 'abc'],
    ['abc/def', 'abc/def'],
    ['a/b/c', 'a/b/c'],
    ['.', '.'],
    ['..', '..'],
    ['../..', '../..'],
    ['../../abc', '../../abc'],
    ['/abc', '/abc'],
    ['/', '/'],
    ['abc/', 'abc'],
    ['abc/def/', 'abc/def'],
    ['a/b/c/', 'a/b/c'],
    ['./', '.'],
    ['../', '..'],
    ['../../', '../..'],
    ['/abc/', '/abc'],
    ['abc//def//ghi', 'abc/def/ghi'],
    ['//abc', '/abc'],
    ['///abc', '/abc'],
    ['//abc//', '/abc'],
    ['abc//', 'abc'],
    ['abc/./def', 'abc/def'],
    ['/./abc/def', '/abc/def'],
    ['abc/.', 'abc'],
    ['abc/def/ghi/../jkl', 'abc/def/jkl'],
    ['abc/def/../ghi/../jkl', 'abc/jkl'],
    ['abc/def/..', 'abc'],
    ['abc/def/../..', '.'],
    ['/abc/def/../..', '/'],
    ['abc/def/../../..', '..'],
    ['/abc/def/../../..', '/'],
    ['abc/def/../../../ghi/jkl/../../../mno', '../../mno'],
    ['abc/./../def', 'def'],
    ['abc//./../def', 'def'],
    ['abc/../../././../def', '../../def'],
  ];
  for (const [input, output] of cases) {
    it(`cleans ${JSON.stringify(input)} to ${JSON.stringify(output)} as Go's path.Clean does`, () => {
      expect(pathClean(input)).toBe(output);
    });
  }
});

describe('canonicalRedirect', () => {
  it('answers null for canonical paths', () => {
    for (const path of ['/v1/kv/', '/v1/kv/a/b', '/v1/kv/a/b/', '/v1/kv/.hidden', '/v1/kv/a..b', '/v1/kv/a%2F%2Fb', '/v1/kv/a/%2E%2E/b']) {
      expect(canonicalRedirect(path), path).toBeNull();
    }
  });

  it('cleans //, /./ and /../ and keeps a trailing slash as Go cleanPath does', () => {
    expect(canonicalRedirect('/v1/kv/a//b')).toBe('/v1/kv/a/b');
    expect(canonicalRedirect('/v1/kv/a/./b')).toBe('/v1/kv/a/b');
    expect(canonicalRedirect('/v1/kv/a/../b')).toBe('/v1/kv/b');
    expect(canonicalRedirect('/v1/kv/a//')).toBe('/v1/kv/a/');
    expect(canonicalRedirect('/v1/kv//')).toBe('/v1/kv/');
    expect(canonicalRedirect('/v1/kv/a/.')).toBe('/v1/kv/a');
    expect(canonicalRedirect('/v1/kv/..')).toBe('/v1');
    expect(canonicalRedirect('/../x')).toBe('/x');
    expect(canonicalRedirect('//')).toBe('/');
  });
});

describe('percentDecode', () => {
  it('decodes escapes to raw bytes, upper or lower case hex', () => {
    expect(percentDecode('a%2Fb%2fc', false)?.toString()).toBe('a/b/c');
    expect(percentDecode('%FF%00', false)).toEqual(Buffer.from([0xff, 0x00]));
  });

  it('keeps + unless asked to read it as a space', () => {
    expect(percentDecode('a+b', false)?.toString()).toBe('a+b');
    expect(percentDecode('a+b', true)?.toString()).toBe('a b');
  });

  it('answers null for a malformed escape', () => {
    for (const raw of ['%', '%4', '%zz', 'a%g1', '%%41']) expect(percentDecode(raw, false), raw).toBeNull();
  });
});

describe('parseQuery', () => {
  const entries = (q: Query | null) => (q === null ? null : [...q.entries()]);

  it('collects repeated names in order and keeps presence-only names with an empty value', () => {
    expect(entries(parseQuery('a=1&b=2&a=3&flag'))).toEqual([
      ['a', ['1', '3']],
      ['b', ['2']],
      ['flag', ['']],
    ]);
  });

  it('decodes + as a space and percent escapes as UTF-8, in names and values', () => {
    expect(entries(parseQuery('x+y=a+b&%E2%9C%93=%26%3D'))).toEqual([
      ['x y', ['a b']],
      ['\u2713', ['&=']],
    ]);
  });

  it('skips empty parts, splits at the first = only and accepts an empty name', () => {
    expect(entries(parseQuery('&&a=1=2&&=v&'))).toEqual([
      ['a', ['1=2']],
      ['', ['v']],
    ]);
  });

  it('rejects semicolons and bad escapes as Go url.ParseQuery does', () => {
    for (const raw of ['a=1;b=2', 'a;b', 'ok=1&x=%zz', '%zz=1', 'x=%4', 'x=%']) expect(parseQuery(raw), raw).toBeNull();
  });
});

describe('encodeQuery', () => {
  const q = (pairs: Array<[string, string[]]>): Query => new Map(pairs);

  it('sorts names, keeps value order and renders presence-only names as name=', () => {
    expect(encodeQuery(q([['release', ['']], ['cas', ['1', '2']], ['acquire', ['x']]]))).toBe('acquire=x&cas=1&cas=2&release=');
  });

  it('escapes like Go QueryEscape: space as +, only A-Z a-z 0-9 - _ . ~ left alone', () => {
    expect(encodeQuery(q([['k', ["a b/c?d&e=f+g!'()*~-_.\u2713"]]]))).toBe('k=a+b%2Fc%3Fd%26e%3Df%2Bg%21%27%28%29%2A~-_.%E2%9C%93');
  });

  it('sorts names by UTF-8 bytes like Go, not by UTF-16 code units', () => {
    expect(encodeQuery(q([['\u{1F600}', ['1']], ['\uFF61', ['2']], ['Z', ['3']], ['a', ['4']]]))).toBe(
      'Z=3&a=4&%EF%BD%A1=2&%F0%9F%98%80=1',
    );
  });
});

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

describe('prettyJson', () => {
  it('indents like json.MarshalIndent with 4 spaces and adds a trailing newline', () => {
    expect(prettyJson('{"a":[],"b":{},"c":[1,{"d":null}],"e":"x"}')).toBe(
      '{\n    "a": [],\n    "b": {},\n    "c": [\n        1,\n        {\n            "d": null\n        }\n    ],\n    "e": "x"\n}\n',
    );
  });

  it('leaves punctuation and escapes inside strings untouched', () => {
    expect(prettyJson('["a,b:{c}[d]","q\\"},\\\\",true]')).toBe('[\n    "a,b:{c}[d]",\n    "q\\"},\\\\",\n    true\n]\n');
  });

  it('writes scalars and empty containers on one line', () => {
    expect(prettyJson('true')).toBe('true\n');
    expect(prettyJson('[]')).toBe('[]\n');
    expect(prettyJson('"x"')).toBe('"x"\n');
  });
});
