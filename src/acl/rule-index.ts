import { ALLOW, DEFAULT, DENIED, enforce, levelOf, NONE, WRITE, type Decision, type Level, type Required } from './access.js';
import type { Rule } from './rule-set.js';

/** Byte-wise order of `a` against `key[0:len]`. */
function compare(a: Uint8Array, key: Uint8Array, len: number): number {
  const n = a.length < len ? a.length : len;
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (key[i] as number);
    if (d !== 0) return d;
  }
  return a.length - len;
}

/** Whether `a` is a byte prefix of `key[0:len]`. */
function isPrefix(a: Uint8Array, key: Uint8Array, len: number): boolean {
  if (a.length > len) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== key[i]) return false;
  return true;
}

/** Whether `seg` starts with key[0:len]. */
function startsWith(seg: Uint8Array, key: Uint8Array, len: number): boolean {
  if (seg.length < len) return false;
  for (let i = 0; i < len; i++) if (seg[i] !== key[i]) return false;
  return true;
}

/**
 * One resource's rules, compiled for lookups that allocate nothing. Consul keeps them in a
 * radix tree whose leaves hold an exact and a prefix rule (acl/policy_authorizer.go); here
 * the distinct segments are sorted, and each remembers the nearest shorter segment with a
 * prefix rule that is its prefix (`parent`). The longest prefix rule matching a key is then
 * the greatest segment ≤ key or one of its parents, so a lookup is a binary search plus a
 * walk up a chain as long as the nesting of the rules.
 */
export class RuleIndex {
  private readonly segments: Buffer[];
  private readonly exact: Uint8Array;
  private readonly prefix: Uint8Array;
  private readonly parent: Int32Array;
  /** Index of the first segment at or after i with a rule other than write; n if none. */
  private readonly nextNonWrite: Int32Array;

  constructor(exactRules: readonly Rule[], prefixRules: readonly Rule[]) {
    const bySegment = new Map<string, { segment: Buffer; exact: Level; prefix: Level }>();
    const entry = (rule: Rule) => {
      const id = rule.segment.toString('latin1');
      let e = bySegment.get(id);
      if (e === undefined) bySegment.set(id, (e = { segment: rule.segment, exact: NONE, prefix: NONE }));
      return e;
    };
    for (const rule of exactRules) entry(rule).exact = levelOf(rule.policy);
    for (const rule of prefixRules) entry(rule).prefix = levelOf(rule.policy);
    const entries = [...bySegment.values()].sort((a, b) => Buffer.compare(a.segment, b.segment));
    const n = entries.length;
    this.segments = entries.map((e) => e.segment);
    this.exact = Uint8Array.from(entries, (e) => e.exact);
    this.prefix = Uint8Array.from(entries, (e) => e.prefix);
    this.parent = new Int32Array(n);
    const open: number[] = [];
    for (let i = 0; i < n; i++) {
      const seg = this.segments[i] as Buffer;
      while (open.length > 0 && !isPrefix(this.segments[open[open.length - 1] as number] as Buffer, seg, seg.length)) open.pop();
      this.parent[i] = open.length > 0 ? (open[open.length - 1] as number) : -1;
      if (this.prefix[i] !== NONE) open.push(i);
    }
    this.nextNonWrite = new Int32Array(n + 1).fill(n);
    for (let i = n - 1; i >= 0; i--) {
      const nonWrite = (this.exact[i] !== NONE && this.exact[i] !== WRITE) || (this.prefix[i] !== NONE && this.prefix[i] !== WRITE);
      this.nextNonWrite[i] = nonWrite ? i : (this.nextNonWrite[i + 1] as number);
    }
  }

  get size(): number {
    return this.segments.length;
  }

  /** Index of the first segment ≥ key[0:len] (n if none). */
  private lowerBound(key: Uint8Array, len: number): number {
    let lo = 0;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.segments[mid] as Buffer, key, len) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The longest segment with a prefix rule that is a prefix of key[0:len], or -1. */
  private longestPrefix(key: Uint8Array, len: number, from: number): number {
    let c = from;
    if (c >= 0 && (this.prefix[c] === NONE || !isPrefix(this.segments[c] as Buffer, key, len))) c = this.parent[c] as number;
    while (c >= 0 && !isPrefix(this.segments[c] as Buffer, key, len)) c = this.parent[c] as number;
    return c;
  }

  /**
   * acl/policy_authorizer.go `getPolicy`: the exact rule on the segment if there is one,
   * else the longest matching prefix rule; NONE when no rule applies.
   */
  lookup(key: Uint8Array, len: number): Level {
    let i = this.lowerBound(key, len);
    if (i < this.segments.length && compare(this.segments[i] as Buffer, key, len) === 0) {
      if (this.exact[i] !== NONE) return this.exact[i] as Level;
    } else {
      i--;
    }
    const c = this.longestPrefix(key, len, i);
    return c >= 0 ? (this.prefix[c] as Level) : NONE;
  }

  /**
   * The two halves of acl/policy_authorizer.go `KeyWritePrefix`: the longest prefix rule on
   * the way to `key` (exact rules ignored), and whether any rule at or below `key` grants
   * less than write.
   */
  prefixWrite(key: Uint8Array, len: number): { base: Level; belowNonWrite: boolean } {
    let i = this.lowerBound(key, len);
    const below = this.nextNonWrite[i] as number;
    const belowNonWrite = below < this.segments.length && startsWith(this.segments[below] as Buffer, key, len);
    if (!(i < this.segments.length && compare(this.segments[i] as Buffer, key, len) === 0)) i--;
    const c = this.longestPrefix(key, len, i);
    return { base: c >= 0 ? (this.prefix[c] as Level) : NONE, belowNonWrite };
  }

  /**
   * acl/policy_authorizer.go `anyAllowed`: Allow when some rule grants the access; a
   * catch-all prefix rule that does not grant it decides otherwise.
   */
  anyAllowed(required: Required): Decision {
    let decision: Decision = DEFAULT;
    if (this.segments.length > 0 && (this.segments[0] as Buffer).length === 0) {
      decision = enforce(this.prefix[0] as Level, required);
      if (decision === ALLOW) return ALLOW;
    }
    for (let i = 0; i < this.segments.length; i++) {
      const d = enforce(this.prefix[i] as Level, required);
      if (d === ALLOW || (this.exact[i] !== NONE && enforce(this.exact[i] as Level, required) === ALLOW)) return ALLOW;
    }
    return decision;
  }

  /** acl/policy_authorizer.go `allAllowed`: Deny when some rule refuses the access. */
  allAllowed(required: Required): Decision {
    let decision: Decision = DEFAULT;
    if (this.segments.length > 0 && (this.segments[0] as Buffer).length === 0) {
      decision = enforce(this.prefix[0] as Level, required);
      if (decision === DENIED) return DENIED;
    }
    for (let i = 0; i < this.segments.length; i++) {
      const prefixDecision = enforce(this.prefix[i] as Level, required);
      if (prefixDecision === DENIED) return DENIED;
      if (this.exact[i] !== NONE && enforce(this.exact[i] as Level, required) === DENIED) return DENIED;
    }
    return decision;
  }
}
