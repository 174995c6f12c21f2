/**
 * The one error a policy's rules can fail with. `message` is the exact text Consul answers
 * (the HTTP layer sends it as a 500 body): `Failed to parse ACL rules: …` for syntax and
 * decoding errors (acl/policy_ce.go `decodeRules`), `Invalid <resource> policy: …` for bad
 * access levels (acl/policy.go `Validate`).
 */
export class AclRulesError extends Error {
  override readonly name = 'AclRulesError';
}

/** A position in the rules text, 1-based; line 0 is Go's invalid position (printed `-`). */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

export const NO_POS: Pos = { line: 0, column: 0 };

/** hcl/token/position.go `Pos.String` without a file name: `line:column`, or `-`. */
export function posString(pos: Pos): string {
  return pos.line > 0 ? `${pos.line}:${pos.column}` : '-';
}

/** hcl/parser/error.go `PosError`: `At <pos>: <message>`. */
export function posError(pos: Pos, message: string): AclRulesError {
  return new AclRulesError(`At ${posString(pos)}: ${message}`);
}
