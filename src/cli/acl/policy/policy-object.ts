// A policy the client builds to send (Go's api.ACLPolicy literal: unset fields at their zero value).

import type { AclPolicy } from '../../consul/acl-structs.js';

export function newPolicy(fields: Partial<AclPolicy>): AclPolicy {
  return { ID: '', Name: '', Description: '', Rules: '', Datacenters: null, Hash: null, CreateIndex: 0n, ModifyIndex: 0n, Namespace: '', Partition: '', ...fields };
}
