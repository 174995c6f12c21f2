// Go's unicode/utf8 over raw bytes: which bytes form a rune (DecodeRune) and how many runes
// a byte string holds (RuneCount), each invalid byte counting as one rune of its own.

/** Length of the valid UTF-8 sequence at `i` (Go's utf8.DecodeRune rules), 0 if invalid. */
export function utf8SequenceLength(b: Buffer, i: number): number {
  const lead = b[i] as number;
  if (lead < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf) => j < b.length && (b[j] as number) >= lo && (b[j] as number) <= hi;
  if (lead >= 0xc2 && lead <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const ok = cont(i + 1, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf) && cont(i + 2);
    return ok ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const ok = cont(i + 1, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf) && cont(i + 2) && cont(i + 3);
    return ok ? 4 : 0;
  }
  return 0;
}

/** utf8.RuneCount. */
export function runeCount(bytes: Buffer): number {
  let count = 0;
  for (let i = 0; i < bytes.length; count++) i += utf8SequenceLength(bytes, i) || 1;
  return count;
}
