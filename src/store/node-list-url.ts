/** A Redis server's address. */
export interface RedisNode {
  host: string;
  port: number;
}

/** What a `scheme://[[user]:password@]host[:port][,host[:port]…][/path]` URL says. */
export interface NodeListUrl {
  nodes: RedisNode[];
  username?: string;
  password?: string;
  /** What follows the first "/" after the hosts, decoded ('' when none). */
  path: string;
}

/**
 * Parses the URLs that name several servers (Sentinel, Cluster): hosts separated by commas,
 * `defaultPort` where none is given, IPv6 in brackets, credentials before an "@" (a password
 * alone, or user:password). Throws with what is wrong; the caller names the URL.
 */
export function parseNodeListUrl(url: string, scheme: string, defaultPort: number, what: string): NodeListUrl {
  if (!url.startsWith(scheme)) throw new Error(`must start with ${scheme}`);
  const rest = url.slice(scheme.length).replace(/[?#].*$/, '');
  const slash = rest.indexOf('/');
  let hosts = slash < 0 ? rest : rest.slice(0, slash);
  const parsed: NodeListUrl = { nodes: [], path: slash < 0 ? '' : decodeURIComponent(rest.slice(slash + 1)) };
  const at = hosts.lastIndexOf('@');
  if (at >= 0) {
    const credentials = hosts.slice(0, at);
    const colon = credentials.indexOf(':');
    if (colon < 0) parsed.password = decodeURIComponent(credentials);
    else {
      if (colon > 0) parsed.username = decodeURIComponent(credentials.slice(0, colon));
      parsed.password = decodeURIComponent(credentials.slice(colon + 1));
    }
    hosts = hosts.slice(at + 1);
  }
  for (const hostPort of hosts.split(',')) {
    const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostPort);
    const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
    if (!match || port < 1 || port > 65535) throw new Error(`"${hostPort}" is not a ${what} address (host or host:port)`);
    parsed.nodes.push({ host: (match[1] as string).replace(/^\[(.*)\]$/, '$1'), port });
  }
  return parsed;
}

/** The URL again, for logs: no credentials. */
export function describeNodeList(scheme: string, nodes: RedisNode[], path = ''): string {
  return `${scheme}${nodes.map((n) => (n.host.includes(':') ? `[${n.host}]:${n.port}` : `${n.host}:${n.port}`)).join(',')}${path === '' ? '' : `/${path}`}`;
}
