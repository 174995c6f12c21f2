// Go's encoding/json as Consul reads JSON: request bodies through json.Decoder (PUT
// /v1/session/create, /v1/txn), `kv import` data and API answers through json.Unmarshal, both
// into structs. So objects are Maps whose fields are looked up the way Go matches struct
// fields (field(), matchField()), numbers keep their exact text (uint64 flags and indexes
// must not pass through a double), and every error carries Go's text.

import { parseUint64 } from './strconv.js';

export type JsonValue = string | JsonNumber | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

/** A JSON number as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonResult = { ok: true; value: JsonValue } | { ok: false; error: string };

/**
 * json.Unmarshal: the text is exactly one value. A cut-off value is `unexpected end of JSON
 * input`, anything after the value `invalid character 'x' after top-level value`.
 */
export function unmarshalJson(text: string): JsonResult {
  return scan(text, 'unexpected end of JSON input', (parser) => {
    const value = parser.value();
    parser.end();
    return value;
  });
}

/**
 * json.NewDecoder(body).Decode: the first value of the text, anything after it unread. No
 * value at all is `EOF`, a cut-off value `unexpected EOF`.
 */
export function decodeJson(text: string): JsonResult {
  if (/^[ \t\r\n]*$/.test(text)) return { ok: false, error: 'EOF' };
  return scan(text, 'unexpected EOF', (parser) => parser.value());
}

/** A member of a decoded object as Go fills struct field `name`: matched case-insensitively, the last one winning. */
export function field(value: JsonValue, name: string): { present: boolean; value: JsonValue } {
  let found: { present: boolean; value: JsonValue } = { present: false, value: null };
  if (!(value instanceof Map)) return found;
  const lower = name.toLowerCase();
  for (const [key, member] of value) if (key.toLowerCase() === lower) found = { present: true, value: member };
  return found;
}

/** The struct field a JSON name fills: the exact name, else one that matches case-insensitively. */
export function matchField<T extends string>(name: string, fields: readonly T[]): T | undefined {
  return fields.find((f) => f === name) ?? fields.find((f) => f.toLowerCase() === name.toLowerCase());
}

/** Go's UnmarshalTypeError text; `into` is `Go value of type T` or `Go struct field S.F of type T`. */
export function cannotUnmarshal(value: JsonValue, into: string): string {
  return `json: cannot unmarshal ${jsonTypeName(value)} into ${into}`;
}

/** A value stored into a Go uint64 (strconv.ParseUint base 10), or the UnmarshalTypeError (`number -1` when it does not fit). */
export function uint64Of(value: JsonValue, into: string): { ok: true; value: bigint } | { ok: false; error: string } {
  if (!(value instanceof JsonNumber)) return { ok: false, error: cannotUnmarshal(value, into) };
  const parsed = parseUint64(value.text, 10);
  return parsed.ok ? parsed : { ok: false, error: `json: cannot unmarshal number ${value.text} into ${into}` };
}

/** The JSON type name Go uses in `cannot unmarshal <type> into ...`. */
function jsonTypeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (value instanceof JsonNumber) return 'number';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Map) return 'object';
  return typeof value === 'boolean' ? 'bool' : 'string';
}

class SyntaxFailure extends Error {}

function scan(text: string, endOfInput: string, read: (parser: Parser) => JsonValue): JsonResult {
  try {
    return { ok: true, value: read(new Parser(text, endOfInput)) };
  } catch (err) {
    if (err instanceof SyntaxFailure) return { ok: false, error: err.message };
    throw err;
  }
}

/** A recursive reader that fails where Go's scanner does, with its words. */
class Parser {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly endOfInput: string,
  ) {}

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

  /** Only white space may follow the value. */
  end(): void {
    this.skipSpace();
    if (this.at < this.text.length) throw this.invalid(this.text[this.at] as string, 'after top-level value');
  }

  private skipSpace(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at] as string)) this.at++;
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
