import {
  type BulkheadPolicy,
  BulkheadRejectedError,
  bulkhead,
  DelegateBackoff,
  handleWhen,
  type IRetryBackoffContext,
  retry,
} from 'cockatiel';
import { OutlookCalendarError } from './microsoft-errors';

/** Limits on calls to Microsoft Graph (throttling notes: research §5). */
export interface GraphResilienceOptions {
  /** One attempt's limit. @default 10_000 */
  attemptTimeoutMs?: number;
  /** Limit on a whole call, waits and retries included. @default 30_000 */
  deadlineMs?: number;
  /** Attempts per call, the first included. @default 4 */
  maxAttempts?: number;
  /** Full-jitter exponential backoff for 5xx and lost answers: base and cap. @default 250 / 4_000 */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /**
   * The longest `Retry-After` waited inside one call; a longer one fails the call with
   * `calendar_rate_limited` (and its `retryAfterSeconds`) for the outbox to retry later.
   * @default 10_000
   */
  maxRetryAfterMs?: number;
  /** Graph runs at most 4 concurrent requests per app and mailbox (`MailboxConcurrency`). @default 4 */
  mailboxConcurrency?: number;
  /** Calls waiting for a mailbox slot before more are refused as rate limited. @default 100 */
  mailboxQueue?: number;
}

export const defaultGraphResilience: Required<GraphResilienceOptions> = {
  attemptTimeoutMs: 10_000,
  deadlineMs: 30_000,
  maxAttempts: 4,
  backoffBaseMs: 250,
  backoffCapMs: 4_000,
  maxRetryAfterMs: 10_000,
  mailboxConcurrency: 4,
  mailboxQueue: 100,
};

/**
 * A failure a repeat may fix: 429 (with Graph's `Retry-After`), 5xx, a lost answer or a timeout.
 * Every Graph call the adapter makes is safe to repeat (creates carry a `transactionId`).
 */
export class GraphTransientError extends OutlookCalendarError {
  readonly retryAfterMs: number | undefined;

  constructor(
    code: 'calendar_rate_limited' | 'calendar_unavailable',
    message: string,
    retryAfterMs?: number,
  ) {
    super(
      code,
      message,
      retryAfterMs === undefined ? {} : { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) },
    );
    this.retryAfterMs = retryAfterMs;
  }
}

export interface GraphCaller {
  /**
   * Runs `attempt` under the mailbox's concurrency limit with a per-attempt timeout, repeating
   * `GraphTransientError` after `Retry-After` or backoff. The slot is released while waiting,
   * so a throttled call never holds one of the mailbox's four.
   */
  run<T>(
    mailboxKey: string,
    attempt: (signal: AbortSignal) => Promise<T>,
    callerSignal?: AbortSignal,
  ): Promise<T>;
}

/** One caller per client: the mailbox limits are shared by every call it makes. */
export function createGraphCaller(options: GraphResilienceOptions = {}): GraphCaller {
  const settings = { ...defaultGraphResilience, ...options };
  // One bulkhead per mailbox, dropped when no call of that mailbox is running or waiting.
  const mailboxes = new Map<string, { policy: BulkheadPolicy; users: number }>();

  const backoffDelay = (context: IRetryBackoffContext<unknown>): number => {
    const error = 'error' in context.result ? context.result.error : undefined;
    if (error instanceof GraphTransientError && error.retryAfterMs !== undefined) {
      return error.retryAfterMs;
    }
    return backoffCeiling(context.attempt) * Math.random();
  };
  const backoffCeiling = (attempt: number) =>
    Math.min(settings.backoffCapMs, settings.backoffBaseMs * 2 ** (attempt - 1));

  /** A repeat is worth it when Graph's wait (or our longest backoff) ends before the deadline. */
  const policyUntil = (deadlineAt: number) =>
    retry(
      handleWhen((error) => {
        if (!(error instanceof GraphTransientError)) return false;
        const wait = error.retryAfterMs ?? 0;
        return wait <= settings.maxRetryAfterMs && Date.now() + wait < deadlineAt;
      }),
      { maxAttempts: settings.maxAttempts - 1, backoff: new DelegateBackoff(backoffDelay) },
    );

  async function inMailbox<T>(key: string, work: () => Promise<T>, signal?: AbortSignal) {
    let entry = mailboxes.get(key);
    if (!entry) {
      entry = {
        policy: bulkhead(settings.mailboxConcurrency, settings.mailboxQueue),
        users: 0,
      };
      mailboxes.set(key, entry);
    }
    entry.users += 1;
    try {
      return await entry.policy.execute(work, signal);
    } catch (error) {
      if (error instanceof BulkheadRejectedError) {
        throw new OutlookCalendarError(
          'calendar_rate_limited',
          'Too many Outlook calendar calls are waiting for this mailbox.',
        );
      }
      throw error;
    } finally {
      entry.users -= 1;
      if (entry.users === 0) mailboxes.delete(key);
    }
  }

  return {
    async run(mailboxKey, attempt, callerSignal) {
      const deadlineAt = Date.now() + settings.deadlineMs;
      try {
        return await policyUntil(deadlineAt).execute(
          () =>
            inMailbox(
              mailboxKey,
              () => {
                // Time spent queued for a mailbox slot counts against the deadline too.
                const remaining = deadlineAt - Date.now();
                if (remaining <= 0) {
                  throw new GraphTransientError(
                    'calendar_unavailable',
                    'Microsoft Graph did not answer in time.',
                  );
                }
                const signals = [
                  AbortSignal.timeout(Math.min(settings.attemptTimeoutMs, remaining)),
                ];
                if (callerSignal) signals.push(callerSignal);
                return attempt(AbortSignal.any(signals));
              },
              callerSignal,
            ),
          callerSignal,
        );
      } catch (error) {
        if (callerSignal?.aborted) {
          // The caller gave up (a time limit of its own): not Graph's failure.
          throw new OutlookCalendarError('calendar_unavailable', 'The Outlook call was abandoned.');
        }
        if (error instanceof GraphTransientError) {
          // Re-wrapped so what leaves the adapter is the plain calendar error.
          throw new OutlookCalendarError(
            error.code,
            error.message,
            error.retryAfterSeconds === undefined
              ? {}
              : { retryAfterSeconds: error.retryAfterSeconds },
          );
        }
        throw error;
      }
    },
  };
}

/** `Retry-After` as delay seconds or an HTTP-date, in milliseconds from `nowMs`. */
export function parseGraphRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
