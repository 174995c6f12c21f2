import { jsonString } from '../go/json-encode.js';
import type { Datacenter } from '../kv/datacenter.js';
import { parseQueryOptions, parseToken } from './query-options.js';
import type { RestRequest, Route } from './router.js';
import { sendJson } from './wire.js';

/** The port a Consul server takes Raft/RPC traffic on, reported with the "leader" address. */
export const SERVER_RPC_PORT = 8300;
/** The port of a Consul agent's LAN gossip, reported as its member port. */
export const SERF_LAN_PORT = 8301;

/**
 * The address reported as the "Raft leader": the host the gateway listens on (loopback
 * when it listens on every interface) with a Consul server's RPC port.
 */
export function reportedServerAddress(listenHost: string): string {
  const host = listenHost === '0.0.0.0' || listenHost === '::' ? '127.0.0.1' : listenHost;
  return `${host.includes(':') ? `[${host}]` : host}:${SERVER_RPC_PORT}`;
}

/** What the probe endpoints report about this gateway. */
export interface AgentInfo {
  nodeName: string;
  /** Address reported as the "Raft leader" (see reportedServerAddress). */
  serverAddress: string;
  version: string;
  /** True once Redis answers and the scripts are loaded. */
  isReady(): boolean;
  /** Throws unless the token may read the agent (Consul's agent:read on this node). */
  mayReadAgent(token: string): Promise<unknown>;
}

/**
 * The agent/status endpoints Consul tools probe before they use the KV API:
 * `consul watch` asks for the leader, `consul lock` for the agent's node name.
 */
export function statusRoutes(dc: Datacenter, agent: AgentInfo): Route[] {
  const address = jsonString(agent.serverAddress);
  return [
    {
      pattern: '/v1/status/leader',
      methods: ['GET'],
      // Consul answers "" while there is no leader.
      handler: (r) => {
        checkQuery(dc, r);
        sendJson(r, 200, agent.isReady() ? address : '""');
      },
    },
    {
      pattern: '/v1/status/peers',
      methods: ['GET'],
      handler: (r) => {
        checkQuery(dc, r);
        sendJson(r, 200, agent.isReady() ? `[${address}]` : '[]');
      },
    },
    {
      pattern: '/v1/agent/self',
      methods: ['GET'],
      async handler(r) {
        await agent.mayReadAgent(parseToken(r.query, r.req.headers));
        sendJson(r, 200, agentSelf(dc.name, agent));
      },
    },
  ];
}

/** The status endpoints parse the shared parameters and route by ?dc like every RPC. */
function checkQuery(dc: Datacenter, r: RestRequest): void {
  dc.check(parseQueryOptions(r.query, r.req.headers).datacenter);
}

function agentSelf(datacenter: string, agent: AgentInfo): string {
  const [host = '127.0.0.1', port = String(SERVER_RPC_PORT)] = splitHostPort(agent.serverAddress);
  return JSON.stringify({
    Config: {
      Datacenter: datacenter,
      NodeName: agent.nodeName,
      NodeID: '',
      PrimaryDatacenter: datacenter,
      Revision: `kvgate-${agent.version}`,
      Server: true,
      Version: '1.22.0',
    },
    Member: {
      Name: agent.nodeName,
      Addr: host,
      Port: SERF_LAN_PORT,
      Tags: { dc: datacenter, role: 'consul', port },
      Status: 1,
    },
    Meta: { 'kvgate-version': agent.version },
  });
}

function splitHostPort(address: string): [string, string] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at).replace(/^\[|\]$/g, ''), address.slice(at + 1)];
}
