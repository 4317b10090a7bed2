import type { SqliteStatement } from 'kysely';
import type { SqliteDriver, SqliteHandle } from './sqlite-driver';

/** Distinct SQL texts kept prepared at most; the least recently used goes beyond it. */
export const STATEMENT_CACHE_MAX_ENTRIES = 256;

/**
 * A SQLite handle that prepares each SQL text once and reuses the statement: Kysely prepares
 * on every query, and compiling the SQL was the largest single cost of a cached read. Safe
 * because Kysely's SQLite driver runs one query at a time on its single connection (a stream
 * holds the connection until it ends), both drivers re-prepare a statement by themselves when
 * the schema changed, and parameters are bound per call. A statement that fails to prepare is
 * not kept. Closing the handle drops them all.
 */
export function withStatementCache(
  handle: SqliteHandle,
  maxEntries = STATEMENT_CACHE_MAX_ENTRIES,
): SqliteHandle {
  const statements = new Map<string, SqliteStatement>();
  return {
    exec: (sql) => handle.exec(sql),
    prepare(sql) {
      const known = statements.get(sql);
      if (known) {
        // Most recently used last, so the first entry is the one to drop.
        statements.delete(sql);
        statements.set(sql, known);
        return known;
      }
      const statement = handle.prepare(sql);
      if (statements.size >= maxEntries) {
        const oldest = statements.keys().next();
        if (!oldest.done) statements.delete(oldest.value);
      }
      statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      handle.close();
    },
  };
}

/**
 * The handle the store opens: statements cached on better-sqlite3, which prepares a statement
 * again by itself when the schema changed under it. node:sqlite keeps the columns a statement
 * had when it was prepared (a `select *` reused after a migration, run by another process say,
 * would miss new columns), so there every query is prepared anew.
 */
export function openStoreHandle(driver: SqliteDriver, path: string): SqliteHandle {
  const handle = driver.open(path);
  return driver.name === 'better-sqlite3' ? withStatementCache(handle) : handle;
}
