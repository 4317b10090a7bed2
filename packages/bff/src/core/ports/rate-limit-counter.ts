/** At most `limit` requests per key in each window of `windowSeconds`. */
export interface RateLimitPolicy {
  /** Names the budget (keys of two policies never share one), e.g. `writes`. */
  name: string;
  limit: number;
  windowSeconds: number;
}

/** What one request took from its key's budget. */
export interface RateLimitTake {
  /** False when the window's budget was already spent: refuse the request. */
  allowed: boolean;
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number;
  /** Milliseconds until the current window ends and the budget is whole again. */
  resetMs: number;
}

export interface RateLimitCounter {
  /** Counts one request for `key` (an opaque string, at most 200 characters). */
  take(key: string): Promise<RateLimitTake>;
}
