import { type CalendarOwnerRecord, StoreConflictError } from '../../core/ports';
import type { Engine } from './database';
import { constraintNames } from './migrations';

/**
 * How values travel between records and rows, shared by every repository of the store (no
 * repository imports another's module for them).
 */

/** How a `Date` goes into a timestamp column of this engine (see `Timestamp`). */
export function dateWriter(engine: Engine): (date: Date) => Date | number {
  return engine === 'postgres' ? (date) => date : (date) => date.getTime();
}

export function readDate(value: Date | number | string): Date {
  if (value instanceof Date) return new Date(value.getTime());
  return new Date(Number(value));
}

export function readOptionalDate(value: Date | number | string | null): Date | null {
  return value === null ? null : readDate(value);
}

/** SQLite names the columns of a broken unique rule, PostgreSQL names the constraint. */
const sqliteUniqueColumns: Record<string, string> = {
  'connections.tenant_id, connections.user_id, connections.provider':
    constraintNames.connectionPerUser,
  'connections.provider, connections.provider_user_id': constraintNames.liveLinkPerProviderUser,
  'oauth_attempts.state_hash': constraintNames.oauthStateHash,
  'connections.id': 'connections_pkey',
  'oauth_attempts.id': 'oauth_attempts_pkey',
  'meetings.tenant_id, meetings.interview_id': constraintNames.meetingPerInterview,
  'meetings.id': 'meetings_pkey',
  'meeting_operations.id': 'meeting_operations_pkey',
  'calendar_tasks.tenant_id, calendar_tasks.interview_id, calendar_tasks.event_id':
    constraintNames.calendarTask,
};

/**
 * SQLite's extended result codes for a broken unique rule: better-sqlite3 names them in `code`,
 * node:sqlite gives `code: 'ERR_SQLITE_ERROR'` and the number in `errcode`.
 */
const sqliteUniqueViolations: Record<string, number> = {
  SQLITE_CONSTRAINT_UNIQUE: 2067,
  SQLITE_CONSTRAINT_PRIMARYKEY: 1555,
};

function isSqliteUniqueViolation(code: unknown, errcode: unknown): boolean {
  if (typeof code === 'string' && Object.hasOwn(sqliteUniqueViolations, code)) return true;
  return (
    code === 'ERR_SQLITE_ERROR' && Object.values(sqliteUniqueViolations).includes(errcode as number)
  );
}

/** Turns a driver's unique-violation error into `StoreConflictError`; rethrows anything else. */
export function rethrowConflict(error: unknown): never {
  if (error instanceof Error && 'code' in error) {
    const { code, errcode } = error as { code?: unknown; errcode?: unknown };
    if (code === '23505') {
      const constraint = (error as { constraint?: unknown }).constraint;
      throw new StoreConflictError(typeof constraint === 'string' ? constraint : 'unknown', {
        cause: error,
      });
    }
    if (isSqliteUniqueViolation(code, errcode)) {
      const columns = /constraint failed: (.+)$/.exec(error.message)?.[1] ?? 'unknown';
      throw new StoreConflictError(sqliteUniqueColumns[columns] ?? columns, { cause: error });
    }
  }
  throw error;
}

/**
 * The calendar owner stored as JSON. Rows written before calendars had a provider name the
 * owner's Google `sub` `googleUserId` and have no `provider`: they are Google's.
 */
export function readOwner(json: string | null): CalendarOwnerRecord | null {
  if (json === null) return null;
  const { googleUserId, ...stored } = JSON.parse(json) as Partial<CalendarOwnerRecord> & {
    googleUserId?: string;
  };
  return {
    ...stored,
    provider: stored.provider ?? 'google',
    providerUserId: stored.providerUserId ?? googleUserId ?? '',
  } as CalendarOwnerRecord;
}
