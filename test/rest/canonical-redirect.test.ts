import { describe, expect, it } from 'vitest';
import { canonicalRedirect } from '../../src/rest/router.js';

// Where Go's ServeMux redirects a request whose path is not canonical.

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
