// The syntax half of Go's encoding/json: a reader that accepts and refuses exactly what Go's
// scanner (scanner.go) does, with its error texts, into plain values; json.ts types them.

export type JsonValue = string | JsonNumber | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

/** A JSON number as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonResult = { ok: true; value: JsonValue } | { ok: false; error: string };

class SyntaxFailure extends Error {}

/** Runs a read over `text`; a syntax error becomes Go's message, `endOfInput` when the text ends early. */
export function scan(text: string, endOfInput: string, read: (parser: Parser) => JsonValue): JsonResult {
  try {
    return { ok: true, value: read(new Parser(text, endOfInput)) };
  } catch (err) {
    if (err instanceof SyntaxFailure) return { ok: false, error: err.message };
    throw err;
  }
}

/** Go's maxNestingDepth (encoding/json/scanner.go): the 10 001st open object or array is a syntax error. */
const MAX_NESTING_DEPTH = 10_000;

/** An object or array being read, and for an object the key whose value comes next. */
interface Open {
  container: JsonObject | JsonValue[];
  key: string;
}

/**
 * A reader that fails where Go's scanner does, with its words. Like Go's scanner it keeps
 * the open objects and arrays on a stack of its own rather than recursing, so no depth
 * reaches the call stack's limit.
 */
export class Parser {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly endOfInput: string,
  ) {}

  value(): JsonValue {
    const open: Open[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      let value: JsonValue;
      if (c === '{' || c === '[') {
        if (open.length === MAX_NESTING_DEPTH) throw this.invalid(c, 'exceeded max depth');
        this.at++;
        this.skipSpace();
        if (this.peek() === (c === '{' ? '}' : ']')) {
          this.at++;
          value = c === '{' ? new Map() : [];
        } else {
          open.push(c === '{' ? { container: new Map(), key: this.key() } : { container: [], key: '' });
          continue;
        }
      } else {
        value = this.scalar(c);
      }
      // The value completes its container, which may complete the one around it, and so on.
      for (;;) {
        const top = open[open.length - 1];
        if (top === undefined) return value;
        const isObject = top.container instanceof Map;
        if (isObject) (top.container as JsonObject).set(top.key, value);
        else (top.container as JsonValue[]).push(value);
        this.skipSpace();
        const next = this.peek();
        this.at++;
        if (next === ',') {
          if (isObject) top.key = this.key();
          break;
        }
        if (next !== (isObject ? '}' : ']')) throw this.invalid(next, isObject ? 'after object key:value pair' : 'after array element');
        open.pop();
        value = top.container;
      }
    }
  }

  /** Only white space may follow the value. */
  end(): void {
    this.skipSpace();
    if (this.at < this.text.length) throw this.invalid(this.text[this.at] as string, 'after top-level value');
  }

  private scalar(c: string): JsonValue {
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    throw this.invalid(c, 'looking for beginning of value');
  }

  /** An object key and its colon. */
  private key(): string {
    this.skipSpace();
    const c = this.peek();
    if (c !== '"') throw this.invalid(c, 'looking for beginning of object key string');
    const key = this.string();
    this.skipSpace();
    const colon = this.peek();
    if (colon !== ':') throw this.invalid(colon, 'after object key');
    this.at++;
    return key;
  }

  private skipSpace(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at] as string)) this.at++;
  }

  private string(): string {
    const start = this.at;
    this.at++;
    for (;;) {
      const c = this.peek();
      if (c === '"') break;
      if (c < ' ') throw this.invalid(c, 'in string literal');
      if (c === '\\') {
        this.at++;
        const escape = this.peek();
        if (escape === 'u') {
          for (let i = 1; i <= 4; i++) {
            this.at++;
            const hex = this.peek();
            if (!/[0-9a-fA-F]/.test(hex)) throw this.invalid(hex, 'in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(escape)) {
          throw this.invalid(escape, 'in string escape code');
        }
      }
      this.at++;
    }
    this.at++;
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  private number(): JsonNumber {
    const start = this.at;
    if (this.text[this.at] === '-') {
      this.at++;
      const c = this.peek();
      if (!(c >= '0' && c <= '9')) throw this.invalid(c, 'in numeric literal');
    }
    if (this.text[this.at] === '0') this.at++;
    else this.digits();
    if (this.text[this.at] === '.') {
      this.at++;
      const c = this.peek();
      if (!(c >= '0' && c <= '9')) throw this.invalid(c, 'after decimal point in numeric literal');
      this.digits();
    }
    if (this.text[this.at] === 'e' || this.text[this.at] === 'E') {
      this.at++;
      if (this.text[this.at] === '+' || this.text[this.at] === '-') this.at++;
      const c = this.peek();
      if (!(c >= '0' && c <= '9')) throw this.invalid(c, 'in exponent of numeric literal');
      this.digits();
    }
    return new JsonNumber(this.text.slice(start, this.at));
  }

  private digits(): void {
    while (this.at < this.text.length && this.text[this.at]! >= '0' && this.text[this.at]! <= '9') this.at++;
  }

  private literal<T>(word: string, value: T): T {
    for (let i = 1; i < word.length; i++) {
      this.at++;
      const c = this.peek();
      if (c !== word[i]) throw this.invalid(c, `in literal ${word} (expecting ${quoteChar(word[i] as string)})`);
    }
    this.at++;
    return value;
  }

  /** The character at the cursor; the end of the input fails with the caller's wording. */
  private peek(): string {
    if (this.at >= this.text.length) throw new SyntaxFailure(this.endOfInput);
    return this.text[this.at] as string;
  }

  private invalid(c: string, context: string): SyntaxFailure {
    return new SyntaxFailure(`invalid character ${quoteChar(c)} ${context}`);
  }
}

/** Go's quoteChar for scanner errors: 'x', '\'', '"', or a quoted escape. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const quoted = JSON.stringify(c).slice(1, -1);
  return `'${quoted.replace(/\\u00([0-9a-f]{2})/g, '\\x$1')}'`;
}
