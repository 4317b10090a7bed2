import { describe, expect, it } from 'vitest';
import {
  databasesBeforeMigration,
  insertOldMeeting,
  migrationEngines,
} from '../../../test/migration-database';
import type { Engine } from './database';
import { openStore } from './index';

const engines = await migrationEngines('calendar-migration.test.ts');
const databaseAt = databasesBeforeMigration('calendar_migration');

/** A database left at migration 0003 (before the calendar step), with one meeting in it. */
async function databaseBeforeCalendar(engine: Engine) {
  const { db, options } = await databaseAt(engine, '0003_meetings_candidate_start_index');
  const at = new Date('2030-01-10T00:00:00.000Z');
  await insertOldMeeting(db, engine, at);
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
