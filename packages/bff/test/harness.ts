import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { providerPaths } from '@ats-zoom/contract';
import {
  type GoogleUser,
  type MicrosoftUser,
  type RunningProviderEmulator,
  startProviderEmulator,
  type ZoomUser,
} from '@ats-zoom/provider-emulator';
import express from 'express';
import { SignJWT } from 'jose';
import pino from 'pino';
import { expect } from 'vitest';
import {
  type BffConfig,
  type BffRouter,
  createBff,
  createTokenCipher,
  type MeetingTuning,
  openStore,
  type Store,
} from '../src';
import type { TokenCipher } from '../src/core/ports';
import { dropSchema } from './postgres';

export const HOST_ORIGIN = 'https://ats.example';
export const HOST_ISSUER = 'https://ats.example/issuer';
export const HOST_SECRET = 'host-secret-for-tests-0123456789abcdef';
export const CLIENT_ID = 'atsZoomTestClient';
// Alphanumeric like Zoom's: oauth4webapi form-encodes Basic credentials (RFC 6749 2.3.1).
export const CLIENT_SECRET = 'SENTINEL-client.Secret_7f3a~9c';
export const WEBHOOK_SECRET = 'webhook-secret-token-for-tests';
export const GOOGLE_CLIENT_ID = 'ats-zoom-test.apps.googleusercontent.example';
export const GOOGLE_CLIENT_SECRET = 'SENTINEL-google-client-secret_4d1e';
export const MICROSOFT_CLIENT_ID = '5b0c2f1e-8d7a-4e3b-9f61-ats-zoom-test';
export const MICROSOFT_CLIENT_SECRET = 'SENTINEL-microsoft~client.Secret_2b9f';

export interface AtsUser {
  sub: string;
  tid: string;
  role: 'recruiter' | 'coordinator' | 'interviewer';
  name: string;
  email: string;
}

/** A tenant-a user named `Alice`: sub `u-alice` unless given, e-mail `alice@a.example`. */
export function tenantAUser(
  name: string,
  role: AtsUser['role'],
  sub = `u-${name.toLowerCase()}`,
): AtsUser {
  return { sub, tid: 'tenant-a', role, name, email: `${name.toLowerCase()}@a.example` };
}

/** What the test saw go over the wire, for the "no secret leaks" assertions. */
export interface WireCapture {
  /** Every response the browser or host page received from the BFF (headers + body). */
  bffResponses: string[];
  /** Tokens the emulator issued, codes it redirected with, verifiers and states sent. */
  secrets: Set<string>;
  /** OAuth states: the browser must carry them to Zoom, so only that redirect may hold one. */
  states: Set<string>;
  /** Zoom's `x-zm-trackingid` of every answer the BFF received from Zoom, in order. */
  zoomTrackingIds: string[];
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on the parsed JSON field by field
  json: any;
}

/** One more BFF (another process, as far as state goes) over the same database and emulator. */
export interface HarnessInstance {
  bffUrl: string;
  store: Store;
  api: Harness['api'];
}

export interface Harness {
  bffUrl: string;
  emulator: RunningProviderEmulator;
  store: Store;
  /** Every BFF instance, the first being `bffUrl` / `store` / `api`. */
  instances: HarnessInstance[];
  /** The routers `createBff` answered, one per instance. */
  routers: BffRouter[];
  cipher: TokenCipher;
  logLines: string[];
  wire: WireCapture;
  /** Current time in ms; both the BFF and the emulator read it. */
  clock: { nowMs: number; advance(ms: number): void };
  /** Lets a test rewrite requests the BFF sends to Zoom. */
  setFetchInterceptor(
    fn: ((url: string, init: RequestInit | undefined) => RequestInit | undefined) | null,
  ): void;
  token(
    user: AtsUser,
    overrides?: {
      aud?: string;
      iss?: string;
      expSeconds?: number;
      secret?: string;
      /** The `scope` claim (e.g. `users:manage`). */
      scope?: string;
    },
  ): Promise<string>;
  api(
    method: string,
    path: string,
    options?: {
      user?: AtsUser;
      token?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    },
  ): Promise<ApiAnswer>;
  newBrowser(): Browser;
  close(): Promise<void>;
}

export interface Browser {
  cookies: Map<string, string>;
  get(
    url: string,
  ): Promise<{ status: number; headers: Headers; text: string; location: string | null }>;
  postForm(
    url: string,
    form: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; text: string; location: string | null }>;
}

export interface HarnessOptions {
  accessTokenTtlSeconds?: number;
  /** Meeting route tuning for createBff (tests shorten the waits). */
  meetings?: MeetingTuning;
  /** Zoom's meeting create/update limit per host per UTC day, in the emulator. */
  dailyMeetingWriteLimit?: number;
  /**
   * How many BFF routers to run, each on its own port, sharing the emulator, cipher and clock.
   * @default 1
   */
  instances?: number;
  /**
   * PostgreSQL for the store: each instance opens its own pool on this schema (dropped on
   * close). Without it every instance shares one in-memory SQLite store, as two routers in one
   * process would.
   */
  postgres?: { url: string; schema: string };
  /** The host app's Express `trust proxy` setting (the BFF's `req.ip`). @default false */
  trustProxy?: boolean | number | string;
  /** How long a save waits for another save of the same interview (the store's key lock). */
  keyLockTimeoutMs?: number;
  /** Lifetime of the emulator's Google access tokens. @default 3599 */
  googleAccessTokenTtlSeconds?: number;
  /** Run the BFF without `config.google` (Google cannot be connected). */
  withoutGoogle?: boolean;
  /**
   * Run the BFF with `config.outlook` on the emulator's Microsoft part (`organizations`
   * tenant). Omitted: Outlook is not configured, as in a BFF without MICROSOFT_* settings.
   */
  withOutlook?: boolean;
  /** Lifetime of the emulator's Microsoft access tokens. @default 3600 */
  microsoftAccessTokenTtlSeconds?: number;
  /**
   * Without `postgres`: keep the SQLite store in this file instead of memory, so a test can
   * read the tables with a connection of its own.
   */
  sqlitePath?: string;
  /**
   * The BFF's request limits. Omitted: the BFF's defaults, which every test runs under unless
   * it sends more than they allow for a reason of its own (then it raises only what it needs).
   */
  rateLimits?: BffConfig['rateLimits'];
  /** More personal Zoom accounts in the emulator (`emulator.zoom.extraUsers`). @default 0 */
  zoomExtraUsers?: number;
  /** Where the emulator sends Zoom's webhooks. @default the first instance */
  zoomWebhookUrl?: string;
  /** The BFF's Prometheus metrics (`/metrics`). Omitted: off. */
  metrics?: BffConfig['metrics'];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = {
    nowMs: Date.parse('2030-01-15T01:00:00.000Z'),
    advance(ms: number) {
      clock.nowMs += ms;
    },
  };
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const wire: WireCapture = {
    bffResponses: [],
    secrets: new Set([CLIENT_SECRET, GOOGLE_CLIENT_SECRET, MICROSOFT_CLIENT_SECRET]),
    states: new Set(),
    zoomTrackingIds: [],
  };

  const { postgres } = options;
  const lockWait =
    options.keyLockTimeoutMs === undefined ? {} : { keyLockTimeoutMs: options.keyLockTimeoutMs };
  const openInstanceStore = () =>
    postgres
      ? openStore({
          databaseUrl: postgres.url,
          postgresSchema: postgres.schema,
          postgresPoolSize: 4,
          postgresLockPoolSize: 4,
          ...lockWait,
        })
      : openStore({ sqlitePath: options.sqlitePath ?? ':memory:', ...lockWait });
  const store = await openInstanceStore();
  const cipher = createTokenCipher({
    activeKeyId: 'k1',
    keys: { k1: Buffer.alloc(32, 7) },
  });

  interface Listening {
    url: string;
    server: Server;
    mount(router: express.Router): void;
  }
  const listen = async (): Promise<Listening> => {
    let handler: express.Router | null = null;
    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', options.trustProxy ?? false);
    app.use((req, res, next) => (handler ? handler(req, res, next) : next()));
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      server,
      mount(router) {
        handler = router;
      },
    };
  };
  const listening: Listening[] = [];
  for (let i = 0; i < (options.instances ?? 1); i += 1) listening.push(await listen());
  const [primary] = listening;
  if (!primary) throw new Error('instances must be at least 1');
  const bffUrl = primary.url;

  const emulator = await startProviderEmulator({
    port: 0,
    now: () => clock.nowMs,
    zoom: {
      clients: [
        {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          redirectUris: listening.map((l) => `${l.url}${providerPaths.zoomOAuthCallback}`),
        },
      ],
      webhook: {
        url: options.zoomWebhookUrl ?? `${bffUrl}${providerPaths.zoomWebhook}`,
        secretToken: WEBHOOK_SECRET,
      },
      ...(options.zoomExtraUsers ? { extraUsers: options.zoomExtraUsers } : {}),
      ...(options.accessTokenTtlSeconds
        ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds }
        : {}),
      ...(options.dailyMeetingWriteLimit
        ? { dailyMeetingWriteLimit: options.dailyMeetingWriteLimit }
        : {}),
    },
    google: {
      clients: [
        {
          clientId: GOOGLE_CLIENT_ID,
          clientSecret: GOOGLE_CLIENT_SECRET,
          redirectUris: listening.map((l) => `${l.url}${providerPaths.googleOAuthCallback}`),
        },
      ],
      ...(options.googleAccessTokenTtlSeconds
        ? { accessTokenTtlSeconds: options.googleAccessTokenTtlSeconds }
        : {}),
    },
    microsoft: {
      clients: [
        {
          clientId: MICROSOFT_CLIENT_ID,
          clientSecret: MICROSOFT_CLIENT_SECRET,
          redirectUris: listening.map((l) => `${l.url}${providerPaths.outlookOAuthCallback}`),
        },
      ],
      ...(options.microsoftAccessTokenTtlSeconds
        ? { accessTokenTtlSeconds: options.microsoftAccessTokenTtlSeconds }
        : {}),
    },
  });

  let interceptor:
    | ((url: string, init: RequestInit | undefined) => RequestInit | undefined)
    | null = null;
  // The BFF's outbound fetch: records what Zoom issues so leaks can be searched for.
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const effectiveInit = interceptor ? interceptor(url, init) : init;
    if (effectiveInit?.body instanceof URLSearchParams) {
      const verifier = effectiveInit.body.get('code_verifier');
      if (verifier) wire.secrets.add(verifier);
    }
    const response = await fetch(input, effectiveInit);
    const trackingId = response.headers.get('x-zm-trackingid');
    if (trackingId) wire.zoomTrackingIds.push(trackingId);
    const microsoftToken =
      url.includes(emulator.microsoft.paths.loginBase) && url.endsWith('/oauth2/v2.0/token');
    if (
      url.includes(emulator.zoom.paths.token) ||
      url.includes(emulator.google.paths.token) ||
      microsoftToken
    ) {
      const body = (await response.clone().json()) as {
        access_token?: string;
        refresh_token?: string;
        id_token?: string;
      };
      if (body.access_token) wire.secrets.add(body.access_token);
      if (body.refresh_token) wire.secrets.add(body.refresh_token);
      if (body.id_token) wire.secrets.add(body.id_token);
    }
    return response;
  };

  const configFor = (publicUrl: string): BffConfig => ({
    publicUrl,
    allowedOrigins: [HOST_ORIGIN],
    hostToken: { issuer: HOST_ISSUER, secret: HOST_SECRET },
    zoom: {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authorizeUrl: `${emulator.url}${emulator.zoom.paths.authorize}`,
      tokenUrl: `${emulator.url}${emulator.zoom.paths.token}`,
      revokeUrl: `${emulator.url}${emulator.zoom.paths.revoke}`,
      apiBaseUrl: `${emulator.url}${emulator.zoom.paths.apiBase}`,
      webhookSecretToken: WEBHOOK_SECRET,
      scopes: ['user:read:user', 'meeting:write:meeting'],
    },
    ...(options.withoutGoogle
      ? {}
      : {
          google: {
            clientId: GOOGLE_CLIENT_ID,
            clientSecret: GOOGLE_CLIENT_SECRET,
            authorizeUrl: `${emulator.url}${emulator.google.paths.authorize}`,
            tokenUrl: `${emulator.url}${emulator.google.paths.token}`,
            revokeUrl: `${emulator.url}${emulator.google.paths.revoke}`,
            userinfoUrl: `${emulator.url}${emulator.google.paths.userinfo}`,
            calendarApiBaseUrl: `${emulator.url}${emulator.google.paths.calendarBase}`,
          },
        }),
    ...(options.withOutlook
      ? {
          outlook: {
            clientId: MICROSOFT_CLIENT_ID,
            clientSecret: MICROSOFT_CLIENT_SECRET,
            authorityBaseUrl: `${emulator.url}${emulator.microsoft.paths.loginBase}`,
            tenant: 'organizations',
            graphBaseUrl: `${emulator.url}${emulator.microsoft.paths.graphBase}`,
          },
        }
      : {}),
    ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
  const stores: Store[] = [store];
  const routers: BffRouter[] = [];
  for (const [index, each] of listening.entries()) {
    let instanceStore = store;
    if (index > 0 && postgres) {
      instanceStore = await openInstanceStore();
      stores.push(instanceStore);
    }
    const router = createBff({
      config: configFor(each.url),
      store: instanceStore,
      cipher,
      logger,
      clock: { now: () => new Date(clock.nowMs) },
      fetch: recordingFetch,
      ...(options.meetings ? { meetings: options.meetings } : {}),
    });
    routers.push(router);
    each.mount(router);
  }

  const record = async (response: Response) => {
    const text = await response.text();
    wire.bffResponses.push(
      `${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}`,
    );
    return text;
  };

  const apiAt =
    (baseUrl: string): Harness['api'] =>
    async (method, path, opts = {}) => {
      const headers: Record<string, string> = { origin: HOST_ORIGIN, ...opts.headers };
      const token = opts.token ?? (opts.user ? await harness.token(opts.user) : undefined);
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (opts.rawBody !== undefined) body = opts.rawBody;
      else if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await record(response);
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    };

  const harness: Harness = {
    bffUrl,
    emulator,
    store,
    instances: listening.map((each, index) => ({
      bffUrl: each.url,
      store: stores[index] ?? store,
      api: apiAt(each.url),
    })),
    routers,
    cipher,
    logLines,
    wire,
    clock,
    setFetchInterceptor(fn) {
      interceptor = fn;
    },
    async token(user, overrides = {}) {
      const iat = Math.floor(clock.nowMs / 1000);
      const claims = { tid: user.tid, role: user.role, name: user.name, email: user.email };
      return new SignJWT(
        overrides.scope === undefined ? claims : { ...claims, scope: overrides.scope },
      )
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.sub)
        .setIssuer(overrides.iss ?? HOST_ISSUER)
        .setAudience(overrides.aud ?? 'ats-zoom')
        .setIssuedAt(iat)
        .setExpirationTime(iat + (overrides.expSeconds ?? 300))
        .sign(new TextEncoder().encode(overrides.secret ?? HOST_SECRET));
    },
    api: apiAt(bffUrl),
    newBrowser() {
      const cookies = new Map<string, string>();
      const send = async (url: string, init: RequestInit) => {
        const sameHost = url.startsWith(bffUrl);
        const cookieHeader = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        const headers = new Headers(init.headers);
        if (sameHost && cookieHeader) headers.set('cookie', cookieHeader);
        const response = await fetch(url, { ...init, headers, redirect: 'manual' });
        const text = sameHost ? await record(response) : await response.text();
        if (sameHost) {
          for (const line of response.headers.getSetCookie()) {
            const [pair] = line.split(';');
            const index = pair?.indexOf('=') ?? -1;
            if (!pair || index < 0) continue;
            const name = pair.slice(0, index);
            const value = pair.slice(index + 1);
            if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
            else cookies.set(name, value);
          }
        }
        const location = response.headers.get('location');
        if (!sameHost && location) {
          const code = new URL(location, url).searchParams.get('code');
          if (code) wire.secrets.add(code);
        }
        return { status: response.status, headers: response.headers, text, location };
      };
      return {
        cookies,
        get: (url) => send(url, { method: 'GET' }),
        postForm: (url, form) =>
          send(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(form).toString(),
          }),
      };
    },
    async close() {
      // Background work (the calendar outbox) stops before the stores close under it.
      await Promise.all(routers.map((router) => router.close()));
      await emulator.close();
      await Promise.all(
        listening.map(
          ({ server }) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
      await Promise.all(stores.map((each) => each.close()));
      if (postgres) await dropSchema(postgres.schema, postgres.url);
    },
  };
  return harness;
}

export interface ConnectRun {
  attemptId: string;
  /** Zoom's consent URL the popup was sent to (holds the state). */
  zoomAuthorizeUrl: string;
  /** The BFF's start response (the redirect to Zoom) as the popup received it. */
  start: { status: number; headers: Headers; text: string; location: string | null };
  /** The popup's final page: the callback page, or Zoom's page when it did not redirect. */
  final: { status: number; headers: Headers; text: string; location: string | null };
  callbackUrl: string | null;
  browser: Browser;
}

/**
 * The popup journey a user makes: POST authorize (host page) -> BFF start -> Zoom consent
 * form -> (redirect) -> BFF callback, following redirects by hand.
 */
export async function runConnect(
  h: Harness,
  user: AtsUser,
  account: ZoomUser,
  options: { decision?: 'allow' | 'deny'; browser?: Browser; stopBeforeCallback?: boolean } = {},
): Promise<ConnectRun> {
  const started = await h.api('POST', '/v1/connections/zoom/authorize', { user, body: {} });
  if (started.status !== 201)
    throw new Error(`authorize answered ${started.status}: ${started.text}`);
  const browser = options.browser ?? h.newBrowser();
  const start = await browser.get(started.json.authorizationUrl);
  if (start.status !== 302 || !start.location) throw new Error(`start answered ${start.status}`);
  const zoomAuthorizeUrl = start.location;
  const state = new URL(zoomAuthorizeUrl).searchParams.get('state');
  if (state) h.wire.states.add(state);
  const consent = await browser.get(zoomAuthorizeUrl);
  if (consent.status !== 200) throw new Error(`consent page answered ${consent.status}`);
  const form = Object.fromEntries(new URL(zoomAuthorizeUrl).searchParams);
  const decided = await browser.postForm(`${h.emulator.url}${h.emulator.zoom.paths.authorize}`, {
    ...form,
    account: account.id,
    decision: options.decision ?? 'allow',
  });
  if (decided.status !== 302 || !decided.location || options.stopBeforeCallback) {
    return {
      attemptId: started.json.attemptId,
      zoomAuthorizeUrl,
      start,
      final: decided,
      callbackUrl: decided.location,
      browser,
    };
  }
  const final = await browser.get(decided.location);
  return {
    attemptId: started.json.attemptId,
    zoomAuthorizeUrl,
    start,
    final,
    callbackUrl: decided.location,
    browser,
  };
}

/** Links an ATS user's Zoom account and answers the connection id. */
export async function linkZoomAccount(
  h: Harness,
  who: AtsUser,
  account: ZoomUser,
): Promise<string> {
  await runConnect(h, who, account);
  const me = await h.api('GET', '/v1/connections/me', { user: who });
  expect(me.json.zoom?.status).toBe('active');
  return me.json.zoom.id as string;
}

/** A seeded Google account of the emulator, by its role there. */
export type SeededGoogleAccount = 'recruiter' | 'interviewer' | 'interviewer2' | 'consumer';

export interface GoogleConnectRun {
  attemptId: string;
  /** Google's consent URL the popup was sent to (holds the state). */
  authorizeUrl: string;
  /** The BFF's start response (the redirect to Google) as the popup received it. */
  start: { status: number; headers: Headers; text: string; location: string | null };
  /** The popup's final page: the BFF's callback page, or Google's redirect when stopped before. */
  final: { status: number; headers: Headers; text: string; location: string | null };
  callbackUrl: string | null;
  browser: Browser;
}

/**
 * The Google popup journey: POST authorize (host page) -> BFF start -> Google consent form ->
 * (redirect) -> BFF callback. `grantScopes` stands for the user unticking scopes on Google's
 * consent screen: only those are granted.
 */
export async function runGoogleConnect(
  h: Harness,
  user: AtsUser,
  account: SeededGoogleAccount | GoogleUser,
  options: {
    decision?: 'allow' | 'cancel';
    grantScopes?: string[];
    browser?: Browser;
    stopBeforeCallback?: boolean;
  } = {},
): Promise<GoogleConnectRun> {
  const google = typeof account === 'string' ? h.emulator.google.seeded[account] : account;
  return runCalendarConnect(h, user, 'google', options, (browser, authorize) =>
    browser.postForm(`${h.emulator.url}${h.emulator.google.paths.authorize}`, {
      ...Object.fromEntries(authorize.searchParams),
      ...(options.grantScopes ? { scope: options.grantScopes.join(' ') } : {}),
      account: google.sub,
      decision: options.decision ?? 'allow',
    }),
  );
}

/**
 * A calendar's popup journey up to the consent page (POST authorize, the BFF's start, the
 * provider's page); `decide` posts the user's answer there; then the BFF's callback, unless
 * stopped before it.
 */
async function runCalendarConnect(
  h: Harness,
  user: AtsUser,
  provider: 'google' | 'outlook',
  options: { browser?: Browser; stopBeforeCallback?: boolean },
  decide: (browser: Browser, authorize: URL) => ReturnType<Browser['postForm']>,
): Promise<GoogleConnectRun> {
  const started = await h.api('POST', `/v1/connections/${provider}/authorize`, { user, body: {} });
  if (started.status !== 201)
    throw new Error(`authorize answered ${started.status}: ${started.text}`);
  const browser = options.browser ?? h.newBrowser();
  const start = await browser.get(started.json.authorizationUrl);
  if (start.status !== 302 || !start.location) throw new Error(`start answered ${start.status}`);
  const authorizeUrl = start.location;
  const authorize = new URL(authorizeUrl);
  const state = authorize.searchParams.get('state');
  if (state) h.wire.states.add(state);
  const consent = await browser.get(authorizeUrl);
  if (consent.status !== 200) throw new Error(`consent page answered ${consent.status}`);
  const decided = await decide(browser, authorize);
  const run = {
    attemptId: started.json.attemptId as string,
    authorizeUrl,
    start,
    callbackUrl: decided.location,
    browser,
  };
  if (decided.status !== 302 || !decided.location || options.stopBeforeCallback) {
    return { ...run, final: decided };
  }
  return { ...run, final: await browser.get(decided.location) };
}

/** Fails the test unless the run ended with the user's link of `provider` active; its id. */
async function connectedLinkId(
  h: Harness,
  user: AtsUser,
  provider: 'google' | 'outlook',
  run: GoogleConnectRun,
): Promise<string> {
  expect(run.final.status, run.final.text).toBe(200);
  const me = await h.api('GET', '/v1/connections/me', { user });
  expect(me.json[provider]?.status).toBe('active');
  return me.json[provider].id as string;
}

/**
 * Connects an ATS user's Google account (a seeded one by default, the recruiter's) through the
 * real popup flow and answers the connection id. Fails the test unless the link is active.
 */
export async function connectGoogle(
  h: Harness,
  user: AtsUser,
  googleAccount: SeededGoogleAccount | GoogleUser = 'recruiter',
): Promise<string> {
  return connectedLinkId(h, user, 'google', await runGoogleConnect(h, user, googleAccount));
}

/** A seeded Microsoft 365 account of the emulator, by its role there. */
export type SeededMicrosoftAccount =
  | 'recruiter'
  | 'interviewer'
  | 'interviewer2'
  | 'adminConsentUser'
  | 'adminConsentUser2';

export interface OutlookConnectRun {
  attemptId: string;
  /** Microsoft's authorize URL the popup was sent to (holds the state). */
  authorizeUrl: string;
  /** The BFF's start response (the redirect to Microsoft) as the popup received it. */
  start: { status: number; headers: Headers; text: string; location: string | null };
  /** The popup's final page: the BFF's callback page, or Microsoft's answer when it did not redirect. */
  final: { status: number; headers: Headers; text: string; location: string | null };
  callbackUrl: string | null;
  browser: Browser;
}

/**
 * The Outlook popup journey: POST authorize (host page) -> BFF start -> Microsoft's account
 * picker (the emulator's sign-in and consent) -> (redirect) -> BFF callback.
 */
export async function runOutlookConnect(
  h: Harness,
  user: AtsUser,
  account: SeededMicrosoftAccount | MicrosoftUser,
  options: { decision?: 'allow' | 'cancel'; browser?: Browser; stopBeforeCallback?: boolean } = {},
): Promise<OutlookConnectRun> {
  const microsoft = typeof account === 'string' ? h.emulator.microsoft.seeded[account] : account;
  return runCalendarConnect(h, user, 'outlook', options, (browser, authorize) =>
    browser.postForm(`${authorize.origin}${authorize.pathname}`, {
      ...Object.fromEntries(authorize.searchParams),
      account: microsoft.id,
      decision: options.decision ?? 'allow',
    }),
  );
}

/**
 * Connects an ATS user's Outlook (a seeded contoso account by default, the recruiter's) through
 * the real popup flow and answers the connection id. Fails the test unless the link is active.
 */
export async function connectOutlook(
  h: Harness,
  user: AtsUser,
  account: SeededMicrosoftAccount | MicrosoftUser = 'recruiter',
): Promise<string> {
  return connectedLinkId(h, user, 'outlook', await runOutlookConnect(h, user, account));
}
