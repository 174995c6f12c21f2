// Go's wording for the operating-system errors a Consul command reports
// (`open x: no such file or directory`, `dial tcp 127.0.0.1:1: connect: connection refused`).

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

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
