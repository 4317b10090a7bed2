import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  median: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile (p in 0..100) of an ascending array. */
function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: nearestRank(sorted, 50),
    p99: nearestRank(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * Runs `operation` `warmup` times unmeasured (JIT, sockets), then `iterations` times one after
 * another; answers each run's wall time in milliseconds. `before` runs outside the timer.
 */
export async function measureSequential(options: {
  iterations: number;
  warmup?: number;
  before?: (index: number) => void | Promise<void>;
  operation: (index: number) => Promise<void>;
}): Promise<number[]> {
  const samples: number[] = [];
  const warmup = options.warmup ?? 0;
  for (let i = 0; i < warmup + options.iterations; i++) {
    await options.before?.(i);
    const started = performance.now();
    await options.operation(i);
    const elapsed = performance.now() - started;
    if (i >= warmup) samples.push(elapsed);
  }
  return samples;
}
