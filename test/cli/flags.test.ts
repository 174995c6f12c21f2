import { describe, expect, it } from 'vitest';
import { httpSettings, HTTP_FLAGS } from '../../src/cli/consul/http-flags.js';
import { FlagError, parseFlags, type FlagDefs } from '../../src/cli/flags.js';
import { decodeBase64 } from '../../src/cli/go/base64.js';
import { encodeJson, JsonNumber, parseJson } from '../../src/cli/go/json.js';
import { clean, join } from '../../src/cli/go/path.js';
import { parseDuration, parseUint64 } from '../../src/cli/go/strconv.js';
import { tabwrite } from '../../src/cli/go/tabwriter.js';
import { wrap } from '../../src/cli/go/wrap.js';

// The Go behaviours the CLI reproduces, checked against what Go itself does.

const DEFS: FlagDefs = {
  recurse: { kind: 'bool', usage: '' },
  separator: { kind: 'string', usage: '', default: '/' },
  flags: { kind: 'uint64', usage: '' },
  n: { kind: 'int', usage: '', default: 1 },
  timeout: { kind: 'duration', usage: '' },
};

describe('Go flag parsing', () => {
  it('accepts -flag, --flag, -flag=value and -flag value', () => {
    const flags = parseFlags(DEFS, ['--recurse', '-separator', '-', '--flags=0x10', '-n', '3', '-timeout=1m30s', 'key']);
    expect([flags.bool('recurse'), flags.string('separator'), flags.uint64('flags'), flags.number('n'), flags.number('timeout')]).toEqual([true, '-', 16n, 3, 90e9]);
    expect(flags.args).toEqual(['key']);
    expect([...flags.set].sort()).toEqual(['flags', 'n', 'recurse', 'separator', 'timeout']);
  });

  it('keeps defaults for flags not given', () => {
    const flags = parseFlags(DEFS, []);
    expect([flags.bool('recurse'), flags.string('separator'), flags.uint64('flags'), flags.number('n')]).toEqual([false, '/', 0n, 1]);
    expect(flags.set.size).toBe(0);
  });

  it('stops at the first non-flag argument, at "-" and after "--"', () => {
    expect(parseFlags(DEFS, ['key', '-recurse']).args).toEqual(['key', '-recurse']);
    expect(parseFlags(DEFS, ['-', '-recurse']).args).toEqual(['-', '-recurse']);
    const afterDashes = parseFlags(DEFS, ['-recurse', '--', '-x']);
    expect(afterDashes.args).toEqual(['-x']);
    expect(afterDashes.bool('recurse')).toBe(true);
  });

  it('a bool flag takes no separate value: "-recurse false" leaves "false" as an argument', () => {
    const flags = parseFlags(DEFS, ['-recurse', 'false']);
    expect(flags.bool('recurse')).toBe(true);
    expect(flags.args).toEqual(['false']);
    expect(parseFlags(DEFS, ['-recurse=false']).bool('recurse')).toBe(false);
    expect(parseFlags(DEFS, ['-recurse=T']).bool('recurse')).toBe(true);
  });

  it('a value flag takes the next argument even when it starts with "-"', () => {
    expect(parseFlags(DEFS, ['-separator', '-recurse']).string('separator')).toBe('-recurse');
  });

  it('reports errors with Go\'s wording', () => {
    const error = (args: string[]) => {
      try {
        parseFlags(DEFS, args);
      } catch (err) {
        return (err as FlagError).message;
      }
      return 'no error';
    };
    expect(error(['-nope'])).toBe('flag provided but not defined: -nope');
    expect(error(['---recurse'])).toBe('bad flag syntax: ---recurse');
    expect(error(['-=x'])).toBe('bad flag syntax: -=x');
    expect(error(['-separator'])).toBe('flag needs an argument: -separator');
    expect(error(['-recurse=yes'])).toBe('invalid boolean value "yes" for -recurse: parse error');
    expect(error(['-flags=-1'])).toBe('invalid value "-1" for flag -flags: parse error');
    expect(error(['-flags=18446744073709551616'])).toBe('invalid value "18446744073709551616" for flag -flags: value out of range');
    expect(error(['-timeout=10'])).toBe('invalid value "10" for flag -timeout: parse error');
  });
});

describe('Go helpers', () => {
  it('strconv.ParseUint with base 0: prefixes, octal, underscores only between digits', () => {
    expect([parseUint64('0x1F'), parseUint64('0o17'), parseUint64('017'), parseUint64('0b101'), parseUint64('1_000'), parseUint64('0')]).toEqual([31n, 15n, 15n, 5n, 1000n, 0n]);
    for (const bad of ['', '08', '1__0', '_1', '0x', '+1', ' 1']) expect(() => parseUint64(bad)).toThrow();
  });

  it('time.ParseDuration', () => {
    expect([parseDuration('1h2m3.5s'), parseDuration('300ms'), parseDuration('-1.5us'), parseDuration('0')]).toEqual([3723.5e9, 300e6, -1500, 0]);
    for (const bad of ['', '1', 's', '1x', '.s']) expect(() => parseDuration(bad)).toThrow();
  });

  it('base64.StdEncoding: padding required, newlines ignored, the bad byte reported', () => {
    expect(decodeBase64('aGk=')).toEqual({ bytes: Buffer.from('hi') });
    expect(decodeBase64('aG\nk=\r\n')).toEqual({ bytes: Buffer.from('hi') });
    expect(decodeBase64('aGk')).toEqual({ bytes: Buffer.alloc(0), error: 'illegal base64 data at input byte 0' });
    expect(decodeBase64('aGVsbG8=x')).toEqual({ bytes: Buffer.from('hello'), error: 'illegal base64 data at input byte 8' });
    expect(decodeBase64('aGVs*')).toEqual({ bytes: Buffer.from('hel'), error: 'illegal base64 data at input byte 4' });
  });

  it('path.Clean and path.Join', () => {
    expect([clean('a//b/./c/..'), clean('/../a'), clean(''), clean('../x')]).toEqual(['a/b', '/a', '.', '../x']);
    expect([join('p/', 'k'), join('', 'a/'), join('', ''), join('prefix', '.lock')]).toEqual(['p/k', 'a', '', 'prefix/.lock']);
  });

  it('encoding/json: exact uint64 numbers, Go escaping, indentation', () => {
    const parsed = parseJson('{"Flags":18446744073709551615,"a":[1,2]}') as { Flags: JsonNumber };
    expect(parsed.Flags.text).toBe('18446744073709551615');
    expect(encodeJson({ k: 'a<b>&\u2028\u0001"', n: 2n ** 64n - 1n, e: [], o: {} })).toBe('{"k":"a\\u003cb\\u003e\\u0026\\u2028\\u0001\\"","n":18446744073709551615,"e":[],"o":{}}');
    expect(encodeJson([{ a: 1 }], '\t')).toBe('[\n\t{\n\t\t"a": 1\n\t}\n]');
    expect(() => parseJson('[1,')).toThrow('unexpected end of JSON input');
    expect(() => parseJson('[1}')).toThrow("invalid character '}' after array element");
    expect(() => parseJson('tru')).toThrow('unexpected end of JSON input');
    expect(() => parseJson('{"a" 1}')).toThrow("invalid character '1' after object key");
  });

  it('text/tabwriter pads the first column to the widest cell plus the padding', () => {
    expect(tabwrite(Buffer.from('a\t1\nlonger\t2\nx\ty'), 0, 6).toString()).toBe('a           1\nlonger      2\nx           y');
    // a line without a tab ends the column block
    expect(tabwrite(Buffer.from('ab\t1\nbreak\nlonger\t2'), 0, 2).toString()).toBe('ab  1\nbreak\nlonger  2');
    // widths count runes, not bytes
    expect(tabwrite(Buffer.from('ü\t1\nab\t2'), 0, 1).toString()).toBe('ü  1\nab 2');
  });

  it('kr/text Wrap breaks with minimal raggedness', () => {
    expect(wrap('aaa bb cc ddddd', 6)).toBe('aaa\nbb cc\nddddd');
    expect(wrap('a b c', 10)).toBe('a b c');
  });
});

describe('HTTP settings from flags and environment', () => {
  const settings = (args: string[], env: NodeJS.ProcessEnv) => httpSettings(parseFlags(HTTP_FLAGS, args), env);

  it('defaults to 127.0.0.1:8500 without a token', () => {
    expect(settings([], {})).toMatchObject({ address: '127.0.0.1:8500', token: '', tokenFile: '', ssl: false, datacenter: '' });
  });

  it('takes the environment, and a flag that was given wins over its variable', () => {
    const env = { CONSUL_HTTP_ADDR: 'env:1', CONSUL_HTTP_TOKEN: 'env-token', CONSUL_HTTP_SSL: 'true', CONSUL_CACERT: '/env/ca' };
    expect(settings([], env)).toMatchObject({ address: 'env:1', token: 'env-token', ssl: true, tls: { caFile: '/env/ca' } });
    expect(settings(['-http-addr=flag:2', '-token=flag-token', '-ca-file=/flag/ca'], env)).toMatchObject({ address: 'flag:2', token: 'flag-token', tls: { caFile: '/flag/ca' } });
  });

  it('CONSUL_HTTP_SSL_VERIFY=false skips verification; an unparsable CONSUL_HTTP_SSL is a warning', () => {
    expect(settings([], { CONSUL_HTTP_SSL_VERIFY: 'false' }).tls.insecureSkipVerify).toBe(true);
    expect(settings([], { CONSUL_HTTP_SSL_VERIFY: 'true' }).tls.insecureSkipVerify).toBe(false);
    const odd = settings([], { CONSUL_HTTP_SSL: 'yes' });
    expect(odd.ssl).toBe(false);
    expect(odd.warnings).toEqual(['[WARN]  consul-api: could not parse CONSUL_HTTP_SSL: error="strconv.ParseBool: parsing \\"yes\\": invalid syntax"']);
  });
});
