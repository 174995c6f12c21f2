// A role the client builds to send (Go's api.ACLRole literal: unset fields at their zero value).

import type { AclRole } from '../../consul/acl-structs.js';

export function newRole(fields: Partial<AclRole>): AclRole {
  return {
    ID: '',
    Name: '',
    Description: '',
    Policies: [],
    ServiceIdentities: [],
    NodeIdentities: [],
    TemplatedPolicies: [],
    Hash: null,
    CreateIndex: 0n,
    ModifyIndex: 0n,
    Namespace: '',
    Partition: '',
    ...fields,
  };
}
