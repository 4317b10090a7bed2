import autocannon from 'autocannon';

export interface ThroughputFigures {
  /** Mean requests per second over the measured window. */
  requestsPerSecond: number;
  /** Latency p99 in milliseconds (autocannon's HDR histogram). */
  p99Ms: number;
  /** Latency median in milliseconds. */
  medianMs: number;
  /** Answers counted, and how many were not 2xx, errors and timeouts. */
  answered: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * Load at a fixed number of keep-alive connections (pipelining 1) for `durationSeconds`. The
 * load generator (autocannon) runs in a worker thread, so it does not share the event loop of
 * the servers under test, which run on the bench's main thread.
 */
export async function measureThroughput(options: {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}): Promise<ThroughputFigures> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    workers: 1,
    ...(options.headers ? { headers: options.headers } : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    medianMs: result.latency.p50,
    answered: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
