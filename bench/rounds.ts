import { runLoad, type LoadResult, type Workload } from './load.js';
import type { BenchServer } from './servers.js';

/** One side of a comparison: a workload on a server. */
export interface Contender {
  label: string;
  server: BenchServer;
  workload: Workload;
}

export interface Measured {
  contender: Contender;
  rounds: LoadResult[];
  rss: number;
}

export interface RoundOptions {
  seconds: number;
  rounds: number;
  connections: number;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Rounds alternate between the contenders, so drift on a noisy machine hits all of them;
 * each contender is warmed up first.
 */
export async function measure(contenders: Contender[], options: RoundOptions): Promise<Measured[]> {
  const measured = contenders.map((contender) => ({ contender, rounds: [] as LoadResult[], rss: 0 }));
  for (const { server, workload } of contenders) await runLoad(server.port, workload, 1, options.connections);
  for (let round = 0; round < options.rounds; round++) {
    for (const m of measured) {
      m.rounds.push(await runLoad(m.contender.server.port, m.contender.workload, options.seconds, options.connections));
      m.rss = Math.max(m.rss, m.contender.server.rss());
    }
  }
  return measured;
}

/** The median over rounds of f(round results of each contender, in order). */
export function perRound(measured: Measured[], f: (rps: number[]) => number): number {
  const rounds = (measured[0] as Measured).rounds.length;
  return median(Array.from({ length: rounds }, (_, i) => f(measured.map((m) => (m.rounds[i] as LoadResult).requestsPerSecond))));
}

export const errorsOf = (m: Measured) => m.rounds.reduce((s, r) => s + r.errors, 0);

export const HEADER = ['scenario'.padEnd(26), 'server'.padEnd(16), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'RSS MB'.padStart(8), 'errors'.padStart(7), 'ratio'.padStart(7)].join(' ');

/** autocannon records latency in whole milliseconds: 0 means under one. */
const latency = (ms: number) => (ms < 1 ? '<1' : ms.toFixed(0));

export function row(name: string, m: Measured, ratio: string): string {
  return [
    name.padEnd(26),
    m.contender.label.padEnd(16),
    mean(m.rounds.map((r) => r.requestsPerSecond)).toFixed(0).padStart(8),
    latency(median(m.rounds.map((r) => r.p50))).padStart(8),
    latency(median(m.rounds.map((r) => r.p99))).padStart(8),
    (m.rss / 1048576).toFixed(1).padStart(8),
    String(errorsOf(m)).padStart(7),
    ratio.padStart(7),
  ].join(' ');
}
