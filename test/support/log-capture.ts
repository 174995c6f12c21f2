import { pino, type Logger } from 'pino';

/** A logger whose JSON lines the test reads back (as objects), at info level and above. */
export function captureLog(): { log: Logger; lines: Array<Record<string, any>>; text(): string } {
  const lines: Array<Record<string, any>> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, any>) });
  return { log, lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}
