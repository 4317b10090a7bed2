import { describe, expect, it } from 'vitest';
import {
  databasesBeforeMigration,
  insertOldMeeting,
  migrationEngines,
} from '../../../test/migration-database';
import { openStore } from './index';

const engines = await migrationEngines('host-choice-migration.test.ts');
const databaseAt = databasesBeforeMigration('host_choice_migration');

describe.each(engines)('migration 0015 on %s', (engine) => {
  it('when a store from before 自動で選ぶ is opened, then its meetings read as hosts the scheduler chose, with no interviewers, and take the new values', async () => {
    const { db, options } = await databaseAt(engine, '0014_webhook_jobs');
    await insertOldMeeting(db, engine, new Date('2030-01-10T00:00:00.000Z'));
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
