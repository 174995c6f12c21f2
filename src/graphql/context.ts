import type { BlockingQueries } from '../kv/blocking.js';
import type { KvService } from '../kv/kv-service.js';
import type { SessionService } from '../kv/session-service.js';
import type { TxnService } from '../kv/txn-service.js';
import type { ChangeStreams } from '../watch/change-streams.js';

/** What every resolver reaches: the same domain services the REST face calls. */
export interface GraphQLContext {
  kv: KvService;
  sessions: SessionService;
  txns: TxnService;
  blocking: BlockingQueries;
  changes: ChangeStreams;
}
