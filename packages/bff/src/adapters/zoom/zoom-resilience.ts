import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhen,
  type IRetryBackoffContext,
  retry,
} from 'cockatiel';
import {
  HostOutcomeUnknownError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
} from '../../core/shared/errors';

/** Limits on calls to Zoom's REST API (reliability notes F.25-27). */
export interface ZoomResilienceOptions {
  /** One attempt's limit. @default 10_000 */
  attemptTimeoutMs?: number;
  /** Limit on a whole call, waits and retries included; below the client's own 30 s. @default 20_000 */
  deadlineMs?: number;
  /** Attempts per call, the first included. @default 3 */
  maxAttempts?: number;
  /** Full-jitter exponential backoff: base and cap of the wait before a retry. @default 200 / 5_000 */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** The breaker opens after this many consecutive failed attempts. @default 5 */
  breakerThreshold?: number;
  /** An open breaker lets one probe through after this long. @default 30_000 */
  breakerHalfOpenAfterMs?: number;
}

export const defaultZoomResilience: Required<ZoomResilienceOptions> = {
  attemptTimeoutMs: 10_000,
  deadlineMs: 20_000,
  maxAttempts: 3,
  backoffBaseMs: 200,
  backoffCapMs: 5_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 30_000,
};

/**
 * Zoom failed in a way a repeat may fix (5xx, timeout, connection error) on a call that is
 * safe to repeat. Counts toward the breaker.
 */
export class ZoomTransientError extends ProviderUnavailableError {}

/** A per-second 429: retried after Zoom's `Retry-After` when that fits in the deadline. */
export class ZoomQpsLimitedError extends ProviderRateLimitedError {
  readonly retryAfterMs: number | undefined;

  constructor(retryAfterMs: number | undefined) {
    super(retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000));
    this.retryAfterMs = retryAfterMs;
  }
}

export interface AttemptContext {
  signal: AbortSignal;
  /** Epoch ms (wall clock) after which no further wait or attempt may start. */
  deadlineAt: number;
}

export interface ZoomCaller {
  /**
   * Runs `attempt` with a per-attempt timeout inside the overall deadline, retrying
   * `ZoomTransientError` and `ZoomQpsLimitedError` with backoff (or `Retry-After`), through
   * the provider's circuit breaker. `callerSignal` abandons the call without counting as a
   * Zoom failure.
   */
  run<T>(attempt: (context: AttemptContext) => Promise<T>, callerSignal?: AbortSignal): Promise<T>;
}

const countsAgainstZoom = (error: Error) =>
  error instanceof ZoomTransientError || error instanceof HostOutcomeUnknownError;

const retryable = (error: Error) =>
  error instanceof ZoomTransientError || error instanceof ZoomQpsLimitedError;

/** One caller per provider instance: its breaker is shared by every call to Zoom's API. */
export function createZoomCaller(options: ZoomResilienceOptions = {}): ZoomCaller {
  const settings = { ...defaultZoomResilience, ...options };
  const breaker = circuitBreaker(handleWhen(countsAgainstZoom), {
    halfOpenAfter: settings.breakerHalfOpenAfterMs,
    breaker: new ConsecutiveBreaker(settings.breakerThreshold),
  });

  const backoffDelay = (context: IRetryBackoffContext<unknown>): number => {
    const error = 'error' in context.result ? context.result.error : undefined;
    if (error instanceof ZoomQpsLimitedError && error.retryAfterMs !== undefined) {
      return error.retryAfterMs;
    }
    const ceiling = Math.min(
      settings.backoffCapMs,
      settings.backoffBaseMs * 2 ** (context.attempt - 1),
    );
    return Math.random() * ceiling;
  };

  return {
    async run(attempt, callerSignal) {
      const deadlineAt = Date.now() + settings.deadlineMs;
      const policy = retry(handleWhen(retryable), {
        maxAttempts: settings.maxAttempts - 1,
        backoff: new DelegateBackoff(backoffDelay),
      });
      try {
        return await policy.execute(async () => {
          const remaining = deadlineAt - Date.now();
          if (remaining <= 0) throw new ProviderUnavailableError('Zoom did not answer in time.');
          return breaker.execute(() => {
            const signals = [AbortSignal.timeout(Math.min(settings.attemptTimeoutMs, remaining))];
            if (callerSignal) signals.push(callerSignal);
            return attempt({ signal: AbortSignal.any(signals), deadlineAt });
          });
        }, callerSignal);
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new ProviderUnavailableError('Zoom keeps failing; calls are paused briefly.');
        }
        if (error instanceof ZoomTransientError) {
          // Re-wrapped so the error that leaves the adapter is the plain domain error.
          throw new ProviderUnavailableError(error.message);
        }
        throw error;
      }
    },
  };
}

/**
 * `Retry-After` as Zoom and RFC 9110 send it: delay seconds, an HTTP-date, or (Zoom's daily
 * limit) an ISO 8601 instant. Answers milliseconds from `nowMs`, or undefined.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
