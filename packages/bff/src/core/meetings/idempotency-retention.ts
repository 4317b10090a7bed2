import type { Clock, LogPort, Store } from '../ports';
import { describeError } from '../shared/errors';

/** Stored answers are replayed for this long, as Stripe does; older keys are deleted. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** At most one prune per this long per process: the table cannot grow forever, cheaply. */
export const IDEMPOTENCY_PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export interface IdempotencyKeyPruner {
  /** Deletes keys older than the retention if this process has not done so within the interval. */
  pruneIfDue(): Promise<void>;
}

/**
 * Opportunistic retention of `idempotency_keys`, run from the requests that add keys (no timer
 * to start or stop). A failure is logged and never fails the request; it is tried again after
 * the interval. Several instances each prune now and then; the deletes are idempotent.
 */
export function createIdempotencyKeyPruner(deps: {
  store: Pick<Store, 'idempotencyKeys'>;
  clock: Clock;
  logger: LogPort;
  retentionMs?: number;
  intervalMs?: number;
}): IdempotencyKeyPruner {
  const retentionMs = deps.retentionMs ?? IDEMPOTENCY_RETENTION_MS;
  const intervalMs = deps.intervalMs ?? IDEMPOTENCY_PRUNE_INTERVAL_MS;
  let lastRunAt: number | undefined;

  return {
    async pruneIfDue() {
      const now = deps.clock.now().getTime();
      if (lastRunAt !== undefined && now - lastRunAt < intervalMs) return;
      // Claimed before the delete, so concurrent requests do not prune at once.
      lastRunAt = now;
      try {
        const deleted = await deps.store.idempotencyKeys.deleteCreatedBefore(
          new Date(now - retentionMs),
        );
        deps.logger.info({ deleted }, 'pruned expired idempotency keys');
      } catch (error) {
        deps.logger.warn({ error: describeError(error) }, 'could not prune idempotency keys');
      }
    },
  };
}
