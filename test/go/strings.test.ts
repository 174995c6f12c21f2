import { describe, expect, it } from 'vitest';
import { toLower, trimSpace } from '../../src/go/strings.js';

describe('trimSpace trims what Go strings.TrimSpace trims', () => {
  it.each([
    [' \t\n\v\f\r x \t', 'x'],
    ['\u0085\u00a0x\u3000\u2028', 'x'],
    ['\ufeffx', '\ufeffx'],
    ['\ufffd x', '\ufffd x'],
    ['', ''],
    ['   ', ''],
  ])('%j', (input, trimmed) => expect(trimSpace(input)).toBe(trimmed));
});

describe('toLower maps as Go strings.ToLower', () => {
  it('lower-cases ASCII and maps U+0130 to a plain i', () => {
    expect(toLower('Stale-\u0130f-Error')).toBe('stale-if-error');
  });
});
