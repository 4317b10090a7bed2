import type { CalendarOutboxLiveness } from '../core/calendar/calendar-outbox';
import type { Store } from '../core/ports';
import { DomainError } from '../core/shared/errors';

/** `GET /readyz` refused: 503 `not_ready`, the detail saying why (never an upstream message). */
export class NotReadyError extends DomainError {
  constructor(detail: string) {
    super('not_ready', detail);
  }
}

/** Why `/readyz` answers 503, in the words of its `detail`. */
export const notReadyReasons = {
  draining: 'draining: this instance is shutting down',
  database: 'database unreachable',
  migrations: (count: number) =>
    `migrations pending (${count}): run \`ats-zoom-bff migrate\` with an owner role`,
  outboxStopped: 'calendar outbox loop stopped',
  outboxStalled: 'calendar outbox loop stalled (no progress for longer than a task lease)',
} as const;

export interface ReadinessOptions {
  store: Pick<Store, 'ping' | 'pendingMigrations'>;
  /** The calendar outbox when its loop is meant to run (Google configured, polling on). */
  outbox?: { liveness(): CalendarOutboxLiveness } | undefined;
  /** A ping slower than this counts as unreachable. @default 2_000 */
  pingTimeoutMs?: number;
}

/** What `/readyz` checks, and the drain switch a shutting-down server flips. */
export interface Readiness {
  /** Undefined when ready; else why not (the problem's detail). */
  check(): Promise<string | undefined>;
  /** From now on `check` answers `draining`: the load balancer stops sending new requests. */
  drain(): void;
  readonly draining: boolean;
}

/**
 * Readiness: not draining, the outbox loop alive (when it should run), the database answering
 * within `pingTimeoutMs`, and no migration pending. Once the schema is seen up to date it stays
 * so (this code's migrations are fixed) and a probe is one `select 1`; until then each probe
 * also reads Kysely's migration table (concurrent probes share one read), so a `migrate` run
 * elsewhere turns the next probe ready.
 */
export function createReadiness(options: ReadinessOptions): Readiness {
  const pingTimeoutMs = options.pingTimeoutMs ?? 2_000;
  const { store, outbox } = options;
  let draining = false;
  let migrationsUpToDate = store.pendingMigrations === undefined;

  async function pingWithin(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), pingTimeoutMs);
    });
    try {
      return await Promise.race([store.ping().then(() => true), timedOut]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  let asking: Promise<number | undefined> | undefined;
  /** How many migrations are pending (0 when up to date), or undefined when the store failed. */
  function pendingCount(): Promise<number | undefined> {
    if (migrationsUpToDate || !store.pendingMigrations) return Promise.resolve(0);
    const ask = store.pendingMigrations.bind(store);
    asking ??= ask()
      .then((pending) => {
        if (pending.length === 0) migrationsUpToDate = true;
        return pending.length;
      })
      .catch(() => undefined)
      .finally(() => {
        asking = undefined;
      });
    return asking;
  }

  return {
    get draining() {
      return draining;
    },
    drain() {
      draining = true;
    },
    async check() {
      if (draining) return notReadyReasons.draining;
      const loop = outbox?.liveness();
      if (loop === 'stopped') return notReadyReasons.outboxStopped;
      if (loop === 'stalled') return notReadyReasons.outboxStalled;
      if (!(await pingWithin())) return notReadyReasons.database;
      const pending = await pendingCount();
      if (pending === undefined) return notReadyReasons.database;
      if (pending > 0) return notReadyReasons.migrations(pending);
      // A drain may have begun while the database answered.
      return draining ? notReadyReasons.draining : undefined;
    },
  };
}

/** `GET /readyz`: `{ status: 'ok' }`, or throws `NotReadyError` (503 `not_ready`) saying why. */
export async function answerReadyz(readiness: Readiness): Promise<{ status: 'ok' }> {
  const reason = await readiness.check();
  if (reason !== undefined) throw new NotReadyError(reason);
  return { status: 'ok' };
}

/** `GET /healthz`: liveness only (the process answers HTTP); it checks nothing else. */
export async function answerHealthz(): Promise<{ status: 'ok' }> {
  return { status: 'ok' };
}
