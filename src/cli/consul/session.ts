// Sessions (api/session.go) and the two probes Consul's commands make first: the agent's
// node name (`consul lock`) and the Raft leader (`consul watch`).

import { field, type JsonValue } from '../../go/json.js';
import { encodeJson, type GoValue } from '../../go/json-encode.js';
import { decodeBody, statusError, type ApiClient } from './client.js';

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
    return text(field(decodeBody(response), 'ID').value) ?? '';
  }

  /** The session's TTL after a renew, or null when the session no longer exists (404). */
  async renew(id: string): Promise<string | null> {
    const response = await this.client.request('PUT', `/v1/session/renew/${id}`);
    if (response.status === 404) return null;
    if (response.status !== 200) throw statusError(response);
    const entries = decodeBody(response);
    return text(field(Array.isArray(entries) ? (entries[0] ?? null) : null, 'TTL').value);
  }

  async destroy(id: string): Promise<void> {
    await this.client.requireOk('PUT', `/v1/session/destroy/${id}`);
  }
}

/** GET /v1/agent/self → Config.NodeName (api.Agent.NodeName). */
export async function agentNodeName(client: ApiClient): Promise<string> {
  const response = await client.requireOk('GET', '/v1/agent/self');
  const config = field(decodeBody(response), 'Config').value;
  return text(field(config, 'NodeName').value) ?? '';
}

/** GET /v1/status/leader (api.Status.Leader). */
export async function statusLeader(client: ApiClient): Promise<string> {
  const response = await client.requireOk('GET', '/v1/status/leader');
  return text(decodeBody(response)) ?? '';
}

function text(value: JsonValue): string | null {
  return typeof value === 'string' ? value : null;
}
