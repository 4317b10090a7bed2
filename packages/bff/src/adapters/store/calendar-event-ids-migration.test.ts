import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databasesBeforeMigration, migrationEngines } from '../../../test/migration-database';
import { calendarEventId, calendarEventKey } from '../../core/calendar/calendar-event';
import type { Engine } from './database';
import { openStore } from './index';

const engines = await migrationEngines('calendar-event-ids-migration.test.ts');
const databaseAt = databasesBeforeMigration('calendar_event_ids_migration');

const googleOwner = JSON.stringify({
  userId: 'u-1',
  userName: 'Hanako',
  connectionId: 'g-1',
  googleUserId: '1102484959',
  email: 'hanako@acme.example',
  calendarId: 'primary',
});
const meetingRow = { id: 'm-1', tenantId: 't-1', interviewId: 'iv-1' };
const googleEventId = calendarEventId(meetingRow);

/**
 * A database left at migration 0011: a meeting registered on Google Calendar (its event id is
 * the derived key) and a delete task of an earlier booking still waiting in the outbox.
 */
async function databaseBeforeEventIds(engine: Engine) {
  const { db, options } = await databaseAt(engine, '0011_calendar_problem_codes');
  const at = new Date('2030-01-10T00:00:00.000Z');
  const time = engine === 'postgres' ? at : at.getTime();
  await sql`insert into meetings (id, tenant_id, interview_id, candidate_id, connection_id,
    host_zoom_user_id, host_owner_user_id, host_owner_name, host_zoom_email, zoom_meeting_id,
    join_url, passcode_embedded, has_passcode, topic, start_time, duration_minutes, timezone,
    join_before_host, waiting_room, link_status, broken_reason, created_at, updated_at,
    calendar_register, calendar_owner, calendar_status, calendar_event_id, calendar_updated_at)
    values ('m-1', 't-1', 'iv-1', 'cand-1', 'c-1', 'zu-1', 'u-1', 'Hanako', null, '81000000001',
    'https://zoom.example/j/81000000001', 0, 0, '一次面接', ${time}, 30, 'Asia/Tokyo', 0, 1,
    'active', null, ${time}, ${time}, 1, ${googleOwner}, 'registered', ${googleEventId},
    ${time})`.execute(db);
  await sql`insert into calendar_tasks (tenant_id, interview_id, event_id, kind, owner,
    send_updates, attempts, next_attempt_at, last_error_code, locked_until, locked_by,
    created_at, updated_at)
    values ('t-1', 'iv-0', ${'e'.repeat(32)}, 'delete', ${googleOwner}, 'all', 2, null,
    'calendar_needs_reauth', null, null, ${time}, ${time})`.execute(db);
  await db.destroy();
  return { options, at };
}

describe.each(engines)('migration 0013 on %s', (engine) => {
  it('when a store from before provider event ids is opened, then Google meetings keep their event key and id, and old tasks have no provider id', async () => {
    const { options } = await databaseBeforeEventIds(engine);
    const store = await openStore(options);
    try {
      const meeting = await store.meetings.findByInterview('t-1', 'iv-1');
      expect(meeting?.calendar).toMatchObject({
        status: 'registered',
        eventId: googleEventId,
        eventGeneration: 0,
        owner: { provider: 'google', providerUserId: '1102484959' },
      });
      // The task key (and Google's event id) of the meeting is what it was before.
      expect(meeting && calendarEventKey(meeting).eventId).toBe(googleEventId);
      const [task] = await store.calendarTasks.listForInterview('t-1', 'iv-0');
      expect(task).toMatchObject({ kind: 'delete', providerEventId: null, attempts: 2 });

      // The new columns take Outlook's ids and later generations.
      if (!meeting || !task) throw new Error('rows missing');
      await store.meetings.update(meeting.id, {
        calendar: { ...meeting.calendar, eventId: 'AAMkAGI2+TQ0-NjA=', eventGeneration: 3 },
      });
      await store.calendarTasks.upsert({ ...task, providerEventId: 'AAMkAGI2+TQ0-NjA=' });
      expect((await store.meetings.findByInterview('t-1', 'iv-1'))?.calendar).toMatchObject({
        eventId: 'AAMkAGI2+TQ0-NjA=',
        eventGeneration: 3,
      });
      expect(await store.calendarTasks.find(task)).toMatchObject({
        providerEventId: 'AAMkAGI2+TQ0-NjA=',
      });
    } finally {
      await store.close();
    }
  });
});
