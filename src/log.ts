import { pino, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** JSON lines on stdout; pipe through pino-pretty to read them by eye. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'kvgate' },
    redact: { paths: ['token', 'headers["x-consul-token"]', 'headers.authorization'], censor: '<hidden>' },
  });
}

/** Hides ?token= values in a URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1<hidden>');
}
