import { describe, expect, it } from 'vitest';
import { tabwrite } from '../../src/go/tabwriter.js';

// text/tabwriter as `consul kv get -detailed` prints through it.

describe('tabwrite', () => {
  it('pads the first column to the widest cell plus the padding', () => {
    expect(tabwrite(Buffer.from('a\t1\nlonger\t2\nx\ty'), 0, 6).toString()).toBe('a           1\nlonger      2\nx           y');
  });

  it('ends a column block at a line without a tab', () => {
    expect(tabwrite(Buffer.from('ab\t1\nbreak\nlonger\t2'), 0, 2).toString()).toBe('ab  1\nbreak\nlonger  2');
  });

  it('counts a cell\'s width in runes, each invalid UTF-8 byte as one, as utf8.RuneCount does', () => {
    expect(tabwrite(Buffer.from('ü\t1\nab\t2'), 0, 1).toString()).toBe('ü  1\nab 2');
    const invalid = Buffer.from([0x80, 0xff, 0x09, 0x31, 0x0a, 0x61, 0x09, 0x32]);
    expect(tabwrite(invalid, 0, 1)).toEqual(Buffer.concat([Buffer.from([0x80, 0xff]), Buffer.from(' 1\na  2')]));
  });
});
