import type { Workload } from './load.js';

/** The token the ACL-on kvgate of the benchmark is started with, and its datacenter. */
export const ACL_ROOT = 'b0e7c1a2-0000-4000-8000-00000000bench';
export const ACL_DC = 'aclbench';

const VALUE = 'v'.repeat(64);

/**
 * A token with one key_prefix rule, as the issue measures it: creates the policy and the
 * token on the ACL-on kvgate with the management token; its SecretID.
 */
export async function benchToken(port: number): Promise<string> {
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'PUT', headers: { 'x-consul-token': ACL_ROOT }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { SecretID: string };
  };
  await put('/v1/acl/policy', { Name: 'bench', Rules: 'key_prefix "bench/" { policy = "write" }' });
  const token = await put('/v1/acl/token', { Policies: [{ Name: 'bench' }] });
  await fetch(`http://127.0.0.1:${port}/v1/kv/bench/one`, { method: 'PUT', headers: { 'x-consul-token': ACL_ROOT }, body: VALUE });
  return token.SecretID;
}

/** GET and PUT on a kvgate with ACLs off and on one with ACLs on (the token above), side by side. */
export function aclScenarios(token: string): Array<{ name: string; off: Workload; on: Workload }> {
  const headers = { 'x-consul-token': token };
  return [
    { name: 'ACLs on: GET one key', off: { method: 'GET', path: () => '/v1/kv/bench/one' }, on: { method: 'GET', path: () => '/v1/kv/bench/one', headers } },
    {
      name: 'ACLs on: PUT',
      off: { method: 'PUT', path: () => '/v1/kv/bench/put', body: (n) => `${VALUE}${n}` },
      on: { method: 'PUT', path: () => '/v1/kv/bench/put', body: (n) => `${VALUE}${n}`, headers },
    },
  ];
}
