// JSON as Go's encoding/json reads and writes it. Consul's indexes and flags are uint64, so
// numbers are kept as their source text (`JsonNumber`) instead of lossy JS numbers, and the
// output escapes what Go escapes (`<`, `>`, `&`, U+2028/9) so exports and watch output match
// Consul's byte for byte.

/** A JSON number, kept exactly as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

/** What Go's encoder accepts here: JSON values plus bigint and number for integers. */
export type GoValue = null | boolean | string | bigint | number | JsonNumber | readonly GoValue[] | { readonly [key: string]: GoValue };

/** A syntax error with Go's wording (`unexpected end of JSON input`, `invalid character 'x' …`). */
export class JsonSyntaxError extends Error {}

/** Parses JSON text; numbers come back as JsonNumber. */
export function parseJson(text: string): JsonValue {
  const parser = new Parser(text);
  const value = parser.value('looking for beginning of value');
  parser.skipSpace();
  if (parser.pos < text.length) parser.fail('after top-level value');
  return value;
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  value(context: string): JsonValue {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (ch !== word[0]) continue;
      for (let i = 1; i < word.length; i++) {
        const got = this.text[this.pos + i];
        if (got === undefined) throw new JsonSyntaxError('unexpected end of JSON input');
        if (got !== word[i]) {
          this.pos += i;
          this.fail(`in literal ${word} (expecting ${quoteChar(word[i] as string)})`);
        }
      }
      this.pos += word.length;
      return value;
    }
    return this.fail(context);
  }

  skipSpace(): void {
    while (' \t\n\r'.includes(this.text[this.pos] ?? 'x')) this.pos++;
  }

  fail(context: string): never {
    const ch = this.text[this.pos];
    if (ch === undefined) throw new JsonSyntaxError('unexpected end of JSON input');
    throw new JsonSyntaxError(`invalid character ${quoteChar(ch)} ${context}`);
  }

  private object(): JsonValue {
    this.pos++;
    // No prototype: a "__proto__" key is just a key.
    const out = Object.create(null) as { [key: string]: JsonValue };
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('looking for beginning of object key string');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('after object key');
      this.pos++;
      out[key] = this.value('looking for beginning of value');
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return out;
      if (next !== ',') {
        this.pos--;
        this.fail('after object key:value pair');
      }
    }
  }

  private array(): JsonValue {
    this.pos++;
    const out: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value('looking for beginning of value'));
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return out;
      if (next !== ',') {
        this.pos--;
        this.fail('after array element');
      }
    }
  }

  private string(): string {
    const start = this.pos;
    for (let i = start + 1; i < this.text.length; i++) {
      const ch = this.text[i] as string;
      if (ch === '\\') i++;
      else if (ch < ' ') {
        this.pos = i;
        this.fail('in string literal');
      } else if (ch === '"') {
        this.pos = i + 1;
        try {
          return JSON.parse(this.text.slice(start, i + 1)) as string;
        } catch {
          this.pos = start;
          this.fail('in string escape code');
        }
      }
    }
    throw new JsonSyntaxError('unexpected end of JSON input');
  }

  private number(): JsonNumber {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text)?.[0];
    if (found === undefined || found === '-') {
      this.pos++;
      this.fail('in numeric literal');
    }
    this.pos += found.length;
    return new JsonNumber(found);
  }
}

/** Go's quoteChar for syntax errors: 'x', '\n', '\''. */
function quoteChar(ch: string): string {
  if (ch === "'") return `'\\''`;
  if (ch === '"') return `'"'`;
  return `'${JSON.stringify(ch).slice(1, -1)}'`;
}

/**
 * json.Marshal (indent "") or json.MarshalIndent(v, "", indent). Objects keep their key
 * order (build them in Go's field order; sort map keys before calling).
 */
export function encodeJson(value: GoValue, indent = ''): string {
  return encode(value, indent, '');
}

function encode(value: GoValue, indent: string, current: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return String(value);
  if (value instanceof JsonNumber) return value.text;
  const inner = current + indent;
  const open = indent === '' ? '' : `\n${inner}`;
  const close = indent === '' ? '' : `\n${current}`;
  const separator = indent === '' ? ',' : `,\n${inner}`;
  if (Array.isArray(value)) {
    const items = (value as readonly GoValue[]).map((item) => encode(item, indent, inner));
    return items.length === 0 ? '[]' : `[${open}${items.join(separator)}${close}]`;
  }
  const entries = Object.entries(value as { [key: string]: GoValue }).map(
    ([key, item]) => `${goString(key)}:${indent === '' ? '' : ' '}${encode(item, indent, inner)}`,
  );
  return entries.length === 0 ? '{}' : `{${open}${entries.join(separator)}${close}}`;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A Go JSON string literal (HTML-safe escaping, lone surrogates as U+FFFD). */
export function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&' || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}
