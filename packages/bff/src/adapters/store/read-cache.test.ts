import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, postgresAvailable, postgresUrl } from '../../../test/postgres';
import type { ConnectionRecord, Store, StoreRepositories } from '../../core/ports';
import { openStore } from './index';
import { createStoreReadCache } from './read-cache';

const onPostgres = await postgresAvailable('read-cache.test.ts');
const since = new Date('2031-05-06T07:08:09.000Z');

function zoomLink(tenantId: string, userId: string): ConnectionRecord {
  return {
    id: randomUUID(),
    tenantId,
    userId,
    userName: `Name of ${userId}`,
    provider: 'zoom',
    providerUserId: `z-${randomUUID()}`,
    providerAccountId: 'account-9',
    email: `${userId}@example.org`,
    displayName: userId,
    accountType: 'personal',
    status: 'active',
    scopes: ['user:read:user'],
    tokenCiphertext: 'v1.k1.x.y.z',
    accessTokenExpiresAt: null,
    movedFrom: null,
    movedTo: null,
    createdAt: since,
    updatedAt: since,
  };
}

const opened: Store[] = [];
const schemas: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await Promise.all(schemas.splice(0).map((schema) => dropSchema(schema)));
});

async function sqliteStore() {
  const store = await openStore({ sqlitePath: ':memory:' });
  opened.push(store);
  return store;
}

/** Two stores on one PostgreSQL schema: two BFF instances. */
async function twoPostgresStores(): Promise<[Store, Store]> {
  const schema = freshSchema('read_cache');
  schemas.push(schema);
  const open = () =>
    openStore({ databaseUrl: postgresUrl, postgresSchema: schema, postgresPoolSize: 4 });
  const first = await open();
  opened.push(first);
  const second = await open();
  opened.push(second);
  return [first, second];
}

const engines = [
  { name: 'sqlite', open: sqliteStore },
  ...(onPostgres ? [{ name: 'postgres', open: async () => (await twoPostgresStores())[0] }] : []),
];

describe.each(engines)('the store read cache on $name', ({ open }) => {
  it('when a user is deactivated, reactivated in a transaction or under a connection lock, then the next reads say so at once', async () => {
    const store = await open();
    const tenant = `t-${randomUUID()}`;
    expect(await store.userStatuses.find(tenant, 'u-1')).toBeUndefined();
    expect(await store.userStatuses.listDeactivated(tenant)).toEqual([]);

    await store.userStatuses.deactivate({
      tenantId: tenant,
      userId: 'u-1',
      deactivatedAt: since,
      deactivatedBy: 'u-admin',
    });
    expect((await store.userStatuses.find(tenant, 'u-1'))?.deactivatedBy).toBe('u-admin');
    expect((await store.userStatuses.listDeactivated(tenant, ['u-1', 'u-2'])).length).toBe(1);

    await store.transaction((tx) => tx.userStatuses.reactivate(tenant, 'u-1'));
    expect(await store.userStatuses.find(tenant, 'u-1')).toBeUndefined();
    expect(await store.userStatuses.listDeactivated(tenant)).toEqual([]);

    const link = zoomLink(tenant, 'u-1');
    await store.connections.insert(link);
    expect((await store.connections.findForUser(tenant, 'u-1', 'zoom'))?.status).toBe('active');
    await store.withConnectionLock(link.id, (tx) =>
      tx.connections.update(link.id, { status: 'needs_reauth', updatedAt: since }),
    );
    expect((await store.connections.findForUser(tenant, 'u-1', 'zoom'))?.status).toBe(
      'needs_reauth',
    );
    expect((await store.connections.listForTenant(tenant, 'zoom')).map((c) => c.status)).toEqual([
      'needs_reauth',
    ]);
  });

  it('when a transaction that wrote fails, then the reads show what is stored: nothing of it', async () => {
    const store = await open();
    const tenant = `t-${randomUUID()}`;
    expect(await store.connections.listForTenant(tenant, 'zoom')).toEqual([]);
    await expect(
      store.transaction(async (tx) => {
        await tx.connections.insert(zoomLink(tenant, 'u-2'));
        expect(await tx.connections.listForTenant(tenant, 'zoom')).toHaveLength(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.connections.listForTenant(tenant, 'zoom')).toEqual([]);
  });

  it('when a caller changes a list it was answered, then the next answer is unchanged', async () => {
    const store = await open();
    const tenant = `t-${randomUUID()}`;
    await store.connections.insert(zoomLink(tenant, 'u-3'));
    const first = await store.connections.listForTenant(tenant, 'zoom');
    first.pop();
    expect(await store.connections.listForTenant(tenant, 'zoom')).toHaveLength(1);
    const [link] = await store.connections.listForTenant(tenant, 'zoom');
    expect(Object.isFrozen(link)).toBe(true);
  });
});

describe.runIf(onPostgres)('the store read cache on two instances (postgres)', () => {
  it("when instance A deactivates a user and updates a link, then instance B's cached reads follow within 1 s", async () => {
    const [a, b] = await twoPostgresStores();
    const tenant = `t-${randomUUID()}`;
    const link = zoomLink(tenant, 'u-4');
    await a.connections.insert(link);
    // B caches the active user and the active link.
    expect(await b.userStatuses.find(tenant, 'u-4')).toBeUndefined();
    expect((await b.connections.listForTenant(tenant, 'zoom'))[0]?.status).toBe('active');

    await a.userStatuses.deactivate({
      tenantId: tenant,
      userId: 'u-4',
      deactivatedAt: since,
      deactivatedBy: 'u-admin',
    });
    await a.transaction((tx) => tx.connections.update(link.id, { status: 'revoked' }));
    const sent = performance.now();
    await expect
      .poll(async () => (await b.userStatuses.find(tenant, 'u-4'))?.userId, {
        timeout: 1_000,
        interval: 10,
      })
      .toBe('u-4');
    await expect
      .poll(async () => (await b.connections.listForTenant(tenant, 'zoom'))[0]?.status, {
        timeout: 1_000,
        interval: 10,
      })
      .toBe('revoked');
    expect(performance.now() - sent).toBeLessThan(1_000);
  });
});

describe('the store read cache itself', () => {
  /** The cache over repositories whose tenant link list answers when the test says so. */
  function overSlowLinks(cache: ReturnType<typeof createStoreReadCache>) {
    const loads: ((links: ConnectionRecord[]) => void)[] = [];
    const unused = () => {
      throw new Error('not used here');
    };
    const connections = {
      findById: unused,
      findForUser: unused,
      findLiveByProviderUser: unused,
      listForTenant: () => new Promise<ConnectionRecord[]>((resolve) => loads.push(resolve)),
      insert: async () => undefined,
      update: async () => undefined,
      delete: async () => undefined,
    };
    const repositories = { connections, userStatuses: {}, approvalWaits: {}, meetings: {} };
    return { store: cache.root(repositories as unknown as StoreRepositories), loads };
  }

  it('when a write lands while a read is loading, then that read is answered but not kept', async () => {
    const cache = createStoreReadCache({});
    const { store, loads } = overSlowLinks(cache);
    const before = store.connections.listForTenant('t', 'zoom');
    await store.connections.delete('c-1');
    loads[0]?.([zoomLink('t', 'old')]);
    expect((await before).map((link) => link.userId)).toEqual(['old']);

    const after = store.connections.listForTenant('t', 'zoom');
    expect(loads).toHaveLength(2);
    loads[1]?.([]);
    expect(await after).toEqual([]);
    expect(await store.connections.listForTenant('t', 'zoom')).toEqual([]);
    expect(loads, 'the second load is kept').toHaveLength(2);
    await cache.close();
  });

  it('when an entry is older than the TTL, then it is read again', async () => {
    let now = 0;
    const cache = createStoreReadCache({ now: () => now, ttlMs: 5_000 });
    const { store, loads } = overSlowLinks(cache);
    const first = store.connections.listForTenant('t', 'zoom');
    loads[0]?.([]);
    await first;
    now = 4_999;
    await store.connections.listForTenant('t', 'zoom');
    expect(loads).toHaveLength(1);
    now = 5_000;
    const again = store.connections.listForTenant('t', 'zoom');
    expect(loads).toHaveLength(2);
    loads[1]?.([]);
    await again;
    await cache.close();
  });
});
