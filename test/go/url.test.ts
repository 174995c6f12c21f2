import { describe, expect, it } from 'vitest';
import { encodeQuery, escapePath, escapeQuery, parseQuery, percentDecode, type Query } from '../../src/go/url.js';

// Go's net/url: how Consul's server decodes request URLs and how its API client encodes them.

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

describe('escapePath and escapeQuery', () => {
  it('keeps what URL.EscapedPath keeps in a path: unreserved characters, / and $&+,:;=@', () => {
    expect(escapePath("/v1/kv/a b/c?d#e%f/$&+,:;=@~-_.!'()*")).toBe("/v1/kv/a%20b/c%3Fd%23e%25f/$&+,:;=@~-_.%21%27%28%29%2A");
  });

  it('writes every other byte as an upper-case UTF-8 escape', () => {
    expect(escapePath('/é\u{1F600}\u0000')).toBe('/%C3%A9%F0%9F%98%80%00');
    expect(escapeQuery('a b/é')).toBe('a+b%2F%C3%A9');
  });
});
