import type { ProblemCode } from '@ats-zoom/contract';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type {
  CalendarEventKey,
  CalendarSendUpdates,
  CalendarTaskRecord,
  CalendarTaskRepository,
} from '../../core/ports';
import type { CalendarTasksTable, Database, Engine } from './database';
import { dateWriter, readDate, readOwner, rethrowConflict } from './row-values';

type TaskRow = Selectable<CalendarTasksTable>;

function toTask(row: TaskRow): CalendarTaskRecord {
  const owner = readOwner(row.owner);
  if (!owner) throw new Error('calendar task without an owner');
  return {
    tenantId: row.tenant_id,
    interviewId: row.interview_id,
    eventId: row.event_id,
    kind: row.kind as CalendarTaskRecord['kind'],
    owner,
    providerEventId: row.provider_event_id,
    sendUpdates: row.send_updates as CalendarSendUpdates,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at === null ? null : readDate(row.next_attempt_at),
    lastErrorCode: row.last_error_code as ProblemCode | null,
    lockedUntil: row.locked_until === null ? null : readDate(row.locked_until),
    lockedBy: row.locked_by,
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}

export function calendarTaskRepository(
  db: Kysely<Database>,
  engine: Engine,
): CalendarTaskRepository {
  const writeDate = dateWriter(engine);
  const optionalDate = (date: Date | null) => (date === null ? null : writeDate(date));
  const byKey = (key: CalendarEventKey) =>
    db
      .selectFrom('calendar_tasks')
      .selectAll()
      .where('tenant_id', '=', key.tenantId)
      .where('interview_id', '=', key.interviewId)
      .where('event_id', '=', key.eventId);

  return {
    async upsert(task) {
      const values = {
        tenant_id: task.tenantId,
        interview_id: task.interviewId,
        event_id: task.eventId,
        kind: task.kind,
        owner: JSON.stringify(task.owner),
        provider_event_id: task.providerEventId,
        send_updates: task.sendUpdates,
        attempts: task.attempts,
        next_attempt_at: optionalDate(task.nextAttemptAt),
        last_error_code: task.lastErrorCode,
        locked_until: optionalDate(task.lockedUntil),
        locked_by: task.lockedBy,
        created_at: writeDate(task.createdAt),
        updated_at: writeDate(task.updatedAt),
      };
      const { tenant_id: _t, interview_id: _i, event_id: _e, created_at: _c, ...replace } = values;
      await db
        .insertInto('calendar_tasks')
        .values(values)
        .onConflict((conflict) =>
          conflict.columns(['tenant_id', 'interview_id', 'event_id']).doUpdateSet(replace),
        )
        .execute()
        .catch(rethrowConflict);
    },

    async find(key) {
      const row = await byKey(key).executeTakeFirst();
      return row && toTask(row);
    },

    async listForInterview(tenantId, interviewId) {
      const rows = await db
        .selectFrom('calendar_tasks')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('interview_id', '=', interviewId)
        .orderBy('created_at')
        .orderBy('event_id')
        .execute();
      return rows.map(toTask);
    },

    async listDue(now, limit) {
      const at = writeDate(now);
      const rows = await db
        .selectFrom('calendar_tasks')
        .selectAll()
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
        .orderBy('next_attempt_at')
        .orderBy('tenant_id')
        .orderBy('interview_id')
        .orderBy('event_id')
        .limit(limit)
        .execute();
      return rows.map(toTask);
    },

    async listParkedForOwner(owner, codes) {
      if (codes.length === 0) return [];
      const rows = await db
        .selectFrom('calendar_tasks')
        .selectAll()
        .where('tenant_id', '=', owner.tenantId)
        .where('next_attempt_at', 'is', null)
        .where('last_error_code', 'in', [...codes])
        .orderBy('created_at')
        .orderBy('interview_id')
        .orderBy('event_id')
        .execute();
      // The owner is stored as JSON text (one format for both engines): matched here, among the
      // tenant's few parked tasks.
      return rows
        .map(toTask)
        .filter(
          (task) =>
            task.owner.userId === owner.userId &&
            task.owner.providerUserId === owner.providerUserId,
        );
    },

    async claim(key, owner, now, until) {
      const at = writeDate(now);
      // One conditional UPDATE: the database decides the single winner (PostgreSQL re-checks
      // the WHERE after taking the row lock; SQLite has one writer).
      const result = await db
        .updateTable('calendar_tasks')
        .set({ locked_by: owner, locked_until: writeDate(until) })
        .where('tenant_id', '=', key.tenantId)
        .where('interview_id', '=', key.interviewId)
        .where('event_id', '=', key.eventId)
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    async update(key, patch) {
      const values: Updateable<CalendarTasksTable> = {};
      if (patch.attempts !== undefined) values.attempts = patch.attempts;
      if (patch.nextAttemptAt !== undefined) {
        values.next_attempt_at = optionalDate(patch.nextAttemptAt);
      }
      if (patch.lastErrorCode !== undefined) values.last_error_code = patch.lastErrorCode;
      if (patch.lockedUntil !== undefined) values.locked_until = optionalDate(patch.lockedUntil);
      if (patch.lockedBy !== undefined) values.locked_by = patch.lockedBy;
      if (patch.updatedAt !== undefined) values.updated_at = writeDate(patch.updatedAt);
      if (Object.keys(values).length === 0) return;
      await db
        .updateTable('calendar_tasks')
        .set(values)
        .where('tenant_id', '=', key.tenantId)
        .where('interview_id', '=', key.interviewId)
        .where('event_id', '=', key.eventId)
        .execute();
    },

    async delete(key) {
      await db
        .deleteFrom('calendar_tasks')
        .where('tenant_id', '=', key.tenantId)
        .where('interview_id', '=', key.interviewId)
        .where('event_id', '=', key.eventId)
        .execute();
    },
  };
}
