// A token the client builds to send (Go's api.ACLToken literal), and Consul's parsing of the
// -service-identity and -node-identity arguments (acl_helpers.go).

import { quote } from '../../../go/strconv.js';
import type { AclToken, NodeIdentity, ServiceIdentity } from '../../consul/acl-structs.js';
import { ZERO_TIME } from '../../consul/go-time.js';
import { LookupError } from '../lookup.js';

export function newToken(fields: Partial<AclToken>): AclToken {
  return {
    CreateIndex: 0n,
    ModifyIndex: 0n,
    AccessorID: '',
    SecretID: '',
    Description: '',
    Policies: [],
    Roles: [],
    ServiceIdentities: [],
    NodeIdentities: [],
    TemplatedPolicies: [],
    Local: false,
    AuthMethod: '',
    ExpirationTTL: 0n,
    ExpirationTime: null,
    CreateTime: ZERO_TIME,
    Hash: null,
    Namespace: '',
    Partition: '',
    AuthMethodNamespace: '',
    ...fields,
  };
}

/** `SERVICENAME` or `SERVICENAME:DC1,DC2`. */
export function serviceIdentities(args: readonly string[]): ServiceIdentity[] {
  return args.map((arg) => {
    const parts = arg.split(':');
    if (parts.length > 2) throw new LookupError(`Malformed -service-identity argument: ${quote(arg)}`);
    return { ServiceName: parts[0] as string, Datacenters: parts.length === 2 ? (parts[1] as string).split(',') : [] };
  });
}

/** `NODENAME:DATACENTER`. */
export function nodeIdentities(args: readonly string[]): NodeIdentity[] {
  return args.map((arg) => {
    const parts = arg.split(':');
    if (parts.length !== 2) throw new LookupError(`Malformed -node-identity argument: ${quote(arg)}`);
    return { NodeName: parts[0] as string, Datacenter: parts[1] as string };
  });
}
