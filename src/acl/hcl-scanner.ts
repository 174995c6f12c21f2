import { RuneReader } from './scanner-base.js';
import { digitVal, EOF, isDecimal, isDigit, isLetter, isWhitespace, type Token, type TokenType } from './token.js';

const SINGLE: Record<number, TokenType> = {
  0x5b: 'LBRACK', 0x5d: 'RBRACK', 0x7b: 'LBRACE', 0x7d: 'RBRACE', 0x2c: 'COMMA', 0x3d: 'ASSIGN', 0x2b: 'ADD',
};

/**
 * The HCL v1 scanner (hcl/hcl/scanner/scanner.go), token for token: identifiers may hold
 * `-` and `.`, strings keep `${…}` spans verbatim, comments are `#`, `//` and `/* *\/`.
 * Heredocs are not supported (`<` is reported as an illegal character).
 */
export class HclScanner extends RuneReader {
  constructor(src: string) {
    super(src, true);
  }

  scan(): Token {
    let ch = this.next();
    while (isWhitespace(ch)) ch = this.next();
    this.startToken();
    let type: TokenType = 'ILLEGAL';
    if (isLetter(ch)) {
      const lit = this.scanIdentifier();
      type = lit === 'true' || lit === 'false' ? 'BOOL' : 'IDENT';
    } else if (isDecimal(ch)) {
      type = this.scanNumber(ch);
    } else if (ch === EOF) {
      type = 'EOF';
    } else if (ch === 0x22) {
      type = 'STRING';
      this.scanString();
    } else if (ch === 0x23 || ch === 0x2f) {
      type = 'COMMENT';
      this.scanComment(ch);
    } else if (ch === 0x2e) {
      type = 'PERIOD';
      if (isDecimal(this.peek())) {
        type = 'FLOAT';
        this.scanExponent(this.scanMantissa(this.peek()));
      }
    } else if (ch === 0x2d) {
      if (isDecimal(this.peek())) type = this.scanNumber(this.next());
      else type = 'SUB';
    } else if (SINGLE[ch] !== undefined) {
      type = SINGLE[ch] as TokenType;
    } else {
      this.err('illegal char');
    }
    return { type, pos: this.tokPos, text: this.tokenText() };
  }

  private scanIdentifier(): string {
    let ch = this.next();
    while (isLetter(ch) || isDigit(ch) || ch === 0x2d || ch === 0x2e) ch = this.next();
    if (ch !== EOF) this.unread();
    return this.tokenText();
  }

  private scanComment(first: number): void {
    let ch = first;
    if (ch === 0x23 || (ch === 0x2f && this.peek() !== 0x2a)) {
      if (ch === 0x2f && this.peek() !== 0x2f) {
        this.err("expected '/' for comment");
        return;
      }
      ch = this.next();
      while (ch !== 0x0a && ch !== EOF) ch = this.next();
      if (ch !== EOF) this.unread();
      return;
    }
    this.next();
    ch = this.next();
    for (;;) {
      if (ch === EOF) {
        this.err('comment not terminated');
        return;
      }
      const prev = ch;
      ch = this.next();
      if (prev === 0x2a && ch === 0x2f) return;
    }
  }

  private scanNumber(first: number): TokenType {
    let ch = first;
    if (ch === 0x30) {
      ch = this.next();
      if (ch === 0x78 || ch === 0x58) {
        ch = this.next();
        let found = false;
        while (digitVal(ch) < 16) {
          ch = this.next();
          found = true;
        }
        if (!found) this.err('illegal hexadecimal number');
        if (ch !== EOF) this.unread();
        return 'NUMBER';
      }
      let illegalOctal = false;
      while (isDecimal(ch)) {
        ch = this.next();
        if (ch === 0x38 || ch === 0x39) illegalOctal = true;
      }
      if (ch === 0x65 || ch === 0x45) {
        this.scanExponent(ch);
        return 'FLOAT';
      }
      if (ch === 0x2e) {
        ch = this.scanFraction(ch);
        if (ch === 0x65 || ch === 0x45) this.scanExponent(this.next());
        return 'FLOAT';
      }
      if (illegalOctal) this.err('illegal octal number');
      if (ch !== EOF) this.unread();
      return 'NUMBER';
    }
    this.scanMantissa(ch);
    ch = this.next();
    if (ch === 0x65 || ch === 0x45) {
      this.scanExponent(ch);
      return 'FLOAT';
    }
    if (ch === 0x2e) {
      ch = this.scanFraction(ch);
      if (ch === 0x65 || ch === 0x45) this.scanExponent(this.next());
      return 'FLOAT';
    }
    if (ch !== EOF) this.unread();
    return 'NUMBER';
  }

  private scanMantissa(first: number): number {
    let ch = first;
    let scanned = false;
    while (isDecimal(ch)) {
      ch = this.next();
      scanned = true;
    }
    if (scanned && ch !== EOF) this.unread();
    return ch;
  }

  private scanFraction(ch: number): number {
    return ch === 0x2e ? this.scanMantissa(this.peek()) : ch;
  }

  private scanExponent(first: number): number {
    let ch = first;
    if (ch === 0x65 || ch === 0x45) {
      ch = this.next();
      if (ch === 0x2d || ch === 0x2b) ch = this.next();
      ch = this.scanMantissa(ch);
    }
    return ch;
  }

  private scanString(): void {
    let braces = 0;
    for (;;) {
      const ch = this.next();
      if ((ch === 0x0a && braces === 0) || ch === EOF) {
        this.err('literal not terminated');
        return;
      }
      if (ch === 0x22 && braces === 0) return;
      if (braces === 0 && ch === 0x24 && this.peek() === 0x7b) {
        braces++;
        this.next();
      } else if (braces > 0 && ch === 0x7b) {
        braces++;
      }
      if (braces > 0 && ch === 0x7d) braces--;
      if (ch === 0x5c) this.scanEscape();
    }
  }

  private scanEscape(): void {
    const ch = this.next();
    if ('abfnrtv\\"'.includes(String.fromCodePoint(ch)) && ch !== EOF) return;
    if (ch >= 0x30 && ch <= 0x37) this.scanDigits(ch, 8, 3);
    else if (ch === 0x78) this.scanDigits(this.next(), 16, 2);
    else if (ch === 0x75) this.scanDigits(this.next(), 16, 4);
    else if (ch === 0x55) this.scanDigits(this.next(), 16, 8);
    else this.err('illegal char escape');
  }

  private scanDigits(first: number, base: number, count: number): void {
    let ch = first;
    let n = count;
    while (n > 0 && digitVal(ch) < base) {
      ch = this.next();
      if (ch === EOF) break;
      n--;
    }
    if (n > 0) this.err('illegal char escape');
    if (n !== count && ch !== EOF) this.unread();
  }
}
