import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databasesBeforeMigration, migrationEngines } from '../../../test/migration-database';
import type { Engine } from './database';
import { openStore } from './index';

const engines = await migrationEngines('zoom-time-migration.test.ts');
const databaseAt = databasesBeforeMigration('zoom_time_migration');

/** A database left at migration 0007, with a meeting changed in Zoom and one deleted there. */
async function databaseBeforeZoomTime(engine: Engine) {
  const { db, options } = await databaseAt(engine, '0007_meeting_passcode');
  const at = new Date('2030-01-10T00:00:00.000Z');
  const time = engine === 'postgres' ? at : at.getTime();
  for (const [interview, reason] of [
    ['iv-changed', 'changed_in_zoom'],
    ['iv-deleted', 'deleted_in_zoom'],
  ]) {
    await sql`insert into meetings (id, tenant_id, interview_id, candidate_id, connection_id,
      host_zoom_user_id, host_owner_user_id, host_owner_name, host_zoom_email, zoom_meeting_id,
      join_url, passcode_embedded, has_passcode, topic, start_time, duration_minutes, timezone,
      join_before_host, waiting_room, link_status, broken_reason, created_at, updated_at)
      values (${`m-${interview}`}, 't-1', ${interview}, 'cand-1', 'c-1', 'zu-1', 'u-1', 'Hanako',
      null, '81000000001', 'https://zoom.example/j/81000000001', 0, 0, '一次面接', ${time}, 45,
      'Asia/Tokyo', 0, 1, 'broken', ${reason}, ${time}, ${time})`.execute(db);
  }
  await db.destroy();
  return { options, at };
}

describe.each(engines)('migration 0008 on %s', (engine) => {
  it("when a meeting was marked changed in Zoom, then it works again with its time as Zoom's, still to be chosen; a deleted one stays broken", async () => {
    const { options, at } = await databaseBeforeZoomTime(engine);
    const store = await openStore(options);
    try {
      expect(await store.meetings.findByInterview('t-1', 'iv-changed')).toMatchObject({
        linkStatus: 'active',
        brokenReason: null,
        startTime: at,
        zoomTime: { startTime: at, durationMinutes: 45 },
      });
      expect(await store.meetings.findByInterview('t-1', 'iv-deleted')).toMatchObject({
        linkStatus: 'broken',
        brokenReason: 'deleted_in_zoom',
        zoomTime: null,
      });
    } finally {
      await store.close();
    }
  });
});
