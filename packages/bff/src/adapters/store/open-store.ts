import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Dialect, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Store } from '../../core/ports';
import { createConnectionLock } from './connection-lock';
import type { Database, Engine } from './database';
import { createInProcessKeyLock, createPostgresKeyLock } from './key-lock';
import { createMigrationProvider } from './migrations';
import { createRepositories } from './repositories';

export interface OpenStoreOptions {
  /**
   * `postgres://` or `postgresql://` URL: use PostgreSQL (needed for more than one BFF
   * instance). Anything else, or nothing: the embedded SQLite store at `sqlitePath`.
   */
  databaseUrl?: string;
  /**
   * PostgreSQL only: the schema to keep every table in (created if missing, set as the
   * connections' `search_path`). Lets tests and several deployments share one database.
   * @default the server's current schema (usually `public`)
   */
  postgresSchema?: string;
  /**
   * SQLite file, its folder created if missing, or `':memory:'` (tests).
   * @default './.data/ats-zoom.sqlite'
   */
  sqlitePath?: string;
  /** PostgreSQL pool size. @default 10 */
  postgresPoolSize?: number;
  /**
   * How long `withConnectionLock` waits for another holder.
   * @default CONNECTION_LOCK_TIMEOUT_MS (15 s)
   */
  connectionLockTimeoutMs?: number;
  /**
   * How long `withKeyLock` waits for another holder.
   * @default KEY_LOCK_TIMEOUT_MS (30 s)
   */
  keyLockTimeoutMs?: number;
  /**
   * PostgreSQL only: size of the separate pool whose connections hold `withKeyLock` locks
   * (one per key being held or awaited by this instance; opened on demand).
   * @default 10
   */
  postgresLockPoolSize?: number;
  logger?: { warn(msg: string): void };
}

export const defaultSqlitePath = './.data/ats-zoom.sqlite';

const schemaNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

function postgresPools(options: OpenStoreOptions & { databaseUrl: string }): {
  pool: pg.Pool;
  lockPool: pg.Pool;
} {
  const { postgresSchema, logger } = options;
  if (postgresSchema !== undefined && !schemaNamePattern.test(postgresSchema)) {
    throw new Error(
      `postgresSchema must be a lower-case SQL identifier (${schemaNamePattern}), got "${postgresSchema}"`,
    );
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.postgresPoolSize ?? 10,
    application_name: 'ats-zoom-bff',
    ...(postgresSchema === undefined ? {} : { options: `-c search_path=${postgresSchema}` }),
  });
  // Advisory locks are database-wide: these connections need no search_path.
  const lockPool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.postgresLockPoolSize ?? 10,
    application_name: 'ats-zoom-bff-locks',
  });
  // An idle client losing its server emits 'error' on the pool; unhandled, it ends the process.
  for (const each of [pool, lockPool]) {
    each.on('error', (error) => logger?.warn(`PostgreSQL idle connection error: ${error.message}`));
  }
  return { pool, lockPool };
}

function sqliteDialect(path: string): Dialect {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  return new SqliteDialect({
    database: async () => {
      const database = new BetterSqlite3(path);
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      // Another process (a second `pnpm dev`, a migration) may briefly hold the write lock.
      database.pragma('busy_timeout = 5000');
      return database;
    },
  });
}

/**
 * Opens the store and brings its schema up to date (Kysely `Migrator`, in-code migrations).
 * PostgreSQL for a `postgres://` `databaseUrl`, else embedded SQLite (WAL, foreign keys on).
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const { databaseUrl, logger } = options;
  const engine: Engine = isPostgresUrl(databaseUrl) ? 'postgres' : 'sqlite';
  if (databaseUrl && engine === 'sqlite') {
    logger?.warn(
      'databaseUrl is not a postgres:// URL; it is ignored and the embedded SQLite store is used',
    );
  }

  const pools = isPostgresUrl(databaseUrl) ? postgresPools({ ...options, databaseUrl }) : undefined;
  const db = new Kysely<Database>({
    dialect: pools
      ? new PostgresDialect({ pool: pools.pool })
      : sqliteDialect(options.sqlitePath ?? defaultSqlitePath),
  });
  const close = async () => {
    await db.destroy();
    await pools?.lockPool.end();
  };

  try {
    await migrate(db, engine, options.postgresSchema);
  } catch (error) {
    await close();
    throw error;
  }

  const keyLockTimeout =
    options.keyLockTimeoutMs === undefined ? {} : { timeoutMs: options.keyLockTimeoutMs };

  return {
    engine,
    ...createRepositories(db, engine),
    transaction: (work) => db.transaction().execute((trx) => work(createRepositories(trx, engine))),
    withConnectionLock: createConnectionLock(
      db,
      engine,
      options.connectionLockTimeoutMs === undefined
        ? {}
        : { timeoutMs: options.connectionLockTimeoutMs },
    ),
    withKeyLock: pools
      ? createPostgresKeyLock(pools.lockPool, {
          ...keyLockTimeout,
          ...(options.postgresSchema === undefined ? {} : { scope: options.postgresSchema }),
        })
      : createInProcessKeyLock(keyLockTimeout),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close,
  };
}

async function migrate(db: Kysely<Database>, engine: Engine, postgresSchema?: string) {
  let migrationTableSchema: string | undefined;
  if (engine === 'postgres') {
    if (postgresSchema !== undefined) {
      await sql`create schema if not exists ${sql.id(postgresSchema)}`.execute(db);
    }
    // Kysely looks for its migration table in every schema unless told which one, so another
    // schema's table (a parallel test run, another deployment) would be taken for ours.
    const current = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
      db,
    );
    migrationTableSchema = current.rows[0]?.schema ?? undefined;
    if (migrationTableSchema === undefined) {
      throw new Error('PostgreSQL has no current schema: check search_path or postgresSchema');
    }
  }

  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(engine),
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
