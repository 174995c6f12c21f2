// The HTTP flags every Consul command shares (command/flags/http.go) and how they combine
// with the CONSUL_* environment into one client configuration (api.DefaultConfig +
// MergeOntoConfig + NewClient): a flag that was given wins over its variable, a token file
// wins over a token, and the default address is 127.0.0.1:8500.

import { parseBool, quote } from '../../go/strconv.js';
import type { FlagDefs, Flags } from '../flags.js';

const CLIENT_FLAGS: FlagDefs = {
  'http-addr': {
    kind: 'string',
    custom: true,
    usage:
      'The `address` and port of the Consul HTTP agent. The value can be an IP address or DNS address, but it must also include the port. ' +
      'This can also be specified via the CONSUL_HTTP_ADDR environment variable. The default value is http://127.0.0.1:8500. ' +
      'The scheme can also be set to HTTPS by setting the environment variable CONSUL_HTTP_SSL=true.',
  },
  token: {
    kind: 'string',
    custom: true,
    usage:
      'ACL token to use in the request. This can also be specified via the CONSUL_HTTP_TOKEN environment variable. ' +
      'If unspecified, the query will default to the token of the Consul agent at the HTTP address.',
  },
  'token-file': {
    kind: 'string',
    custom: true,
    usage:
      'File containing the ACL token to use in the request instead of one specified via the -token argument or CONSUL_HTTP_TOKEN environment variable. ' +
      'This can also be specified via the CONSUL_HTTP_TOKEN_FILE environment variable.',
  },
  'ca-file': {
    kind: 'string',
    custom: true,
    usage: 'Path to a CA file to use for TLS when communicating with Consul. This can also be specified via the CONSUL_CACERT environment variable.',
  },
  'ca-path': {
    kind: 'string',
    custom: true,
    usage:
      'Path to a directory of CA certificates to use for TLS when communicating with Consul. This can also be specified via the CONSUL_CAPATH environment variable.',
  },
  'client-cert': {
    kind: 'string',
    custom: true,
    usage:
      "Path to a client cert file to use for TLS when 'verify_incoming' is enabled. This can also be specified via the CONSUL_CLIENT_CERT environment variable.",
  },
  'client-key': {
    kind: 'string',
    custom: true,
    usage:
      "Path to a client key file to use for TLS when 'verify_incoming' is enabled. This can also be specified via the CONSUL_CLIENT_KEY environment variable.",
  },
  'tls-server-name': {
    kind: 'string',
    custom: true,
    usage: 'The server name to use as the SNI host when connecting via TLS. This can also be specified via the CONSUL_TLS_SERVER_NAME environment variable.',
  },
};

const SERVER_FLAGS: FlagDefs = {
  datacenter: {
    kind: 'string',
    custom: true,
    usage: 'Name of the datacenter to query. If unspecified, this will default to the datacenter of the queried agent.',
  },
  stale: {
    kind: 'bool',
    custom: true,
    usage:
      'Permit any Consul server (non-leader) to respond to this request. This allows for lower latency and higher throughput, but can result in stale data. ' +
      'This option has no effect on non-read operations. The default value is false.',
  },
};

/** Enterprise flags (`?ns=`, `?partition=`); Consul CE and kvgate answer them with 400. */
export const MULTI_TENANCY_FLAGS: FlagDefs = {
  namespace: {
    kind: 'string',
    custom: true,
    usage:
      "Specifies the namespace to query. If not provided, the namespace will be inferred from the request's ACL token, or will default to the `default` namespace. " +
      'Namespaces are a Consul Enterprise feature.',
  },
  partition: {
    kind: 'string',
    custom: true,
    usage:
      "Specifies the admin partition to query. If not provided, the admin partition will be inferred from the request's ACL token, or will default to the `default` admin partition. " +
      'Admin Partitions are a Consul Enterprise feature.',
  },
};

/** The client and server flags, listed under "HTTP API Options" in every command's help. */
export const HTTP_FLAGS: FlagDefs = { ...CLIENT_FLAGS, ...SERVER_FLAGS };
export const HTTP_FLAG_NAMES: ReadonlySet<string> = new Set(Object.keys(HTTP_FLAGS));

/** What the API client needs, before the address is split into scheme, host and prefix. */
export interface HttpSettings {
  address: string;
  /** From CONSUL_HTTP_SSL; an `https://` address forces TLS too. */
  ssl: boolean;
  token: string;
  tokenFile: string;
  datacenter: string;
  namespace: string;
  partition: string;
  stale: boolean;
  auth?: { username: string; password: string };
  tls: { caFile: string; caPath: string; certFile: string; keyFile: string; serverName: string; insecureSkipVerify: boolean };
  /** Problems Go's client only logs (an unparsable CONSUL_HTTP_SSL). */
  warnings: string[];
}

export function httpSettings(flags: Flags, env: NodeJS.ProcessEnv): HttpSettings {
  const warnings: string[] = [];
  const envBool = (name: string): boolean | undefined => {
    const value = env[name];
    if (!value) return undefined;
    const parsed = parseBool(value);
    if (parsed.ok) return parsed.value;
    warnings.push(`[WARN]  consul-api: could not parse ${name}: error=${quote(parsed.error.message)}`);
    return false;
  };
  /** The flag's value when it was given, else the variable's, else the default. */
  const pick = (flag: string, variable: string | undefined, fallback = ''): string => {
    if (flags.set.has(flag)) return flags.string(flag);
    const value = variable === undefined ? undefined : env[variable];
    return value ? value : fallback;
  };
  const auth = env.CONSUL_HTTP_AUTH;
  const colon = auth?.indexOf(':') ?? -1;
  return {
    address: pick('http-addr', 'CONSUL_HTTP_ADDR', '127.0.0.1:8500'),
    ssl: envBool('CONSUL_HTTP_SSL') ?? false,
    token: pick('token', 'CONSUL_HTTP_TOKEN'),
    tokenFile: pick('token-file', 'CONSUL_HTTP_TOKEN_FILE'),
    datacenter: pick('datacenter', undefined),
    namespace: pick('namespace', 'CONSUL_NAMESPACE'),
    partition: pick('partition', 'CONSUL_PARTITION'),
    stale: flags.set.has('stale') && flags.bool('stale'),
    ...(auth ? { auth: colon < 0 ? { username: auth, password: '' } : { username: auth.slice(0, colon), password: auth.slice(colon + 1) } } : {}),
    tls: {
      caFile: pick('ca-file', 'CONSUL_CACERT'),
      caPath: pick('ca-path', 'CONSUL_CAPATH'),
      certFile: pick('client-cert', 'CONSUL_CLIENT_CERT'),
      keyFile: pick('client-key', 'CONSUL_CLIENT_KEY'),
      serverName: pick('tls-server-name', 'CONSUL_TLS_SERVER_NAME'),
      // Go skips verification when the variable is set and not a true boolean.
      insecureSkipVerify: envBool('CONSUL_HTTP_SSL_VERIFY') === false,
    },
    warnings,
  };
}
