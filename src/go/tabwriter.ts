// Go's text/tabwriter with a space pad character and no flags — what `consul kv get
// -detailed` prints through (minwidth 0, tabwidth 2, padding 6). Works on bytes: values are
// printed raw, and a cell's width is its UTF-8 rune count, as in Go.

import { runeCount } from './utf8.js';

const TAB = 0x09;
const NEWLINE = 0x0a;

interface Cell {
  bytes: Buffer;
  width: number;
}

export function tabwrite(input: Buffer, minwidth: number, padding: number): Buffer {
  const lines = splitLines(input);
  const out: Buffer[] = [];
  format(lines, out, [], 0, lines.length, minwidth, padding);
  return Buffer.concat(out);
}

/** Lines of tab-terminated cells; a line's last cell is the text after its last tab. */
function splitLines(input: Buffer): Cell[][] {
  const lines: Cell[][] = [];
  let cells: Cell[] = [];
  let start = 0;
  for (let i = 0; i <= input.length; i++) {
    const byte = i < input.length ? input[i] : NEWLINE;
    if (byte !== TAB && byte !== NEWLINE) continue;
    const bytes = input.subarray(start, i);
    cells.push({ bytes, width: runeCount(bytes) });
    start = i + 1;
    if (byte === NEWLINE) {
      lines.push(cells);
      cells = [];
    }
  }
  return lines;
}

/** tabwriter.Writer.format: column blocks are runs of consecutive lines that have that column. */
function format(lines: Cell[][], out: Buffer[], widths: number[], line0: number, line1: number, minwidth: number, padding: number): void {
  const column = widths.length;
  let printed = line0;
  for (let current = line0; current < line1; current++) {
    if (column >= (lines[current] as Cell[]).length - 1) continue;
    writeLines(lines, out, widths, printed, current);
    const blockStart = current;
    let width = minwidth;
    for (; current < line1; current++) {
      const line = lines[current] as Cell[];
      if (column >= line.length - 1) break;
      width = Math.max(width, (line[column] as Cell).width + padding);
    }
    format(lines, out, [...widths, width], blockStart, current, minwidth, padding);
    printed = current;
    current--;
  }
  writeLines(lines, out, widths, printed, line1);
}

function writeLines(lines: Cell[][], out: Buffer[], widths: number[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const line = lines[i] as Cell[];
    line.forEach((cell, j) => {
      out.push(cell.bytes);
      if (j < widths.length && j < line.length - 1) out.push(Buffer.alloc(Math.max(0, (widths[j] as number) - cell.width), ' '));
    });
    if (i + 1 < lines.length) out.push(Buffer.from('\n'));
  }
}

