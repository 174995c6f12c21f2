/**
 * `npm run bench`: kvgate against a minimal node:http + Redis baseline, in one run, on the
 * same Redis. Rounds alternate between the two servers so drift on a noisy machine hits
 * both; the ratio (kvgate / baseline requests per second) is the number that matters: the
 * median over rounds of kvgate's rate against the baseline round run just before it.
 *
 * Then the watch fan-out: 1 000 and 10 000 blocking GETs parked on one key, one write, time
 * until every client has its answer and the gateway's memory per parked request.
 *
 * Environment: BENCH_SECONDS (per round, default 4), BENCH_ROUNDS (default 5),
 * BENCH_CONNECTIONS (default 16), BENCH_ONLY (substring of scenario names to run; "fan-out"
 * selects the watch part), BENCH_FANOUT (waiter counts, default "1000,10000").
 */
import { fanout } from './fanout.js';
import { KV_SCENARIOS, seed, type Scenario } from './kv-suite.js';
import { runLoad, type LoadResult } from './load.js';
import { startBaseline, startBenchRedis, startKvgate, type BenchServer } from './servers.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ONLY = process.env.BENCH_ONLY ?? '';
const FANOUT = (process.env.BENCH_FANOUT ?? '1000,10000').split(',').map(Number);
/** Issue targets: all answered within (ms), memory per parked request (bytes). */
const FANOUT_TARGETS: Record<number, { ms: number; bytes: number }> = { 1000: { ms: 300, bytes: 10_240 }, 10000: { ms: 1000, bytes: 10_240 } };

interface Measured {
  server: BenchServer;
  rounds: LoadResult[];
  rss: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function measure(scenario: Scenario, kvgate: BenchServer, baseline: BenchServer): Promise<[Measured, Measured]> {
  const b: Measured = { server: baseline, rounds: [], rss: 0 };
  const k: Measured = { server: kvgate, rounds: [], rss: 0 };
  await runLoad(baseline.port, scenario.baseline, 1, CONNECTIONS);
  await runLoad(kvgate.port, scenario.kvgate, 1, CONNECTIONS);
  for (let round = 0; round < ROUNDS; round++) {
    b.rounds.push(await runLoad(baseline.port, scenario.baseline, SECONDS, CONNECTIONS));
    b.rss = Math.max(b.rss, baseline.rss());
    k.rounds.push(await runLoad(kvgate.port, scenario.kvgate, SECONDS, CONNECTIONS));
    k.rss = Math.max(k.rss, kvgate.rss());
  }
  return [b, k];
}

function row(name: string, m: Measured, ratio: string): string {
  const rps = mean(m.rounds.map((r) => r.requestsPerSecond));
  const cells = [
    name.padEnd(24),
    m.server.name.padEnd(9),
    rps.toFixed(0).padStart(8),
    median(m.rounds.map((r) => r.p50)).toFixed(2).padStart(8),
    median(m.rounds.map((r) => r.p99)).toFixed(2).padStart(8),
    (m.rss / 1048576).toFixed(1).padStart(8),
    String(m.rounds.reduce((s, r) => s + r.errors, 0)).padStart(7),
    ratio.padStart(7),
  ];
  return cells.join(' ');
}

async function main(): Promise<void> {
  const redis = await startBenchRedis();
  const kvgate = await startKvgate(redis.url);
  const baseline = await startBaseline(redis.url);
  const { createClient } = await import('redis');
  const client = createClient({ url: redis.url });
  await client.connect();
  await seed(kvgate.port, (args) => client.sendCommand(args));
  await client.close();

  console.log(`kvgate vs baseline — ${ROUNDS} rounds × ${SECONDS}s, ${CONNECTIONS} connections, node ${process.version}`);
  console.log('req/s: mean of rounds; p50/p99: median of rounds; ratio: median of per-round kvgate/baseline');
  console.log(['scenario'.padEnd(24), 'server'.padEnd(9), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'RSS MB'.padStart(8), 'errors'.padStart(7), 'ratio'.padStart(7)].join(' '));
  const verdicts: string[] = [];
  try {
    for (const scenario of KV_SCENARIOS.filter((s) => s.name.includes(ONLY))) {
      const [b, k] = await measure(scenario, kvgate, baseline);
      const ratio = median(k.rounds.map((r, i) => r.requestsPerSecond / (b.rounds[i] as LoadResult).requestsPerSecond));
      console.log(row(scenario.name, b, ''));
      console.log(row('', k, ratio.toFixed(2)));
      const errors = k.rounds.reduce((s, r) => s + r.errors, 0);
      if (scenario.target) {
        const { goal, floor } = scenario.target;
        const verdict = errors > 0 ? 'FAIL (errors)' : ratio >= goal ? 'meets goal' : ratio >= floor ? 'below goal, above floor' : 'BELOW FLOOR';
        verdicts.push(`${scenario.name}: ratio ${ratio.toFixed(2)} (goal ${goal}, floor ${floor}) — ${verdict}`);
      }
    }
    if ('fan-out'.includes(ONLY) || ONLY === '') {
      console.log('\nwatch fan-out: N blocking GETs parked on one key, one write');
      console.log(['waiters'.padStart(8), 'all answered ms'.padStart(16), 'median ms'.padStart(10), 'KB/waiter'.padStart(10), 'errors'.padStart(7)].join(' '));
      for (const n of FANOUT) {
        const r = await fanout(kvgate, n);
        console.log([String(n).padStart(8), r.allAnsweredMs.toFixed(0).padStart(16), r.medianMs.toFixed(0).padStart(10), (r.rssPerWaiter / 1024).toFixed(1).padStart(10), String(r.errors).padStart(7)].join(' '));
        const target = FANOUT_TARGETS[n];
        if (target) {
          const met = r.errors === 0 && r.allAnsweredMs <= target.ms && r.rssPerWaiter <= target.bytes;
          verdicts.push(`fan-out ${n}: all answered in ${r.allAnsweredMs.toFixed(0)} ms (target ${target.ms}), ${(r.rssPerWaiter / 1024).toFixed(1)} KB per waiter (target ${target.bytes / 1024}) — ${met ? 'meets target' : 'MISSES target'}`);
        }
      }
    }
  } finally {
    await Promise.all([kvgate.stop(), baseline.stop()]);
    await redis.stop();
  }
  if (verdicts.length > 0) console.log(`\n${verdicts.join('\n')}`);
}

await main();
