import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Something that records a duration or a size. */
export interface Observer {
  observe(value: number): void;
}

/** Something that counts. */
export interface Incrementer {
  inc(by?: number): void;
}

const NOOP: Observer & Incrementer = { observe() {}, inc() {} };

/** Latency buckets reaching below a millisecond: a GET costs ~0.1 ms of kvgate. */
export const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** How long blocking queries wait: 10 ms to the 10-minute maximum plus jitter. */
const COST_BUCKETS = [1, 10, 100, 1000, 5000, 10000, 25000];
const WAIT_BUCKETS = [0.01, 0.1, 1, 5, 10, 30, 60, 120, 300, 600, 660];

/** A gauge read when Prometheus scrapes (the numbers already exist in the process or Redis). */
export type Reading = () => number | Promise<number> | Array<[Record<string, string>, number]>;

/**
 * kvgate's metrics (docs/operations.md lists them): one prom-client registry per gateway,
 * so several gateways in one process (tests) never collide. Label values always come from
 * fixed sets — route patterns, script names, outcome codes — never from keys, tokens or
 * URLs. Children are bound once per label set and cached, so the hot path costs one lookup
 * and one observe; gauges that mirror state already kept elsewhere are read at scrape time.
 * Off (`--metrics off`), every recorder is a no-op and nothing is registered.
 */
export class Metrics {
  readonly registry: Registry | null;
  readonly #children = new Map<string, Observer & Incrementer>();
  readonly #families = new Map<string, Histogram | Counter>();

  constructor(enabled: boolean, labels: Record<string, string> = {}) {
    this.registry = enabled ? new Registry() : null;
    if (!this.registry) return;
    this.registry.setDefaultLabels(labels);
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  get enabled(): boolean {
    return this.registry !== null;
  }

  /** A histogram child: `family` names the metric, labels its series. Bind it once and keep it on hot paths. */
  histogram(family: HistogramFamily, labels: Record<string, string>): Observer {
    return this.#child(family, labels, () => new Histogram({ ...HISTOGRAMS[family], labelNames: [...HISTOGRAMS[family].labelNames], registers: [this.registry as Registry] }));
  }

  /** A counter child. */
  counter(family: CounterFamily, labels: Record<string, string> = {}): Incrementer {
    return this.#child(family, labels, () => new Counter({ ...COUNTERS[family], labelNames: [...COUNTERS[family].labelNames], registers: [this.registry as Registry] }));
  }

  /** A gauge whose value is read at each scrape. */
  gauge(name: string, help: string, labelNames: readonly string[], read: Reading): void {
    if (!this.registry) return;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const value = await read();
        if (typeof value === 'number') this.set(value);
        else for (const [labels, n] of value) this.set(labels, n);
      },
    });
  }

  #child(family: string, labels: Record<string, string>, create: () => Histogram | Counter): Observer & Incrementer {
    if (!this.registry) return NOOP;
    let key = family;
    for (const name in labels) key += `\0${labels[name]}`;
    let child = this.#children.get(key);
    if (!child) {
      let metric = this.#families.get(family);
      if (!metric) this.#families.set(family, (metric = create()));
      const bound = metric.labels(labels) as unknown as Partial<Observer & Incrementer>;
      child = { observe: (v) => bound.observe?.(v), inc: (n) => bound.inc?.(n) };
      this.#children.set(key, child);
    }
    return child;
  }
}

const HISTOGRAMS = {
  http: { name: 'kvgate_http_request_duration_seconds', help: 'Time to answer a request that does not wait by design (blocking queries and subscriptions are left out), by route pattern', labelNames: ['route', 'method'], buckets: LATENCY_BUCKETS },
  script: { name: 'kvgate_lua_script_duration_seconds', help: 'Round trip of one Lua script call (a group commit of several operations counts once), by script', labelNames: ['script'], buckets: LATENCY_BUCKETS },
  command: { name: 'kvgate_redis_command_duration_seconds', help: 'Round trip of a Redis command outside the scripts, by command', labelNames: ['command'], buckets: LATENCY_BUCKETS },
  blockingWait: { name: 'kvgate_blocking_query_wait_seconds', help: 'How long blocking queries waited, by how the wait ended', labelNames: ['outcome'], buckets: WAIT_BUCKETS },
  aclResolve: { name: 'kvgate_acl_resolve_seconds', help: 'Token resolution time, by whether the resolution was cached', labelNames: ['cache'], buckets: LATENCY_BUCKETS },
  graphqlCost: { name: 'kvgate_graphql_operation_cost', help: 'Complexity of the GraphQL operations run (the limit is 25 000), by operation type', labelNames: ['type'], buckets: COST_BUCKETS },
} as const;

const COUNTERS = {
  http: { name: 'kvgate_http_requests_total', help: 'Requests answered, by route pattern, method and status code', labelNames: ['route', 'method', 'code'] },
  blocking: { name: 'kvgate_blocking_queries_total', help: 'Blocking queries ended, by how: changed, timeout, client_gone, shutdown, denied, error', labelNames: ['outcome'] },
  kvOps: { name: 'kvgate_kv_ops_total', help: 'KV operations from every face, by operation and result', labelNames: ['op', 'result'] },
  txn: { name: 'kvgate_txn_total', help: 'Transactions, by kind (read, write) and result (committed, failed)', labelNames: ['kind', 'result'] },
  sessionReaps: { name: 'kvgate_session_reaps_total', help: 'TTL sessions this gateway expired and invalidated (each exactly once across gateways)', labelNames: [] },
  redisErrors: { name: 'kvgate_redis_errors_total', help: 'Failed Redis calls, by kind: unreachable, timeout, loading, readonly, busy, oom, script, other', labelNames: ['kind'] },
  redisReconnects: { name: 'kvgate_redis_reconnects_total', help: 'Redis connections (re)established', labelNames: [] },
  redisFailovers: { name: 'kvgate_redis_failovers_total', help: 'New Redis servers seen (restart or failover); every TTL session got a fresh 2 x TTL', labelNames: [] },
  aclDenials: { name: 'kvgate_acl_denials_total', help: 'Requests refused by ACLs, by resource and access (not_found: unknown or expired token)', labelNames: ['resource', 'access'] },
  subscriptionEvents: { name: 'kvgate_subscription_events_total', help: 'Events pushed to GraphQL subscribers, by subscription', labelNames: ['kind'] },
  subscriptionsEnded: { name: 'kvgate_subscriptions_ended_total', help: 'GraphQL subscriptions ended, by reason', labelNames: ['reason'] },
  graphqlOps: { name: 'kvgate_graphql_operations_total', help: 'GraphQL operations run, by type', labelNames: ['type'] },
  feedRestarts: { name: 'kvgate_feed_reader_restarts_total', help: 'Times the change-feed reader lost Redis and resumed', labelNames: [] },
} as const;

export type HistogramFamily = keyof typeof HISTOGRAMS;
export type CounterFamily = keyof typeof COUNTERS;

/** Every metric name the gateway may serve, for tests and the dashboard check. */
export const METRIC_NAMES: readonly string[] = [...Object.values(HISTOGRAMS).map((h) => h.name), ...Object.values(COUNTERS).map((c) => c.name)];
