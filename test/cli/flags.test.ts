import { describe, expect, it } from 'vitest';
import { httpSettings, HTTP_FLAGS } from '../../src/cli/consul/http-flags.js';
import { FlagError, parseFlags, type FlagDefs } from '../../src/cli/flags.js';

// Go's flag package as Consul's commands use it, and the CONSUL_* environment.

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

  const error = (args: string[]) => {
    try {
      parseFlags(DEFS, args);
    } catch (err) {
      return (err as FlagError).message;
    }
    return 'no error';
  };

  it('reports errors with Go\'s wording', () => {
    expect(error(['-nope'])).toBe('flag provided but not defined: -nope');
    expect(error(['---recurse'])).toBe('bad flag syntax: ---recurse');
    expect(error(['-=x'])).toBe('bad flag syntax: -=x');
    expect(error(['-separator'])).toBe('flag needs an argument: -separator');
    expect(error(['-recurse=yes'])).toBe('invalid boolean value "yes" for -recurse: parse error');
    expect(error(['-flags=-1'])).toBe('invalid value "-1" for flag -flags: parse error');
    expect(error(['-flags=18446744073709551616'])).toBe('invalid value "18446744073709551616" for flag -flags: value out of range');
    expect(error(['-timeout=10'])).toBe('invalid value "10" for flag -timeout: parse error');
    expect(error(['-n=9223372036854775808'])).toBe('invalid value "9223372036854775808" for flag -n: value out of range');
  });

  it('words every bad duration "parse error", an overflow too, as flag.Duration does', () => {
    expect(error(['-timeout=3000000h'])).toBe('invalid value "3000000h" for flag -timeout: parse error');
  });

  it('quotes the bad value with Go\'s %q', () => {
    expect(error(['-flags=\x01é'])).toBe('invalid value "\\x01é" for flag -flags: parse error');
  });

  it('a custom bool flag (Consul\'s BoolValue) reports strconv\'s own error', () => {
    expect(() => parseFlags({ stale: { kind: 'bool', usage: '', custom: true } }, ['-stale=maybe'])).toThrow(
      'invalid boolean value "maybe" for -stale: strconv.ParseBool: parsing "maybe": invalid syntax',
    );
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
