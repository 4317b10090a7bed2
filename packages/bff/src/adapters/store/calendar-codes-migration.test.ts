import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databasesBeforeMigration, migrationEngines } from '../../../test/migration-database';
import type { Engine } from './database';
import { openStore } from './index';

const engines = await migrationEngines('calendar-codes-migration.test.ts');
const databaseAt = databasesBeforeMigration('calendar_codes_migration');

/** A database left at migration 0010 with a meeting whose Google step failed under the old code. */
async function databaseWithGoogleCodes(engine: Engine) {
  const { db, options } = await databaseAt(engine, '0010_zoom_approval_waits');
  const at = new Date('2030-01-10T00:00:00.000Z');
  const time = engine === 'postgres' ? at : at.getTime();
  const rows: [interview: string, zoomMeetingId: string, code: string][] = [
    ['iv-unavailable', '81000000001', 'google_unavailable'],
    ['iv-forbidden', '81000000002', 'google_forbidden'],
    ['iv-not-requested', '81000000003', 'calendar_not_requested'],
  ];
  for (const [interview, zoomMeetingId, code] of rows) {
    await sql`insert into meetings (id, tenant_id, interview_id, candidate_id, connection_id,
      host_zoom_user_id, host_owner_user_id, host_owner_name, host_zoom_email, zoom_meeting_id,
      join_url, passcode_embedded, has_passcode, topic, start_time, duration_minutes, timezone,
      join_before_host, waiting_room, link_status, broken_reason, created_at, updated_at,
      calendar_status, calendar_error_code, calendar_error_at)
      values (${`m-${interview}`}, 't-1', ${interview}, 'cand-1', 'c-1', 'zu-1', 'u-1', 'Hanako',
      null, ${zoomMeetingId}, 'https://zoom.example/j/81000000001', 0, 0, '一次面接', ${time}, 45,
      'Asia/Tokyo', 0, 1, 'active', null, ${time}, ${time}, 'failed', ${code}, ${time})`.execute(
      db,
    );
  }
  await db.destroy();
  return options;
}

describe.each(engines)('migration 0011 on %s', (engine) => {
  it('when a calendar step failed under a google_* code, then it reads as the calendar_* code; other codes stay', async () => {
    const store = await openStore(await databaseWithGoogleCodes(engine));
    try {
      const codeOf = async (interview: string) =>
        (await store.meetings.findByInterview('t-1', interview))?.calendar.errorCode;
      expect(await codeOf('iv-unavailable')).toBe('calendar_unavailable');
      expect(await codeOf('iv-forbidden')).toBe('calendar_forbidden');
      expect(await codeOf('iv-not-requested')).toBe('calendar_not_requested');
    } finally {
      await store.close();
    }
  });
});
