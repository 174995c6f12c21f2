// Go's encoding/json as Consul reads JSON: request bodies through json.Decoder (PUT
// /v1/session/create, /v1/txn), `kv import` data and API answers through json.Unmarshal, both
// into structs. So objects are Maps whose fields are looked up the way Go matches struct
// fields (field(), matchField()), numbers keep their exact text (uint64 flags and indexes
// must not pass through a double), and every error carries Go's text.

import { JsonNumber, scan, type JsonResult, type JsonValue } from './json-scanner.js';
import { parseUint64 } from './strconv.js';

export { JsonNumber, type JsonObject, type JsonResult, type JsonValue } from './json-scanner.js';

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

