import { kvError } from '../errors.js';
import type { AclLink, AclLinkInput, AclSnapshot } from '../structs/acl.js';

/**
 * The IDs of links a client gave by ID or by name (names resolved now, as Consul does:
 * a later rename shows, the link stays), each once; Consul's texts for unknown ones.
 */
export function linkIds(links: readonly AclLinkInput[], snapshot: AclSnapshot, kind: 'policy' | 'role'): string[] {
  const objects = kind === 'policy' ? snapshot.policies : snapshot.roles;
  const ids = new Set<string>();
  for (const link of links) {
    if (link.id !== '') {
      if (!objects.has(link.id)) throw kvError('ACL_INVALID', `No such ACL ${kind} with ID ${JSON.stringify(link.id)}`);
      ids.add(link.id);
      continue;
    }
    const found = [...objects.values()].find((o) => o.name.toLowerCase() === link.name.toLowerCase());
    if (!found) throw kvError('ACL_INVALID', `No such ACL ${kind} with name ${JSON.stringify(link.name)}`);
    ids.add(found.id);
  }
  return [...ids];
}

/** Links with the current names of their objects; links to objects that are gone are left out. */
export function linksOf(ids: readonly string[], objects: ReadonlyMap<string, { id: string; name: string }>): AclLink[] {
  return ids.flatMap((id) => {
    const object = objects.get(id);
    return object ? [{ id, name: object.name }] : [];
  });
}
