import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { gate, settle } from '../../../test/concurrency';
import { postgresUrl, storeEngines } from '../../../test/postgres';
import { suiteStores } from '../../../test/suite-stores';
import { type ConnectionRecord, type Store, StoreLockTimeoutError } from '../../core/ports';
import { advisoryLockKey } from './connection-lock';

const engines = await storeEngines('connection-lock.test.ts');

function connection(): ConnectionRecord {
  const now = new Date('2030-03-04T05:06:07.089Z');
  return {
    id: randomUUID(),
    tenantId: 'tenant-lock',
    userId: `user-${randomUUID()}`,
    userName: 'Lock Tester',
    provider: 'zoom',
    providerUserId: `zoom-${randomUUID()}`,
    providerAccountId: null,
    email: null,
    displayName: null,
    accountType: 'personal',
    status: 'active',
    scopes: [],
    tokenCiphertext: 'v1.k1.aaa.bbb.ccc',
    accessTokenExpiresAt: now,
    movedFrom: null,
    movedTo: null,
    createdAt: now,
    updatedAt: now,
  };
}

describe.each(engines)('withConnectionLock on %s', (engine) => {
  const { open } = suiteStores(engine, 'lock_test', { postgresPoolSize: 4 });
  let store: Store;

  beforeAll(async () => {
    store = await open();
  });

  it('when two callers lock one connection, then the second runs only after the first is done', async () => {
    const id = randomUUID();
    const events: string[] = [];
    const release = gate();
    const first = store.withConnectionLock(id, async () => {
      events.push('first:start');
      await release.opened;
      events.push('first:end');
      return 'first';
    });
    await settle();
    const second = store.withConnectionLock(id, async () => {
      events.push('second:start');
      return 'second';
    });
    await settle();
    expect(events).toEqual(['first:start']);
    release.open();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    expect(events).toEqual(['first:start', 'first:end', 'second:start']);
  });

  it('when two callers lock different connections, then both hold their lock at once', async () => {
    const bothIn = gate();
    let inside = 0;
    const hold = (id: string) =>
      store.withConnectionLock(id, async () => {
        inside += 1;
        if (inside === 2) bothIn.open();
        await bothIn.opened;
        return inside;
      });
    expect(await Promise.all([hold(randomUUID()), hold(randomUUID())])).toEqual([2, 2]);
  });

  it('when the holder throws, then the error reaches the caller and the lock is free again', async () => {
    const id = randomUUID();
    await expect(
      store.withConnectionLock(id, async () => {
        throw new Error('refresh blew up');
      }),
    ).rejects.toThrow('refresh blew up');
    expect(await store.withConnectionLock(id, async () => 'next')).toBe('next');
  });

  it('when work writes through the locked repositories, then the write is visible after it returns', async () => {
    const record = connection();
    await store.connections.insert(record);
    await store.withConnectionLock(record.id, async (tx) => {
      await tx.connections.update(record.id, { status: 'needs_reauth', tokenCiphertext: null });
    });
    expect(await store.connections.findById(record.id)).toMatchObject({
      status: 'needs_reauth',
      tokenCiphertext: null,
    });
  });

  it('when the lock stays held past the wait limit, then the waiter gets StoreLockTimeoutError and a later caller still gets in', async () => {
    const impatient = await open({ connectionLockTimeoutMs: 200 });
    const id = randomUUID();
    const release = gate();
    const holder = impatient.withConnectionLock(id, () => release.opened);
    await settle();
    const startedWaiting = Date.now();
    const waiter = impatient.withConnectionLock(id, async () => 'should not run');
    await expect(waiter).rejects.toBeInstanceOf(StoreLockTimeoutError);
    expect(Date.now() - startedWaiting).toBeGreaterThanOrEqual(150);
    release.open();
    await holder;
    expect(await impatient.withConnectionLock(id, async () => 'after')).toBe('after');
  });

  if (engine === 'postgres') {
    it('when two stores (two BFF instances) lock one connection, then they take turns', async () => {
      const other = await open();
      const id = randomUUID();
      const events: string[] = [];
      const release = gate();
      const first = store.withConnectionLock(id, async () => {
        events.push('instance-1:start');
        await release.opened;
        events.push('instance-1:end');
      });
      await settle();
      const second = other.withConnectionLock(id, async () => {
        events.push('instance-2:start');
      });
      await settle();
      expect(events).toEqual(['instance-1:start']);
      release.open();
      await Promise.all([first, second]);
      expect(events).toEqual(['instance-1:start', 'instance-1:end', 'instance-2:start']);
    });

    it('when work throws after writing, then its writes are rolled back', async () => {
      const record = connection();
      await store.connections.insert(record);
      await expect(
        store.withConnectionLock(record.id, async (tx) => {
          await tx.connections.update(record.id, { status: 'revoked' });
          throw new Error('after the write');
        }),
      ).rejects.toThrow('after the write');
      expect((await store.connections.findById(record.id))?.status).toBe('active');
    });

    it('when a connection is locked, then the advisory lock is held under its derived key', async () => {
      const id = randomUUID();
      const release = gate();
      const holder = store.withConnectionLock(id, () => release.opened);
      await settle();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        const key = BigInt(advisoryLockKey(id));
        // A 64-bit advisory key shows up in pg_locks as its high and low 32 bits.
        const high = Number(BigInt.asUintN(32, key >> 32n));
        const low = Number(BigInt.asUintN(32, key));
        const { rows } = await client.query(
          `select count(*)::int as n from pg_locks
           where locktype = 'advisory' and classid = $1::bigint::oid and objid = $2::bigint::oid
             and objsubid = 1 and granted`,
          [high, low],
        );
        expect(rows[0].n).toBe(1);
      } finally {
        await client.end();
        release.open();
        await holder;
      }
    });
  }
});
