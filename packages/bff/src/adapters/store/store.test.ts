import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, postgresAvailable, postgresUrl } from '../../../test/postgres';
import { loadableSqliteDrivers } from '../../../test/sqlite-drivers';
import { notRequestedCalendar } from '../../core/calendar/calendar-event';
import {
  type CalendarTaskRecord,
  type ConnectionRecord,
  type MeetingCalendarRecord,
  type MeetingRecord,
  type OAuthAttemptRecord,
  type Store,
  StoreConflictError,
} from '../../core/ports';
import { constraintNames, DatabaseUrlError, openStore, type SqliteDriverName } from './index';
import { loadSqliteDriver } from './sqlite-driver';

interface EngineFixture {
  engine: Store['engine'];
  /** Opens a store on this suite's own database; every call reaches the same data. */
  open(): Promise<Store>;
  /** Opens a fresh in-memory store of this engine (SQLite only). */
  openInMemory?(): Promise<Store>;
  dispose(): Promise<void>;
}

async function sqliteFixture(sqliteDriver: SqliteDriverName): Promise<EngineFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'ats-zoom-store-'));
  return {
    engine: 'sqlite',
    open: () => openStore({ sqlitePath: join(dir, 'store.sqlite'), sqliteDriver }),
    openInMemory: () => openStore({ sqlitePath: ':memory:', sqliteDriver }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresFixture(): Promise<EngineFixture> {
  const schema = freshSchema('store_test');
  return {
    engine: 'postgres',
    open: () =>
      openStore({ databaseUrl: postgresUrl, postgresSchema: schema, postgresPoolSize: 12 }),
    dispose: () => dropSchema(schema),
  };
}

const engines: { name: string; fixture: () => Promise<EngineFixture> }[] = [
  // Once per SQLite driver that loads on this Node.js. The main SQLite run is in memory (what
  // the BFF's tests use); reopening uses a temp file.
  ...loadableSqliteDrivers.map((driver) => ({
    name: `sqlite (${driver})`,
    fixture: () => sqliteFixture(driver),
  })),
];
if (await postgresAvailable('store.test.ts')) {
  engines.push({ name: 'postgres', fixture: postgresFixture });
}

const t0 = new Date('2030-03-04T05:06:07.089Z');
const minutes = (n: number) => n * 60_000;
const at = (offsetMs: number) => new Date(t0.getTime() + offsetMs);

function connection(overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id: randomUUID(),
    tenantId: `tenant-${randomUUID()}`,
    userId: `user-${randomUUID()}`,
    userName: 'Hanako Sato',
    provider: 'zoom',
    providerUserId: `zoom-${randomUUID()}`,
    providerAccountId: 'acct-1',
    email: 'hanako@example.com',
    displayName: 'Hanako',
    accountType: 'managed',
    status: 'active',
    scopes: ['meeting:write:meeting', 'user:read:user'],
    tokenCiphertext: 'v1.k1.aaa.bbb.ccc',
    accessTokenExpiresAt: at(minutes(60)),
    movedFrom: null,
    movedTo: null,
    createdAt: t0,
    updatedAt: t0,
    ...overrides,
  };
}

function attempt(overrides: Partial<OAuthAttemptRecord> = {}): OAuthAttemptRecord {
  return {
    id: randomUUID(),
    stateHash: randomBytes(32).toString('hex'),
    codeVerifierCiphertext: 'v1.k1.iv.ct.tag',
    tenantId: `tenant-${randomUUID()}`,
    userId: `user-${randomUUID()}`,
    userName: 'Taro Yamada',
    role: 'recruiter',
    provider: 'zoom',
    returnOrigin: 'https://ats.example.com',
    status: 'pending',
    errorCode: null,
    connectionId: null,
    createdAt: t0,
    expiresAt: at(minutes(10)),
    consumedAt: null,
    startedAt: null,
    ...overrides,
  };
}

async function expectConflict(write: Promise<unknown>, constraint: string) {
  const error = await write.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreConflictError);
  expect((error as StoreConflictError).constraint).toBe(constraint);
}

describe.each(engines)('store on $name', ({ fixture: makeFixture }) => {
  let fixture: EngineFixture;
  let store: Store;

  beforeAll(async () => {
    fixture = await makeFixture();
    store = await (fixture.openInMemory ?? fixture.open)();
  });

  afterAll(async () => {
    await store?.close();
    await fixture?.dispose();
  });

  describe('connections', () => {
    it('when a connection is inserted, then findById returns every field as written', async () => {
      const record = connection({
        movedFrom: { tenantId: 't-old', userId: 'u-old', userName: 'Jiro' },
        accountType: 'personal',
        email: null,
      });
      await store.connections.insert(record);

      expect(await store.connections.findById(record.id)).toEqual(record);
      expect(await store.connections.findById(randomUUID())).toBeUndefined();
    });

    it('when nullable fields are null, then they come back null', async () => {
      const record = connection({
        providerAccountId: null,
        email: null,
        displayName: null,
        accountType: null,
        tokenCiphertext: null,
        accessTokenExpiresAt: null,
        scopes: [],
        status: 'revoked',
      });
      await store.connections.insert(record);

      expect(await store.connections.findById(record.id)).toEqual(record);
    });

    it("when looking up a user's link, then it is found whatever its status and only for that user", async () => {
      const record = connection({ status: 'moved', tokenCiphertext: null });
      await store.connections.insert(record);

      expect(await store.connections.findForUser(record.tenantId, record.userId, 'zoom')).toEqual(
        record,
      );
      expect(
        await store.connections.findForUser(`tenant-${randomUUID()}`, record.userId, 'zoom'),
      ).toBeUndefined();
      expect(
        await store.connections.findForUser(record.tenantId, `user-${randomUUID()}`, 'zoom'),
      ).toBeUndefined();
    });

    it('when looking up the live link of a Zoom user, then active and needs_reauth rows are found in any tenant, moved and revoked are not', async () => {
      const zoomUser = `zoom-${randomUUID()}`;
      const moved = connection({ providerUserId: zoomUser, status: 'moved' });
      const revoked = connection({ providerUserId: zoomUser, status: 'revoked' });
      await store.connections.insert(moved);
      await store.connections.insert(revoked);
      expect(await store.connections.findLiveByProviderUser('zoom', zoomUser)).toBeUndefined();

      const needsReauth = connection({ providerUserId: zoomUser, status: 'needs_reauth' });
      await store.connections.insert(needsReauth);
      expect(await store.connections.findLiveByProviderUser('zoom', zoomUser)).toEqual(needsReauth);

      await store.connections.update(needsReauth.id, { status: 'active' });
      expect((await store.connections.findLiveByProviderUser('zoom', zoomUser))?.id).toBe(
        needsReauth.id,
      );
    });

    it("when listing a tenant's connections, then only that tenant's come back, oldest first", async () => {
      const tenantId = `tenant-${randomUUID()}`;
      const second = connection({ tenantId, createdAt: at(2000), updatedAt: at(2000) });
      const first = connection({ tenantId, createdAt: at(1000), updatedAt: at(1000) });
      const third = connection({ tenantId, status: 'needs_reauth', createdAt: at(3000) });
      await store.connections.insert(second);
      await store.connections.insert(third);
      await store.connections.insert(first);
      await store.connections.insert(connection());

      const listed = await store.connections.listForTenant(tenantId, 'zoom');
      expect(listed.map((row) => row.id)).toEqual([first.id, second.id, third.id]);
      expect(listed[2]).toEqual(third);
      expect(await store.connections.listForTenant(`tenant-${randomUUID()}`, 'zoom')).toEqual([]);
    });

    it('when a connection is updated, then only the patched fields change and null clears a field', async () => {
      const record = connection();
      await store.connections.insert(record);
      const movedTo = { tenantId: 't-new', userId: 'u-new', userName: 'Saburo' };

      await store.connections.update(record.id, {
        status: 'moved',
        tokenCiphertext: null,
        accessTokenExpiresAt: null,
        movedTo,
        scopes: ['user:read:user'],
        updatedAt: at(5),
      });

      expect(await store.connections.findById(record.id)).toEqual({
        ...record,
        status: 'moved',
        tokenCiphertext: null,
        accessTokenExpiresAt: null,
        movedTo,
        scopes: ['user:read:user'],
        updatedAt: at(5),
      });
    });

    it('when every field a patch may carry is updated, then every one is stored', async () => {
      const record = connection();
      await store.connections.insert(record);
      const patch = {
        userName: 'Renamed',
        providerUserId: `zoom-${randomUUID()}`,
        providerAccountId: 'acct-2',
        email: 'new@example.com',
        displayName: 'New Name',
        accountType: 'personal' as const,
        status: 'needs_reauth' as const,
        scopes: ['a', 'b', 'c'],
        tokenCiphertext: 'v1.k2.x.y.z',
        accessTokenExpiresAt: at(minutes(90) + 7),
        movedFrom: { tenantId: 'tf', userId: 'uf', userName: 'From' },
        movedTo: null,
        updatedAt: at(9),
      };

      await store.connections.update(record.id, patch);

      expect(await store.connections.findById(record.id)).toEqual({ ...record, ...patch });
    });

    it('when an update is empty or targets no row, then nothing changes', async () => {
      const record = connection();
      await store.connections.insert(record);

      await store.connections.update(record.id, {});
      await store.connections.update(randomUUID(), { status: 'revoked' });

      expect(await store.connections.findById(record.id)).toEqual(record);
    });

    it('when a connection is deleted, then it is gone and attempts that produced it keep their history', async () => {
      const record = connection();
      await store.connections.insert(record);
      const finished = attempt({ status: 'succeeded', connectionId: record.id });
      await store.oauthAttempts.insert(finished);

      await store.connections.delete(record.id);

      expect(await store.connections.findById(record.id)).toBeUndefined();
      // ON DELETE SET NULL: only happens when the engine enforces foreign keys.
      expect(await store.oauthAttempts.findById(finished.id)).toEqual({
        ...finished,
        connectionId: null,
      });
    });

    it('when an attempt names a connection that does not exist, then the write is refused', async () => {
      await expect(
        store.oauthAttempts.insert(attempt({ connectionId: randomUUID() })),
      ).rejects.toThrow();
    });
  });

  describe('uniqueness rules', () => {
    it('when an ATS user gets a second link for the same provider, then it is rejected', async () => {
      const first = connection({ status: 'revoked' });
      await store.connections.insert(first);

      await expectConflict(
        store.connections.insert(connection({ tenantId: first.tenantId, userId: first.userId })),
        constraintNames.connectionPerUser,
      );
    });

    it('when a Zoom user already has a live link, then a second live link anywhere is rejected', async () => {
      const live = connection();
      await store.connections.insert(live);

      await expectConflict(
        store.connections.insert(connection({ providerUserId: live.providerUserId })),
        constraintNames.liveLinkPerProviderUser,
      );
      await expectConflict(
        store.connections.insert(
          connection({ providerUserId: live.providerUserId, status: 'needs_reauth' }),
        ),
        constraintNames.liveLinkPerProviderUser,
      );
      expect(await store.connections.findLiveByProviderUser('zoom', live.providerUserId)).toEqual(
        live,
      );
    });

    it('when the live link needs re-authorization, then it still blocks a second live link', async () => {
      const stale = connection({ status: 'needs_reauth' });
      await store.connections.insert(stale);

      await expectConflict(
        store.connections.insert(connection({ providerUserId: stale.providerUserId })),
        constraintNames.liveLinkPerProviderUser,
      );
    });

    it('when the old link is moved or revoked, then a new live link for the same Zoom user is accepted', async () => {
      const zoomUser = `zoom-${randomUUID()}`;
      await store.connections.insert(connection({ providerUserId: zoomUser, status: 'moved' }));
      await store.connections.insert(connection({ providerUserId: zoomUser, status: 'revoked' }));

      const fresh = connection({ providerUserId: zoomUser });
      await store.connections.insert(fresh);

      expect(await store.connections.findLiveByProviderUser('zoom', zoomUser)).toEqual(fresh);
    });

    it('when a link moves inside one transaction, then the new holder is live and the old one is marked moved', async () => {
      const old = connection();
      await store.connections.insert(old);
      const taker = connection({ providerUserId: old.providerUserId });

      await store.transaction(async (tx) => {
        await tx.connections.update(old.id, {
          status: 'moved',
          tokenCiphertext: null,
          movedTo: { tenantId: taker.tenantId, userId: taker.userId, userName: taker.userName },
        });
        await tx.connections.insert(taker);
      });

      expect(await store.connections.findLiveByProviderUser('zoom', old.providerUserId)).toEqual(
        taker,
      );
      expect((await store.connections.findById(old.id))?.status).toBe('moved');
    });

    it('when a moved link is set live again while another link is live, then the update is rejected', async () => {
      const moved = connection({ status: 'moved' });
      await store.connections.insert(moved);
      await store.connections.insert(connection({ providerUserId: moved.providerUserId }));

      await expectConflict(
        store.connections.update(moved.id, { status: 'active' }),
        constraintNames.liveLinkPerProviderUser,
      );
      expect((await store.connections.findById(moved.id))?.status).toBe('moved');
    });
  });

  describe('oauth attempts', () => {
    it('when an attempt is inserted, then it is found by id and by state hash', async () => {
      const record = attempt({ role: 'interviewer' });
      await store.oauthAttempts.insert(record);

      expect(await store.oauthAttempts.findById(record.id)).toEqual(record);
      expect(await store.oauthAttempts.findByStateHash(record.stateHash)).toEqual(record);
      expect(await store.oauthAttempts.findById(randomUUID())).toBeUndefined();
      expect(await store.oauthAttempts.findByStateHash('0'.repeat(64))).toBeUndefined();
    });

    it('when two attempts share a state hash, then the second is rejected', async () => {
      const record = attempt();
      await store.oauthAttempts.insert(record);

      await expectConflict(
        store.oauthAttempts.insert(attempt({ stateHash: record.stateHash })),
        constraintNames.oauthStateHash,
      );
    });

    it('when a state is consumed, then the first call gets the attempt and the second gets nothing', async () => {
      const record = attempt();
      await store.oauthAttempts.insert(record);
      const now = at(minutes(3) + 1);

      expect(await store.oauthAttempts.consumeByStateHash(record.stateHash, now)).toEqual({
        ...record,
        consumedAt: now,
      });
      expect(await store.oauthAttempts.consumeByStateHash(record.stateHash, now)).toBeUndefined();
      expect((await store.oauthAttempts.findByStateHash(record.stateHash))?.consumedAt).toEqual(
        now,
      );
    });

    it('when 10 callbacks consume one state at the same time, then exactly one wins', async () => {
      const record = attempt();
      await store.oauthAttempts.insert(record);

      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          store.oauthAttempts.consumeByStateHash(record.stateHash, at(minutes(1))),
        ),
      );

      expect(results.filter((result) => result !== undefined)).toHaveLength(1);
    });

    it('when the attempt has expired, then it cannot be consumed', async () => {
      const record = attempt({ expiresAt: at(minutes(10)) });
      await store.oauthAttempts.insert(record);

      expect(
        await store.oauthAttempts.consumeByStateHash(record.stateHash, at(minutes(10))),
      ).toBeUndefined();
      expect(
        await store.oauthAttempts.consumeByStateHash(record.stateHash, at(minutes(11))),
      ).toBeUndefined();
      expect(
        await store.oauthAttempts.consumeByStateHash(record.stateHash, at(minutes(10) - 1)),
      ).toEqual({ ...record, consumedAt: at(minutes(10) - 1) });
    });

    it('when 10 popups redeem one start ticket at the same time, then exactly one wins', async () => {
      const record = attempt();
      await store.oauthAttempts.insert(record);

      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          store.oauthAttempts.markStarted(record.id, at(minutes(1))),
        ),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.oauthAttempts.findById(record.id))?.startedAt).toEqual(at(minutes(1)));
    });

    it('when an attempt is expired or already consumed, then its ticket cannot start it', async () => {
      const expired = attempt({ expiresAt: at(minutes(10)) });
      const consumed = attempt({ consumedAt: at(minutes(1)) });
      await store.oauthAttempts.insert(expired);
      await store.oauthAttempts.insert(consumed);

      expect(await store.oauthAttempts.markStarted(expired.id, at(minutes(10)))).toBe(false);
      expect(await store.oauthAttempts.markStarted(consumed.id, at(minutes(2)))).toBe(false);
      expect(await store.oauthAttempts.markStarted('no-such-attempt', t0)).toBe(false);
    });

    it('when the state hash is unknown, then nothing is consumed', async () => {
      expect(
        await store.oauthAttempts.consumeByStateHash(randomBytes(32).toString('hex'), t0),
      ).toBeUndefined();
    });

    it('when an attempt finishes, then its status, error code and connection are stored', async () => {
      const linked = connection();
      await store.connections.insert(linked);
      const succeeded = attempt();
      const failed = attempt();
      await store.oauthAttempts.insert(succeeded);
      await store.oauthAttempts.insert(failed);

      await store.oauthAttempts.finish(succeeded.id, {
        status: 'succeeded',
        errorCode: null,
        connectionId: linked.id,
      });
      await store.oauthAttempts.finish(failed.id, {
        status: 'failed',
        errorCode: 'access_denied',
        connectionId: null,
      });

      expect(await store.oauthAttempts.findById(succeeded.id)).toEqual({
        ...succeeded,
        status: 'succeeded',
        connectionId: linked.id,
      });
      expect(await store.oauthAttempts.findById(failed.id)).toEqual({
        ...failed,
        status: 'failed',
        errorCode: 'access_denied',
      });
    });

    it('when expired attempts are purged, then only those that expired before the cut-off go', async () => {
      // A time window no other test uses, because the suite shares one database per engine.
      const base = new Date('1991-05-06T07:08:09.010Z').getTime();
      const old1 = attempt({ createdAt: new Date(base), expiresAt: new Date(base + 1) });
      const old2 = attempt({ createdAt: new Date(base), expiresAt: new Date(base + 999) });
      const atCutOff = attempt({ createdAt: new Date(base), expiresAt: new Date(base + 1000) });
      for (const record of [old1, old2, atCutOff]) await store.oauthAttempts.insert(record);

      expect(await store.oauthAttempts.deleteExpired(new Date(base + 1000))).toBe(2);

      expect(await store.oauthAttempts.findById(old1.id)).toBeUndefined();
      expect(await store.oauthAttempts.findById(old2.id)).toBeUndefined();
      expect(await store.oauthAttempts.findById(atCutOff.id)).toEqual(atCutOff);
      expect(await store.oauthAttempts.deleteExpired(new Date(base + 1000))).toBe(0);
    });
  });

  describe('webhook events', () => {
    it('when a delivery key is recorded twice, then the first is new and the redelivery is not', async () => {
      const key = `evt-${randomUUID()}`;

      expect(await store.webhookEvents.recordIfNew('zoom', key, t0)).toBe(true);
      expect(await store.webhookEvents.recordIfNew('zoom', key, at(1000))).toBe(false);
      expect(await store.webhookEvents.recordIfNew('zoom', `${key}-other`, t0)).toBe(true);
    });

    it('when the same new key arrives 5 times at once, then exactly one is new', async () => {
      const key = `evt-${randomUUID()}`;

      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.webhookEvents.recordIfNew('zoom', key, t0)),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('audit log', () => {
    it("when entries are appended, then the tenant's entries come back in order with their details", async () => {
      const tenantId = `tenant-${randomUUID()}`;
      const connected = {
        tenantId,
        actor: 'user-1',
        action: 'connection.connected',
        subjectType: 'connection',
        subjectId: 'c-1',
        details: { email: 'a@example.com', nested: { scopes: ['x'], n: 1, ok: true } },
        at: at(1),
      };
      const moved = {
        tenantId,
        actor: 'zoom-webhook',
        action: 'connection.moved',
        subjectType: 'connection',
        subjectId: 'c-1',
        details: {},
        at: at(2),
      };
      await store.audit.append(connected);
      await store.audit.append({ ...connected, tenantId: `tenant-${randomUUID()}` });
      await store.audit.append(moved);

      const entries = await store.audit.listForTenant(tenantId);

      expect(entries).toEqual([
        { ...connected, id: expect.any(Number) },
        { ...moved, id: expect.any(Number) },
      ]);
      expect(entries[1]?.id).toBeGreaterThan(entries[0]?.id ?? Number.POSITIVE_INFINITY);
      expect(await store.audit.listForTenant(`tenant-${randomUUID()}`)).toEqual([]);
    });
  });

  describe('transactions', () => {
    it('when the work succeeds, then its writes commit and its result is returned', async () => {
      const record = connection();
      const key = `evt-${randomUUID()}`;

      const result = await store.transaction(async (tx) => {
        await tx.connections.insert(record);
        await tx.webhookEvents.recordIfNew('zoom', key, t0);
        // Reads inside the transaction see its own writes.
        return (await tx.connections.findById(record.id))?.id;
      });

      expect(result).toBe(record.id);
      expect(await store.connections.findById(record.id)).toEqual(record);
      expect(await store.webhookEvents.recordIfNew('zoom', key, t0)).toBe(false);
    });

    it('when the work throws, then the error reaches the caller and nothing is written', async () => {
      const record = connection();
      const existing = connection();
      await store.connections.insert(existing);
      const pending = attempt();
      const key = `evt-${randomUUID()}`;
      const failure = new Error('Zoom said no');

      await expect(
        store.transaction(async (tx) => {
          await tx.connections.insert(record);
          await tx.connections.update(existing.id, { status: 'revoked', tokenCiphertext: null });
          await tx.oauthAttempts.insert(pending);
          await tx.webhookEvents.recordIfNew('zoom', key, t0);
          await tx.audit.append({
            tenantId: record.tenantId,
            actor: record.userId,
            action: 'connection.connected',
            subjectType: 'connection',
            subjectId: record.id,
            details: {},
            at: t0,
          });
          throw failure;
        }),
      ).rejects.toBe(failure);

      expect(await store.connections.findById(record.id)).toBeUndefined();
      expect(await store.connections.findById(existing.id)).toEqual(existing);
      expect(await store.oauthAttempts.findById(pending.id)).toBeUndefined();
      expect(await store.webhookEvents.recordIfNew('zoom', key, t0)).toBe(true);
      expect(await store.audit.listForTenant(record.tenantId)).toEqual([]);
    });

    it('when a write inside breaks a uniqueness rule, then the conflict surfaces and the transaction rolls back', async () => {
      const live = connection();
      await store.connections.insert(live);
      const bystander = connection();

      await expectConflict(
        store.transaction(async (tx) => {
          await tx.connections.insert(bystander);
          await tx.connections.insert(connection({ providerUserId: live.providerUserId }));
        }),
        constraintNames.liveLinkPerProviderUser,
      );

      expect(await store.connections.findById(bystander.id)).toBeUndefined();
    });
  });

  it('when dates are stored, then they come back equal to the millisecond', async () => {
    const dates = [
      new Date('2030-01-01T00:00:00.001Z'),
      new Date('2030-12-31T23:59:59.999Z'),
      new Date('1969-12-31T23:59:59.123Z'),
      new Date('2099-06-15T12:30:45.500Z'),
      new Date(Date.UTC(2026, 2, 29, 1, 30, 0, 7)),
    ];
    for (const date of dates) {
      const record = connection({ createdAt: date, updatedAt: date, accessTokenExpiresAt: date });
      await store.connections.insert(record);
      const stored = await store.connections.findById(record.id);
      expect(stored?.createdAt.getTime()).toBe(date.getTime());
      expect(stored?.updatedAt.getTime()).toBe(date.getTime());
      expect(stored?.accessTokenExpiresAt?.getTime()).toBe(date.getTime());

      const tenantId = `tenant-${randomUUID()}`;
      await store.audit.append({
        tenantId,
        actor: 'a',
        action: 'b',
        subjectType: 'c',
        subjectId: 'd',
        details: {},
        at: date,
      });
      expect((await store.audit.listForTenant(tenantId))[0]?.at.getTime()).toBe(date.getTime());
    }
  });

  it('when the database answers, then ping resolves', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('when the same database is opened again, then migrations are not re-run and data stays', async () => {
    const first = await fixture.open();
    const record = connection();
    try {
      await first.connections.insert(record);
    } finally {
      await first.close();
    }

    // The initial migration creates tables without IF NOT EXISTS: a re-run would throw here.
    const second = await fixture.open();
    try {
      expect(await second.connections.findById(record.id)).toEqual(record);
      await second.audit.append({
        tenantId: record.tenantId,
        actor: 'a',
        action: 'b',
        subjectType: 'c',
        subjectId: 'd',
        details: {},
        at: t0,
      });
      expect(await second.audit.listForTenant(record.tenantId)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  describe('interview meetings', () => {
    function meeting(overrides: Partial<MeetingRecord> = {}): MeetingRecord {
      return {
        id: randomUUID(),
        tenantId: `tenant-${randomUUID()}`,
        interviewId: `iv-${randomUUID()}`,
        candidateId: 'cand-1',
        connectionId: randomUUID(),
        hostProviderUserId: 'zoom-user-1',
        hostOwnerUserId: 'u-1',
        hostOwnerName: 'Hanako',
        hostEmail: null,
        hostChoice: { auto: false, prefer: [], role: null, passedOver: [] },
        interviewers: [],
        zoomMeetingId: String(81_000_000_000 + Math.floor(Math.random() * 1e9)),
        joinUrl: 'https://zoom.example/j/1?pwd=x',
        passcodeEmbedded: true,
        hasPasscode: true,
        passcode: 'k7Qp2xZ9',
        topic: '一次面接',
        startTime: at(minutes(60)),
        durationMinutes: 30,
        timezone: 'Asia/Tokyo',
        joinBeforeHost: false,
        waitingRoom: true,
        linkStatus: 'active',
        brokenReason: null,
        zoomTime: null,
        calendar: notRequestedCalendar(t0),
        createdAt: t0,
        updatedAt: t0,
        ...overrides,
      };
    }

    it('when a meeting is saved, then it is found by interview and by Zoom id with every field as written', async () => {
      const record = meeting({
        hostEmail: 'h@example.com',
        hostChoice: {
          auto: true,
          prefer: ['u-2'],
          role: 'interviewer',
          passedOver: [
            {
              connectionId: 'c-2',
              ownerUserId: 'u-2',
              ownerName: 'Ken',
              role: 'preferred',
              reason: 'busy',
            },
          ],
        },
        interviewers: [
          { userId: 'u-1', name: '佐藤 花子', zoomEmail: 'h@example.com', status: 'host' },
          { userId: 'u-3', name: null, zoomEmail: null, status: 'not_connected' },
        ],
      });
      await store.meetings.save(record);
      expect(await store.meetings.findByInterview(record.tenantId, record.interviewId)).toEqual(
        record,
      );
      expect(await store.meetings.findByHostMeetingId(record.zoomMeetingId)).toEqual([record]);
      expect(
        await store.meetings.findByInterview(`other-${record.tenantId}`, record.interviewId),
      ).toBeUndefined();
    });

    it('when an interview is saved again, then its one row is replaced, keeping id and creation time', async () => {
      const first = meeting();
      await store.meetings.save(first);
      const second = meeting({
        tenantId: first.tenantId,
        interviewId: first.interviewId,
        zoomMeetingId: '90000000001',
        linkStatus: 'broken',
        brokenReason: 'deleted_in_zoom',
        createdAt: at(minutes(5)),
        updatedAt: at(minutes(5)),
      });
      await store.meetings.save(second);
      expect(await store.meetings.findByInterview(first.tenantId, first.interviewId)).toEqual({
        ...second,
        id: first.id,
        createdAt: first.createdAt,
      });
    });

    it('when listing overlapping meetings, then only those of the hosts sharing part of the slot come back', async () => {
      const tenantId = `tenant-${randomUUID()}`;
      const host = randomUUID();
      const slot = { start: at(minutes(60)), end: at(minutes(90)) };
      const inside = meeting({ tenantId, connectionId: host, startTime: at(minutes(70)) });
      const endsAtStart = meeting({ tenantId, connectionId: host, startTime: at(minutes(30)) });
      const overlapsStart = meeting({ tenantId, connectionId: host, startTime: at(minutes(45)) });
      const startsAtEnd = meeting({ tenantId, connectionId: host, startTime: at(minutes(90)) });
      const otherHost = meeting({ tenantId, startTime: at(minutes(70)) });
      const otherTenant = meeting({ connectionId: host, startTime: at(minutes(70)) });
      for (const m of [inside, endsAtStart, overlapsStart, startsAtEnd, otherHost, otherTenant]) {
        await store.meetings.save(m);
      }
      const found = await store.meetings.listOverlapping({
        tenantId,
        connectionIds: [host],
        ...slot,
      });
      expect(found.map((m) => m.id)).toEqual([overlapsStart.id, inside.id]);
    });

    it('when a meeting is updated or deleted, then only the patched fields change and delete removes it', async () => {
      const record = meeting();
      await store.meetings.save(record);
      const zoomTime = { startTime: at(minutes(180)), durationMinutes: 45 };
      await store.meetings.update(record.id, {
        linkStatus: 'broken',
        brokenReason: 'deleted_in_zoom',
        startTime: at(minutes(120)),
        zoomTime,
        updatedAt: at(1),
      });
      expect(await store.meetings.findByInterview(record.tenantId, record.interviewId)).toEqual({
        ...record,
        linkStatus: 'broken',
        brokenReason: 'deleted_in_zoom',
        startTime: at(minutes(120)),
        zoomTime,
        updatedAt: at(1),
      });
      await store.meetings.update(record.id, { zoomTime: null });
      expect(
        (await store.meetings.findByInterview(record.tenantId, record.interviewId))?.zoomTime,
      ).toBeNull();
      await store.meetings.delete(record.tenantId, record.interviewId);
      expect(
        await store.meetings.findByInterview(record.tenantId, record.interviewId),
      ).toBeUndefined();
    });

    it('when a create operation is pending, then the newest is found until it completes', async () => {
      const base = {
        tenantId: `tenant-${randomUUID()}`,
        interviewId: 'iv-1',
        connectionId: 'c-1',
        status: 'pending' as const,
        zoomMeetingId: null,
      };
      const older = { ...base, id: randomUUID(), createdAt: t0, updatedAt: t0 };
      const newer = { ...base, id: randomUUID(), createdAt: at(1000), updatedAt: at(1000) };
      await store.meetingOperations.insert(older);
      await store.meetingOperations.insert(newer);
      expect(await store.meetingOperations.findPending(base.tenantId, 'iv-1', 'c-1')).toEqual(
        newer,
      );
      expect(
        await store.meetingOperations.findPending(base.tenantId, 'iv-1', 'c-2'),
      ).toBeUndefined();
      await store.meetingOperations.complete(newer.id, '123', at(2000));
      await store.meetingOperations.complete(older.id, '124', at(2000));
      expect(
        await store.meetingOperations.findPending(base.tenantId, 'iv-1', 'c-1'),
      ).toBeUndefined();
    });

    it('when a meeting carries its calendar step, then every calendar field comes back as written, and a patch replaces it', async () => {
      const failed: MeetingCalendarRecord = {
        register: true,
        attendees: [
          { email: 'kenji@acme.example', name: '佐藤 健二' },
          { email: 'yui@acme.example', name: null },
        ],
        sendUpdates: 'externalOnly',
        owner: {
          userId: 'u-aiko',
          userName: 'Aiko',
          provider: 'google',
          connectionId: 'g-conn-1',
          providerUserId: '1102484959',
          email: 'aiko@acme.example',
          calendarId: 'primary',
        },
        status: 'failed',
        eventId: null,
        eventGeneration: 0,
        htmlLink: null,
        syncedDigest: null,
        errorCode: 'calendar_unavailable',
        errorAt: at(1000),
        nextRetryAt: at(minutes(1)),
        updatedAt: at(1000),
      };
      const record = meeting({ calendar: failed });
      await store.meetings.save(record);
      expect(await store.meetings.findByInterview(record.tenantId, record.interviewId)).toEqual(
        record,
      );

      const registered: MeetingCalendarRecord = {
        ...failed,
        status: 'registered',
        // An id the provider assigned (Outlook's shape), at a later event generation.
        eventId: 'AAMkADk0+ZjQ2-Yzk=',
        eventGeneration: 2,
        htmlLink: 'https://www.google.com/calendar/event?eid=x',
        syncedDigest: 'd'.repeat(64),
        errorCode: null,
        errorAt: null,
        nextRetryAt: null,
        updatedAt: at(2000),
      };
      await store.meetings.update(record.id, { calendar: registered });
      const found = await store.meetings.findByInterview(record.tenantId, record.interviewId);
      expect(found?.calendar).toEqual(registered);
      expect(found?.updatedAt).toEqual(record.updatedAt);
    });
  });

  describe('calendar outbox', () => {
    const owner = {
      userId: 'u-aiko',
      userName: 'Aiko',
      provider: 'google' as const,
      connectionId: 'g-conn-1',
      providerUserId: '1102484959',
      email: 'aiko@acme.example',
      calendarId: 'primary',
    };
    function task(overrides: Partial<CalendarTaskRecord> = {}): CalendarTaskRecord {
      return {
        tenantId: `tenant-${randomUUID()}`,
        interviewId: 'iv-1',
        eventId: randomBytes(16).toString('hex'),
        kind: 'sync',
        owner,
        providerEventId: null,
        sendUpdates: 'none',
        attempts: 0,
        nextAttemptAt: t0,
        lastErrorCode: null,
        lockedUntil: null,
        lockedBy: null,
        createdAt: t0,
        updatedAt: t0,
        ...overrides,
      };
    }
    const mine = (tenantId: string, tasks: CalendarTaskRecord[]) =>
      tasks.filter((t) => t.tenantId === tenantId).map((t) => t.eventId);

    it('when a task is upserted again for its event, then the one row is replaced and keeps its creation time', async () => {
      const first = task({ lockedBy: 'bff-1', lockedUntil: at(minutes(2)) });
      await store.calendarTasks.upsert(first);
      expect(await store.calendarTasks.find(first)).toEqual(first);
      const second = {
        ...first,
        kind: 'delete' as const,
        providerEventId: 'AAMkADk0+ZjQ2-Yzk=',
        sendUpdates: 'all' as const,
        attempts: 3,
        lastErrorCode: 'calendar_unavailable' as const,
        createdAt: at(5000),
        updatedAt: at(5000),
      };
      await store.calendarTasks.upsert(second);
      expect(await store.calendarTasks.find(first)).toEqual({ ...second, createdAt: t0 });
      const other = task({ tenantId: first.tenantId, createdAt: at(1) });
      await store.calendarTasks.upsert(other);
      expect(
        (await store.calendarTasks.listForInterview(first.tenantId, 'iv-1')).map((t) => t.eventId),
      ).toEqual([first.eventId, other.eventId]);
      await store.calendarTasks.delete(first);
      expect(await store.calendarTasks.find(first)).toBeUndefined();
    });

    it('when tasks are due, waiting, parked or leased, then only the due, unleased ones are listed, earliest first', async () => {
      const tenantId = `tenant-${randomUUID()}`;
      const dueLater = task({ tenantId, nextAttemptAt: at(-minutes(1)) });
      const dueFirst = task({ tenantId, nextAttemptAt: at(-minutes(5)) });
      const future = task({ tenantId, nextAttemptAt: at(minutes(1)) });
      const parked = task({ tenantId, nextAttemptAt: null });
      const leased = task({ tenantId, lockedBy: 'bff-2', lockedUntil: at(minutes(1)) });
      const leaseExpired = task({
        tenantId,
        nextAttemptAt: at(-minutes(2)),
        lockedBy: 'bff-2',
        lockedUntil: at(-1),
      });
      for (const each of [dueLater, dueFirst, future, parked, leased, leaseExpired]) {
        await store.calendarTasks.upsert(each);
      }
      expect(mine(tenantId, await store.calendarTasks.listDue(t0, 1000))).toEqual([
        dueFirst.eventId,
        leaseExpired.eventId,
        dueLater.eventId,
      ]);
    });

    it('when parked tasks are listed for an owner, then only that user and Google account, parked for the given codes, come back, oldest first', async () => {
      const tenantId = `tenant-${randomUUID()}`;
      const parked = (overrides: Partial<CalendarTaskRecord>) =>
        task({
          tenantId,
          nextAttemptAt: null,
          lastErrorCode: 'calendar_needs_reauth',
          ...overrides,
        });
      const later = parked({ interviewId: 'iv-2', createdAt: at(2000) });
      const first = parked({ kind: 'delete', lastErrorCode: 'calendar_not_connected' });
      const forbidden = parked({ lastErrorCode: 'calendar_forbidden' });
      const due = parked({ nextAttemptAt: at(minutes(1)) });
      const otherUser = parked({ owner: { ...owner, userId: 'u-kenji' } });
      const otherAccount = parked({ owner: { ...owner, providerUserId: '9999' } });
      const otherTenant = task({ nextAttemptAt: null, lastErrorCode: 'calendar_needs_reauth' });
      for (const each of [later, first, forbidden, due, otherUser, otherAccount, otherTenant]) {
        await store.calendarTasks.upsert(each);
      }
      const codes = ['calendar_needs_reauth', 'calendar_not_connected'] as const;
      const listed = await store.calendarTasks.listParkedForOwner(
        { tenantId, userId: owner.userId, providerUserId: owner.providerUserId },
        codes,
      );
      expect(listed).toEqual([first, later]);
      expect(
        await store.calendarTasks.listParkedForOwner(
          { tenantId, userId: owner.userId, providerUserId: owner.providerUserId },
          ['calendar_forbidden'],
        ),
      ).toEqual([forbidden]);
      expect(
        await store.calendarTasks.listParkedForOwner(
          { tenantId, userId: 'u-nobody', providerUserId: owner.providerUserId },
          codes,
        ),
      ).toEqual([]);
    });

    it('when several runners claim one due task at once, then exactly one wins until its lease ends', async () => {
      const due = task();
      await store.calendarTasks.upsert(due);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.calendarTasks.claim(due, `bff-${i}`, t0, at(minutes(2))),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const holder = `bff-${results.indexOf(true)}`;
      expect(await store.calendarTasks.find(due)).toMatchObject({
        lockedBy: holder,
        lockedUntil: at(minutes(2)),
      });
      expect(await store.calendarTasks.claim(due, 'bff-x', at(minutes(1)), at(minutes(3)))).toBe(
        false,
      );
      expect(await store.calendarTasks.claim(due, 'bff-x', at(minutes(3)), at(minutes(5)))).toBe(
        true,
      );
      await store.calendarTasks.update(due, {
        attempts: 1,
        nextAttemptAt: null,
        lastErrorCode: 'calendar_forbidden',
        lockedBy: null,
        lockedUntil: null,
        updatedAt: at(minutes(3)),
      });
      expect(await store.calendarTasks.find(due)).toMatchObject({
        attempts: 1,
        nextAttemptAt: null,
        lastErrorCode: 'calendar_forbidden',
        lockedBy: null,
      });
      expect(await store.calendarTasks.claim(due, 'bff-y', at(minutes(9)), at(minutes(11)))).toBe(
        false,
      );
    });

    it('when the meeting row is deleted, then its delete task stays', async () => {
      const tenantId = `tenant-${randomUUID()}`;
      await store.meetings.save({
        id: randomUUID(),
        tenantId,
        interviewId: 'iv-1',
        candidateId: 'cand-1',
        connectionId: 'c-1',
        hostProviderUserId: 'zu-1',
        hostOwnerUserId: 'u-1',
        hostOwnerName: 'Hanako',
        hostEmail: null,
        hostChoice: { auto: false, prefer: [], role: null, passedOver: [] },
        interviewers: [],
        zoomMeetingId: '81000000001',
        joinUrl: 'https://zoom.example/j/81000000001',
        passcodeEmbedded: false,
        hasPasscode: false,
        passcode: null,
        topic: '一次面接',
        startTime: at(minutes(60)),
        durationMinutes: 30,
        timezone: 'Asia/Tokyo',
        joinBeforeHost: false,
        waitingRoom: true,
        linkStatus: 'active',
        brokenReason: null,
        zoomTime: null,
        calendar: notRequestedCalendar(t0),
        createdAt: t0,
        updatedAt: t0,
      });
      const removal = task({ tenantId, kind: 'delete' });
      await store.transaction(async (tx) => {
        await tx.meetings.delete(tenantId, 'iv-1');
        await tx.calendarTasks.upsert(removal);
      });
      expect(await store.meetings.findByInterview(tenantId, 'iv-1')).toBeUndefined();
      expect(await store.calendarTasks.find(removal)).toEqual(removal);
    });
  });

  describe('idempotency keys', () => {
    const scope = () => ({
      tenantId: `tenant-${randomUUID()}`,
      userId: 'u-1',
      route: 'saveInterviewMeeting',
      key: randomUUID(),
    });
    const stale = at(-minutes(1));

    it('when a key is claimed, then the same request is in flight, another is a mismatch, and after completion it replays', async () => {
      const s = scope();
      expect(await store.idempotencyKeys.claim(s, 'hash-a', t0, stale)).toEqual({
        kind: 'claimed',
      });
      expect(await store.idempotencyKeys.claim(s, 'hash-a', t0, stale)).toEqual({
        kind: 'in_flight',
      });
      expect(await store.idempotencyKeys.claim(s, 'hash-b', t0, stale)).toEqual({
        kind: 'mismatch',
      });
      await store.idempotencyKeys.complete(s, 200, { joinUrl: 'https://x', n: 1 }, t0);
      expect(await store.idempotencyKeys.claim(s, 'hash-a', t0, stale)).toEqual({
        kind: 'replay',
        status: 200,
        body: { joinUrl: 'https://x', n: 1 },
      });
      expect(
        await store.idempotencyKeys.claim({ ...s, userId: 'u-2' }, 'hash-b', t0, stale),
      ).toEqual({
        kind: 'claimed',
      });
    });

    it('when a claim is released, then the key can be claimed again; a completed key cannot be released', async () => {
      const s = scope();
      await store.idempotencyKeys.claim(s, 'hash-a', t0, stale);
      await store.idempotencyKeys.release(s);
      expect(await store.idempotencyKeys.claim(s, 'hash-a', t0, stale)).toEqual({
        kind: 'claimed',
      });
      await store.idempotencyKeys.complete(s, 200, { ok: true }, t0);
      await store.idempotencyKeys.release(s);
      expect((await store.idempotencyKeys.claim(s, 'hash-a', t0, stale)).kind).toBe('replay');
    });

    it('when 10 requests claim one key at once, then exactly one wins', async () => {
      const s = scope();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.idempotencyKeys.claim(s, 'hash-a', t0, stale)),
      );
      expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'in_flight')).toHaveLength(9);
    });

    it('when an in-flight claim is older than the stale limit, then one later claim takes it over', async () => {
      const s = scope();
      await store.idempotencyKeys.claim(s, 'hash-a', t0, stale);
      const later = at(minutes(5));
      const staleBefore = at(minutes(4));
      expect(await store.idempotencyKeys.claim(s, 'hash-a', later, staleBefore)).toEqual({
        kind: 'claimed',
      });
      expect(await store.idempotencyKeys.claim(s, 'hash-a', later, staleBefore)).toEqual({
        kind: 'in_flight',
      });
    });

    it('when old keys are purged, then only keys created before the cut-off go', async () => {
      const old = scope();
      const fresh = scope();
      await store.idempotencyKeys.claim(old, 'h', at(-minutes(60 * 48)), stale);
      await store.idempotencyKeys.claim(fresh, 'h', t0, stale);
      expect(
        await store.idempotencyKeys.deleteCreatedBefore(at(-minutes(60 * 24))),
      ).toBeGreaterThanOrEqual(1);
      expect(await store.idempotencyKeys.claim(old, 'h', t0, stale)).toEqual({ kind: 'claimed' });
      expect(await store.idempotencyKeys.claim(fresh, 'h', t0, stale)).toEqual({
        kind: 'in_flight',
      });
    });
  });

  describe('zoom daily writes', () => {
    it('when writes are counted at once, then every one counts, per Zoom user and UTC day', async () => {
      const zoomUser = `zu-${randomUUID()}`;
      await Promise.all(
        Array.from({ length: 10 }, () => store.hostDailyWrites.increment(zoomUser, '2030-03-04')),
      );
      expect(await store.hostDailyWrites.count(zoomUser, '2030-03-04')).toBe(10);
      expect(await store.hostDailyWrites.increment(zoomUser, '2030-03-05')).toBe(1);
      expect(await store.hostDailyWrites.count(`other-${zoomUser}`, '2030-03-04')).toBe(0);
    });
  });

  describe('pending zoom deletions', () => {
    it('when meetings are recorded for deletion, then they list per interview and per Zoom user (any tenant), once each, until removed', async () => {
      const zoomUser = `zu-${randomUUID()}`;
      const row = {
        tenantId: 'tenant-a',
        zoomMeetingId: `m-${randomUUID()}`,
        zoomUserId: zoomUser,
        interviewId: 'iv-pending',
        hostOwnerName: '佐藤 春香',
        createdAt: t0,
      };
      const other = { ...row, tenantId: 'tenant-b', zoomMeetingId: `m-${randomUUID()}` };
      await store.pendingHostDeletions.add(row);
      await store.pendingHostDeletions.add(row);
      await store.transaction((tx) => tx.pendingHostDeletions.add(other));

      expect(await store.pendingHostDeletions.listForInterview('tenant-a', 'iv-pending')).toEqual([
        row,
      ]);
      expect(await store.pendingHostDeletions.listForHostUser(zoomUser)).toHaveLength(2);
      await store.pendingHostDeletions.remove('tenant-a', row.zoomMeetingId);
      expect(await store.pendingHostDeletions.listForHostUser(zoomUser)).toEqual([other]);
    });
  });
});

describe('openStore', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ats-zoom-open-store-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens, records one webhook event, closes: the data must be in the file afterwards. */
  async function writeOnce(options: Parameters<typeof openStore>[0]) {
    const store = await openStore(options);
    try {
      expect(store.engine).toBe('sqlite');
      expect(await store.webhookEvents.recordIfNew('zoom', 'evt-1', t0)).toBe(true);
    } finally {
      await store.close();
    }
  }

  /** Whether the SQLite file at `path` already holds the event `writeOnce` recorded. */
  async function holdsTheEvent(path: string): Promise<boolean> {
    const store = await openStore({ sqlitePath: path });
    try {
      return !(await store.webhookEvents.recordIfNew('zoom', 'evt-1', t0));
    } finally {
      await store.close();
    }
  }

  it('when a SQLite path is in a missing folder, then the folder is created and the file uses WAL', async () => {
    const path = join(dir, 'nested', 'deeper', 'ats-zoom.sqlite');
    const store = await openStore({ sqlitePath: path });
    expect(store.engine).toBe('sqlite');
    await store.webhookEvents.recordIfNew('zoom', 'evt-1', t0);
    await store.close();

    expect(existsSync(path)).toBe(true);
    const raw = (await loadSqliteDriver(store.driver as SqliteDriverName)).open(path);
    try {
      expect(raw.prepare('pragma journal_mode').all([])).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      raw.close();
    }
  });

  it.each([
    {
      form: 'sqlite:///absolute/path',
      url: (path: string) => `sqlite://${path}`,
    },
    {
      form: 'sqlite:relative/path',
      url: (path: string) => `sqlite:${relative(process.cwd(), path)}`,
    },
    {
      form: 'sqlite:./relative/path',
      url: (path: string) => `sqlite:./${relative(process.cwd(), path)}`,
    },
    { form: 'a plain absolute path', url: (path: string) => path },
    { form: 'a plain relative path', url: (path: string) => relative(process.cwd(), path) },
  ])('when databaseUrl is $form, then SQLite opens that file', async ({ url }) => {
    const path = join(dir, `${randomUUID()}.sqlite`);
    await writeOnce({ databaseUrl: url(path) });

    expect(existsSync(path)).toBe(true);
    expect(await holdsTheEvent(path)).toBe(true);
  });

  it.each(['sqlite::memory:', ':memory:'])(
    'when databaseUrl is %s, then SQLite runs in memory and writes no file',
    async (url) => {
      await writeOnce({ databaseUrl: url });
      expect(existsSync(':memory:')).toBe(false);
      expect(existsSync(join(process.cwd(), url.replace(/^sqlite:/, '')))).toBe(false);
    },
  );

  it.each([
    {
      url: 'postgress://ats:s3cret-pw@db.example.com:5432/ats',
      shown: 'postgress://ats:***@db.example.com:5432/ats',
      problem: 'unknown scheme "postgress:"',
    },
    {
      url: 'mysql://root:p@ss/word@localhost/ats',
      shown: 'mysql://root:***@localhost/ats',
      problem: 'unknown scheme "mysql:"',
    },
    {
      url: 'http://example.com/ats.sqlite',
      shown: 'http://example.com/ats.sqlite',
      problem: 'unknown scheme "http:"',
    },
    {
      url: 'sqlite://db.example.com/ats.sqlite',
      shown: 'sqlite://db.example.com/ats.sqlite',
      problem: 'a sqlite:// URL has no host',
    },
    { url: 'sqlite:./ats.sqlite?mode=ro', shown: 'sqlite:./ats.sqlite?mode=ro', problem: 'query' },
    { url: 'sqlite:', shown: 'sqlite:', problem: 'names no file' },
    { url: '', shown: '', problem: 'is empty' },
  ])(
    'when databaseUrl is "$url", then opening fails naming the setting and the value, the password masked',
    async ({ url, shown, problem }) => {
      const error = await openStore({ databaseUrl: url }).then(
        () => undefined,
        (caught: unknown) => caught,
      );

      expect(error).toBeInstanceOf(DatabaseUrlError);
      const { message } = error as DatabaseUrlError;
      expect(message).toMatch(/^databaseUrl /);
      expect(message).toContain(problem);
      if (shown !== '') expect(message).toContain(JSON.stringify(shown));
      expect(message).not.toMatch(/s3cret|p@ss/);
      // The accepted forms are listed.
      expect(message).toContain('postgres://user:password@host:5432/database');
      expect(message).toContain('sqlite:///absolute/path.db');
      expect(message).toContain('sqlite::memory:');
      expect(existsSync('ats.sqlite?mode=ro')).toBe(false);
    },
  );

  it('when both databaseUrl and sqlitePath are set, then opening fails instead of picking one', async () => {
    await expect(
      openStore({ databaseUrl: `sqlite:${join(dir, 'a.sqlite')}`, sqlitePath: ':memory:' }),
    ).rejects.toThrow('set databaseUrl or sqlitePath, not both');
    expect(existsSync(join(dir, 'a.sqlite'))).toBe(false);
  });

  it('when the PostgreSQL schema name is not a plain identifier, then opening fails before connecting', async () => {
    await expect(
      openStore({ databaseUrl: postgresUrl, postgresSchema: 'x; drop table y' }),
    ).rejects.toThrow(/postgresSchema/);
  });
});

if (await postgresAvailable('store.test.ts (postgresql://)')) {
  describe('openStore on postgresql://', () => {
    it('when databaseUrl uses the postgresql:// spelling, then PostgreSQL is used', async () => {
      const schema = freshSchema('store_scheme');
      const store = await openStore({
        databaseUrl: postgresUrl.replace(/^postgres:/, 'postgresql:'),
        postgresSchema: schema,
        postgresPoolSize: 1,
      });
      try {
        expect(store.engine).toBe('postgres');
        expect(store.driver).toBe('pg');
        expect(await store.webhookEvents.recordIfNew('zoom', 'evt-1', t0)).toBe(true);
      } finally {
        await store.close();
        await dropSchema(schema);
      }
    });
  });
}
