// Go's wording for the operating-system failures a Consul command reports: files (`open x:
// no such file or directory`), connections (`dial tcp 127.0.0.1:1: connect: connection
// refused`) and child processes (`exit status 2`, `signal: terminated`).

import { quote } from './strconv.js';

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

function errno(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** An fs error as Go's os package words it: `open <path>: <reason>` (`read <path>: is a directory`). */
export function fsErrorText(err: unknown, path: string): string {
  const code = errno(err);
  const text = (code && ERRNO_TEXT[code]) ?? (err instanceof Error ? err.message : String(err));
  return code === 'EISDIR' ? `read ${path}: ${text}` : `open ${path}: ${text}`;
}

/** A connection failure as Go's net package words it, naming the address that was dialled. */
export function dialErrorText(err: unknown, target: { host: string; port: string } | { socketPath: string }): string {
  const code = errno(err);
  if ('socketPath' in target) return `dial unix ${target.socketPath}: connect: ${(code && ERRNO_TEXT[code]) ?? errMessage(err)}`;
  const address = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `dial tcp: lookup ${target.host}: no such host`;
  if (code === 'ECONNRESET') return 'EOF';
  const text = code ? ERRNO_TEXT[code] : undefined;
  return text ? `dial tcp ${address}: connect: ${text}` : errMessage(err);
}

/** A child that could not be started, as Go's os/exec words it (`exec: "x": executable file not found in $PATH`). */
export function execErrorText(file: string, err: unknown): string {
  const code = errno(err);
  if (code === 'ENOENT' && !file.includes('/')) return `exec: ${quote(file)}: executable file not found in $PATH`;
  if (code === 'ENOENT' || code === 'EACCES') return `fork/exec ${file}: ${ERRNO_TEXT[code]}`;
  return errMessage(err);
}

const SIGNAL_TEXT: Partial<Record<NodeJS.Signals, string>> = {
  SIGTERM: 'terminated',
  SIGKILL: 'killed',
  SIGINT: 'interrupt',
  SIGHUP: 'hangup',
  SIGQUIT: 'quit',
  SIGABRT: 'aborted',
  SIGPIPE: 'broken pipe',
  SIGSEGV: 'segmentation fault',
  SIGUSR1: 'user defined signal 1',
  SIGUSR2: 'user defined signal 2',
};

/** How a child ended, as Go's os.ProcessState words it (`exit status 2`, `signal: terminated`); null for exit status 0. */
export function exitText(code: number | null, signal: NodeJS.Signals | null): string | null {
  if (signal) return `signal: ${SIGNAL_TEXT[signal] ?? signal}`;
  return code === 0 ? null : `exit status ${code}`;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
