import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { KEY_LOCK_TIMEOUT_MS, type Store, StoreLockTimeoutError } from '../../core/ports';
import { KeyedMutex } from './connection-lock';

type KeyLock = Store['withKeyLock'];

/** SQLite (one process owns the file): callers of one key take turns within this store. */
export function createInProcessKeyLock(options: { timeoutMs?: number } = {}): KeyLock {
  const timeoutMs = options.timeoutMs ?? KEY_LOCK_TIMEOUT_MS;
  const mutex = new KeyedMutex();
  return (namespace, key, work) => mutex.run(`${namespace}\n${key}`, timeoutMs, work);
}

/**
 * PostgreSQL: a session advisory lock held on a client of `lockPool` for as long as `work`
 * runs. `work` itself uses the main pool, so a full lock pool only delays lockers and can never
 * starve a holder. Callers of one key in this process queue in memory first, so each key holds
 * at most one lock-pool client per process. A holder whose session dies loses the lock with it.
 * A lock taken inside `work` (an interview's, then the tenant's 自動で選ぶ lock) is taken on the
 * holder's own session: holders waiting for it never need a second lock-pool client, which a
 * full pool would never give them.
 */
export function createPostgresKeyLock(
  lockPool: pg.Pool,
  options: { timeoutMs?: number; scope?: string } = {},
): KeyLock {
  const timeoutMs = options.timeoutMs ?? KEY_LOCK_TIMEOUT_MS;
  const scope = options.scope ?? '';
  const local = new KeyedMutex();
  /** The lock-pool client of the key lock the current `work` runs under, if any. */
  const holding = new AsyncLocalStorage<pg.PoolClient>();

  return (namespace, key, work) => {
    const startedAt = Date.now();
    const outer = holding.getStore();
    return local.run(`${namespace}\n${key}`, timeoutMs, async () => {
      const remaining = Math.max(1, timeoutMs - (Date.now() - startedAt));
      const lockKey = keyLockAdvisoryKey(scope, namespace, key);
      if (outer) return nestedLock(outer, lockKey, remaining, () => holding.run(outer, work));
      const client = await lockPool.connect();
      // A checked-out client that loses its server emits 'error'; unhandled, it ends the process.
      let broken = false;
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      try {
        try {
          await client.query(`select set_config('lock_timeout', $1, false)`, [`${remaining}ms`]);
          await client.query('select pg_advisory_lock($1::bigint)', [lockKey]);
        } catch (error) {
          if (isLockNotAvailable(error)) throw new StoreLockTimeoutError({ cause: error });
          broken = true;
          throw error;
        }
        try {
          return await holding.run(client, work);
        } finally {
          try {
            await client.query('select pg_advisory_unlock($1::bigint)', [lockKey]);
          } catch {
            // Ending the session below releases the lock as well.
            broken = true;
          }
        }
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    });
  };
}

/** A second advisory lock on the outer holder's session, released before the outer one. */
async function nestedLock<T>(
  client: pg.PoolClient,
  lockKey: string,
  remainingMs: number,
  work: () => Promise<T>,
): Promise<T> {
  try {
    await client.query(`select set_config('lock_timeout', $1, false)`, [`${remainingMs}ms`]);
    await client.query('select pg_advisory_lock($1::bigint)', [lockKey]);
  } catch (error) {
    if (isLockNotAvailable(error)) throw new StoreLockTimeoutError({ cause: error });
    throw error;
  }
  try {
    return await work();
  } finally {
    // A failed unlock leaves the lock to the outer holder's session, which ends on its failure.
    await client.query('select pg_advisory_unlock($1::bigint)', [lockKey]).catch(() => undefined);
  }
}

/**
 * The 64-bit advisory key of one keyed lock. Hashed with the store's schema, so suites and
 * deployments sharing a database in other schemas do not wait on each other's keys; and with a
 * prefix of its own, apart from the connection locks' key space.
 */
export function keyLockAdvisoryKey(scope: string, namespace: string, key: string): string {
  const digest = createHash('sha256')
    .update(`ats-zoom:key-lock:${scope}\n${namespace}\n${key}`)
    .digest();
  return digest.readBigInt64BE(0).toString();
}

function isLockNotAvailable(error: unknown): boolean {
  // 55P03 lock_not_available: what `lock_timeout` raises.
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '55P03'
  );
}
