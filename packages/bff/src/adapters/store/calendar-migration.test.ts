import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, postgresAvailable, postgresUrl } from '../../../test/postgres';
import type { Database, Engine } from './database';
import { openStore } from './index';
import { createMigrationProvider } from './migrations';
import { loadSqliteDriver } from './sqlite-driver';

const engines: Engine[] = ['sqlite'];
if (await postgresAvailable('calendar-migration.test.ts')) engines.push('postgres');

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A database left at migration 0003 (before the calendar step), with one meeting in it. */
async function databaseBeforeCalendar(engine: Engine) {
  let db: Kysely<Database>;
  let options: Parameters<typeof openStore>[0];
  if (engine === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'ats-zoom-migration-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'store.sqlite');
    const driver = await loadSqliteDriver();
    db = new Kysely({ dialect: new SqliteDialect({ database: driver.open(path) }) });
    options = { sqlitePath: path };
  } else {
    const schema = freshSchema('calendar_migration');
    cleanups.push(() => dropSchema(schema));
    const pool = new pg.Pool({
      connectionString: postgresUrl,
      max: 1,
      options: `-c search_path=${schema}`,
    });
    await pool.query(`create schema "${schema}"`);
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    options = { databaseUrl: postgresUrl, postgresSchema: schema, postgresPoolSize: 2 };
  }
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(engine),
    ...(engine === 'postgres' ? { migrationTableSchema: options.postgresSchema } : {}),
  });
  const { error } = await migrator.migrateTo('0003_meetings_candidate_start_index');
  if (error) throw error;
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
