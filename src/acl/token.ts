import { posString, type Pos } from './errors.js';

/** Token types of hcl/hcl/token and hcl/json/token, spelled as Go prints them. */
export type TokenType =
  | 'ILLEGAL' | 'EOF' | 'COMMENT' | 'IDENT' | 'NUMBER' | 'FLOAT' | 'BOOL' | 'STRING' | 'HEREDOC'
  | 'NULL' | 'LBRACK' | 'LBRACE' | 'COMMA' | 'PERIOD' | 'RBRACK' | 'RBRACE' | 'ASSIGN' | 'COLON'
  | 'ADD' | 'SUB';

export interface Token {
  type: TokenType;
  pos: Pos;
  /** The source text of the token (a STRING keeps its quotes). */
  text: string;
  /** A STRING from the JSON form: unquoted with Go's rules instead of HCL's. */
  json?: boolean;
  /** Memoized unquoted value of a STRING (bytes, as Go strings are). */
  value?: Buffer;
}

export const EOF = 0;

/** Go's `Token.String()` (what `%+v` prints), used by `Unknown token: …` errors. */
export function tokenString(tok: Token): string {
  return `${posString(tok.pos)} ${tok.type} ${tok.text}`;
}

/** unicode.IsLetter / unicode.IsDigit for runes past ASCII. */
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

export function isLetter(ch: number): boolean {
  return (ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) || ch === 0x5f ||
    (ch >= 0x80 && LETTER.test(String.fromCodePoint(ch)));
}

export function isDigit(ch: number): boolean {
  return (ch >= 0x30 && ch <= 0x39) || (ch >= 0x80 && DIGIT.test(String.fromCodePoint(ch)));
}

export function isDecimal(ch: number): boolean {
  return ch >= 0x30 && ch <= 0x39;
}

export function isWhitespace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;
}

export function digitVal(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  if (ch >= 0x61 && ch <= 0x66) return ch - 0x61 + 10;
  if (ch >= 0x41 && ch <= 0x46) return ch - 0x41 + 10;
  return 16;
}
