import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, optionsHelp, parseOptions, type OptionTable } from '../../src/options/option-table.js';
import { onOff, wholeNumber } from '../../src/options/values.js';

// A made-up command's options, with the kinds kvgate serve does not use (yet).
const OPTIONS = {
  allowOrigins: {
    flag: 'allow-origin',
    arg: 'ORIGIN',
    env: 'TEST_ALLOW_ORIGINS',
    help: 'an origin browsers may call from (repeatable)',
    default: '',
    repeatable: true,
    schema: z.array(z.string().regex(/^https?:\/\/[^/]+$/, 'must be an origin, e.g. https://app.example')),
  },
  enabled: { flag: 'enabled', arg: 'on|off', env: 'TEST_ENABLED', help: 'turn it on', default: 'off', bare: 'on', schema: onOff() },
  retries: { flag: 'retries', arg: 'N', env: 'TEST_RETRIES', help: 'attempts', default: '3', schema: wholeNumber({ min: 0, max: 10 }) },
} satisfies OptionTable;

function values(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseOptions(OPTIONS, argv, env);
  if (parsed.help) throw new Error('expected values, got --help');
  return parsed.values;
}

function problem(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseOptions(OPTIONS, argv, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error(`parseOptions(${JSON.stringify(argv)}) did not fail`);
}

describe('a repeatable option', () => {
  it('collects every occurrence of its flag, in order', () => {
    expect(values(['--allow-origin', 'https://a.example', '--allow-origin=http://b.example:8080']).allowOrigins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
  });

  it('reads its variable as a comma-separated list, blanks and empty items dropped', () => {
    expect(values([], { TEST_ALLOW_ORIGINS: 'https://a.example, https://b.example,' }).allowOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('takes the flags alone once one is given, whatever the variable says', () => {
    expect(values(['--allow-origin', 'https://flag.example'], { TEST_ALLOW_ORIGINS: 'https://env.example' }).allowOrigins).toEqual(['https://flag.example']);
  });

  it('is an empty list by default', () => {
    expect(values([]).allowOrigins).toEqual([]);
  });

  it('names the one bad item', () => {
    expect(problem(['--allow-origin', 'https://ok.example', '--allow-origin', 'nope'])).toBe(
      'invalid configuration:\n  --allow-origin (TEST_ALLOW_ORIGINS) "nope": must be an origin, e.g. https://app.example',
    );
  });
});

describe('an option that may stand alone', () => {
  it('means its bare value when given without one', () => {
    expect(values(['--enabled']).enabled).toBe(true);
    expect(values(['--enabled', '--retries', '1'])).toEqual({ allowOrigins: [], enabled: true, retries: 1 });
  });

  it('still takes a value after "="', () => {
    expect(values(['--enabled=off'], { TEST_ENABLED: 'on' }).enabled).toBe(false);
  });

  it('takes its variable and default like any other', () => {
    expect(values([], { TEST_ENABLED: 'on' }).enabled).toBe(true);
    expect(values([]).enabled).toBe(false);
  });

  it('is shown with its value in brackets', () => {
    expect(optionsHelp(OPTIONS, {})).toMatch(/--enabled\[=on\|off\]\s+TEST_ENABLED\s+turn it on \(default off\)/);
  });
});
