// The blocking loop of Consul's api/watch/plan.go: read with ?index=<last>, call the
// handler only when the index moved and the decoded result differs from the last one, and
// back off 5 s × failures² (at most 180 s) after errors.

import { formatDuration } from '../../go/duration.js';
import { encodeJson, type GoValue } from '../../go/json-encode.js';
import { quote } from '../../go/strconv.js';
import { isAbort, sleep } from '../abort.js';

const RETRY_INTERVAL_MS = 5_000;
const MAX_BACKOFF_MS = 180_000;

/** One watch read: the X-Consul-Index and the result as Go would JSON-encode it. */
export type Watcher = (index: bigint, signal: AbortSignal) => Promise<{ index: bigint; result: GoValue }>;

/** Called with each changed result; answers false to stop the watch. */
export type Handler = (index: bigint, result: GoValue) => Promise<boolean>;

export async function runPlan(type: string, watcher: Watcher, handler: Handler, stop: AbortSignal, log: (line: string) => void): Promise<void> {
  let failures = 0;
  let lastIndex: bigint | null = null;
  let lastResult: string | undefined;
  while (!stop.aborted) {
    let read: { index: bigint; result: GoValue };
    try {
      read = await watcher(lastIndex ?? 0n, stop);
    } catch (err) {
      if (isAbort(err, stop)) return;
      failures++;
      lastIndex = null;
      const retry = Math.min(RETRY_INTERVAL_MS * failures * failures, MAX_BACKOFF_MS);
      const message = err instanceof Error ? err.message : String(err);
      log(`${new Date().toISOString()} [ERROR] watch: Watch errored: type=${type} error=${quote(message)} retry=${formatDuration(BigInt(retry) * 1_000_000n)}`);
      if (!(await sleep(retry, stop))) return;
      continue;
    }
    if (stop.aborted) return;
    failures = 0;
    if (lastIndex !== null && lastIndex === read.index) continue;
    const previous = lastIndex;
    lastIndex = read.index;
    const encoded = encodeJson(read.result);
    if (previous !== null && encoded === lastResult) continue;
    lastResult = encoded;
    if (!(await handler(read.index, read.result))) return;
  }
}
