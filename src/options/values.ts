import { z } from 'zod';
import { parseDuration } from '../go/duration.js';

// Schemas for the kinds of value options take, each reading the text a user wrote.

/** Decimal digits only: `0x10`, `1e3` or ` 12` are mistakes, not numbers. */
export function wholeNumber({ min, max }: { min: number; max: number }) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** `on` or `off`, as a boolean. */
export function onOff() {
  return z.enum(['on', 'off'], { message: 'must be on or off' }).transform((v) => v === 'on');
}

/** One of a fixed list of words. */
export function oneOf<const W extends readonly [string, ...string[]]>(words: W) {
  return z.enum(words, { message: `must be one of ${words.join(', ')}` });
}

/** A Go duration (`1m30s`, as Consul's flags read them) between min and max, in milliseconds. */
export function durationMs({ min, max, example }: { min: string; max: string; example: string }) {
  const [low, high] = [nanoseconds(min), nanoseconds(max)];
  return z.string().transform((v, ctx) => {
    const parsed = parseDuration(v);
    if (!parsed.ok || parsed.ns < low || parsed.ns > high) {
      ctx.addIssue({ code: 'custom', message: `must be a duration from ${min} to ${max}, e.g. ${example}` });
      return z.NEVER;
    }
    return Number(parsed.ns / 1_000_000n);
  });
}

function nanoseconds(duration: string): bigint {
  const parsed = parseDuration(duration);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.ns;
}
