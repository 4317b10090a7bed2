import type { AddressInfo } from 'node:net';
import {
  createBff as createBffRouter,
  createTokenCipher,
  openStore,
  type Store,
} from '@ats-zoom/bff';
import { signHostToken } from '@ats-zoom/client/host';
import {
  buildPath,
  type HostTokenClaims,
  OAuthAttemptSchema,
  providerPaths,
  routes,
} from '@ats-zoom/contract';
import {
  type RunningProviderEmulator,
  startProviderEmulator,
  type ZoomUser,
} from '@ats-zoom/provider-emulator';
import express, { type Router } from 'express';
import pino from 'pino';

const HOST_ORIGIN = 'https://ats.example';
const HOST_ISSUER = 'https://ats.example/issuer';
const HOST_SECRET = 'bench-host-secret-0123456789abcdef0123';
const BFF_CLIENT = { clientId: 'atsZoomBenchClient', clientSecret: 'benchClientSecret7f3a9c' };
/** A second Marketplace app, so the bench can call the emulator directly for its baselines. */
const DIRECT_CLIENT = {
  clientId: 'benchDirectClient',
  clientSecret: 'benchDirectSecret42',
  redirectUri: 'http://127.0.0.1/bench-direct/callback',
};
// Host tokens live at most 10 minutes; re-sign well before that.
const TOKEN_REUSE_MS = 4 * 60_000;

export interface BenchEnvironment {
  bffUrl: string;
  emulator: RunningProviderEmulator;
  /** Personal Zoom users reserved for the BFF's hosts, in connection order. */
  hostZoomUsers: ZoomUser[];
  /** A Zoom user the bench calls directly (never a BFF host). */
  directZoomUser: ZoomUser;
  /** Replaces the mounted BFF with a fresh `createBff` over the same store: every cache empty. */
  remountBff(): Promise<void>;
  /** Headers a host page's browser sends: origin and the user's bearer token. */
  headersFor(user: HostTokenClaims): Promise<Record<string, string>>;
  /** The popup journey through the real OAuth flow; answers the new connection's id. */
  connectZoom(user: HostTokenClaims, zoomUser: ZoomUser): Promise<string>;
  /** An access token of `directZoomUser` from the emulator's own authorization-code flow. */
  directAccessToken(): Promise<string>;
  /** Lines the BFF logged at warn or above (a busy check that failed, for instance). */
  warnings: string[];
  close(): Promise<void>;
}

/** One process: provider emulator and BFF on loopback (port 0), SQLite in memory. */
export async function startBenchEnvironment(options: {
  hostCount: number;
}): Promise<BenchEnvironment> {
  const app = express();
  app.disable('x-powered-by');
  let mounted: Router | null = null;
  app.use((req, res, next) => (mounted ? mounted(req, res, next) : next()));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const bffUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const emulator = await startProviderEmulator({
    port: 0,
    zoom: {
      clients: [
        { ...BFF_CLIENT, redirectUris: [`${bffUrl}${providerPaths.zoomOAuthCallback}`] },
        {
          clientId: DIRECT_CLIENT.clientId,
          clientSecret: DIRECT_CLIENT.clientSecret,
          redirectUris: [DIRECT_CLIENT.redirectUri],
        },
      ],
      extraUsers: options.hostCount + 1,
      // The PUT runs create far more than Zoom's 100 meetings per host per day.
      dailyMeetingWriteLimit: 1_000_000,
      seedMeetings: false,
    },
  });
  const hostZoomUsers = emulator.zoom.extraUsers.slice(0, options.hostCount);
  const directZoomUser = emulator.zoom.extraUsers[options.hostCount];
  if (!directZoomUser) throw new Error('the emulator seeded too few users');

  const store: Store = await openStore({ sqlitePath: ':memory:' });
  const cipher = createTokenCipher({ activeKeyId: 'bench', keys: { bench: Buffer.alloc(32, 9) } });
  const warnings: string[] = [];
  // Info-level logging stays on, as in production; the lines are serialized, then dropped.
  const logger = pino(
    { level: 'info' },
    {
      write(line: string) {
        if (/"level":(40|50|60)/.test(line)) warnings.push(line);
      },
    },
  );
  const bffDeps: Parameters<typeof createBffRouter>[0] = {
    config: {
      publicUrl: bffUrl,
      allowedOrigins: [HOST_ORIGIN],
      hostToken: { issuer: HOST_ISSUER, secret: HOST_SECRET },
      zoom: {
        clientId: BFF_CLIENT.clientId,
        clientSecret: BFF_CLIENT.clientSecret,
        authorizeUrl: `${emulator.url}${emulator.zoom.paths.authorize}`,
        tokenUrl: `${emulator.url}${emulator.zoom.paths.token}`,
        revokeUrl: `${emulator.url}${emulator.zoom.paths.revoke}`,
        apiBaseUrl: `${emulator.url}${emulator.zoom.paths.apiBase}`,
        webhookSecretToken: 'bench-webhook-secret',
        scopes: ['user:read:user', 'meeting:write:meeting'],
      },
      // One client on one address sends every request, far faster than a person: the limiters
      // still run (their cost is part of what is measured) but never refuse.
      rateLimits: {
        perIp: { limit: 1_000_000, windowSeconds: 60 },
        writesPerUser: { limit: 1_000_000, windowSeconds: 60 },
        oauthPopupStartsPerIp: { limit: 1_000_000, windowSeconds: 60 },
      },
    },
    store,
    cipher,
    logger,
  };
  let bff: ReturnType<typeof createBffRouter> | null = null;
  // The BFF it replaces is closed (its outbox and webhook loops stop), so replaced BFFs do not
  // pile up polling the store while later figures are measured.
  const remountBff = async () => {
    const replaced = bff;
    bff = createBffRouter(bffDeps);
    mounted = bff;
    await replaced?.close();
  };
  await remountBff();

  const signed = new Map<string, { token: string; at: number }>();
  const headersFor = async (user: HostTokenClaims) => {
    const key = `${user.tid}\n${user.sub}`;
    let entry = signed.get(key);
    if (!entry || Date.now() - entry.at > TOKEN_REUSE_MS) {
      const token = await signHostToken({
        secret: HOST_SECRET,
        issuer: HOST_ISSUER,
        user,
        expiresInSeconds: 600,
      });
      entry = { token, at: Date.now() };
      signed.set(key, entry);
    }
    return { origin: HOST_ORIGIN, authorization: `Bearer ${entry.token}` };
  };

  const connectZoom = async (user: HostTokenClaims, zoomUser: ZoomUser): Promise<string> => {
    const headers = await headersFor(user);
    const startAuthorization = await fetch(
      `${bffUrl}${buildPath(routes.startAuthorization.path, { provider: 'zoom' })}`,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      },
    );
    if (startAuthorization.status !== 201) {
      throw new Error(
        `authorize answered ${startAuthorization.status}: ${await startAuthorization.text()}`,
      );
    }
    const { authorizationUrl, attemptId } = (await startAuthorization.json()) as {
      authorizationUrl: string;
      attemptId: string;
    };
    // The popup: BFF start (sets the attempt cookie) -> Zoom consent -> Allow -> BFF callback.
    const popupStart = await fetch(authorizationUrl, { redirect: 'manual' });
    const zoomAuthorizeUrl = popupStart.headers.get('location');
    if (popupStart.status !== 302 || !zoomAuthorizeUrl) {
      throw new Error(`start answered ${popupStart.status}`);
    }
    const cookie = popupStart.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    await popupStart.body?.cancel();
    const consentPage = await fetch(zoomAuthorizeUrl);
    if (consentPage.status !== 200) throw new Error(`consent answered ${consentPage.status}`);
    await consentPage.text();
    const allowed = await fetch(`${emulator.url}${emulator.zoom.paths.authorize}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...Object.fromEntries(new URL(zoomAuthorizeUrl).searchParams),
        account: zoomUser.id,
        decision: 'allow',
      }),
    });
    const callbackUrl = allowed.headers.get('location');
    if (allowed.status !== 302 || !callbackUrl)
      throw new Error(`consent answered ${allowed.status}`);
    await allowed.body?.cancel();
    const callback = await fetch(callbackUrl, { headers: { cookie } });
    await callback.text();
    if (callback.status !== 200) throw new Error(`callback answered ${callback.status}`);

    const attemptAnswer = await fetch(
      `${bffUrl}${buildPath(routes.getOAuthAttempt.path, { attemptId })}`,
      { headers },
    );
    const attempt = OAuthAttemptSchema.parse(await attemptAnswer.json());
    if (attempt.status !== 'succeeded' || !attempt.connection) {
      throw new Error(
        `connecting ${zoomUser.email} ended ${attempt.status} (${attempt.errorCode})`,
      );
    }
    return attempt.connection.id;
  };

  let directToken: Promise<string> | undefined;
  const directAccessToken = () => {
    directToken ??= (async () => {
      const allowed = await fetch(`${emulator.url}${emulator.zoom.paths.authorize}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          response_type: 'code',
          client_id: DIRECT_CLIENT.clientId,
          redirect_uri: DIRECT_CLIENT.redirectUri,
          account: directZoomUser.id,
          decision: 'allow',
        }),
      });
      const code = new URL(allowed.headers.get('location') ?? 'x:').searchParams.get('code');
      if (!code) throw new Error(`direct consent answered ${allowed.status}`);
      const basic = Buffer.from(`${DIRECT_CLIENT.clientId}:${DIRECT_CLIENT.clientSecret}`);
      const tokens = await fetch(`${emulator.url}${emulator.zoom.paths.token}`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic.toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: DIRECT_CLIENT.redirectUri,
        }),
      });
      const body = (await tokens.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`direct token exchange answered ${tokens.status}`);
      return body.access_token;
    })();
    return directToken;
  };

  return {
    bffUrl,
    emulator,
    hostZoomUsers,
    directZoomUser,
    remountBff,
    headersFor,
    connectZoom,
    directAccessToken,
    warnings,
    async close() {
      mounted = null;
      await bff?.close();
      await emulator.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}

/**
 * A bare Express app with trivial JSON routes: the HTTP stack's own floor. `PUT /bare/:id`
 * echoes the body; `GET /bare/json` answers a small constant object.
 */
export async function startBareExpress(): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/bare/json', (_req, res) => {
    res.json({ ok: true, service: 'bare' });
  });
  app.put('/bare/:id', express.json({ limit: '16kb' }), (req, res) => {
    res.json({ id: req.params.id, received: req.body });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
