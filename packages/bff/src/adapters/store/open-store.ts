import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Dialect, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Store } from '../../core/ports';
import { createConnectionLock } from './connection-lock';
import type { Database, Engine } from './database';
import { type DatabaseTarget, parseDatabaseUrl } from './database-url';
import { createInProcessKeyLock, createPostgresKeyLock } from './key-lock';
import { createMigrationProvider, rateLimitsTable } from './migrations';
import {
  createMemoryRateLimitCounters,
  createPostgresRateLimitCounters,
  type RateLimitCounterSource,
} from './rate-limit-counters';
import { createRepositories } from './repositories';
import { loadSqliteDriver, type SqliteDriver, type SqliteDriverName } from './sqlite-driver';

export interface OpenStoreOptions {
  /**
   * Where the store lives: a `postgres://` or `postgresql://` URL for PostgreSQL (needed for
   * more than one BFF instance); `sqlite:./relative.db`, `sqlite:///absolute.db`,
   * `sqlite::memory:` or a plain file path for SQLite there. Any other scheme (a typo such as
   * `postgress://`, or `mysql://`) throws an error naming it. Unset: SQLite at `sqlitePath`.
   * Set this or `sqlitePath`, not both.
   */
  databaseUrl?: string;
  /**
   * PostgreSQL only: the schema to keep every table in (created if missing, set as the
   * connections' `search_path`). Lets tests and several deployments share one database.
   * @default the server's current schema (usually `public`)
   */
  postgresSchema?: string;
  /**
   * SQLite file, its folder created if missing, or `':memory:'` (tests), when `databaseUrl`
   * is unset.
   * @default './.data/ats-zoom.sqlite'
   */
  sqlitePath?: string;
  /**
   * SQLite only: the driver. Default: `better-sqlite3` when it is installed and loads on this
   * Node.js, else the built-in `node:sqlite` (Node.js 22.16+). Forced, an error when it does
   * not load here.
   */
  sqliteDriver?: SqliteDriverName;
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

function storeTarget(options: OpenStoreOptions): DatabaseTarget {
  if (options.databaseUrl !== undefined && options.sqlitePath !== undefined) {
    throw new Error('openStore: set databaseUrl or sqlitePath, not both');
  }
  if (options.databaseUrl !== undefined) return parseDatabaseUrl(options.databaseUrl);
  return { engine: 'sqlite', path: options.sqlitePath ?? defaultSqlitePath };
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

function sqliteDialect(driver: SqliteDriver, path: string): Dialect {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  return new SqliteDialect({
    database: async () => {
      const database = driver.open(path);
      try {
        // Another process (a second `pnpm dev`, a migration) may briefly hold the write lock;
        // set first, so switching to WAL waits for it too.
        database.exec('pragma busy_timeout = 5000');
        database.exec('pragma journal_mode = WAL');
        database.exec('pragma synchronous = NORMAL');
        database.exec('pragma foreign_keys = ON');
      } catch (error) {
        database.close();
        throw error;
      }
      return database;
    },
  });
}

/**
 * Opens the store and brings its schema up to date (Kysely `Migrator`, in-code migrations).
 * PostgreSQL for a `postgres://` `databaseUrl`, else embedded SQLite (WAL, foreign keys on)
 * at the path the URL or `sqlitePath` names. Throws, before opening anything, for a
 * `databaseUrl` it cannot use and when no SQLite driver loads.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const target = storeTarget(options);
  const engine: Engine = target.engine;
  let pools: ReturnType<typeof postgresPools> | undefined;
  let sqlite: SqliteDriver | undefined;
  let dialect: Dialect;
  if (target.engine === 'postgres') {
    pools = postgresPools({ ...options, databaseUrl: target.url });
    dialect = new PostgresDialect({ pool: pools.pool });
  } else {
    sqlite = await loadSqliteDriver(options.sqliteDriver);
    dialect = sqliteDialect(sqlite, target.path);
  }
  const db = new Kysely<Database>({ dialect });
  const rateLimits = pools
    ? prunedPostgresCounters(db, pools.pool, options.logger)
    : { counters: createMemoryRateLimitCounters(), stop() {} };
  const close = async () => {
    rateLimits.stop();
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
    driver: sqlite ? sqlite.name : 'pg',
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
    rateLimitCounter: (policy) => rateLimits.counters(policy),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close,
  };
}

/** Expired counter rows stay until this pass deletes them (a key's next window reuses its row). */
const RATE_LIMIT_PRUNE_INTERVAL_MS = 5 * 60_000;

/**
 * The shared PostgreSQL counters, and a pass every 5 minutes (started with the first counter,
 * stopped on close) deleting rows whose window ended over a minute ago.
 */
function prunedPostgresCounters(
  db: Kysely<Database>,
  pool: pg.Pool,
  logger: OpenStoreOptions['logger'],
): { counters: RateLimitCounterSource; stop(): void } {
  const counters = createPostgresRateLimitCounters(pool);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const prune = () => {
    sql`delete from ${sql.table(rateLimitsTable)} where expire < ${Date.now() - 60_000}`
      .execute(db)
      .catch((error: unknown) => {
        if (!stopped) logger?.warn(`rate limit counters not pruned: ${String(error)}`);
      });
  };
  return {
    counters(policy) {
      if (!timer && !stopped) {
        timer = setInterval(prune, RATE_LIMIT_PRUNE_INTERVAL_MS);
        timer.unref();
      }
      return counters(policy);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
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
