import type pg from 'pg';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { RateLimitCounter, RateLimitPolicy } from '../../core/ports';
import { rateLimitsTable } from './migrations';

export type RateLimitCounterSource = (policy: RateLimitPolicy) => RateLimitCounter;

function counterOver(limiter: RateLimiterAbstract): RateLimitCounter {
  return {
    async take(key) {
      try {
        const taken = await limiter.consume(key);
        return {
          allowed: true,
          remaining: taken.remainingPoints,
          resetMs: Math.max(0, taken.msBeforeNext),
        };
      } catch (refusal) {
        // rate-limiter-flexible refuses with its result object; anything else is a real error.
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        return { allowed: false, remaining: 0, resetMs: Math.max(0, refusal.msBeforeNext) };
      }
    },
  };
}

function checked(policy: RateLimitPolicy): RateLimitPolicy {
  const { name, limit, windowSeconds } = policy;
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(name)) {
    throw new Error(`rate limit policy name must be a short lower-case word, got "${name}"`);
  }
  for (const [field, value] of [
    ['limit', limit],
    ['windowSeconds', windowSeconds],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(`rate limit ${name}.${field} must be a whole number >= 1, got ${value}`);
    }
  }
  return policy;
}

/** One counter per policy (name, limit, window), made on first use and reused after. */
function cached(make: (policy: RateLimitPolicy) => RateLimitCounter): RateLimitCounterSource {
  const counters = new Map<string, RateLimitCounter>();
  return (policy) => {
    const { name, limit, windowSeconds } = checked(policy);
    const id = `${name}|${limit}|${windowSeconds}`;
    let counter = counters.get(id);
    if (!counter) {
      counter = make(policy);
      counters.set(id, counter);
    }
    return counter;
  };
}

const memoryLimiter = (policy: RateLimitPolicy) =>
  new RateLimiterMemory({
    keyPrefix: policy.name,
    points: policy.limit,
    duration: policy.windowSeconds,
  });

/** SQLite: the counters live in this process (one BFF instance owns a SQLite file). */
export function createMemoryRateLimitCounters(): RateLimitCounterSource {
  return cached((policy) => counterOver(memoryLimiter(policy)));
}

/**
 * PostgreSQL: the counters are rows of `rate_limits` in the pool's schema (its `search_path`),
 * so every instance on this database spends one budget; each upsert is atomic. A key over its
 * budget is also refused from memory until its window ends, so a flood costs no queries. If the
 * database fails, this process counts in memory (rate-limiter-flexible's insurance limiter).
 */
export function createPostgresRateLimitCounters(pool: pg.Pool): RateLimitCounterSource {
  return cached((policy) =>
    counterOver(
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: rateLimitsTable,
        // Made by the store's migrations; expired rows are pruned by the store.
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: policy.name,
        points: policy.limit,
        duration: policy.windowSeconds,
        inMemoryBlockOnConsumed: policy.limit + 1,
        insuranceLimiter: memoryLimiter(policy),
      }),
    ),
  );
}
