import type { ProblemCode } from '@ats-zoom/contract';
import type {
  CalendarEventKey,
  CalendarOwnerRecord,
  CalendarSendUpdates,
} from './calendar-records';

/**
 * An outbox entry: calendar work still to do for one event. `sync` writes the meeting's current
 * state to the event; `delete` removes the event and outlives the meeting row. The lease
 * (`lockedUntil`, `lockedBy`) keeps two BFF instances from picking the same task.
 */
export interface CalendarTaskRecord extends CalendarEventKey {
  kind: 'sync' | 'delete';
  /** Where the event is: the owner and their calendar. */
  owner: CalendarOwnerRecord;
  /**
   * The provider's own id of the event when known (a delete outlives the meeting row, so it
   * carries it); null when the create's answer was never seen.
   */
  providerEventId: string | null;
  sendUpdates: CalendarSendUpdates;
  /** Failed attempts so far. */
  attempts: number;
  /** When it is due; null when it waits for a person (given up, or not retryable). */
  nextAttemptAt: Date | null;
  lastErrorCode: ProblemCode | null;
  lockedUntil: Date | null;
  lockedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CalendarTaskRepository {
  /** Inserts, or replaces the task of the same event (keeping its `createdAt`). */
  upsert(task: CalendarTaskRecord): Promise<void>;
  find(key: CalendarEventKey): Promise<CalendarTaskRecord | undefined>;
  listForInterview(tenantId: string, interviewId: string): Promise<CalendarTaskRecord[]>;
  /** Tasks due at `now` and not leased, earliest due first. */
  listDue(now: Date, limit: number): Promise<CalendarTaskRecord[]>;
  /**
   * Parked tasks (no next attempt) of one event owner, the ATS user with that calendar account,
   * whose last failure is one of `codes`; oldest first.
   */
  listParkedForOwner(
    owner: { tenantId: string; userId: string; providerUserId: string },
    codes: readonly ProblemCode[],
  ): Promise<CalendarTaskRecord[]>;
  /**
   * Leases a task to `owner` until `until` if it is still due and unleased at `now`. True for the
   * single winner (one conditional UPDATE), false otherwise.
   */
  claim(key: CalendarEventKey, owner: string, now: Date, until: Date): Promise<boolean>;
  update(
    key: CalendarEventKey,
    patch: Partial<
      Pick<
        CalendarTaskRecord,
        'attempts' | 'nextAttemptAt' | 'lastErrorCode' | 'lockedUntil' | 'lockedBy' | 'updatedAt'
      >
    >,
  ): Promise<void>;
  delete(key: CalendarEventKey): Promise<void>;
}
