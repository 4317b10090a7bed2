import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import {
  CONNECTION_LOCK_TIMEOUT_MS,
  type Store,
  StoreLockTimeoutError,
  type StoreRepositories,
} from '../../core/ports';
import type { Database, Engine } from './database';
import type { StoreReadCache } from './read-cache';
import { createRepositories } from './repositories';

type ConnectionLock = Store['withConnectionLock'];

/**
 * `Store.withConnectionLock` for one engine. PostgreSQL serializes across every instance on the
 * database; SQLite serializes within this store (one process owns an SQLite file).
 */
export function createConnectionLock(
  db: Kysely<Database>,
  engine: Engine,
  readCache: Pick<StoreReadCache, 'uncached' | 'unitOfWork'>,
  options: { timeoutMs?: number } = {},
): ConnectionLock {
  const timeoutMs = options.timeoutMs ?? CONNECTION_LOCK_TIMEOUT_MS;
  if (engine === 'postgres') return postgresConnectionLock(db, readCache, timeoutMs);
  const mutex = new KeyedMutex();
  // Each write commits on its own here; reads under the lock go to the store.
  const repositories = readCache.uncached(createRepositories(db, engine));
  return (connectionId, work) => mutex.run(connectionId, timeoutMs, () => work(repositories));
}

function postgresConnectionLock(
  db: Kysely<Database>,
  readCache: Pick<StoreReadCache, 'unitOfWork'>,
  timeoutMs: number,
): ConnectionLock {
  return async <T>(connectionId: string, work: (tx: StoreRepositories) => Promise<T>) => {
    try {
      return await readCache.unitOfWork((observe) =>
        db.transaction().execute(async (trx) => {
          // SET takes no bind parameters; the value is our own integer.
          await sql
            .raw(`set local lock_timeout = '${Math.max(1, Math.floor(timeoutMs))}ms'`)
            .execute(trx);
          // Transaction-scoped: released by commit, rollback or a dropped connection alike.
          await sql`select pg_advisory_xact_lock(${advisoryLockKey(connectionId)}::bigint)`.execute(
            trx,
          );
          return work(observe(createRepositories(trx, 'postgres')));
        }),
      );
    } catch (error) {
      if (isLockNotAvailable(error)) throw new StoreLockTimeoutError({ cause: error });
      throw error;
    }
  };
}

/**
 * Advisory locks share one 64-bit key space per database, so the key is a hash of a
 * namespaced id (not `hashtext`, whose output may change between PostgreSQL versions).
 */
export function advisoryLockKey(connectionId: string): string {
  const digest = createHash('sha256').update(`ats-zoom:connection:${connectionId}`).digest();
  return digest.readBigInt64BE(0).toString();
}

function isLockNotAvailable(error: unknown): boolean {
  // 55P03 lock_not_available: what `lock_timeout` raises.
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '55P03'
  );
}

/** One holder per key at a time, first come first served; waiting is bounded by a timeout. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** `work` runs once every earlier holder of `key` is done; its turn waits at most `timeoutMs`. */
  async run<T>(key: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The next waiter starts only after the previous holder AND this one are done, even if
    // this one gives up waiting: giving up must not let two holders in at once.
    const tail = previous.then(() => held);
    this.tails.set(key, tail);
    try {
      await waitAtMost(previous, timeoutMs);
      return await work();
    } finally {
      release();
      void tail.then(() => {
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    }
  }
}

async function waitAtMost(turn: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreLockTimeoutError()), timeoutMs);
  });
  try {
    await Promise.race([turn, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
