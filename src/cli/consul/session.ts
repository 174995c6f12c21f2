// Sessions (api/session.go) and the two probes Consul's commands make first: the agent's
// node name (`consul lock`) and the Raft leader (`consul watch`).

import { encodeJson, parseJson, type GoValue } from '../go/json.js';
import { statusError, type ApiClient } from './client.js';

export interface SessionRequest {
  Name?: string;
  TTL?: string;
  Behavior?: 'release' | 'delete';
}

export class SessionApi {
  constructor(private readonly client: ApiClient) {}

  /** PUT /v1/session/create with only the fields that are set (Go sends a map, keys sorted). */
  async create(request: SessionRequest): Promise<string> {
    const body: Record<string, GoValue> = {};
    for (const name of ['Behavior', 'Name', 'TTL'] as const) {
      const value = request[name];
      if (value !== undefined && value !== '') body[name] = value;
    }
    const response = await this.client.requireOk('PUT', '/v1/session/create', { body: `${encodeJson(body)}\n` });
    const answer = parseJson(response.body.toString('utf8')) as { ID?: string } | null;
    return answer?.ID ?? '';
  }

  /** The session's TTL after a renew, or null when the session no longer exists (404). */
  async renew(id: string): Promise<string | null> {
    const response = await this.client.request('PUT', `/v1/session/renew/${id}`);
    if (response.status === 404) return null;
    if (response.status !== 200) throw statusError(response);
    const entries = parseJson(response.body.toString('utf8')) as Array<{ TTL?: string }> | null;
    return entries?.[0]?.TTL ?? null;
  }

  async destroy(id: string): Promise<void> {
    await this.client.requireOk('PUT', `/v1/session/destroy/${id}`);
  }
}

/** GET /v1/agent/self → Config.NodeName (api.Agent.NodeName). */
export async function agentNodeName(client: ApiClient): Promise<string> {
  const response = await client.requireOk('GET', '/v1/agent/self');
  const self = parseJson(response.body.toString('utf8')) as { Config?: { NodeName?: string } } | null;
  return self?.Config?.NodeName ?? '';
}

/** GET /v1/status/leader (api.Status.Leader). */
export async function statusLeader(client: ApiClient): Promise<string> {
  const response = await client.requireOk('GET', '/v1/status/leader');
  return parseJson(response.body.toString('utf8')) as string;
}
