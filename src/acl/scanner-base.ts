import { posError, type Pos } from './errors.js';
import { EOF } from './token.js';

/**
 * Rune reader shared by the HCL and JSON scanners (hcl/hcl/scanner/scanner.go and
 * hcl/json/scanner/scanner.go): positions count runes, a column of 0 means "just read a
 * newline", every read past the end still advances the column (so an `EOF` token seen twice
 * sits one column further), and a scanner error is recorded, not thrown: the parser goes on
 * and the last scanner error wins over any parse error, as in Go's `Parse`.
 */
export class RuneReader {
  private index = 0;
  protected line = 1;
  protected column = 0;
  private prevLine = 1;
  private prevColumn = 0;
  private prevIndex = 0;
  private lastLineLen = 0;
  /** Start index of the token being scanned, and its position. */
  protected tokStart = 0;
  protected tokPos: Pos = { line: 1, column: 0 };
  error: Error | null = null;

  constructor(protected readonly src: string, private readonly nulIsError: boolean) {}

  /** The next rune, or EOF (0) past the end or at a NUL byte. */
  protected next(): number {
    if (this.index >= this.src.length) {
      this.column++;
      this.prevIndex = this.index;
      return EOF;
    }
    const ch = this.src.codePointAt(this.index) as number;
    this.prevLine = this.line;
    this.prevColumn = this.column;
    this.prevIndex = this.index;
    this.index += ch > 0xffff ? 2 : 1;
    this.column++;
    if (ch >= 0xd800 && ch <= 0xdfff) {
      this.err('illegal UTF-8 encoding');
      return 0xfffd;
    }
    if (ch === 0x0a) {
      this.line++;
      this.lastLineLen = this.column;
      this.column = 0;
    }
    if (ch === 0) {
      if (this.nulIsError) this.err('unexpected null character (0x00)');
      return EOF;
    }
    return ch;
  }

  /** Puts the last rune back (never past the end: Go would panic there). */
  protected unread(): void {
    if (this.prevIndex === this.index) return;
    this.index = this.prevIndex;
    this.line = this.prevLine;
    this.column = this.prevColumn;
  }

  protected peek(): number {
    return this.index < this.src.length ? (this.src.codePointAt(this.index) as number) : EOF;
  }

  /** Marks the start of a token whose first rune was just read. */
  protected startToken(): void {
    this.tokStart = this.prevIndex;
    this.tokPos = this.column > 0 ? { line: this.line, column: this.column } : { line: this.line - 1, column: this.lastLineLen };
  }

  protected tokenText(): string {
    return this.src.slice(this.tokStart, this.index);
  }

  /** scanner.go `err`: records the error at the rune just read. */
  protected err(message: string): void {
    let pos: Pos;
    if (this.column > 0) pos = { line: this.line, column: this.column };
    else if (this.lastLineLen > 0) pos = { line: this.line - 1, column: this.lastLineLen };
    else pos = { line: 1, column: 1 };
    this.error = this.makeError(pos, message);
  }

  protected makeError(pos: Pos, message: string): Error {
    return posError(pos, message);
  }
}
