import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databasesBeforeMigration, migrationEngines } from '../../../test/migration-database';
import { openStore } from './index';

const engines = await migrationEngines('host-choice-migration.test.ts');
const databaseAt = databasesBeforeMigration('host_choice_migration');

describe.each(engines)('migration 0015 on %s', (engine) => {
  it('when a store from before 自動で選ぶ is opened, then its meetings read as hosts the scheduler chose, with no interviewers, and take the new values', async () => {
    const { db, options } = await databaseAt(engine, '0014_webhook_jobs');
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

    const store = await openStore(options);
    try {
      const meeting = await store.meetings.findByInterview('t-1', 'iv-1');
      expect(meeting).toMatchObject({
        hostChoice: { auto: false, prefer: [], role: null, passedOver: [] },
        interviewers: [],
      });
      if (!meeting) throw new Error('row missing');
      const hostChoice = {
        auto: true,
        prefer: [],
        role: 'scheduler' as const,
        passedOver: [
          {
            connectionId: 'c-2',
            ownerUserId: 'u-2',
            ownerName: 'Ken',
            role: 'interviewer' as const,
            reason: 'unknown' as const,
          },
        ],
      };
      const interviewers = [
        {
          userId: 'u-2',
          name: 'Ken',
          zoomEmail: 'ken@a.example',
          status: 'different_account' as const,
        },
      ];
      await store.meetings.update(meeting.id, { hostChoice, interviewers });
      expect(await store.meetings.findByInterview('t-1', 'iv-1')).toMatchObject({
        hostChoice,
        interviewers,
      });
    } finally {
      await store.close();
    }
  });
});
