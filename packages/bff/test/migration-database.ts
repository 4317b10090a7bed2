import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { Database, Engine } from '../src/adapters/store/database';
import type { openStore } from '../src/adapters/store/index';
import { createMigrationProvider } from '../src/adapters/store/migrations';
import { loadSqliteDriver } from '../src/adapters/store/sqlite-driver';
import { dropSchema, freshSchema, postgresAvailable, postgresUrl } from './postgres';

/** The engines a migration test runs on: SQLite, and PostgreSQL when it is up. */
export async function migrationEngines(label: string): Promise<Engine[]> {
  return (await postgresAvailable(label)) ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * For migration tests: `databaseAt(engine, migration)` opens a fresh store on `engine` (a temporary
 * SQLite file, or a fresh PostgreSQL schema named after `schemaPrefix`) migrated up to
 * `migration` only. The test seeds the old shape through `db` (and destroys it), then opens the
 * store with `options`, which runs the later migrations. Everything is removed after all tests.
 */
export function databasesBeforeMigration(schemaPrefix: string) {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  return async function databaseAt(engine: Engine, migration: string) {
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
      const schema = freshSchema(schemaPrefix);
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
    const { error } = await migrator.migrateTo(migration);
    if (error) throw error;
    return { db, options };
  };
}

/**
 * Inserts meeting `m-1` (tenant `t-1`, interview `iv-1`, host `c-1` of Hanako, at `at`) with the
 * columns every migration since 0003 has, for tests of a later migration.
 */
export async function insertOldMeeting(db: Kysely<Database>, engine: Engine, at: Date) {
  const time = engine === 'postgres' ? at : at.getTime();
  await sql`insert into meetings (id, tenant_id, interview_id, candidate_id, connection_id,
    host_zoom_user_id, host_owner_user_id, host_owner_name, host_zoom_email, zoom_meeting_id,
    join_url, passcode_embedded, has_passcode, topic, start_time, duration_minutes, timezone,
    join_before_host, waiting_room, link_status, broken_reason, created_at, updated_at)
    values ('m-1', 't-1', 'iv-1', 'cand-1', 'c-1', 'zu-1', 'u-1', 'Hanako', null, '81000000001',
    'https://zoom.example/j/81000000001', 0, 0, '一次面接', ${time}, 30, 'Asia/Tokyo', 0, 1,
    'active', null, ${time}, ${time})`.execute(db);
}
