// How `acl token update` changes a token's links and identities, step for step as
// command/acl/token/update does: the set flags replace, the append- flags add, the two may
// not be combined, and the deprecated -merge-* flags add without duplicates.

import type { Ui } from '../../command.js';
import type { AclApi } from '../../consul/acl.js';
import type { AclLink, AclToken } from '../../consul/acl-structs.js';
import type { Flags } from '../../flags.js';
import { LookupError, policyIdFromPartial, roleIdFromPartial } from '../lookup.js';
import { errorText } from '../shared.js';
import { nodeIdentities, serviceIdentities } from './token-object.js';

const identityConflict = (kind: 'service' | 'node') =>
  `Cannot combine the use of ${kind}-identity flag with append-${kind}-identity. To set or overwrite existing ${kind} identities, use -${kind}-identity. ` +
  `To append to existing ${kind} identities, use -append-${kind}-identity.`;

/** Applies the flags to `t`; answers the message to print when something is refused. */
export async function applyUpdate(api: AclApi, t: AclToken, flags: Flags, ui: Ui): Promise<string | undefined> {
  const list = (name: string) => flags.list(name);
  const parse = <T>(parseArgs: (args: readonly string[]) => T, args: readonly string[]): T | string => {
    try {
      return parseArgs(args);
    } catch (err) {
      if (err instanceof LookupError) return err.message;
      throw err;
    }
  };

  const appendServices = list('append-service-identity').length > 0;
  if (appendServices && list('service-identity').length > 0) {
    return identityConflict('service');
  }
  const services = parse(serviceIdentities, list(appendServices ? 'append-service-identity' : 'service-identity'));
  if (typeof services === 'string') return services;
  const appendNodes = list('append-node-identity').length > 0;
  if (appendNodes && list('node-identity').length > 0) {
    return identityConflict('node');
  }
  const nodes = parse(nodeIdentities, list(appendNodes ? 'append-node-identity' : 'node-identity'));
  if (typeof nodes === 'string') return nodes;

  const links = async (kind: 'policy' | 'role', current: AclLink[]): Promise<AclLink[] | string> => {
    const resolve = kind === 'policy' ? policyIdFromPartial : roleIdFromPartial;
    const resolved = async (partial: string): Promise<string | LookupError> => {
      try {
        return await resolve(api, partial);
      } catch (err) {
        // Consul prints the (empty) resolved ID, not the prefix that was given.
        return new LookupError(`Error resolving ${kind} ID : ${errorText(err)}`);
      }
    };
    if (flags.bool(kind === 'policy' ? 'merge-policies' : 'merge-roles')) {
      const plural = kind === 'policy' ? 'policies' : 'roles';
      ui.error(`merge-${plural} is deprecated and will be removed in a future Consul version. Use \`append-${kind}-name\` or \`append-${kind}-id\` instead.`);
      const out = [...current];
      for (const name of list(`${kind}-name`)) if (!out.some((l) => l.Name === name)) out.push({ ID: '', Name: name });
      for (const partial of list(`${kind}-id`)) {
        const id = await resolved(partial);
        if (id instanceof LookupError) return id.message;
        // Consul links a merged role by putting its ID in the Name field.
        if (!out.some((l) => l.ID === id)) out.push(kind === 'policy' ? { ID: id, Name: '' } : { ID: '', Name: id });
      }
      return out;
    }
    const set = list(`${kind}-id`).length > 0 || list(`${kind}-name`).length > 0;
    if (set && (list(`append-${kind}-id`).length > 0 || list(`append-${kind}-name`).length > 0)) {
      return (
        `Cannot combine the use of ${kind}-id/${kind}-name flags with append- variants. To set or overwrite existing ${kind === 'policy' ? 'policies' : 'roles'}, use -${kind}-id or -${kind}-name. ` +
        `To append to existing ${kind === 'policy' ? 'policies' : 'roles'}, use -append-${kind}-id or -append-${kind}-name.`
      );
    }
    const prefix = set ? '' : 'append-';
    const out = set ? [] : [...current];
    for (const name of list(`${prefix}${kind}-name`)) out.push({ ID: '', Name: name });
    for (const partial of list(`${prefix}${kind}-id`)) {
      const id = await resolved(partial);
      if (id instanceof LookupError) return id.message;
      out.push({ ID: id, Name: '' });
    }
    return out;
  };

  const policies = await links('policy', t.Policies);
  if (typeof policies === 'string') return policies;
  t.Policies = policies;
  const roles = await links('role', t.Roles);
  if (typeof roles === 'string') return roles;
  t.Roles = roles;

  if (flags.bool('merge-service-identities') || appendServices) {
    for (const s of services) {
      const at = t.ServiceIdentities.findIndex((existing) => existing.ServiceName === s.ServiceName);
      if (at >= 0) t.ServiceIdentities[at] = s;
      else t.ServiceIdentities.push(s);
    }
  } else {
    t.ServiceIdentities = services;
  }
  if (flags.bool('merge-node-identities') || appendNodes) {
    for (const n of nodes) if (!t.NodeIdentities.some((e) => e.NodeName === n.NodeName && e.Datacenter === n.Datacenter)) t.NodeIdentities.push(n);
  } else {
    t.NodeIdentities = nodes;
  }
  return undefined;
}
