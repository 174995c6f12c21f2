// Go's base64.StdEncoding.DecodeString: padding required, `\r`/`\n` ignored, and on bad
// input the error names the offending byte (`illegal base64 data at input byte 4`) while the
// bytes decoded before it are still returned — `consul kv put -base64` writes those.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const PAD = 0x3d; // '='
const isNewline = (b: number | undefined) => b === 0x0a || b === 0x0d;

export interface Base64Result {
  bytes: Buffer;
  /** Go's CorruptInputError text, when the input was not valid. */
  error?: string;
}

export function decodeBase64(input: Buffer | string): Base64Result {
  const src = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const quantum = decodeQuantum(src, si);
    out.push(...quantum.bytes);
    if (quantum.error !== undefined) return { bytes: Buffer.from(out), error: `illegal base64 data at input byte ${quantum.error}` };
    if (quantum.done) return { bytes: Buffer.from(out) };
    si = quantum.next;
  }
}

interface Quantum {
  bytes: number[];
  next: number;
  done: boolean;
  error?: number;
}

/** One 4-character group, exactly as encoding/base64's decodeQuantum handles it. */
function decodeQuantum(src: Buffer, start: number): Quantum {
  const dbuf = [0, 0, 0, 0];
  let dlen = 4;
  let si = start;
  let trailing: number | undefined;
  let done = false;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) {
      if (j === 0) return { bytes: [], next: si, done: true };
      return { bytes: [], next: si, done: true, error: si - j };
    }
    const ch = src[si] as number;
    si++;
    const value = DECODE[ch] as number;
    if (value >= 0) {
      dbuf[j] = value;
      continue;
    }
    if (isNewline(ch)) {
      j--;
      continue;
    }
    if (ch !== PAD || j < 2) return { bytes: [], next: si, done: true, error: si - 1 };
    if (j === 2) {
      while (si < src.length && isNewline(src[si])) si++;
      if (si === src.length) return { bytes: [], next: si, done: true, error: src.length };
      if (src[si] !== PAD) return { bytes: [], next: si, done: true, error: si - 1 };
      si++;
    }
    while (si < src.length && isNewline(src[si])) si++;
    if (si < src.length) trailing = si;
    dlen = j;
    done = true;
    break;
  }
  const val = ((dbuf[0] as number) << 18) | ((dbuf[1] as number) << 12) | ((dbuf[2] as number) << 6) | (dbuf[3] as number);
  const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff].slice(0, dlen - 1);
  return trailing === undefined ? { bytes, next: si, done } : { bytes, next: si, done: true, error: trailing };
}
