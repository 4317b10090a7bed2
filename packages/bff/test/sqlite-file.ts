import { loadSqliteDriver } from '../src/adapters/store/sqlite-driver';

/** A store's SQLite file, read with the driver the store itself uses on this Node.js. */
export interface SqliteFile {
  /** The rows `sql` selects. */
  all<Row>(sql: string): Row[];
  close(): void;
}

/**
 * Opens the SQLite file of a running store to count its rows. better-sqlite3 when it loads on
 * this Node.js, else `node:sqlite` (Node 22 and 24 in CI run better-sqlite3 built for Node 20).
 */
export async function openSqliteFile(path: string): Promise<SqliteFile> {
  const db = (await loadSqliteDriver()).open(path);
  return {
    all: <Row>(sql: string) => db.prepare(sql).all([]) as Row[],
    close: () => db.close(),
  };
}
