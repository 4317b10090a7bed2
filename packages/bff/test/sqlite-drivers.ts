import { createRequire } from 'node:module';
import type { SqliteDriverName } from '../src/adapters/store/index';

const require = createRequire(import.meta.url);

/**
 * Whether `name` loads on this Node.js, found out here without the store's own loader:
 * better-sqlite3 when it is installed and its addon was built for this Node.js ABI (a build for
 * Node 20 does not load on 22 or 24); node:sqlite when Node.js has it with
 * `StatementSync#columns()` (22.16+).
 */
export function sqliteDriverLoads(name: SqliteDriverName): boolean {
  try {
    if (name === 'better-sqlite3') {
      const Database = require('better-sqlite3') as new (path: string) => { close(): void };
      new Database(':memory:').close();
      return true;
    }
    const sqlite = process.getBuiltinModule?.('node:sqlite') as
      | { StatementSync?: { prototype: { columns?: unknown } } }
      | undefined;
    return typeof sqlite?.StatementSync?.prototype.columns === 'function';
  } catch {
    return false;
  }
}

/** The SQLite drivers that load here: the store's SQLite tests run once on each. */
export const loadableSqliteDrivers = (['better-sqlite3', 'node:sqlite'] as const).filter(
  sqliteDriverLoads,
);

/** The path better-sqlite3 resolves to from the BFF package (for a worker thread's `require`). */
export const betterSqlite3Entry = (): string => require.resolve('better-sqlite3');
