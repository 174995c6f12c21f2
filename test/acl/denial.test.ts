import { describe, expect, it } from 'vitest';
import { ANONYMOUS_TOKEN_ID, permissionDenied } from '../../src/acl/index.js';

// acl/errors.go `PermissionDeniedError.Error` and acl/errors_test.go.

const ACCESSOR = '6a1253d2-1785-24fd-91c2-f8e78c745511';

describe('denial texts', () => {
  it('name the token by AccessorID, with the segment in double quotes', () => {
    expect(permissionDenied(ACCESSOR, 'key', 'write', 'app/config')).toBe(
      `Permission denied: token with AccessorID '${ACCESSOR}' lacks permission 'key:write' on "app/config"`,
    );
  });

  it('leave out the segment for unsegmented resources', () => {
    expect(permissionDenied(ACCESSOR, 'acl', 'read')).toBe(`Permission denied: token with AccessorID '${ACCESSOR}' lacks permission 'acl:read'`);
    expect(permissionDenied('', 'service', 'read')).toBe("Permission denied: token with AccessorID '' lacks permission 'service:read'");
  });

  it('explain the anonymous token', () => {
    expect(permissionDenied(ANONYMOUS_TOKEN_ID, 'key', 'read', 'a')).toBe(
      `Permission denied: anonymous token lacks permission 'key:read' on "a". The anonymous token is used implicitly when a request does not specify a token.`,
    );
    expect(permissionDenied(ANONYMOUS_TOKEN_ID, 'operator', 'write')).toBe(
      `Permission denied: anonymous token lacks permission 'operator:write'. The anonymous token is used implicitly when a request does not specify a token.`,
    );
  });

  it('print the segment raw, not Go-quoted, and a key given as bytes as UTF-8', () => {
    expect(permissionDenied(ACCESSOR, 'key', 'read', 'say "hi"\n')).toBe(
      `Permission denied: token with AccessorID '${ACCESSOR}' lacks permission 'key:read' on "say "hi"\n"`,
    );
    expect(permissionDenied(ACCESSOR, 'key', 'list', Buffer.from('clé'))).toMatch(/on "clé"$/);
  });

  it('leave out an empty key too, as Consul does for a recursive delete of everything', () => {
    expect(permissionDenied(ACCESSOR, 'key', 'write', '')).toBe(`Permission denied: token with AccessorID '${ACCESSOR}' lacks permission 'key:write'`);
  });
});
