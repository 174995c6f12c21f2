// Go's strings.TrimSpace and strings.ToLower as Consul applies them to header values: on text
// already decoded from UTF-8 (an invalid byte is U+FFFD, which neither trims nor changes).

/** unicode.IsSpace: the Unicode White_Space characters (JavaScript's \s also has U+FEFF). */
function isSpace(code: number): boolean {
  if (code <= 0xff) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0xa0;
  return code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** strings.TrimSpace. */
export function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** strings.ToLower: simple case mapping, so U+0130 becomes `i` (JavaScript gives `i` plus U+0307). */
export function toLower(s: string): string {
  return s.replaceAll('\u0130', 'i').toLowerCase();
}
