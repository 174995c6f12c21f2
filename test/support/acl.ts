import { http, type RawResponse } from './http.js';
import type { Agent } from './consul.js';

// ACL API calls as the tests make them: setup helpers fail the test unless Consul answers 200.

/** The initial management token the ACL test gateways start with. */
export const ROOT = '8c1b8e7a-6a2c-4f61-9f2b-6a2f3a3c2b10';
/** Gateway options for ACLs on, default deny, with ROOT. */
export const ACL_ON = { aclEnabled: true, aclDefaultPolicy: 'deny' as const, aclInitialManagementToken: ROOT };

const portOf = (at: Agent) => (typeof at === 'number' ? at : at.port);

/** One request with a token in X-Consul-Token ('' sends none). */
export function call(at: Agent, method: string, path: string, token: string, body?: unknown): Promise<RawResponse> {
  const headers: Record<string, string> = token === '' ? {} : { 'x-consul-token': token };
  return http(portOf(at), method, path, { headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
}

async function ok(res: Promise<RawResponse>, what: string): Promise<Record<string, any>> {
  const r = await res;
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${r.text}`);
  return JSON.parse(r.text) as Record<string, any>;
}

/** Creates a policy with ROOT; its ID. */
export async function createPolicy(at: Agent, name: string, rules: string): Promise<string> {
  return (await ok(call(at, 'PUT', '/v1/acl/policy', ROOT, { Name: name, Rules: rules }), `create policy ${name}`)).ID as string;
}

/** Creates a token linked to the named policies with ROOT; the whole token. */
export async function createToken(at: Agent, policyNames: string[], extra: Record<string, unknown> = {}): Promise<{ AccessorID: string; SecretID: string }> {
  const token = await ok(call(at, 'PUT', '/v1/acl/token', ROOT, { Policies: policyNames.map((Name) => ({ Name })), ...extra }), 'create token');
  return token as { AccessorID: string; SecretID: string };
}

/** A token holding one new policy with these rules; its SecretID. */
export async function tokenWithRules(at: Agent, name: string, rules: string): Promise<{ AccessorID: string; SecretID: string }> {
  await createPolicy(at, name, rules);
  return createToken(at, [name]);
}
