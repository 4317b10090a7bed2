import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Dialect, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Store } from '../../core/ports';
import {
  createLocalCacheInvalidationBus,
  createPostgresCacheInvalidationBus,
} from './cache-invalidation-bus';
import { createConnectionLock } from './connection-lock';
import type { Database, Engine } from './database';
import { type DatabaseTarget, parseDatabaseUrl } from './database-url';
import { createInProcessKeyLock, createPostgresKeyLock } from './key-lock';
import { rateLimitsTable } from './migrations';
import { createOperationalStats, type OperationalStatsSource } from './operational-stats';
import {
  createMemoryRateLimitCounters,
  createPostgresRateLimitCounters,
  type RateLimitCounterSource,
} from './rate-limit-counters';
import { createStoreReadCache } from './read-cache';
import { createRepositories } from './repositories';
import { applyMigrations, listPendingMigrations } from './schema-migrations';
import { loadSqliteDriver, type SqliteDriver, type SqliteDriverName } from './sqlite-driver';
import { openStoreHandle } from './statement-cache';

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
  /**
   * PostgreSQL only: where the one connection that LISTENs for other instances' cache
   * invalidations goes (env `DATABASE_LISTEN_URL`). It must reach PostgreSQL directly or
   * through session pooling: PgBouncer in transaction pooling breaks LISTEN (the server
   * connection moves to another client after each transaction, and notifications are lost
   * without an error). NOTIFY itself goes through the pool and works in any pooling mode.
   * @default the store's `databaseUrl`
   */
  postgresListenUrl?: string;
  /**
   * Whether opening brings the schema up to date (creating tables: an owner role). `false`
   * leaves it as it is, for a runtime role without CREATE: a deploy runs `ats-zoom-bff migrate`
   * (or `openStoreSchema(...).migrate()`), and `pendingMigrations()` says what is still missing.
   * @default true
   */
  migrate?: boolean;
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
  url: string;
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
  return { pool, lockPool, url: options.databaseUrl };
}

function sqliteDialect(driver: SqliteDriver, path: string): Dialect {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  return new SqliteDialect({
    database: async () => {
      const database = openStoreHandle(driver, path);
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

interface OpenedDatabase {
  db: Kysely<Database>;
  engine: Engine;
  pools: ReturnType<typeof postgresPools> | undefined;
  sqlite: SqliteDriver | undefined;
}

async function openDatabase(options: OpenStoreOptions): Promise<OpenedDatabase> {
  const target = storeTarget(options);
  if (target.engine === 'postgres') {
    const pools = postgresPools({ ...options, databaseUrl: target.url });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pools.pool }) });
    return { db, engine: 'postgres', pools, sqlite: undefined };
  }
  const sqlite = await loadSqliteDriver(options.sqliteDriver);
  const db = new Kysely<Database>({ dialect: sqliteDialect(sqlite, target.path) });
  return { db, engine: 'sqlite', pools: undefined, sqlite };
}

/** The store's schema alone, for a deploy step: what is pending, and migrating it. */
export interface StoreSchema {
  engine: Engine;
  /** Migrations not run yet, oldest first (reads only). */
  pending(): Promise<string[]>;
  /** Runs the pending migrations; answers the names applied (empty when up to date). */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Opens the database `options` name for migrating only (no repositories, locks or counters):
 * what `ats-zoom-bff migrate` runs, with an owner role. Same URL rules as `openStore`.
 */
export async function openStoreSchema(
  options: Pick<OpenStoreOptions, 'databaseUrl' | 'postgresSchema' | 'sqlitePath' | 'sqliteDriver'>,
): Promise<StoreSchema> {
  const { db, engine, pools } = await openDatabase({ ...options, postgresPoolSize: 1 });
  await pools?.lockPool.end();
  return {
    engine,
    pending: () => listPendingMigrations(db, engine, options.postgresSchema),
    migrate: () => applyMigrations(db, engine, options.postgresSchema),
    close: () => db.destroy(),
  };
}

/**
 * Opens the store and brings its schema up to date (Kysely `Migrator`, in-code migrations;
 * `migrate: false` leaves that to `ats-zoom-bff migrate`). PostgreSQL for a `postgres://`
 * `databaseUrl`, else embedded SQLite (WAL, foreign keys on) at the path the URL or
 * `sqlitePath` names. Throws, before opening anything, for a `databaseUrl` it cannot use and
 * when no SQLite driver loads.
 */
export async function openStore(
  options: OpenStoreOptions = {},
): Promise<Store & OperationalStatsSource> {
  const { db, engine, pools, sqlite } = await openDatabase(options);
  const rateLimits = pools
    ? prunedPostgresCounters(db, pools.pool, options.logger)
    : { counters: createMemoryRateLimitCounters(), stop() {} };
  const cacheInvalidation = pools
    ? createPostgresCacheInvalidationBus({
        pool: pools.pool,
        listenUrl: options.postgresListenUrl ?? pools.url,
        schema: options.postgresSchema,
        logger: options.logger,
      })
    : undefined;
  // On SQLite every write goes through this store (one process owns the file): no bus needed.
  const readCache = createStoreReadCache({ bus: cacheInvalidation });
  const close = async () => {
    rateLimits.stop();
    await readCache.close();
    await cacheInvalidation?.close();
    await db.destroy();
    await pools?.lockPool.end();
  };

  if (options.migrate !== false) {
    try {
      await applyMigrations(db, engine, options.postgresSchema);
    } catch (error) {
      await close();
      throw error;
    }
  }

  const keyLockTimeout =
    options.keyLockTimeoutMs === undefined ? {} : { timeoutMs: options.keyLockTimeoutMs };

  return {
    engine,
    driver: sqlite ? sqlite.name : 'pg',
    ...readCache.root(createRepositories(db, engine)),
    readCacheGeneration: () => readCache.generation(),
    ...createOperationalStats(db),
    transaction: (work) =>
      readCache.unitOfWork((observe) =>
        db.transaction().execute((trx) => work(observe(createRepositories(trx, engine)))),
      ),
    withConnectionLock: createConnectionLock(db, engine, readCache, {
      ...(options.connectionLockTimeoutMs === undefined
        ? {}
        : { timeoutMs: options.connectionLockTimeoutMs }),
    }),
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
    pendingMigrations: () => listPendingMigrations(db, engine, options.postgresSchema),
    cacheInvalidation: cacheInvalidation ?? createLocalCacheInvalidationBus(),
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
