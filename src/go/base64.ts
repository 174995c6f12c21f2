// Go's base64.StdEncoding.DecodeString: padding required, `\r`/`\n` skipped, and on bad input
// the error names the offending byte (`illegal base64 data at input byte 4`) while the bytes
// decoded before it are still returned. Consul's JSON decoding of a []byte rejects on the
// error; `consul kv put -base64` reports it and writes those bytes.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const PAD = 0x3d; // '='
const isNewline = (b: number | undefined) => b === 0x0a || b === 0x0d;

export interface Base64Result {
  /** What decoded before the error (everything, when there is none). */
  bytes: Buffer;
  /** Go's CorruptInputError text, when the input was not valid. */
  error?: string;
}

export function decodeBase64(input: Buffer | string): Base64Result {
  const src = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out = Buffer.allocUnsafe(Math.ceil((src.length * 3) / 4));
  let n = 0;
  const result = (corruptAt?: number): Base64Result =>
    corruptAt === undefined ? { bytes: out.subarray(0, n) } : { bytes: out.subarray(0, n), error: `illegal base64 data at input byte ${corruptAt}` };
  let si = 0;
  let bits = 0;
  // One 4-character quantum per round, read exactly as encoding/base64's decodeQuantum does.
  for (;;) {
    bits = 0;
    let j = 0;
    while (j < 4) {
      if (si === src.length) return j === 0 ? result() : result(si - j);
      const ch = src[si++] as number;
      const value = DECODE[ch] as number;
      if (value >= 0) {
        bits = (bits << 6) | value;
        j++;
      } else if (!isNewline(ch)) {
        return padding(ch, j);
      }
    }
    out[n++] = (bits >> 16) & 0xff;
    out[n++] = (bits >> 8) & 0xff;
    out[n++] = bits & 0xff;
  }

  /** `=` after `j` characters: ends the input, with 1 or 2 bytes from the last quantum. */
  function padding(ch: number, j: number): Base64Result {
    if (ch !== PAD || j < 2) return result(si - 1);
    if (j === 2) {
      while (si < src.length && isNewline(src[si])) si++;
      if (si === src.length) return result(src.length);
      if (src[si] !== PAD) return result(si - 1);
      si++;
    }
    while (si < src.length && isNewline(src[si])) si++;
    bits <<= 6 * (4 - j);
    out[n++] = (bits >> 16) & 0xff;
    if (j === 3) out[n++] = (bits >> 8) & 0xff;
    return result(si < src.length ? si : undefined);
  }
}
