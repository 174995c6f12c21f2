/**
 * Go's base64.StdEncoding.DecodeString, strict as Consul's JSON decoding of []byte is:
 * padding required, newlines skipped, and Go's error position in
 * `illegal base64 data at input byte N`.
 */
export type Base64Result = { ok: true; bytes: Buffer } | { ok: false; error: string };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function decodeGoBase64(text: string): Base64Result {
  const src = Buffer.from(text, 'utf8');
  const fail = (at: number): Base64Result => ({ ok: false, error: `illegal base64 data at input byte ${at}` });
  let si = 0;
  // Go decodes quantum by quantum; this checks each quantum the way decodeQuantum does.
  while (si < src.length) {
    let j = 0;
    while (j < 4) {
      if (si === src.length) {
        if (j === 0) return { ok: true, bytes: Buffer.from(stripNewlines(text), 'base64') };
        return fail(si - j);
      }
      const c = src[si++] as number;
      if (DECODE[c] !== -1) {
        j++;
        continue;
      }
      if (c === 10 || c === 13) continue;
      if (c !== 61 /* = */) return fail(si - 1);
      // Padding: only in the last two places of the final quantum.
      if (j < 2) return fail(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === 10 || src[si] === 13)) si++;
        if (si === src.length) return fail(src.length);
        if (src[si] !== 61) return fail(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === 10 || src[si] === 13)) si++;
      if (si < src.length) return fail(si);
      return { ok: true, bytes: Buffer.from(stripNewlines(text), 'base64') };
    }
  }
  return { ok: true, bytes: Buffer.from(stripNewlines(text), 'base64') };
}

function stripNewlines(text: string): string {
  return text.replace(/[\r\n]/g, '');
}
