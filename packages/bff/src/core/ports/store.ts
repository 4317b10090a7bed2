import type { ApprovalWaitRepository } from './approval-wait-repository';
import type { AuditLogRepository } from './audit-log-repository';
import type { CacheInvalidationBus } from './cache-invalidation';
import type { CalendarTaskRepository } from './calendar-task-repository';
import type { ConnectionRepository } from './connection-repository';
import type { HostDailyWriteRepository } from './host-daily-write-repository';
import type { IdempotencyKeyRepository } from './idempotency-key-repository';
import type { MeetingOperationRepository } from './meeting-operation-repository';
import type { MeetingRepository } from './meeting-repository';
import type { OAuthAttemptRepository } from './oauth-attempt-repository';
import type { PendingHostDeletionRepository } from './pending-host-deletion-repository';
import type { RateLimitCounter, RateLimitPolicy } from './rate-limit-counter';
import type { UserStatusRepository } from './user-status-repository';
import type { WebhookEventRepository } from './webhook-event-repository';
import type { WebhookJobRepository } from './webhook-job-repository';

/** Repositories bound to one transaction (or to the store outside one). */
export interface StoreRepositories {
  connections: ConnectionRepository;
  oauthAttempts: OAuthAttemptRepository;
  webhookEvents: WebhookEventRepository;
  audit: AuditLogRepository;
  meetings: MeetingRepository;
  meetingOperations: MeetingOperationRepository;
  idempotencyKeys: IdempotencyKeyRepository;
  hostDailyWrites: HostDailyWriteRepository;
  calendarTasks: CalendarTaskRepository;
  userStatuses: UserStatusRepository;
  approvalWaits: ApprovalWaitRepository;
  pendingHostDeletions: PendingHostDeletionRepository;
  webhookJobs: WebhookJobRepository;
}

export interface Store extends StoreRepositories {
  readonly engine: 'sqlite' | 'postgres';
  /** The database driver: `pg` for PostgreSQL; `better-sqlite3` or `node:sqlite` for SQLite. */
  readonly driver: 'pg' | 'better-sqlite3' | 'node:sqlite';
  /** Runs `work` in one database transaction; everything it writes commits or none of it. */
  transaction<T>(work: (tx: StoreRepositories) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding an exclusive lock on one connection id, shared by every BFF
   * instance on this database (a refresh token rotates: two refreshes at once kill the grant).
   * PostgreSQL: one transaction holding `pg_advisory_xact_lock`; `work`'s writes commit when it
   * returns and roll back when it throws. SQLite (one process owns the file): an in-process
   * mutex per store, and each write commits on its own, because the driver's single connection
   * must not be held across a network call. So `work` should change state in one write and
   * report failures as results, not by throwing after writing.
   * Throws `StoreLockTimeoutError` when the lock is not granted within `CONNECTION_LOCK_TIMEOUT_MS`.
   */
  withConnectionLock<T>(
    connectionId: string,
    work: (tx: StoreRepositories) => Promise<T>,
  ): Promise<T>;
  /**
   * Runs `work` while holding an exclusive lock on `namespace` + `key`, shared by every BFF
   * instance on this database, e.g. `('interview', tenant + id)` so two saves of one interview
   * never both create a meeting. Unlike `withConnectionLock` it opens no transaction: `work`
   * uses the store as usual and may take its time (calls to Zoom). PostgreSQL: a session
   * advisory lock on a connection of a separate small pool, so waiters never starve `work` of
   * connections; in this process, callers of one key queue before reaching the database.
   * SQLite: an in-process mutex per store. `work` may take one more key lock inside (always
   * in the same order, e.g. an interview's then its tenant's 自動で選ぶ lock, never two at once),
   * which on PostgreSQL is held on the outer lock's session.
   * Throws `StoreLockTimeoutError` when the lock is not granted within `KEY_LOCK_TIMEOUT_MS`
   * (or the store's configured wait).
   */
  withKeyLock<T>(namespace: string, key: string, work: () => Promise<T>): Promise<T>;
  /**
   * A fixed-window request counter for one policy, shared by every BFF instance on this store:
   * a table on PostgreSQL, this process's memory on SQLite (one instance owns the file). Asking
   * twice for one policy (same name, limit and window) answers counters over the same budget.
   */
  rateLimitCounter(policy: RateLimitPolicy): RateLimitCounter;
  /**
   * A number that changes whenever a cached read of this store may have changed (a write here,
   * or one another instance announced): what was built from its reads while it stood still
   * is still what the reads would answer (within their brief lifetime).
   */
  readCacheGeneration(): number;
  /** Readiness probe: resolves when the database answers. */
  ping(): Promise<void>;
  /**
   * Readiness probe: the schema migrations this code needs that the database has not run
   * (empty when up to date). Absent: the store migrates itself when it opens.
   */
  pendingMigrations?(): Promise<string[]>;
  /**
   * Tells the other BFF instances on this store which cached per-connection entries are stale:
   * PostgreSQL LISTEN/NOTIFY; on SQLite the routers of this one store. Absent: nothing is
   * shared (each instance's caches expire on their own).
   */
  readonly cacheInvalidation?: CacheInvalidationBus;
  close(): Promise<void>;
}

/** How long `Store.withConnectionLock` waits for another holder (PostgreSQL `lock_timeout`). */
export const CONNECTION_LOCK_TIMEOUT_MS = 15_000;

/**
 * How long `Store.withKeyLock` waits for another holder: longer than the connection lock,
 * because the holder of an interview's lock may be waiting on several calls to Zoom.
 */
export const KEY_LOCK_TIMEOUT_MS = 30_000;

/** `Store.withConnectionLock` or `withKeyLock` waited its limit without getting the lock. */
export class StoreLockTimeoutError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The store lock was not granted in time.', options);
    this.name = 'StoreLockTimeoutError';
  }
}

/**
 * A write broke one of the store's uniqueness rules, e.g. a second live link for one provider
 * user (`connections_live_provider_user_key`) or a second link for one ATS user and provider
 * (`connections_tenant_user_provider_key`). Thrown by store adapters instead of driver errors,
 * so the core can retry or answer 409. Inside `transaction`, the transaction is rolled back.
 */
export class StoreConflictError extends Error {
  readonly constraint: string;

  constructor(constraint: string, options?: { cause?: unknown }) {
    super(`Store uniqueness rule violated: ${constraint}`, options);
    this.name = 'StoreConflictError';
    this.constraint = constraint;
  }
}
