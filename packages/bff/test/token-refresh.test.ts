import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type RunningProviderEmulator,
  startProviderEmulator,
  ZOOM_ROUTE_GROUPS,
  type ZoomUser,
} from '@ats-zoom/provider-emulator';
import * as oauth from 'oauth4webapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTokenCipher, openStore } from '../src/adapters';
import { createZoomOAuthClient, createZoomUsersClient } from '../src/adapters/zoom';
import type {
  ConnectionRecord,
  LogPort,
  ProviderOAuthPort,
  Store,
  TokenCipher,
} from '../src/core/ports';
import {
  type AccessTokenSource,
  createAccessTokenSource,
  REFRESH_MARGIN_MS,
} from '../src/core/shared/access-tokens';
import { DomainError } from '../src/core/shared/errors';
import { openTokens, sealTokens } from '../src/core/shared/token-vault';
import { dropSchema, freshSchema, postgresUrl, storeEngines } from './postgres';

const engines = await storeEngines('token-refresh.test.ts');

const CLIENT_ID = 'refreshTestClient';
const CLIENT_SECRET = 'refreshTestSecret0123456789';
// Never followed: the test reads the code off Zoom's redirect itself.
const REDIRECT_URI = 'http://127.0.0.1:9/oauth/zoom/callback';
/** Longer than the refresh margin, so a freshly refreshed token counts as fresh. */
const ACCESS_TOKEN_TTL_SECONDS = 900;
const PAST_EXPIRY_MS = ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000;

interface IssuedPair {
  accessToken: string;
  refreshToken: string;
}

/** One BFF instance's token machinery: its own store handle, OAuth client and refresh state. */
interface Instance {
  store: Store;
  zoomOAuth: ProviderOAuthPort;
  tokens: AccessTokenSource;
  warnings: string[];
}

interface Fixture {
  emulator: RunningProviderEmulator;
  cipher: TokenCipher;
  clock: { nowMs: number; advance(ms: number): void };
  /** Every pair the emulator's token endpoint handed out, oldest first. */
  issued: IssuedPair[];
  instances: [Instance, Instance];
  /** Builds one more instance over the same database (another process, as far as state goes). */
  instance(options?: {
    zoomOAuth?: (real: ProviderOAuthPort) => ProviderOAuthPort;
    refreshTimeoutMs?: number;
    connectionLockTimeoutMs?: number;
  }): Promise<Instance>;
  /** Links a seeded Zoom account through the real code flow and stores the connection. */
  connect(account: ZoomUser): Promise<ConnectionRecord>;
  /** Refresh requests Zoom handled (`stats().tokenRequests.refresh_token`). */
  refreshRequests(): number;
  /** Every request that reached the token endpoint, including ones answered by a fault. */
  tokenEndpointHits(): number;
  storedPair(connectionId: string): Promise<IssuedPair>;
  close(): Promise<void>;
}

async function startFixture(engine: Store['engine']): Promise<Fixture> {
  const clock = {
    nowMs: Date.parse('2030-01-15T01:00:00.000Z'),
    advance(ms: number) {
      clock.nowMs += ms;
    },
  };
  const now = () => new Date(clock.nowMs);
  const schema = freshSchema('refresh_test');
  const sqliteDir = await mkdtemp(join(tmpdir(), 'ats-zoom-refresh-'));
  const cipher = createTokenCipher({ activeKeyId: 'k1', keys: { k1: Buffer.alloc(32, 9) } });
  const emulator = await startProviderEmulator({
    port: 0,
    now: () => clock.nowMs,
    zoom: {
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] }],
      accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
    },
  });
  const tokenUrl = `${emulator.url}${emulator.zoom.paths.token}`;
  const issued: IssuedPair[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (url === tokenUrl && response.ok) {
      const body = (await response.clone().json()) as {
        access_token: string;
        refresh_token: string;
      };
      issued.push({ accessToken: body.access_token, refreshToken: body.refresh_token });
    }
    return response;
  };
  const oauthConfig = {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    authorizeUrl: `${emulator.url}${emulator.zoom.paths.authorize}`,
    tokenUrl,
    revokeUrl: `${emulator.url}${emulator.zoom.paths.revoke}`,
    redirectUri: REDIRECT_URI,
    scopes: ['user:read:user'],
  };

  const stores: Store[] = [];
  const openOwnStore = async (connectionLockTimeoutMs?: number) => {
    const lockOption = connectionLockTimeoutMs === undefined ? {} : { connectionLockTimeoutMs };
    const store =
      engine === 'postgres'
        ? await openStore({
            databaseUrl: postgresUrl,
            postgresSchema: schema,
            postgresPoolSize: 4,
            ...lockOption,
          })
        : await openStore({ sqlitePath: join(sqliteDir, 'store.sqlite'), ...lockOption });
    stores.push(store);
    return store;
  };
  // SQLite is one process's database: its "instances" share one store handle, as two
  // `createBff` routers in one process would. PostgreSQL instances each get their own pool.
  const sharedSqlite = engine === 'sqlite' ? await openOwnStore() : undefined;

  const instance: Fixture['instance'] = async (options = {}) => {
    const store =
      options.connectionLockTimeoutMs !== undefined || !sharedSqlite
        ? await openOwnStore(options.connectionLockTimeoutMs)
        : sharedSqlite;
    const realOAuth = createZoomOAuthClient(oauthConfig, { clock: { now }, fetch: recordingFetch });
    const zoomOAuth = options.zoomOAuth ? options.zoomOAuth(realOAuth) : realOAuth;
    const warnings: string[] = [];
    const logger: LogPort = {
      info: () => {},
      warn: (details, message) => void warnings.push(`${message} ${JSON.stringify(details)}`),
      error: (details, message) => void warnings.push(`${message} ${JSON.stringify(details)}`),
    };
    const tokens = createAccessTokenSource({
      store,
      cipher,
      clock: { now },
      logger,
      oauth: { zoom: zoomOAuth },
      ...(options.refreshTimeoutMs === undefined
        ? {}
        : { refreshTimeoutMs: options.refreshTimeoutMs }),
    });
    return { store, zoomOAuth, tokens, warnings };
  };

  const instances: [Instance, Instance] = [await instance(), await instance()];
  const [first] = instances;

  return {
    emulator,
    cipher,
    clock,
    issued,
    instances,
    instance,
    async connect(account) {
      const state = oauth.generateRandomState();
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const authorizationUrl = new URL(
        await first.zoomOAuth.buildAuthorizationUrl({ state, codeVerifier }),
      );
      const consent = await fetch(oauthConfig.authorizeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          ...Object.fromEntries(authorizationUrl.searchParams),
          account: account.id,
          decision: 'allow',
        }),
        redirect: 'manual',
      });
      const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code');
      if (consent.status !== 302 || !code) throw new Error(`consent answered ${consent.status}`);
      const { tokens: granted } = await first.zoomOAuth.exchangeCode({ code, state, codeVerifier });
      const record: ConnectionRecord = {
        id: randomUUID(),
        tenantId: 'tenant-refresh',
        userId: `user-${randomUUID()}`,
        userName: 'Refresh Tester',
        provider: 'zoom',
        providerUserId: account.id,
        providerAccountId: account.account_id,
        email: account.email,
        displayName: account.display_name,
        accountType: account.kind,
        status: 'active',
        scopes: granted.scopes,
        tokenCiphertext: null,
        accessTokenExpiresAt: granted.accessTokenExpiresAt,
        movedFrom: null,
        movedTo: null,
        createdAt: now(),
        updatedAt: now(),
      };
      record.tokenCiphertext = sealTokens(cipher, record, granted);
      // Zoom keeps one live grant per user and app, and so does the store: the link moves here.
      const previous = await first.store.connections.findLiveByProviderUser('zoom', account.id);
      if (previous) await first.store.connections.delete(previous.id);
      await first.store.connections.insert(record);
      return record;
    },
    refreshRequests: () => emulator.zoom.stats().tokenRequests.refresh_token,
    tokenEndpointHits: () => emulator.zoom.stats().endpoints['POST /oauth/token'] ?? 0,
    async storedPair(connectionId) {
      const row = await first.store.connections.findById(connectionId);
      if (!row?.tokenCiphertext) throw new Error('the connection holds no tokens');
      return openTokens(cipher, { ...row, tokenCiphertext: row.tokenCiphertext });
    },
    async close() {
      await Promise.all(stores.map((store) => store.close()));
      await emulator.close();
      await rm(sqliteDir, { recursive: true, force: true });
      if (engine === 'postgres') await dropSchema(schema);
    },
  };
}

/** The domain code of a rejection, or `ok` for a token. */
async function outcomes(calls: Promise<string>[]): Promise<string[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((result) => {
    if (result.status === 'fulfilled') return 'ok';
    return result.reason instanceof DomainError ? result.reason.code : String(result.reason);
  });
}

describe.each(engines)('Zoom token refresh on %s', (engine) => {
  let fx: Fixture;
  const seeded = () => fx.emulator.zoom.seeded;

  beforeAll(async () => {
    fx = await startFixture(engine);
  });
  afterAll(async () => {
    await fx.close();
  });
  afterEach(() => {
    fx.emulator.zoom.resetFaults();
  });

  it('when 50 calls on two instances need an expired token, then Zoom sees exactly 1 refresh and every call gets the stored token (5 rounds)', async () => {
    const [a, b] = fx.instances;
    const connection = await fx.connect(seeded().personal);
    const users = createZoomUsersClient({
      apiBaseUrl: `${fx.emulator.url}${fx.emulator.zoom.paths.apiBase}`,
    });
    for (let round = 1; round <= 5; round += 1) {
      // Every caller holds the row as it was read before the token expired.
      const stale = await a.store.connections.findById(connection.id);
      if (!stale) throw new Error('connection vanished');
      fx.clock.advance(PAST_EXPIRY_MS);
      const before = fx.refreshRequests();

      const calls = Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? a : b).tokens.getAccessToken(stale),
      );
      const results = await Promise.allSettled(calls);

      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(fx.refreshRequests() - before).toBe(1);
      const last = fx.issued.at(-1);
      expect(await fx.storedPair(connection.id)).toEqual(last);
      const tokens = new Set(results.map((r) => (r.status === 'fulfilled' ? r.value : '')));
      expect([...tokens]).toEqual([last?.accessToken]);
      // The grant is alive: Zoom accepts the token every caller got.
      expect((await users.getMe(last?.accessToken ?? '')).id).toBe(seeded().personal.id);
    }
  });

  it('when one instance runs 50 calls with an expired token, then Zoom sees 1 refresh', async () => {
    const [a] = fx.instances;
    const connection = await fx.connect(seeded().personal2);
    fx.clock.advance(PAST_EXPIRY_MS);
    const before = fx.refreshRequests();
    const results = await outcomes(
      Array.from({ length: 50 }, () => a.tokens.getAccessToken(connection)),
    );
    expect(results).toEqual(Array(50).fill('ok'));
    expect(fx.refreshRequests() - before).toBe(1);
    expect(await fx.storedPair(connection.id)).toEqual(fx.issued.at(-1));
  });

  it('when another instance already refreshed, then this one uses the new token without calling Zoom', async () => {
    const [a, b] = fx.instances;
    const connection = await fx.connect(seeded().managedApproved);
    fx.clock.advance(PAST_EXPIRY_MS);
    const before = fx.refreshRequests();
    const winner = await b.tokens.getAccessToken(connection);
    // Instance A still holds the row it read before B refreshed.
    expect(await a.tokens.getAccessToken(connection)).toBe(winner);
    expect(fx.refreshRequests() - before).toBe(1);
  });

  it('when Zoom refuses the refresh token after a revoke, then 10 calls make 1 token request, all fail needs_reauth and the row says so', async () => {
    const [a, b] = fx.instances;
    const connection = await fx.connect(seeded().managedApproved2);
    const granted = await fx.storedPair(connection.id);
    await a.zoomOAuth.revoke(granted.accessToken);
    fx.clock.advance(PAST_EXPIRY_MS);
    const before = fx.refreshRequests();

    const concurrent = await outcomes(
      Array.from({ length: 5 }, (_, i) => (i % 2 === 0 ? a : b).tokens.getAccessToken(connection)),
    );
    const sequential: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      sequential.push(...(await outcomes([a.tokens.getAccessToken(connection)])));
    }

    expect([...concurrent, ...sequential]).toEqual(Array(10).fill('needs_reauth'));
    expect(fx.refreshRequests() - before).toBe(1);
    expect(await a.store.connections.findById(connection.id)).toMatchObject({
      status: 'needs_reauth',
      tokenCiphertext: null,
      accessTokenExpiresAt: null,
    });
  });

  it('when the stored pair changes while a refresh is refused, then the new pair is used once instead of giving up', async () => {
    const connection = await fx.connect(seeded().personal);
    let interfered = false;
    const instance = await fx.instance({
      zoomOAuth: (real) => ({
        ...real,
        async refresh(refreshToken) {
          if (!interfered) {
            interfered = true;
            // Someone outside the lock (a re-authorization) stores a newer pair first, so
            // the refresh token this call sends has just been rotated away.
            const newer = await real.refresh(refreshToken);
            const row = await instance.store.connections.findById(connection.id);
            if (!row) throw new Error('connection vanished');
            await instance.store.connections.update(connection.id, {
              tokenCiphertext: sealTokens(fx.cipher, row, newer),
              accessTokenExpiresAt: newer.accessTokenExpiresAt,
            });
          }
          return real.refresh(refreshToken);
        },
      }),
    });
    fx.clock.advance(PAST_EXPIRY_MS);
    const before = fx.refreshRequests();

    const token = await instance.tokens.getAccessToken(connection);

    const stored = await fx.storedPair(connection.id);
    expect(token).toBe(stored.accessToken);
    expect(fx.refreshRequests() - before).toBe(2);
    expect((await instance.store.connections.findById(connection.id))?.status).toBe('active');
  });

  it('when the refresh answer is lost after Zoom rotated, then it is not retried: the next call tries once, and the connection ends needs_reauth', async () => {
    const [a, b] = fx.instances;
    const connection = await fx.connect(seeded().personal2);
    fx.clock.advance(PAST_EXPIRY_MS);
    const before = fx.refreshRequests();
    fx.emulator.zoom.dropNext(1, ZOOM_ROUTE_GROUPS.token);

    const first = await outcomes([a.tokens.getAccessToken(connection)]);
    expect(first).toEqual(['provider_unavailable']);
    expect(fx.refreshRequests() - before).toBe(1);

    const later = await outcomes(
      Array.from({ length: 9 }, (_, i) => (i % 2 === 0 ? a : b).tokens.getAccessToken(connection)),
    );
    expect(later).toEqual(Array(9).fill('needs_reauth'));
    expect(fx.refreshRequests() - before).toBe(2);
    expect((await a.store.connections.findById(connection.id))?.status).toBe('needs_reauth');
    expect(a.warnings.join('\n')).toMatch(/outcome is unknown/);
  });

  it('when Zoom answers the refresh with a 503, then that call fails and the next one refreshes normally', async () => {
    const [a] = fx.instances;
    const connection = await fx.connect(seeded().managedApproved);
    fx.clock.advance(PAST_EXPIRY_MS);
    const before = fx.tokenEndpointHits();
    fx.emulator.zoom.failNext(1, 503, ZOOM_ROUTE_GROUPS.token);

    expect(await outcomes([a.tokens.getAccessToken(connection)])).toEqual(['provider_unavailable']);
    expect(await outcomes([a.tokens.getAccessToken(connection)])).toEqual(['ok']);
    expect(fx.tokenEndpointHits() - before).toBe(2);
    expect((await a.store.connections.findById(connection.id))?.status).toBe('active');
  });

  it('when the token endpoint does not answer in time, then the call fails without a retry and frees the lock for the next call', async () => {
    const connection = await fx.connect(seeded().managedApproved2);
    let hangs = 1;
    let sent = 0;
    const instance = await fx.instance({
      refreshTimeoutMs: 100,
      zoomOAuth: (real) => ({
        ...real,
        refresh(refreshToken) {
          sent += 1;
          if (hangs > 0) {
            hangs -= 1;
            return new Promise(() => {});
          }
          return real.refresh(refreshToken);
        },
      }),
    });
    fx.clock.advance(PAST_EXPIRY_MS);

    expect(await outcomes([instance.tokens.getAccessToken(connection)])).toEqual([
      'provider_unavailable',
    ]);
    expect(sent).toBe(1);
    expect(await outcomes([instance.tokens.getAccessToken(connection)])).toEqual(['ok']);
    expect(sent).toBe(2);
  });

  it('when another holder keeps the connection locked past the wait limit, then the call fails provider_unavailable without calling Zoom', async () => {
    const connection = await fx.connect(seeded().personal);
    const impatient = await fx.instance({ connectionLockTimeoutMs: 100 });
    fx.clock.advance(PAST_EXPIRY_MS);
    const before = fx.refreshRequests();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holder = impatient.store.withConnectionLock(connection.id, () => held);

    expect(await outcomes([impatient.tokens.getAccessToken(connection)])).toEqual([
      'provider_unavailable',
    ]);
    expect(fx.refreshRequests() - before).toBe(0);
    release();
    await holder;
  });

  it('when the token is valid for more than the margin, then no refresh happens', async () => {
    const [a] = fx.instances;
    const connection = await fx.connect(seeded().personal2);
    fx.clock.advance(ACCESS_TOKEN_TTL_SECONDS * 1000 - REFRESH_MARGIN_MS - 1000);
    const before = fx.refreshRequests();
    expect(await a.tokens.getAccessToken(connection)).toBe(
      (await fx.storedPair(connection.id)).accessToken,
    );
    expect(fx.refreshRequests() - before).toBe(0);
  });
});
