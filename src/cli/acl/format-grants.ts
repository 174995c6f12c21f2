// The lines tokens and roles share in Consul's pretty formats: each kind of grant under its
// heading, one per line, three spaces deeper than the heading.

import type { AclLink, Grants } from '../consul/acl-structs.js';

const datacenters = (list: readonly string[]) => (list.length > 0 ? list.join(', ') : 'all');

/** Policies, roles (tokens only: pass null for a role), identities and templated policies. */
export function grantLines(g: Grants, roles: readonly AclLink[] | null, indent: string): string {
  const deeper = `${indent}   `;
  let out = '';
  const section = (title: string, rows: string[]) => {
    if (rows.length > 0) out += `${indent}${title}:\n${rows.join('')}`;
  };
  section('Policies', g.Policies.map((p) => `${deeper}${p.ID} - ${p.Name}\n`));
  section('Roles', (roles ?? []).map((r) => `${deeper}${r.ID} - ${r.Name}\n`));
  section('Service Identities', g.ServiceIdentities.map((s) => `${deeper}${s.ServiceName} (Datacenters: ${datacenters(s.Datacenters)})\n`));
  section('Node Identities', g.NodeIdentities.map((n) => `${deeper}${n.NodeName} (Datacenter: ${n.Datacenter})\n`));
  section(
    'Templated Policies',
    g.TemplatedPolicies.map(
      (p) => `${deeper}${p.TemplateName}\n${p.VariablesName ? `${deeper}   Name: ${p.VariablesName}\n` : ''}${deeper}   Datacenters: ${datacenters(p.Datacenters)}\n`,
    ),
  );
  return out;
}
