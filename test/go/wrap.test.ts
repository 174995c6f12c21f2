import { describe, expect, it } from 'vitest';
import { wrap } from '../../src/go/wrap.js';

// github.com/kr/text Wrap, with which Consul's help wraps flag descriptions.

describe('wrap', () => {
  it('breaks lines with minimal raggedness, not greedily', () => {
    expect(wrap('aaa bb cc ddddd', 6)).toBe('aaa\nbb cc\nddddd');
  });

  it('leaves text that fits on one line', () => {
    expect(wrap('a b c', 10)).toBe('a b c');
  });
});
