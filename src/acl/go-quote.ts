// Go's strconv.Quote over bytes, the form `%#v` and `%q` give a Go string: printable UTF-8
// kept, `\"` and `\\` escaped, control characters as `\n`/`\t`/…, other unprintable runes as
// `\u`/`\U`, bytes that are not UTF-8 as `\xNN`.

const SHORT: Record<number, string> = {
  0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v',
  0x22: '\\"', 0x5c: '\\\\',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** The rune encoded at `bytes[i]` and its length, or `[-1, 1]` for a byte that is not UTF-8. */
export function decodeRune(bytes: Uint8Array, i: number): [number, number] {
  const b0 = bytes[i] as number;
  if (b0 < 0x80) return [b0, 1];
  const need = b0 >= 0xf0 && b0 < 0xf5 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc2 && b0 < 0xe0 ? 2 : 0;
  if (need === 0 || b0 >= 0xf5 || i + need > bytes.length) return [-1, 1];
  let cp = b0 & (need === 2 ? 0x1f : need === 3 ? 0x0f : 0x07);
  for (let k = 1; k < need; k++) {
    const b = bytes[i + k] as number;
    if ((b & 0xc0) !== 0x80) return [-1, 1];
    cp = (cp << 6) | (b & 0x3f);
  }
  const min = need === 2 ? 0x80 : need === 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [-1, 1];
  return [cp, need];
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** strconv.Quote of a Go string given as bytes (a JS string is taken as its UTF-8). */
export function goQuote(value: Uint8Array | string): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  let out = '"';
  for (let i = 0; i < bytes.length; ) {
    const [cp, size] = decodeRune(bytes, i);
    if (cp < 0) out += '\\x' + hex(bytes[i] as number, 2);
    else if (SHORT[cp] !== undefined) out += SHORT[cp];
    else if (cp >= 0x20 && cp < 0x7f) out += String.fromCharCode(cp);
    else if (cp >= 0x80 && PRINTABLE.test(String.fromCodePoint(cp))) out += String.fromCodePoint(cp);
    else if (cp < 0x80) out += '\\x' + hex(cp, 2);
    else if (cp < 0x10000) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
    i += size;
  }
  return out + '"';
}
