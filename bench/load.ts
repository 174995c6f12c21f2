import autocannon, { type Request } from 'autocannon';

/** One HTTP workload: what each request looks like on one server. */
export interface Workload {
  method: 'GET' | 'PUT' | 'POST';
  headers?: Record<string, string>;
  /** Path of the n-th request (n counts from 0 across all connections). */
  path(n: number): string;
  /** Body of the n-th request, if any. */
  body?(n: number): string;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Drives `connections` keep-alive connections at full speed for `seconds`. */
export async function runLoad(port: number, workload: Workload, seconds: number, connections: number): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest(request: Request) {
          const i = n++;
          request.method = workload.method;
          request.path = workload.path(i);
          if (workload.headers) request.headers = { ...request.headers, ...workload.headers };
          if (workload.body) request.body = workload.body(i);
          return request;
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
