/** The accessor ID of the anonymous token (acl/acl.go `AnonymousTokenID`). */
export const ANONYMOUS_TOKEN_ID = '00000000-0000-0000-0000-000000000002';

/**
 * The text of a denial (acl/errors.go `PermissionDeniedError.Error`), which the HTTP layer
 * answers as a 403 body:
 *
 *   Permission denied: token with AccessorID '<accessor>' lacks permission 'key:write' on "a/b"
 *   Permission denied: anonymous token lacks permission 'key:read' on "a". The anonymous token is used implicitly when a request does not specify a token.
 *
 * The segment is printed between plain double quotes, without escaping (acl/errors_ce.go
 * `ResourceDescriptor.ToString`), and ` on "…"` is left out when it is empty: for the
 * unsegmented resources (`acl`, `operator`, …) and for the empty key, as in Consul. A key
 * given as bytes is printed as UTF-8.
 */
export function permissionDenied(accessorId: string, resource: string, access: string, segment: string | Buffer = ''): string {
  const anonymous = accessorId === ANONYMOUS_TOKEN_ID;
  let message = anonymous ? 'Permission denied: anonymous token' : `Permission denied: token with AccessorID '${accessorId}'`;
  message += ` lacks permission '${resource}:${access}'`;
  const name = typeof segment === 'string' ? segment : segment.toString('utf8');
  if (name !== '') message += ` on "${name}"`;
  if (anonymous) message += '. The anonymous token is used implicitly when a request does not specify a token.';
  return message;
}
