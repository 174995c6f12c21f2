/**
 * JSON request bodies read the way Consul's Go decoder reads them: the first JSON value of
 * the body (anything after it is ignored), Go's error texts for malformed input
 * (`unexpected EOF`, `invalid character 'x' looking for beginning of value`, ...), numbers
 * kept as their exact text (uint64 flags and indexes must not pass through a double), and
 * object fields matched case-insensitively, the last one winning.
 */
export type JsonValue = string | JsonNumber | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

/** A JSON number as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type DecodeResult = { ok: true; value: JsonValue } | { ok: false; error: string };

export function decodeGoJson(text: string): DecodeResult {
  try {
    const parser = new Parser(text);
    parser.skipSpace();
    if (parser.at >= text.length) return { ok: false, error: 'EOF' };
    return { ok: true, value: parser.value() };
  } catch (err) {
    if (err instanceof SyntaxFailure) return { ok: false, error: err.message };
    throw err;
  }
}

/** The JSON type name Go uses in `cannot unmarshal <type> into ...`. */
export function jsonTypeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (value instanceof JsonNumber) return 'number';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Map) return 'object';
  return typeof value === 'boolean' ? 'bool' : 'string';
}

/** A field of a decoded object the way Go matches struct fields: case-insensitively, last wins. */
export function field(object: JsonObject, name: string): { present: boolean; value: JsonValue } {
  const lower = name.toLowerCase();
  let found: { present: boolean; value: JsonValue } = { present: false, value: null };
  for (const [key, value] of object) if (key.toLowerCase() === lower) found = { present: true, value };
  return found;
}

class SyntaxFailure extends Error {}

class Parser {
  at = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at] as string)) this.at++;
  }

  value(): JsonValue {
    this.skipSpace();
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    throw this.invalid(c, 'looking for beginning of value');
  }

  private object(): JsonObject {
    const out: JsonObject = new Map();
    this.at++;
    this.skipSpace();
    if (this.peek() === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c !== '"') throw this.invalid(c, 'looking for beginning of object key string');
      const key = this.string();
      this.skipSpace();
      const colon = this.peek();
      if (colon !== ':') throw this.invalid(colon, 'after object key');
      this.at++;
      out.set(key, this.value());
      this.skipSpace();
      const next = this.peek();
      this.at++;
      if (next === '}') return out;
      if (next !== ',') throw this.invalid(next, 'after object key:value pair');
    }
  }

  private array(): JsonValue[] {
    const out: JsonValue[] = [];
    this.at++;
    this.skipSpace();
    if (this.peek() === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      const next = this.peek();
      this.at++;
      if (next === ']') return out;
      if (next !== ',') throw this.invalid(next, 'after array element');
    }
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

  /** The character at the cursor; the end of input is Go's io.ErrUnexpectedEOF. */
  private peek(): string {
    if (this.at >= this.text.length) throw new SyntaxFailure('unexpected EOF');
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
