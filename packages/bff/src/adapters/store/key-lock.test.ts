import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { gate, settle } from '../../../test/concurrency';
import { postgresUrl, storeEngines } from '../../../test/postgres';
import { suiteStores } from '../../../test/suite-stores';
import { type Store, StoreLockTimeoutError } from '../../core/ports';
import { keyLockAdvisoryKey } from './key-lock';

const engines = await storeEngines('key-lock.test.ts');

describe.each(engines)('withKeyLock on %s', (engine) => {
  const { schema, open } = suiteStores(engine, 'key_lock_test', {
    postgresPoolSize: 2,
    postgresLockPoolSize: 3,
  });
  let store: Store;

  beforeAll(async () => {
    store = await open();
  });

  it('when two callers lock one key, then the second runs only after the first is done', async () => {
    const events: string[] = [];
    const release = gate();
    const first = store.withKeyLock('interview', 't\niv-1', async () => {
      events.push('first:start');
      await release.opened;
      events.push('first:end');
      return 'first';
    });
    await settle();
    const second = store.withKeyLock('interview', 't\niv-1', async () => {
      events.push('second:start');
      return 'second';
    });
    await settle();
    expect(events).toEqual(['first:start']);
    release.open();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    expect(events).toEqual(['first:start', 'first:end', 'second:start']);
  });

  it('when callers lock other keys or another namespace, then they hold their locks at once', async () => {
    const allIn = gate();
    let inside = 0;
    const hold = (namespace: string, key: string) =>
      store.withKeyLock(namespace, key, async () => {
        inside += 1;
        if (inside === 3) allIn.open();
        await allIn.opened;
        return inside;
      });
    expect(
      await Promise.all([hold('interview', 'a'), hold('interview', 'b'), hold('other', 'a')]),
    ).toEqual([3, 3, 3]);
  });

  it('when the holder uses the store while many wait on one key, then it is never starved of connections', async () => {
    // More waiters than either pool has connections: waiters must not hold what the holder needs.
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        store.withKeyLock('interview', 'crowded', async () => {
          await store.ping();
          await store.meetings.findByInterview('t', 'crowded');
          order.push(i);
        }),
      ),
    );
    expect(order).toHaveLength(6);
  });

  it('when more holders than the lock pool has connections each take a second, shared key inside, then all finish one at a time inside it', async () => {
    // Each interview lock holds a lock-pool client; the tenant lock inside must not need another.
    let inside = 0;
    let most = 0;
    const done = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        store.withKeyLock('interview', `t\niv-${i}`, () =>
          store.withKeyLock('interview', 't\n#auto-host', async () => {
            inside += 1;
            most = Math.max(most, inside);
            await store.meetings.findByInterview('t', `iv-${i}`);
            await settle();
            inside -= 1;
            return i;
          }),
        ),
      ),
    );
    expect(done).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(1);
  });

  it('when the holder throws, then the error reaches the caller and the key is free again', async () => {
    await expect(
      store.withKeyLock('interview', 'boom', async () => {
        throw new Error('save blew up');
      }),
    ).rejects.toThrow('save blew up');
    expect(await store.withKeyLock('interview', 'boom', async () => 'next')).toBe('next');
  });

  it('when the lock stays held past the wait limit, then the waiter gets StoreLockTimeoutError and a later caller still gets in', async () => {
    const impatient = await open({ keyLockTimeoutMs: 200 });
    const release = gate();
    const holder = impatient.withKeyLock('interview', 'slow', () => release.opened);
    await settle();
    const startedWaiting = Date.now();
    const waiter = impatient.withKeyLock('interview', 'slow', async () => 'should not run');
    await expect(waiter).rejects.toBeInstanceOf(StoreLockTimeoutError);
    expect(Date.now() - startedWaiting).toBeGreaterThanOrEqual(150);
    release.open();
    await holder;
    expect(await impatient.withKeyLock('interview', 'slow', async () => 'after')).toBe('after');
  });

  if (engine === 'postgres') {
    it('when two stores (two BFF instances) lock one key, then they take turns', async () => {
      const other = await open();
      const events: string[] = [];
      const release = gate();
      const first = store.withKeyLock('interview', 'shared', async () => {
        events.push('instance-1:start');
        await release.opened;
        events.push('instance-1:end');
      });
      await settle();
      const second = other.withKeyLock('interview', 'shared', async () => {
        events.push('instance-2:start');
      });
      await settle();
      expect(events).toEqual(['instance-1:start']);
      release.open();
      await Promise.all([first, second]);
      expect(events).toEqual(['instance-1:start', 'instance-1:end', 'instance-2:start']);
    });

    it('when another instance holds the key past the wait limit, then StoreLockTimeoutError', async () => {
      const impatient = await open({ keyLockTimeoutMs: 200 });
      const release = gate();
      const holder = store.withKeyLock('interview', 'held-elsewhere', () => release.opened);
      await settle();
      await expect(
        impatient.withKeyLock('interview', 'held-elsewhere', async () => 'should not run'),
      ).rejects.toBeInstanceOf(StoreLockTimeoutError);
      release.open();
      await holder;
    });

    it('when a key is locked, then a session advisory lock is held under its derived key and released after', async () => {
      const release = gate();
      const holder = store.withKeyLock('interview', 'visible', () => release.opened);
      await settle();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      const key = BigInt(keyLockAdvisoryKey(schema, 'interview', 'visible'));
      const high = Number(BigInt.asUintN(32, key >> 32n));
      const low = Number(BigInt.asUintN(32, key));
      const held = async () => {
        const { rows } = await client.query(
          `select count(*)::int as n from pg_locks
           where locktype = 'advisory' and classid = $1::bigint::oid and objid = $2::bigint::oid
             and objsubid = 1 and granted`,
          [high, low],
        );
        return rows[0].n as number;
      };
      try {
        expect(await held()).toBe(1);
        release.open();
        await holder;
        expect(await held()).toBe(0);
      } finally {
        release.open();
        await client.end();
      }
    });
  }
});
