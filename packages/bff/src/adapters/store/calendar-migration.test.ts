import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databasesBeforeMigration, migrationEngines } from '../../../test/migration-database';
import type { Engine } from './database';
import { openStore } from './index';

const engines = await migrationEngines('calendar-migration.test.ts');
const databaseAt = databasesBeforeMigration('calendar_migration');

/** A database left at migration 0003 (before the calendar step), with one meeting in it. */
async function databaseBeforeCalendar(engine: Engine) {
  const { db, options } = await databaseAt(engine, '0003_meetings_candidate_start_index');
  const at = new Date('2030-01-10T00:00:00.000Z');
  const time = engine === 'postgres' ? at : at.getTime();
  await sql`insert into meetings (id, tenant_id, interview_id, candidate_id, connection_id,
    host_zoom_user_id, host_owner_user_id, host_owner_name, host_zoom_email, zoom_meeting_id,
    join_url, passcode_embedded, has_passcode, topic, start_time, duration_minutes, timezone,
    join_before_host, waiting_room, link_status, broken_reason, created_at, updated_at)
    values ('m-1', 't-1', 'iv-1', 'cand-1', 'c-1', 'zu-1', 'u-1', 'Hanako', null, '81000000001',
    'https://zoom.example/j/81000000001', 0, 0, '一次面接', ${time}, 30, 'Asia/Tokyo', 0, 1,
    'active', null, ${time}, ${time})`.execute(db);
  await db.destroy();
  return { options, at };
}

describe.each(engines)('migration 0004 on %s', (engine) => {
  it('when a store with meetings from before the calendar step is opened, then they read as not requested and the outbox is there, empty', async () => {
    const { options, at } = await databaseBeforeCalendar(engine);
    const store = await openStore(options);
    try {
      const meeting = await store.meetings.findByInterview('t-1', 'iv-1');
      expect(meeting?.calendar).toEqual({
        register: false,
        attendees: [],
        sendUpdates: 'none',
        owner: null,
        status: 'not_requested',
        eventId: null,
        eventGeneration: 0,
        htmlLink: null,
        syncedDigest: null,
        errorCode: null,
        errorAt: null,
        nextRetryAt: null,
        updatedAt: at,
      });
      expect(await store.calendarTasks.listDue(at, 10)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
