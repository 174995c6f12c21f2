import { describe, expect, it } from 'vitest';
import { cleanPath, joinPath } from '../../src/go/path.js';

// Go's path package, with which Consul's server cleans request paths and its CLI builds keys.

describe('cleanPath', () => {
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
      expect(cleanPath(input)).toBe(output);
    });
  }

  it('keeps a leading .. of a relative path and drops it at the root', () => {
    expect([cleanPath('a//b/./c/..'), cleanPath('/../a'), cleanPath('../x')]).toEqual(['a/b', '/a', '../x']);
  });
});

describe('joinPath', () => {
  it('joins the non-empty elements and cleans the result, as path.Join does', () => {
    expect([joinPath('p/', 'k'), joinPath('', 'a/'), joinPath('prefix', '.lock'), joinPath('a', '../b')]).toEqual(['p/k', 'a', 'prefix/.lock', 'b']);
  });

  it('answers "" when every element is empty', () => {
    expect([joinPath('', ''), joinPath()]).toEqual(['', '']);
  });
});
