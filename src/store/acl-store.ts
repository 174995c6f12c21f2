import type { AclKind, AclPolicy, AclRole, AclSnapshot, AclToken, AclWriteMode, Stored } from '../structs/acl.js';
import { OUTCOME, type Outcome } from '../structs/outcome.js';
import type { IndexFence } from './fence.js';
import type { DcNames } from './names.js';
import type { RedisLink } from './redis-link.js';

/** What the ACL tables answer to a read (see lua/acl-read.lua). */
export type AclReadMode = 'token' | 'secret' | 'policy' | 'policyname' | 'role' | 'rolename' | 'tokens' | 'policies' | 'roles';

export type AclWriteOutcome = { status: typeof OUTCOME.OK; index: bigint | null } | { status: Exclude<Outcome, typeof OUTCOME.OK>; index: bigint | null };

/**
 * Typed callers of the ACL scripts: objects go in and come out as JSON bodies with their
 * indexes kept beside them. ACL writes take an index like every write and append a feed
 * entry (op `acl`), which is how every gateway learns to drop what it resolved.
 */
export class AclStore {
  constructor(
    private readonly redis: RedisLink,
    private readonly names: DcNames,
    private readonly fence: IndexFence,
  ) {}

  async write(kind: AclKind, mode: AclWriteMode, id: string, unique: string, body: AclToken | AclPolicy | AclRole | null, boot = false): Promise<AclWriteOutcome> {
    const r = (await this.redis.run('aclWrite', [this.names.idx], [
      ...this.fence.writeArgs(),
      kind,
      mode,
      id,
      unique,
      body === null ? '' : JSON.stringify(body),
      boot ? '1' : '',
    ])) as Buffer[];
    const status = String(r[0]) as Outcome;
    return { status, index: this.fence.optional(r[1]) } as AclWriteOutcome;
  }

  async read(mode: AclReadMode, arg = ''): Promise<AclSnapshot> {
    const r = (await this.redis.run('aclRead', [this.names.idx], [mode, arg])) as Array<Buffer | null>;
    const boot = String(r[1] ?? '');
    const snapshot: AclSnapshot = {
      index: this.fence.seen(r[0] as Buffer),
      bootstrapIndex: boot === '' ? null : BigInt(boot),
      tokens: new Map(),
      policies: new Map(),
      roles: new Map(),
    };
    for (let i = 2; i + 4 < r.length + 1; i += 5) {
      const kind = String(r[i]) as AclKind;
      const object = JSON.parse(String(r[i + 2])) as AclToken & AclPolicy & AclRole;
      const stored = { ...object, createIndex: BigInt(String(r[i + 3])), modifyIndex: BigInt(String(r[i + 4])) };
      const id = String(r[i + 1]);
      if (kind === 'token') snapshot.tokens.set(id, stored as Stored<AclToken>);
      else if (kind === 'policy') snapshot.policies.set(id, stored as Stored<AclPolicy>);
      else snapshot.roles.set(id, stored as Stored<AclRole>);
    }
    return snapshot;
  }
}
