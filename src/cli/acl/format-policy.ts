// command/acl/policy/formatter.go and command/acl/role/formatter.go, pretty format: labels
// padded to 14 columns; list entries under `<name>:` indented by three spaces.

import type { AclPolicy, AclRole } from '../consul/acl-structs.js';
import { grantLines } from './format-grants.js';

const line = (indent: string, label: string, value: string) => `${indent}${`${label}:`.padEnd(14)}${value}\n`;

function identity(indent: string, meta: { Partition: string; Namespace: string }): string {
  return (meta.Partition !== '' ? line(indent, 'Partition', meta.Partition) : '') + (meta.Namespace !== '' ? line(indent, 'Namespace', meta.Namespace) : '');
}

function metaLines(indent: string, o: { Hash: Buffer | null; CreateIndex: bigint; ModifyIndex: bigint }): string {
  return line(indent, 'Hash', (o.Hash ?? Buffer.alloc(0)).toString('hex')) + line(indent, 'Create Index', String(o.CreateIndex)) + line(indent, 'Modify Index', String(o.ModifyIndex));
}

/** FormatPolicy: the fields, then `Rules:` and the rules exactly as stored. */
export function formatPolicy(p: AclPolicy, showMeta: boolean): string {
  let out = line('', 'ID', p.ID) + line('', 'Name', p.Name) + identity('', p);
  out += line('', 'Description', p.Description) + line('', 'Datacenters', (p.Datacenters ?? []).join(', '));
  if (showMeta) out += metaLines('', p);
  return `${out}Rules:\n${p.Rules}`;
}

export function formatPolicyList(policies: readonly AclPolicy[], showMeta: boolean): string {
  return policies
    .map((p) => {
      let out = `${p.Name}:\n${line('   ', 'ID', p.ID)}${identity('   ', p)}`;
      out += line('   ', 'Description', p.Description) + line('   ', 'Datacenters', (p.Datacenters ?? []).join(', '));
      return showMeta ? out + metaLines('   ', p) : out;
    })
    .join('');
}

export function formatRole(r: AclRole, showMeta: boolean): string {
  const out = line('', 'ID', r.ID) + line('', 'Name', r.Name) + identity('', r) + line('', 'Description', r.Description);
  return out + (showMeta ? metaLines('', r) : '') + grantLines(r, null, '');
}

export function formatRoleList(roles: readonly AclRole[], showMeta: boolean): string {
  return roles
    .map((r) => {
      const out = `${r.Name}:\n${line('   ', 'ID', r.ID)}${identity('   ', r)}${line('   ', 'Description', r.Description)}`;
      return out + (showMeta ? metaLines('   ', r) : '') + grantLines(r, null, '   ');
    })
    .join('');
}
