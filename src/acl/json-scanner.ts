import { AclRulesError, posString, type Pos } from './errors.js';
import { RuneReader } from './scanner-base.js';
import { digitVal, EOF, isDecimal, isDigit, isLetter, isWhitespace, type Token, type TokenType } from './token.js';

const SINGLE: Record<number, TokenType> = {
  0x5b: 'LBRACK', 0x5d: 'RBRACK', 0x7b: 'LBRACE', 0x7d: 'RBRACE', 0x2c: 'COMMA', 0x3a: 'COLON',
};

/**
 * The scanner of HCL's JSON form (hcl/json/scanner/scanner.go). It is not a strict JSON
 * lexer: it knows `true`/`false`/`null`, Go escapes (`\x`, octal) and rejects `\/`. Its errors
 * read `L:C: message`, without the `At` of the HCL side.
 */
export class JsonScanner extends RuneReader {
  constructor(src: string) {
    super(src, false);
  }

  protected override makeError(pos: Pos, message: string): Error {
    return new AclRulesError(`${posString(pos)}: ${message}`);
  }

  scan(): Token {
    let ch = this.next();
    while (isWhitespace(ch)) ch = this.next();
    this.startToken();
    let type: TokenType = 'ILLEGAL';
    if (isLetter(ch)) {
      const lit = this.scanIdentifier();
      if (lit === 'true' || lit === 'false') type = 'BOOL';
      else if (lit === 'null') type = 'NULL';
      else this.err('illegal char');
    } else if (isDecimal(ch)) {
      type = this.scanNumber(ch);
    } else if (ch === EOF) {
      type = 'EOF';
    } else if (ch === 0x22) {
      type = 'STRING';
      this.scanString();
    } else if (ch === 0x2e) {
      type = 'PERIOD';
      if (isDecimal(this.peek())) {
        type = 'FLOAT';
        this.scanExponent(this.scanMantissa(this.peek()));
      }
    } else if (ch === 0x2d) {
      if (isDecimal(this.peek())) type = this.scanNumber(this.next());
      else this.err('illegal char');
    } else if (SINGLE[ch] !== undefined) {
      type = SINGLE[ch] as TokenType;
    } else {
      this.err('illegal char: ' + String.fromCodePoint(ch));
    }
    return { type, pos: this.tokPos, text: this.tokenText(), json: true };
  }

  private scanIdentifier(): string {
    let ch = this.next();
    while (isLetter(ch) || isDigit(ch) || ch === 0x2d) ch = this.next();
    if (ch !== EOF) this.unread();
    return this.tokenText();
  }

  private scanNumber(first: number): TokenType {
    const zero = first === 0x30;
    const start = { line: this.line, column: this.column };
    this.scanMantissa(first);
    let ch = this.next();
    if (ch === 0x65 || ch === 0x45) {
      this.scanExponent(ch);
      return 'FLOAT';
    }
    if (ch === 0x2e) {
      ch = ch === 0x2e ? this.scanMantissa(this.peek()) : ch;
      if (ch === 0x65 || ch === 0x45) this.scanExponent(this.next());
      return 'FLOAT';
    }
    if (ch !== EOF) this.unread();
    if (zero && (start.line !== this.line || start.column !== this.column)) this.err('numbers cannot start with 0');
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
    for (;;) {
      const ch = this.next();
      if (ch === 0x0a || ch === EOF) {
        this.err('literal not terminated');
        return;
      }
      if (ch === 0x22) return;
      if (ch === 0x5c) this.scanEscape();
    }
  }

  private scanEscape(): void {
    const ch = this.next();
    if (ch !== EOF && 'abfnrtv\\"'.includes(String.fromCodePoint(ch))) return;
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
      n--;
    }
    if (n > 0) this.err('illegal char escape');
    if (ch !== EOF) this.unread();
  }
}
