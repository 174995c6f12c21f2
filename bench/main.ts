/**
 * `npm run bench`: kvgate against yardsticks measured in the same run, on the same Redis.
 * Rounds alternate between the contenders so drift on a noisy machine hits all of them; the
 * numbers that matter are ratios taken per round, then the median over rounds.
 *
 * 1. KV over REST against a minimal node:http + Redis baseline (ratio kvgate/baseline).
 * 2. GraphQL next to REST on the same kvgate and next to a bare yoga `{ hello }`: the
 *    GraphQL face's cost per request over REST, against yoga's own cost per request.
 * 3. ACLs: GET and PUT on a kvgate with ACLs on (a token with one key_prefix rule) next to
 *    the same on the kvgate with ACLs off.
 * 4. Watch fan-out: 1 000 and 10 000 blocking GETs parked on one key, one write; then as
 *    many graphql-ws `entry` subscriptions: time until every client has its answer, and
 *    the gateway's memory per waiter.
 *
 * Environment: BENCH_SECONDS (per round, default 4), BENCH_ROUNDS (default 5),
 * BENCH_CONNECTIONS (default 16), BENCH_ONLY (substring of scenario names to run:
 * "GET", "txn", "query", "mutation", "fan-out", "subscriptions"…), BENCH_FANOUT (waiter
 * counts, default "1000,10000").
 */
import { ACL_DC, ACL_ROOT, aclScenarios, benchToken } from './acl-suite.js';
import { fanout, type FanoutResult } from './fanout.js';
import { GRAPHQL_SCENARIOS, YOGA_HELLO } from './graphql-suite.js';
import { KV_SCENARIOS, seed } from './kv-suite.js';
import { errorsOf, HEADER, measure, perRound, row, type RoundOptions } from './rounds.js';
import { startBaseline, startBenchRedis, startKvgate, startYogaHello, type BenchServer } from './servers.js';
import { subscriptionFanout } from './subscription-fanout.js';

const OPTIONS: RoundOptions = {
  seconds: Number(process.env.BENCH_SECONDS ?? 4),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 16),
};
const ONLY = process.env.BENCH_ONLY ?? '';
const FANOUT = (process.env.BENCH_FANOUT ?? '1000,10000').split(',').map(Number);
/** Issue targets: all answered within (ms), memory per waiter (bytes). */
const FANOUT_TARGETS: Record<string, Record<number, { ms: number; bytes: number }>> = {
  'blocking GETs': { 1000: { ms: 300, bytes: 10_240 }, 10000: { ms: 1000, bytes: 10_240 } },
  'entry subscriptions': { 10000: { ms: 1000, bytes: 15_360 } },
};
const selected = (name: string) => name.includes(ONLY);

async function kvSuite(kvgate: BenchServer, baseline: BenchServer, verdicts: string[]): Promise<void> {
  for (const scenario of KV_SCENARIOS.filter((s) => selected(s.name))) {
    const [b, k] = await measure(
      [
        { label: 'baseline', server: baseline, workload: scenario.baseline },
        { label: 'kvgate', server: kvgate, workload: scenario.kvgate },
      ],
      OPTIONS,
    );
    const ratio = perRound([b!, k!], ([base, gate]) => gate! / base!);
    console.log(row(scenario.name, b!, ''));
    console.log(row('', k!, ratio.toFixed(2)));
    if (scenario.target) {
      const { goal, floor } = scenario.target;
      const verdict = errorsOf(k!) > 0 ? 'FAIL (errors)' : ratio >= goal ? 'meets goal' : ratio >= floor ? 'below goal, above floor' : 'BELOW FLOOR';
      verdicts.push(`${scenario.name}: ratio ${ratio.toFixed(2)} (goal ${goal}, floor ${floor}) — ${verdict}`);
    }
  }
}

/**
 * Per request, GraphQL's extra cost is 1/graphql − 1/rest (seconds per request at full
 * load); yoga's own is 1/hello. The ratio of the two is reported; the goal is ≤ 1.
 */
async function graphqlSuite(kvgate: BenchServer, yoga: BenchServer, verdicts: string[]): Promise<void> {
  for (const scenario of GRAPHQL_SCENARIOS.filter((s) => selected(s.name))) {
    const measured = await measure(
      [
        { label: 'yoga { hello }', server: yoga, workload: YOGA_HELLO },
        { label: 'kvgate REST', server: kvgate, workload: scenario.rest },
        { label: 'kvgate GraphQL', server: kvgate, workload: scenario.graphql },
      ],
      OPTIONS,
    );
    const overhead = perRound(measured, ([hello, rest, graphql]) => (1 / graphql! - 1 / rest!) / (1 / hello!));
    const vsRest = perRound(measured, ([, rest, graphql]) => graphql! / rest!);
    const [hello, rest, graphql] = measured as [typeof measured[0], typeof measured[0], typeof measured[0]];
    console.log(row(scenario.name, hello, ''));
    console.log(row('', rest, ''));
    console.log(row('', graphql, vsRest.toFixed(2)));
    const verdict = errorsOf(graphql) > 0 ? 'FAIL (errors)' : !scenario.goal ? 'reported' : overhead <= 1 ? 'meets goal' : 'MISSES goal';
    verdicts.push(`${scenario.name}: GraphQL/REST ${vsRest.toFixed(2)}; GraphQL's extra cost per request = ${overhead.toFixed(2)} × yoga's own (goal ≤ 1) — ${verdict}`);
  }
}

/** The same GET and PUT on a kvgate with ACLs off and one with ACLs on (a token with one key_prefix rule). */
async function aclSuite(kvgate: BenchServer, redisUrl: string, verdicts: string[]): Promise<void> {
  const scenarios = aclScenarios('');
  if (!scenarios.some((s) => selected(s.name))) return;
  const secured = await startKvgate(redisUrl, ['--dc', ACL_DC, '--acl-enabled', '--acl-initial-management-token', ACL_ROOT]);
  try {
    const token = await benchToken(secured.port);
    for (const scenario of aclScenarios(token).filter((s) => selected(s.name))) {
      const [off, on] = await measure(
        [
          { label: 'ACLs off', server: kvgate, workload: scenario.off },
          { label: 'ACLs on', server: secured, workload: scenario.on },
        ],
        OPTIONS,
      );
      const ratio = perRound([off!, on!], ([a, b]) => b! / a!);
      console.log(row(scenario.name, off!, ''));
      console.log(row('', on!, ratio.toFixed(2)));
      const verdict = errorsOf(on!) > 0 ? 'FAIL (errors)' : ratio >= 0.9 ? 'meets goal' : 'MISSES goal';
      verdicts.push(`${scenario.name}: ACLs on / off ${ratio.toFixed(2)} (goal ≥ 0.90: at most 10% of throughput) — ${verdict}`);
    }
  } finally {
    await secured.stop();
  }
}

async function fanoutSuite(name: string, run: (n: number) => Promise<FanoutResult>, verdicts: string[]): Promise<void> {
  console.log(`\n${name}: N waiters on one key, one write`);
  console.log(['waiters'.padStart(8), 'all answered ms'.padStart(16), 'median ms'.padStart(10), 'KB/waiter'.padStart(10), 'errors'.padStart(7)].join(' '));
  for (const n of FANOUT) {
    const r = await run(n);
    console.log([String(n).padStart(8), r.allAnsweredMs.toFixed(0).padStart(16), r.medianMs.toFixed(0).padStart(10), (r.rssPerWaiter / 1024).toFixed(1).padStart(10), String(r.errors).padStart(7)].join(' '));
    const target = FANOUT_TARGETS[name]?.[n];
    if (target) {
      const met = r.errors === 0 && r.allAnsweredMs <= target.ms && r.rssPerWaiter <= target.bytes;
      verdicts.push(`${name} ${n}: all answered in ${r.allAnsweredMs.toFixed(0)} ms (target ${target.ms}), ${(r.rssPerWaiter / 1024).toFixed(1)} KB each (target ${target.bytes / 1024}) — ${met ? 'meets target' : 'MISSES target'}`);
    }
  }
}

async function main(): Promise<void> {
  const redis = await startBenchRedis();
  const [kvgate, baseline, yoga] = await Promise.all([startKvgate(redis.url), startBaseline(redis.url), startYogaHello()]);
  const { createClient } = await import('redis');
  const client = createClient({ url: redis.url });
  await client.connect();
  await seed(kvgate.port, (args) => client.sendCommand(args));
  await client.close();

  console.log(`kvgate benchmark — ${OPTIONS.rounds} rounds × ${OPTIONS.seconds}s, ${OPTIONS.connections} connections, node ${process.version}`);
  console.log('req/s: mean of rounds; p50/p99: median of rounds; ratio: median of per-round ratios (kvgate/baseline, GraphQL/REST)');
  console.log(HEADER);
  const verdicts: string[] = [];
  try {
    await kvSuite(kvgate, baseline, verdicts);
    await graphqlSuite(kvgate, yoga, verdicts);
    await aclSuite(kvgate, redis.url, verdicts);
    if (selected('fan-out blocking GETs')) await fanoutSuite('blocking GETs', (n) => fanout(kvgate, n), verdicts);
    if (selected('fan-out entry subscriptions')) await fanoutSuite('entry subscriptions', (n) => subscriptionFanout(kvgate, n), verdicts);
  } finally {
    await Promise.all([kvgate.stop(), baseline.stop(), yoga.stop()]);
    await redis.stop();
  }
  if (verdicts.length > 0) console.log(`\n${verdicts.join('\n')}`);
}

await main();
