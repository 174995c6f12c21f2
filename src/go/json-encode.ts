// JSON as Go's encoding/json writes it, so that REST answers, `kv export` and watch output
// match Consul's byte for byte: strings with Go's HTML-safe escaping (`<`, `>`, `&`,
// U+2028/9), invalid UTF-8 bytes as `\ufffd`, uint64 numbers exact, and MarshalIndent's layout.

import { isUtf8 } from 'node:buffer';
import { JsonNumber } from './json.js';
import { utf8SequenceLength } from './utf8.js';

/** What the encoder takes: JSON values, with bigint and number for integers. */
export type GoValue = null | boolean | string | bigint | number | JsonNumber | readonly GoValue[] | { readonly [key: string]: GoValue };

/**
 * json.Marshal (indent "") or json.MarshalIndent(v, "", indent). Objects keep their key
 * order (build them in Go's field order; sort map keys before calling).
 */
export function encodeJson(value: GoValue, indent = ''): string {
  const compact = encode(value);
  return indent === '' ? compact : indentJson(compact, indent);
}

function encode(value: GoValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'bigint' || typeof value === 'number') return String(value);
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${(value as readonly GoValue[]).map(encode).join(',')}]`;
  return `{${Object.entries(value as { [key: string]: GoValue }).map(([key, item]) => `${jsonString(key)}:${encode(item)}`).join(',')}}`;
}

/** A Go JSON string literal: JSON.stringify plus Go's HTML-safe escapes. */
export function jsonString(text: string): string {
  const json = JSON.stringify(text);
  return GO_ESCAPED.test(json) ? json.replace(GO_ESCAPED_ALL, goEscape) : json;
}
const GO_ESCAPED = /[<>&\u2028\u2029]/;
const GO_ESCAPED_ALL = /[<>&\u2028\u2029]/g;
const goEscape = (c: string) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');

/**
 * Go's JSON string of raw bytes (a key): valid UTF-8 as jsonString; every byte that does
 * not start a valid UTF-8 sequence becomes the escape `\ufffd`, one per byte, as Go writes.
 */
export function jsonStringFromBytes(bytes: Buffer): string {
  if (isUtf8(bytes)) return jsonString(bytes.toString('utf8'));
  let out = '"';
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const size = utf8SequenceLength(bytes, i);
    if (size > 0) {
      i += size;
      continue;
    }
    out += jsonString(bytes.toString('utf8', start, i)).slice(1, -1) + '\\ufffd';
    start = ++i;
  }
  return out + jsonString(bytes.toString('utf8', start)).slice(1, -1) + '"';
}

/** json.Indent(compact, "", indent): one member per line, `": "` after keys, empty `[]`/`{}` kept. */
export function indentJson(compact: string, indent: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += compact[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '{' || c === '[') {
      const close = compact[i + 1];
      if (close === '}' || close === ']') {
        out += c + close;
        i++;
      } else {
        depth++;
        out += c + '\n' + indent.repeat(depth);
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += '\n' + indent.repeat(depth) + c;
    } else if (c === ',') {
      out += ',\n' + indent.repeat(depth);
    } else if (c === ':') {
      out += ': ';
    } else {
      out += c;
    }
  }
  return out;
}
