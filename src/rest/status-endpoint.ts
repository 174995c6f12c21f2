import { jsonString } from '../go/json-encode.js';
import type { Datacenter } from '../kv/datacenter.js';
import { parseQueryOptions } from './query-options.js';
import type { RestRequest, Route } from './router.js';
import { sendJson } from './wire.js';

/** What the probe endpoints report about this gateway. */
export interface AgentInfo {
  nodeName: string;
  /** Address reported as the "Raft leader" (`host:8300`, like a Consul server). */
  serverAddress: string;
  version: string;
  /** True once Redis answers and the scripts are loaded. */
  isReady(): boolean;
}

/**
 * The agent/status endpoints Consul tools probe before they use the KV API (spec §11.5):
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
      handler: (r) => sendJson(r, 200, agentSelf(dc.name, agent)),
    },
  ];
}

/** The status endpoints parse the shared parameters and route by ?dc like every RPC. */
function checkQuery(dc: Datacenter, r: RestRequest): void {
  dc.check(parseQueryOptions(r.query, r.req.headers).datacenter);
}

function agentSelf(datacenter: string, agent: AgentInfo): string {
  const [host = '127.0.0.1', port = '8300'] = splitHostPort(agent.serverAddress);
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
      Port: 8301,
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
