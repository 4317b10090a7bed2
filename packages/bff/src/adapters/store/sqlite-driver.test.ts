import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  betterSqlite3Entry,
  loadableSqliteDrivers,
  sqliteDriverLoads,
} from '../../../test/sqlite-drivers';
import { openStore, type SqliteDriverName, sqliteDriverNames } from './index';
import { loadSqliteDriver } from './sqlite-driver';

const t0 = new Date('2030-03-04T05:06:07.089Z');

/**
 * Holds SQLite's write lock on `path` from a worker thread (its own connection) for `holdMs`,
 * then commits. Resolves once the lock is held, with `released`: a promise of the commit.
 */
async function holdWriteLock(driver: SqliteDriverName, path: string, holdMs: number) {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const { driver, path, holdMs, betterSqlite3 } = workerData;
    const db = driver === 'node:sqlite'
      ? new (process.getBuiltinModule('node:sqlite').DatabaseSync)(path)
      : new (require(betterSqlite3))(path);
    db.exec('begin immediate');
    parentPort.postMessage('locked');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdMs);
    db.exec('commit');
    db.close();
    `,
    {
      eval: true,
      workerData: {
        driver,
        path,
        holdMs,
        betterSqlite3: driver === 'better-sqlite3' ? betterSqlite3Entry() : null,
      },
    },
  );
  const released = new Promise<void>((done, fail) => {
    worker.once('error', fail);
    worker.once('exit', (code) => (code === 0 ? done() : fail(new Error(`worker exit ${code}`))));
  });
  await new Promise<void>((locked, fail) => {
    worker.once('message', () => locked());
    worker.once('error', fail);
  });
  return { released };
}

describe('SQLite drivers', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ats-zoom-sqlite-driver-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('at least one SQLite driver loads on this Node.js', () => {
    expect(loadableSqliteDrivers.length, `Node.js ${process.version}`).toBeGreaterThan(0);
  });

  it('when no driver is chosen, then better-sqlite3 is used if it loads here, else node:sqlite', async () => {
    const store = await openStore({ sqlitePath: ':memory:' });
    try {
      expect(store.driver).toBe(
        sqliteDriverLoads('better-sqlite3') ? 'better-sqlite3' : 'node:sqlite',
      );
    } finally {
      await store.close();
    }
  });

  for (const name of sqliteDriverNames) {
    if (sqliteDriverLoads(name)) {
      it(`when ${name} is chosen, then the store runs on it in WAL mode with a busy timeout (store.test.ts runs every repository on it)`, async () => {
        const path = join(dir, `${name.replace(/\W/g, '-')}.sqlite`);
        const store = await openStore({ sqlitePath: path, sqliteDriver: name });
        try {
          expect(store.driver).toBe(name);
          const raw = (await loadSqliteDriver(name)).open(path);
          try {
            expect(raw.prepare('pragma journal_mode').all([])).toEqual([{ journal_mode: 'wal' }]);
          } finally {
            raw.close();
          }

          // Busy timeout: a write waits while another connection holds the lock, then succeeds
          // (without it, node:sqlite answers SQLITE_BUSY at once; better-sqlite3 waits 5 s by
          // default too).
          const { released } = await holdWriteLock(name, path, 400);
          const started = performance.now();
          expect(await store.webhookEvents.recordIfNew('zoom', 'evt-busy', t0)).toBe(true);
          expect(performance.now() - started).toBeGreaterThan(150);
          await released;
        } finally {
          await store.close();
        }
      });
    } else {
      it(`when ${name} is chosen but does not load on this Node.js, then opening fails saying what to do`, async () => {
        const opening = openStore({ sqlitePath: ':memory:', sqliteDriver: name });
        await expect(opening).rejects.toThrow(
          name === 'better-sqlite3'
            ? /sqliteDriver 'better-sqlite3' (is not installed: pnpm add better-sqlite3|does not load on Node\.js v[\d.]+ .*pnpm rebuild better-sqlite3)/
            : /sqliteDriver 'node:sqlite' is not available: Node\.js v[\d.]+ has no usable node:sqlite \(Node\.js 22\.16 or later\); use better-sqlite3 instead \(pnpm add better-sqlite3/,
        );
      });
    }
  }

  it('when a driver name is unknown, then opening fails listing the known ones', async () => {
    await expect(
      openStore({ sqlitePath: ':memory:', sqliteDriver: 'sqlite3' as SqliteDriverName }),
    ).rejects.toThrow(`sqliteDriver must be one of 'better-sqlite3', 'node:sqlite', got "sqlite3"`);
  });

  it('when neither driver loads, then opening SQLite fails naming the package to install and the Node.js that has node:sqlite', async () => {
    // A Node.js process of this version where better-sqlite3 cannot be resolved (a resolve hook
    // hides it) and node:sqlite is switched off where Node.js has it.
    const hook = `export async function resolve(specifier, context, next) {
      if (specifier === 'better-sqlite3') {
        throw Object.assign(new Error("Cannot find package 'better-sqlite3'"), { code: 'ERR_MODULE_NOT_FOUND' });
      }
      return next(specifier, context);
    }`;
    const register = `import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`;
    const script = `import { openStore } from ${JSON.stringify(pathToFileURL(resolve(import.meta.dirname, 'open-store.ts')).href)};
      try { await openStore({ sqlitePath: ':memory:' }); console.log('opened'); }
      catch (error) { console.log(error.message); }`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        ...(process.allowedNodeEnvironmentFlags.has('--experimental-sqlite')
          ? ['--no-experimental-sqlite']
          : []),
        '--conditions=@ats-zoom/source',
        '--import',
        'tsx',
        '--import',
        `data:text/javascript,${encodeURIComponent(register)}`,
        '--input-type=module',
        '--eval',
        script,
      ],
      { cwd: resolve(import.meta.dirname, '../../..'), timeout: 30_000 },
    );
    expect(stdout).toContain(
      `SQLite needs a driver and none loads on Node.js ${process.version}: install better-sqlite3 (pnpm add better-sqlite3 (or npm install better-sqlite3)), or run Node.js 22.16 or later, whose built-in node:sqlite is then used. better-sqlite3: not installed;`,
    );
    expect(stdout).not.toContain('opened');
  }, 40_000);
});
