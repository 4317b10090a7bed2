import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * The SQLite drivers the store can run on: `better-sqlite3` (an optional peer dependency, a
 * native addon built for one Node.js ABI) or `node:sqlite` (built into Node.js 22.16 and later).
 */
export const sqliteDriverNames = ['better-sqlite3', 'node:sqlite'] as const;
export type SqliteDriverName = (typeof sqliteDriverNames)[number];

/** Kysely's view of a SQLite database, plus `exec` for pragmas. */
export interface SqliteHandle extends SqliteDatabase {
  exec(sql: string): void;
}

export interface SqliteDriver {
  readonly name: SqliteDriverName;
  /** Opens (creating if missing) the file at `path`, or `':memory:'`. Pragmas are not set. */
  open(path: string): SqliteHandle;
}

/** What `node:sqlite` needs to have here: `StatementSync#columns()` came in 22.16 / 23.11. */
const nodeSqliteMinimum = 'Node.js 22.16 or later';
const installHint = 'pnpm add better-sqlite3 (or npm install better-sqlite3)';

interface BetterSqlite3Constructor {
  new (path: string): SqliteHandle;
}

/** The parts of `node:sqlite` used here (its types are not in @types/node 20). */
interface NodeStatementSync {
  columns(): unknown[];
  all(...parameters: unknown[]): Record<string, unknown>[];
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...parameters: unknown[]): IterableIterator<Record<string, unknown>>;
}
interface NodeDatabaseSync {
  prepare(sql: string): NodeStatementSync;
  exec(sql: string): void;
  close(): void;
}
interface NodeSqliteModule {
  DatabaseSync: new (path: string) => NodeDatabaseSync;
  StatementSync?: { prototype: Partial<NodeStatementSync> };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

async function loadBetterSqlite3(): Promise<SqliteDriver> {
  const module = (await import('better-sqlite3')) as unknown as {
    default: BetterSqlite3Constructor;
  };
  const Database = module.default;
  // The native addon loads on the first open: built for another Node.js ABI, it fails here.
  new Database(':memory:').close();
  return { name: 'better-sqlite3', open: (path) => new Database(path) };
}

function loadNodeSqlite(): SqliteDriver {
  let module: NodeSqliteModule | undefined;
  try {
    module = process.getBuiltinModule?.('node:sqlite') as NodeSqliteModule | undefined;
  } catch {
    module = undefined;
  }
  if (!module?.DatabaseSync || typeof module.StatementSync?.prototype.columns !== 'function') {
    throw new Error(`Node.js ${process.version} has no usable node:sqlite (${nodeSqliteMinimum})`);
  }
  const { DatabaseSync } = module;
  return { name: 'node:sqlite', open: (path) => nodeSqliteHandle(new DatabaseSync(path)) };
}

/**
 * `node:sqlite` shaped as Kysely's `SqliteDialect` expects (better-sqlite3's API): parameters come
 * as one array (spread here; `undefined` bound as NULL, as better-sqlite3 does), a statement is a
 * `reader` when it returns columns (a SELECT, or a write with RETURNING), and rows are plain
 * objects (node:sqlite's have a null prototype).
 */
function nodeSqliteHandle(database: NodeDatabaseSync): SqliteHandle {
  const bind = (parameters: ReadonlyArray<unknown>) =>
    parameters.map((value) => (value === undefined ? null : value));
  return {
    exec: (sql) => database.exec(sql),
    close: () => database.close(),
    prepare(sql): SqliteStatement {
      const statement = database.prepare(sql);
      return {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...bind(parameters)).map((row) => ({ ...row })),
        run(parameters) {
          const { changes, lastInsertRowid } = statement.run(...bind(parameters));
          return { changes, lastInsertRowid };
        },
        *iterate(parameters) {
          for (const row of statement.iterate(...bind(parameters))) yield { ...row };
        },
      };
    },
  };
}

const loaded = new Map<SqliteDriverName, SqliteDriver>();

async function tryLoad(name: SqliteDriverName): Promise<SqliteDriver> {
  const cached = loaded.get(name);
  if (cached) return cached;
  const driver = name === 'better-sqlite3' ? await loadBetterSqlite3() : loadNodeSqlite();
  loaded.set(name, driver);
  return driver;
}

/**
 * The SQLite driver to use: `forced` when given (an error when it does not load here), else
 * better-sqlite3 when it is installed and loads on this Node.js, else `node:sqlite`. When neither
 * does, the error names the package to install and the Node.js version that has `node:sqlite`.
 */
export async function loadSqliteDriver(forced?: SqliteDriverName): Promise<SqliteDriver> {
  if (forced !== undefined && !sqliteDriverNames.includes(forced)) {
    throw new Error(
      `sqliteDriver must be one of ${sqliteDriverNames.map((name) => `'${name}'`).join(', ')}, got ${JSON.stringify(forced)}`,
    );
  }
  if (forced === 'better-sqlite3') {
    try {
      return await tryLoad('better-sqlite3');
    } catch (error) {
      throw new Error(
        isModuleNotFound(error)
          ? `sqliteDriver 'better-sqlite3' is not installed: ${installHint}`
          : `sqliteDriver 'better-sqlite3' does not load on Node.js ${process.version} (${firstLine(error)}); rebuild it for this Node.js (pnpm rebuild better-sqlite3) or reinstall it`,
        { cause: error },
      );
    }
  }
  if (forced === 'node:sqlite') {
    try {
      return await tryLoad('node:sqlite');
    } catch (error) {
      throw new Error(
        `sqliteDriver 'node:sqlite' is not available: ${firstLine(error)}; use better-sqlite3 instead (${installHint})`,
        { cause: error },
      );
    }
  }

  let betterSqlite3Problem: string;
  try {
    return await tryLoad('better-sqlite3');
  } catch (error) {
    betterSqlite3Problem = isModuleNotFound(error) ? 'not installed' : firstLine(error);
  }
  try {
    return await tryLoad('node:sqlite');
  } catch (error) {
    throw new Error(
      `SQLite needs a driver and none loads on Node.js ${process.version}: install better-sqlite3 (${installHint}), or run ${nodeSqliteMinimum}, whose built-in node:sqlite is then used. better-sqlite3: ${betterSqlite3Problem}; node:sqlite: ${firstLine(error)}. For PostgreSQL, set a postgres:// database URL instead.`,
      { cause: error },
    );
  }
}
