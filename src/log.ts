import { pino, type DestinationStream, type Logger } from 'pino';
import { decodeComponent } from './go/url.js';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where tokens may sit in a logged object: at the top, or one level down (`req.headers`). */
const TOKEN_PATHS = ['token', 'headers.authorization', 'headers["x-consul-token"]'];

/** JSON lines on stdout (or `destination`); pipe through pino-pretty to read them by eye. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'kvgate' },
    redact: { paths: [...TOKEN_PATHS, ...TOKEN_PATHS.map((path) => `*.${path}`)], censor: '<hidden>' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Hides the ?token values of a URL before it is logged: every parameter whose name the
 * query parser reads as `token` (percent-escapes decoded, so `%74oken` too), in any case.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const parts = url.slice(q + 1).split('&');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const eq = part.indexOf('=');
    if (eq !== -1 && decodeComponent(part.slice(0, eq))?.toLowerCase() === 'token') parts[i] = `${part.slice(0, eq)}=<hidden>`;
  }
  return `${url.slice(0, q)}?${parts.join('&')}`;
}
