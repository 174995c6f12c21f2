import { AclRulesError } from './errors.js';
import type { Token } from './token.js';

/**
 * A token's value as Go bytes (hcl/hcl/token `Token.Value`): an identifier is its text, a
 * string is unquoted with HCL's rules (hcl/hcl/strconv/quote.go: escapes, `${…}` kept
 * verbatim) or, for the JSON form, Go's strconv.Unquote. Where Go panics on a value its
 * scanner let through, this throws a parse error instead.
 */
export function tokenValue(tok: Token): Buffer {
  if (tok.value !== undefined) return tok.value;
  let value: Buffer | null;
  if (tok.type !== 'STRING') value = Buffer.from(tok.text, 'utf8');
  else if (tok.text === '') value = Buffer.alloc(0);
  else value = unquote(Buffer.from(tok.text, 'utf8'), tok.json === true);
  if (value === null) throw new AclRulesError(`Failed to parse ACL rules: unquote ${tok.text} err: invalid syntax`);
  tok.value = value;
  return value;
}

/** The value a string field decodes to (hcl decoder.go `decodeString`): literals keep their text. */
export function literalString(tok: Token): string {
  return tok.type === 'STRING' ? tokenValue(tok).toString('utf8') : tok.text;
}

function unhex(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

const SIMPLE: Record<number, number> = {
  0x61: 0x07, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b, 0x5c: 0x5c, 0x22: 0x22,
};

/** Unquotes `"…"` given as bytes; null where Go reports invalid syntax. */
function unquote(quoted: Buffer, json: boolean): Buffer | null {
  const n = quoted.length;
  if (n < 2 || quoted[0] !== 0x22 || quoted[n - 1] !== 0x22) return null;
  const s = quoted.subarray(1, n - 1);
  if (!json && !s.includes(0x24) && !s.includes(0x7b) && s.includes(0x0a)) return null;
  const out: number[] = [];
  const pushRune = (cp: number): void => {
    for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) out.push(b);
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i] as number;
    if (!json && c === 0x24 && s[i + 1] === 0x7b) {
      // `${…}` is copied as is, up to its matching brace.
      let braces = 1;
      out.push(0x24, 0x7b);
      i += 2;
      while (i < s.length && braces > 0) {
        const b = s[i++] as number;
        out.push(b);
        if (b === 0x7b) braces++;
        else if (b === 0x7d) braces--;
      }
      if (braces !== 0) return null;
      continue;
    }
    if (c === 0x0a || c === 0x22) return null;
    if (c !== 0x5c) {
      out.push(c);
      i++;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) return null;
    i += 2;
    if (SIMPLE[e] !== undefined) {
      out.push(SIMPLE[e] as number);
    } else if (e === 0x78 || e === 0x75 || e === 0x55) {
      const digits = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      let v = 0;
      for (let k = 0; k < digits; k++) {
        const d = unhex(s[i + k] ?? -1);
        if (d < 0) return null;
        v = v * 16 + d;
      }
      i += digits;
      if (e === 0x78) out.push(v);
      else if (v > 0x10ffff || (json && v >= 0xd800 && v <= 0xdfff)) return null;
      else pushRune(v >= 0xd800 && v <= 0xdfff ? 0xfffd : v);
    } else if (e >= 0x30 && e <= 0x37) {
      let v = e - 0x30;
      for (let k = 0; k < 2; k++) {
        const d = (s[i + k] ?? 0) - 0x30;
        if (d < 0 || d > 7) return null;
        v = v * 8 + d;
      }
      i += 2;
      if (v > 255) return null;
      out.push(v);
    } else {
      return null;
    }
  }
  return Buffer.from(out);
}
