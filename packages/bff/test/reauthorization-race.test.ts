import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenCipher, openStore } from '../src/adapters';
import {
  createZoomMeetingsClient,
  createZoomProvider,
  handleZoomWebhook,
  zoomLinkedAccount,
} from '../src/adapters/zoom';
import { linkProviderAccount } from '../src/core/connections/connect-link';
import { callAsMeetingHost } from '../src/core/meetings/host-access';
import type {
  ConnectionRecord,
  LogPort,
  MeetingHostUserProfile,
  ProviderOAuthPort,
  Store,
  StoreRepositories,
} from '../src/core/ports';
import { createAccessTokenSource } from '../src/core/shared/access-tokens';
import type { CoreDeps } from '../src/core/shared/deps';
import {
  DomainError,
  ProviderAccessTokenRejectedError,
  ProviderInvalidGrantError,
} from '../src/core/shared/errors';
import { openTokens, sealTokens } from '../src/core/shared/token-vault';
import { gate, settle } from './concurrency';
import { dropSchema, freshSchema, postgresUrl, storeEngines } from './postgres';

const engines = await storeEngines('reauthorization-race.test.ts');

const NOW = new Date('2030-01-15T01:00:00.000Z');
const cipher = createTokenCipher({ activeKeyId: 'k1', keys: { k1: Buffer.alloc(32, 5) } });
const silent: LogPort = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The store, except that inside `withConnectionLock` every connection write first waits for
 * `release`: a refresh refused by Zoom is then held just before it marks its link.
 */
function pausingLockedWrites(store: Store) {
  const reached = gate();
  const release = gate();
  const wrapped: Store = Object.create(store);
  wrapped.withConnectionLock = (connectionId, work) =>
    store.withConnectionLock(connectionId, (tx) => {
      const paused: StoreRepositories = {
        ...tx,
        connections: {
          ...tx.connections,
          async update(id, patch) {
            reached.open();
            await release.opened;
            return tx.connections.update(id, patch);
          },
        },
      };
      return work(paused);
    });
  return { store: wrapped, reached: reached.opened, release: release.open };
}

/** Zoom refuses every refresh: it already killed the old grant when the user re-authorized. */
const refusingZoom: ProviderOAuthPort = {
  buildAuthorizationUrl: async () => 'https://zoom.example/authorize',
  exchangeCode: async () => {
    throw new Error('not used');
  },
  refresh: async () => {
    throw new ProviderInvalidGrantError('Zoom refused the refresh token.');
  },
  revoke: async () => {},
};

/** A registry with only Zoom, over these OAuth and users ports (meeting calls go nowhere). */
function zoomOnly(
  oauth: ProviderOAuthPort,
  getMe: () => Promise<MeetingHostUserProfile>,
): CoreDeps['providers'] {
  return {
    zoom: createZoomProvider({
      oauth,
      users: { getMe },
      meetings: createZoomMeetingsClient({
        apiBaseUrl: 'http://127.0.0.1:9/unused',
        clock: { now: () => NOW },
      }),
    }),
  };
}

function profile(zoomUserId: string): MeetingHostUserProfile {
  return {
    id: zoomUserId,
    accountId: 'acct-1',
    email: 'host@zoom.example',
    displayName: 'Host',
    roleName: 'Owner',
    roleId: '0',
    type: 1,
  };
}

async function insertExpiredLink(
  store: Store,
  owner: { tenantId: string; userId: string },
  zoomUserId: string,
  expiresAt = new Date(NOW.getTime() - 1000),
): Promise<ConnectionRecord> {
  const record: ConnectionRecord = {
    id: randomUUID(),
    tenantId: owner.tenantId,
    userId: owner.userId,
    userName: owner.userId,
    provider: 'zoom',
    providerUserId: zoomUserId,
    providerAccountId: 'acct-1',
    email: 'host@zoom.example',
    displayName: 'Host',
    accountType: 'personal',
    status: 'active',
    scopes: [],
    tokenCiphertext: null,
    accessTokenExpiresAt: expiresAt,
    movedFrom: null,
    movedTo: null,
    createdAt: NOW,
    updatedAt: NOW,
  };
  record.tokenCiphertext = sealTokens(cipher, record, {
    accessToken: 'old-access',
    refreshToken: 'old-refresh',
  });
  await store.connections.insert(record);
  return record;
}

describe.each(engines)('re-authorization racing a refused refresh on %s', (engine) => {
  const schema = freshSchema('reauth_race');
  let base: Store;

  beforeAll(async () => {
    base =
      engine === 'postgres'
        ? await openStore({ databaseUrl: postgresUrl, postgresSchema: schema, postgresPoolSize: 6 })
        : await openStore({ sqlitePath: ':memory:' });
  });
  afterAll(async () => {
    await base?.close();
    if (engine === 'postgres') await dropSchema(schema);
  });

  /** A refresh of `stale` that Zoom refuses, held just before it writes `needs_reauth`. */
  async function refusedRefreshInFlight(stale: ConnectionRecord) {
    const paused = pausingLockedWrites(base);
    const clock = { now: () => NOW };
    const tokens = createAccessTokenSource({
      store: paused.store,
      cipher,
      clock,
      logger: silent,
      oauth: { zoom: refusingZoom },
    });
    const deps: CoreDeps = {
      store: paused.store,
      cipher,
      clock,
      logger: silent,
      providers: zoomOnly(refusingZoom, async () => profile(stale.providerUserId)),
      accessTokens: tokens,
    };
    const refresh = tokens.getAccessToken(stale).then(
      () => 'ok',
      (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
    );
    await paused.reached;
    return { deps, refresh, release: paused.release };
  }

  it('when the same user reconnects while a refused refresh is marking the old grant, then the new link stays active with the new tokens', async () => {
    const owner = { tenantId: 'tenant-a', userId: `u-${randomUUID()}`, userName: 'Aiko' };
    const zoomUserId = `zu-${randomUUID()}`;
    const stale = await insertExpiredLink(base, owner, zoomUserId);
    const { deps, refresh, release } = await refusedRefreshInFlight(stale);

    const reconnect = linkProviderAccount(deps, owner, zoomLinkedAccount(profile(zoomUserId)), {
      accessToken: 'new-access',
      refreshToken: 'new-refresh',
      accessTokenExpiresAt: new Date(NOW.getTime() + 3_600_000),
      scopes: ['meeting:write:meeting'],
    });
    await settle();
    release();

    expect(await refresh).toBe('needs_reauth');
    const linked = await reconnect;
    expect(linked.connection.id).toBe(stale.id);
    const row = await base.connections.findById(stale.id);
    expect(row?.status).toBe('active');
    expect(
      row?.tokenCiphertext && openTokens(cipher, { ...row, tokenCiphertext: row.tokenCiphertext }),
    ).toEqual({ accessToken: 'new-access', refreshToken: 'new-refresh' });
  });

  it("when another ATS user links the Zoom account while the holder's refused refresh is marking it, then the old link ends moved, not needs_reauth", async () => {
    const holder = { tenantId: 'tenant-a', userId: `u-${randomUUID()}`, userName: 'Aiko' };
    const taker = { tenantId: 'tenant-a', userId: `u-${randomUUID()}`, userName: 'Yui' };
    const zoomUserId = `zu-${randomUUID()}`;
    const stale = await insertExpiredLink(base, holder, zoomUserId);
    const { deps, refresh, release } = await refusedRefreshInFlight(stale);

    const taken = linkProviderAccount(deps, taker, zoomLinkedAccount(profile(zoomUserId)), {
      accessToken: 'taker-access',
      refreshToken: 'taker-refresh',
      accessTokenExpiresAt: new Date(NOW.getTime() + 3_600_000),
      scopes: [],
    });
    await settle();
    release();

    expect(await refresh).toBe('needs_reauth');
    const linked = await taken;
    expect(await base.connections.findById(stale.id)).toMatchObject({
      status: 'moved',
      tokenCiphertext: null,
      movedTo: { userId: taker.userId },
    });
    expect((await base.connections.findById(linked.connection.id))?.status).toBe('active');
    expect((await base.connections.findLiveByProviderUser('zoom', zoomUserId))?.id).toBe(
      linked.connection.id,
    );
  });

  /** Core deps over the plain store with this OAuth port. */
  function coreDeps(zoomOAuth: ProviderOAuthPort): CoreDeps {
    const clock = { now: () => NOW };
    return {
      store: base,
      cipher,
      clock,
      logger: silent,
      providers: zoomOnly(zoomOAuth, async () => profile('unused')),
      accessTokens: createAccessTokenSource({
        store: base,
        cipher,
        clock,
        logger: silent,
        oauth: { zoom: zoomOAuth },
      }),
    };
  }

  async function storeNewGrant(connection: ConnectionRecord, accessToken: string) {
    await base.connections.update(connection.id, {
      status: 'active',
      tokenCiphertext: sealTokens(cipher, connection, {
        accessToken,
        refreshToken: `${accessToken}-refresh`,
      }),
      accessTokenExpiresAt: new Date(NOW.getTime() + 3_600_000),
    });
  }

  it('when the app is deauthorized in Zoom while a refused refresh is marking the link, then the link ends revoked', async () => {
    const owner = { tenantId: 'tenant-a', userId: `u-${randomUUID()}` };
    const zoomUserId = `zu-${randomUUID()}`;
    const stale = await insertExpiredLink(base, owner, zoomUserId);
    const { deps, refresh, release } = await refusedRefreshInFlight(stale);

    const webhook = handleZoomWebhook(
      deps,
      { secretToken: 'unused', clientId: 'client-1' },
      {
        event: 'app_deauthorized',
        event_ts: NOW.getTime(),
        payload: { user_id: zoomUserId, client_id: 'client-1', account_id: 'acct-1' },
      },
    );
    await settle();
    release();

    expect(await refresh).toBe('needs_reauth');
    expect(await webhook).toEqual({ kind: 'handled' });
    expect(await base.connections.findById(stale.id)).toMatchObject({
      status: 'revoked',
      tokenCiphertext: null,
    });
  });

  it('when the link is revoked while Zoom refuses its refresh, then it stays revoked instead of needs_reauth', async () => {
    const owner = { tenantId: 'tenant-a', userId: `u-${randomUUID()}` };
    const stale = await insertExpiredLink(base, owner, `zu-${randomUUID()}`);
    const deps = coreDeps({
      ...refusingZoom,
      async refresh() {
        // The deauthorization webhook lands while the refused request is on the wire.
        await base.connections.update(stale.id, {
          status: 'revoked',
          tokenCiphertext: null,
          accessTokenExpiresAt: null,
        });
        throw new ProviderInvalidGrantError('Zoom refused the refresh token.');
      },
    });

    await expect(deps.accessTokens.getAccessToken(stale)).rejects.toMatchObject({
      code: 'needs_reauth',
    });
    expect((await base.connections.findById(stale.id))?.status).toBe('revoked');
  });

  describe('Zoom rejecting a freshly refreshed token (401 code 124 twice)', () => {
    const refreshingZoom: ProviderOAuthPort = {
      ...refusingZoom,
      refresh: async () => ({
        accessToken: 'refreshed-access',
        refreshToken: 'refreshed-refresh',
        accessTokenExpiresAt: new Date(NOW.getTime() + 3_600_000),
        scopes: [],
      }),
    };

    it('when the link still holds the rejected token, then it is marked needs_reauth', async () => {
      const owner = { tenantId: 'tenant-a', userId: `u-${randomUUID()}` };
      const fresh = new Date(NOW.getTime() + 3_600_000);
      const link = await insertExpiredLink(base, owner, `zu-${randomUUID()}`, fresh);
      const sent: string[] = [];

      await expect(
        callAsMeetingHost(coreDeps(refreshingZoom), link, async (token) => {
          sent.push(token);
          throw new ProviderAccessTokenRejectedError();
        }),
      ).rejects.toMatchObject({ code: 'needs_reauth' });

      expect(sent).toEqual(['old-access', 'refreshed-access']);
      expect(await base.connections.findById(link.id)).toMatchObject({
        status: 'needs_reauth',
        tokenCiphertext: null,
      });
    });

    it('when the user reconnected while the refreshed token was being rejected, then the new grant is kept', async () => {
      const owner = { tenantId: 'tenant-a', userId: `u-${randomUUID()}` };
      const fresh = new Date(NOW.getTime() + 3_600_000);
      const link = await insertExpiredLink(base, owner, `zu-${randomUUID()}`, fresh);

      await expect(
        callAsMeetingHost(coreDeps(refreshingZoom), link, async (token) => {
          if (token === 'refreshed-access') await storeNewGrant(link, 'reconnected-access');
          throw new ProviderAccessTokenRejectedError();
        }),
      ).rejects.toMatchObject({ code: 'needs_reauth' });

      const row = await base.connections.findById(link.id);
      expect(row?.status).toBe('active');
      expect(
        row?.tokenCiphertext &&
          openTokens(cipher, { ...row, tokenCiphertext: row.tokenCiphertext }),
      ).toMatchObject({ accessToken: 'reconnected-access' });
    });
  });
});
