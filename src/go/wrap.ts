// github.com/kr/text Wrap, which Consul's help output uses for flag descriptions: words
// are split on single spaces and broken into lines of at most `limit` runes with minimal
// raggedness (the sum of squared slack), not greedily.

const LONG_LINE_PENALTY = 1e5;

export function wrap(text: string, limit: number): string {
  const words = text.trim().replaceAll('\n', ' ').split(' ');
  const n = words.length;
  const sizes = words.map((w) => [...w].length);
  const lengthOf = (i: number, j: number) => {
    let total = sizes[i] as number;
    for (let k = i + 1; k <= j; k++) total += 1 + (sizes[k] as number);
    return total;
  };
  const cost = new Array<number>(n).fill(Number.MAX_SAFE_INTEGER);
  const breakAt = new Array<number>(n).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    if (lengthOf(i, n - 1) <= limit || i === n - 1) {
      cost[i] = 0;
      breakAt[i] = n;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const length = lengthOf(i, j - 1);
      const slack = limit - length;
      let c = slack * slack + (cost[j] as number);
      if (length > limit) c += LONG_LINE_PENALTY;
      if (c < (cost[i] as number)) {
        cost[i] = c;
        breakAt[i] = j;
      }
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < n; i = breakAt[i] as number) lines.push(words.slice(i, breakAt[i]).join(' '));
  return lines.join('\n');
}
