import { randomUUID } from 'node:crypto';
import { isProblemCode, type Provider, providerPaths, providers, routes } from '@ats-zoom/contract';
import cors from 'cors';
import express, { type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import {
  createGoogleCalendarClient,
  createGoogleOAuthClient,
  type GoogleCalendarResilienceOptions,
} from '../adapters/google';
import {
  createZoomMeetingsClient,
  createZoomOAuthClient,
  createZoomUsersClient,
  type ZoomResilienceOptions,
} from '../adapters/zoom';
import { createAccessTokenSource } from '../core/access-tokens';
import { setApprovalWait } from '../core/approval-waits';
import { createCalendarOutbox, retryMeetingCalendar } from '../core/calendar-outbox';
import { callGoogleAs } from '../core/calendar-step';
import {
  completeAuthorization,
  getOAuthAttemptForActor,
  openAuthorization,
  startAuthorization,
} from '../core/connect-provider';
import {
  acknowledgeConnectionNotice,
  disconnectConnection,
  getMyConnections,
} from '../core/connections';
import type { CoreDeps } from '../core/deps';
import { DomainError, describeError, NotFoundError } from '../core/errors';
import { createGoogleBusyCache, createHostScheduleCache } from '../core/host-schedules';
import { listHosts } from '../core/hosts';
import { createIdempotencyKeyPruner } from '../core/idempotency-retention';
import {
  deleteInterviewMeeting,
  deletePendingZoomMeetings,
  getInterviewMeeting,
  getMeetingStartUrl,
  saveInterviewMeeting,
} from '../core/interview-meetings';
import { createStoreKeyedMutex } from '../core/keyed-mutex';
import { listVariables, renderVariables } from '../core/mail-variables';
import type { CalendarRetryOptions, MeetingDeps } from '../core/meeting-deps';
import { previewMeeting } from '../core/meeting-preview';
import type { Clock, Store, TokenCipher } from '../core/ports';
import { assertActiveUser, setUserStatus } from '../core/user-status';
import { callZoomAsHost } from '../core/zoom-host-access';
import { takeJoinLinkFromZoom } from '../core/zoom-link-refresh';
import { handleZoomWebhook, verifyZoomWebhookSignature } from '../core/zoom-webhooks';
import { assertValidBffConfig } from './bff-config';
import { readCookie } from './cookies';
import { answerHealthz, answerReadyz, createReadiness } from './health';
import { createHostTokenVerifier } from './host-token';
import { mountRoute, type RouteAccess } from './json-routes';
import {
  keepPopupOpener,
  sendOAuthErrorPage,
  sendOAuthRateLimitedPage,
  sendOAuthResultPage,
} from './oauth-pages';
import { problemErrorHandler, sendProblem } from './problem';
import { createRateLimits, type RateLimitsConfig, type RefusalHandler } from './rate-limits';
import { logRedactPaths, requestContext } from './request-context';

export interface BffConfig {
  /**
   * Absolute http(s) URL where browsers and the providers reach the BFF, no query or fragment,
   * e.g. http://localhost:4000 (the OAuth redirect URIs are built on it).
   */
  publicUrl: string;
  /**
   * Exact origins of host pages allowed to call the BFF (CORS) and to receive postMessage, as
   * browsers send them: `https://ats.example.com`, no path or trailing slash. At least one.
   */
  allowedOrigins: string[];
  /**
   * Exactly one of `secret` (HS256, at least 32 bytes in UTF-8) / `jwksUrl` (ES256, EdDSA, RS256).
   * `maxAgeSeconds`: a token older than this by its `iat` is refused (60 s of clock skew
   * allowed on top); at most 600. @default 300
   */
  hostToken: { issuer: string; secret?: string; jwksUrl?: string; maxAgeSeconds?: number };
  zoom: {
    clientId: string;
    clientSecret: string;
    authorizeUrl: string;
    tokenUrl: string;
    revokeUrl: string;
    apiBaseUrl: string;
    webhookSecretToken: string;
    scopes: string[];
  };
  /**
   * Google OAuth + Calendar. Absent: Google cannot be connected (`GET /v1/connections/me`
   * answers `google: null`, authorize answers 404) and 予定を登録 fails with `calendar_not_connected`.
   */
  google?: {
    clientId: string;
    clientSecret: string;
    /** e.g. https://accounts.google.com/o/oauth2/v2/auth */
    authorizeUrl: string;
    /** e.g. https://oauth2.googleapis.com/token */
    tokenUrl: string;
    /** e.g. https://oauth2.googleapis.com/revoke */
    revokeUrl: string;
    /** e.g. https://openidconnect.googleapis.com/v1/userinfo */
    userinfoUrl: string;
    /** e.g. https://www.googleapis.com/calendar/v3 */
    calendarApiBaseUrl: string;
    /** @default openid email calendar.events.owned calendar.freebusy */
    scopes?: string[];
  };
  /**
   * Outlook (Microsoft 365) calendars through Microsoft identity platform v2 and Graph. Absent:
   * Outlook cannot be connected (`GET /v1/connections/me` has no `outlook`, authorize answers
   * 404) and 予定を登録 on Outlook fails with `calendar_not_connected`.
   */
  outlook?: {
    clientId: string;
    clientSecret: string;
    /** @default https://login.microsoftonline.com */
    authorityBaseUrl?: string;
    /** `organizations` (work or school accounts), `common`, a tenant id or domain. @default organizations */
    tenant?: string;
    /** @default https://graph.microsoft.com/v1.0 */
    graphBaseUrl?: string;
    /** @default openid email offline_access User.Read Calendars.ReadWrite */
    scopes?: string[];
  };
  /**
   * The BFF's own request limits, kept in the store (shared by every instance on one
   * PostgreSQL database). Omitted: `defaultRateLimits`; `false` for one limit turns it off,
   * `false` here turns them all off. The per-IP limits read `req.ip`: behind a proxy, set the
   * host app's `trust proxy`.
   */
  rateLimits?: RateLimitsConfig | false;
}

export interface BffDependencies {
  config: BffConfig;
  store: Store;
  cipher: TokenCipher;
  logger: Logger;
  /** @default the system clock */
  clock?: Clock;
  /** Used for every call to Zoom. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Tuning of the meeting routes (tests shorten the waits). */
  meetings?: MeetingTuning;
}

export interface MeetingTuning {
  /** Per-host limit of the busy check in `GET /v1/hosts`. @default 1_500 */
  hostCheckTimeoutMs?: number;
  /** How long a host's Zoom schedule is reused (our own writes invalidate it). @default 30_000 */
  hostScheduleTtlMs?: number;
  /** An in-flight Idempotency-Key older than this is taken over. @default 60_000 */
  idempotencyStaleMs?: number;
  /** Idempotency-Keys older than this are deleted (replay no longer possible). @default 24 h */
  idempotencyRetentionMs?: number;
  /** This process deletes expired Idempotency-Keys at most once per this long. @default 1 h */
  idempotencyPruneIntervalMs?: number;
  /** Timeouts, retries and breaker of the Zoom meeting API calls. */
  zoomResilience?: ZoomResilienceOptions;
  /** Time limit and in-request retry delay of the Google Calendar calls. */
  googleCalendar?: GoogleCalendarResilienceOptions;
  /**
   * The calendar outbox: background retries of a failed Google Calendar step. Defaults: polls
   * every 5 s; backoff from 30 s doubling to 30 min, with jitter; gives up after 10 attempts
   * (the retry route still works); a picked task is leased for 2 min. `pollIntervalMs: 0`
   * turns the background loop off.
   */
  calendarRetry?: Partial<CalendarRetryOptions>;
}

const systemClock: Clock = { now: () => new Date() };

/** Where each provider's OAuth popup starts and where the provider sends it back. */
const popupPaths = {
  zoom: { start: providerPaths.zoomOAuthStart, callback: providerPaths.zoomOAuthCallback },
  google: { start: providerPaths.googleOAuthStart, callback: providerPaths.googleOAuthCallback },
  outlook: { start: providerPaths.outlookOAuthStart, callback: providerPaths.outlookOAuthCallback },
} as const satisfies Record<Provider, { start: string; callback: string }>;

/** The popup's browser-binding cookie (`__Host-` on https: no Domain, Secure, Path=/). */
function oauthCookieName(provider: Provider, secure: boolean): string {
  const name = provider === 'zoom' ? 'atz_oauth' : `atz_oauth_${provider}`;
  return secure ? `__Host-${name}` : name;
}

const JSON_LIMIT = '16kb';
const WEBHOOK_LIMIT = '64kb';
/** A 20,000-character template is up to 60 KB in UTF-8 (Japanese), plus 200 candidate ids. */
const RENDER_JSON_LIMIT = '128kb';

/** The router `createBff` answers: an Express router that also owns background work. */
export interface BffRouter extends Router {
  /**
   * Stops the background work (the calendar outbox's retries) and waits for a pass in
   * progress. Call it before closing the store, e.g. on SIGTERM.
   */
  close(): Promise<void>;
  /** Starts a drain: `/readyz` answers 503 `not_ready` from now on (call first on SIGTERM). */
  drain(): void;
}

const defaultCalendarRetry: CalendarRetryOptions = {
  pollIntervalMs: 5_000,
  baseDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
  maxAttempts: 10,
  leaseMs: 120_000,
};

/**
 * The BFF as an Express router with full paths (`/v1/...`, `/healthz`, `/readyz`). It never
 * listens: mount it in any app (`app.use(createBff(deps))`), and `close()` it on shutdown.
 */
export function createBff(deps: BffDependencies): BffRouter {
  assertValidBffConfig(deps.config);
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger.child(
    { component: 'ats-zoom-bff' },
    { redact: { paths: logRedactPaths, censor: '[redacted]' } },
  );
  const publicUrl = config.publicUrl.replace(/\/+$/, '');
  const zoomOAuth = createZoomOAuthClient(
    {
      clientId: config.zoom.clientId,
      clientSecret: config.zoom.clientSecret,
      authorizeUrl: config.zoom.authorizeUrl,
      tokenUrl: config.zoom.tokenUrl,
      revokeUrl: config.zoom.revokeUrl,
      redirectUri: `${publicUrl}${providerPaths.zoomOAuthCallback}`,
      scopes: config.zoom.scopes,
    },
    { clock, ...(deps.fetch ? { fetch: deps.fetch } : {}) },
  );
  const googleOAuth = config.google
    ? createGoogleOAuthClient(
        {
          clientId: config.google.clientId,
          clientSecret: config.google.clientSecret,
          authorizeUrl: config.google.authorizeUrl,
          tokenUrl: config.google.tokenUrl,
          revokeUrl: config.google.revokeUrl,
          userinfoUrl: config.google.userinfoUrl,
          redirectUri: `${publicUrl}${providerPaths.googleOAuthCallback}`,
          ...(config.google.scopes ? { scopes: config.google.scopes } : {}),
        },
        { clock, ...(deps.fetch ? { fetch: deps.fetch } : {}) },
      )
    : undefined;
  const base = {
    store: deps.store,
    cipher: deps.cipher,
    clock,
    logger,
    zoomOAuth,
    ...(googleOAuth ? { googleOAuth } : {}),
  };
  const core: CoreDeps = {
    ...base,
    zoomUsers: createZoomUsersClient({
      apiBaseUrl: config.zoom.apiBaseUrl,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    }),
    accessTokens: createAccessTokenSource(base),
  };
  const tuning = deps.meetings ?? {};
  const zoomMeetings = createZoomMeetingsClient({
    apiBaseUrl: config.zoom.apiBaseUrl,
    clock,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(tuning.zoomResilience ? { resilience: tuning.zoomResilience } : {}),
  });
  const googleCalendar = config.google
    ? createGoogleCalendarClient({
        apiBaseUrl: config.google.calendarApiBaseUrl,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(tuning.googleCalendar ? { resilience: tuning.googleCalendar } : {}),
      })
    : undefined;
  const calendarRetry = { ...defaultCalendarRetry, ...tuning.calendarRetry };
  const meetingCore: MeetingDeps = {
    ...core,
    zoomMeetings,
    interviewLocks: createStoreKeyedMutex(deps.store, 'interview'),
    idempotencyKeyPruner: createIdempotencyKeyPruner({
      store: deps.store,
      clock,
      logger,
      ...(tuning.idempotencyRetentionMs === undefined
        ? {}
        : { retentionMs: tuning.idempotencyRetentionMs }),
      ...(tuning.idempotencyPruneIntervalMs === undefined
        ? {}
        : { intervalMs: tuning.idempotencyPruneIntervalMs }),
    }),
    hostSchedules: createHostScheduleCache({
      clock,
      ttlMs: tuning.hostScheduleTtlMs ?? 30_000,
      load: (connection) =>
        callZoomAsHost(core, connection, (token) =>
          zoomMeetings.listMeetings(token, connection.providerUserId, { type: 'upcoming' }),
        ),
    }),
    meetingOptions: {
      hostCheckTimeoutMs: tuning.hostCheckTimeoutMs ?? 1_500,
      idempotencyStaleMs: tuning.idempotencyStaleMs ?? 60_000,
    },
    googleCalendar,
    googleBusy: createGoogleBusyCache({
      clock,
      ttlMs: tuning.hostScheduleTtlMs ?? 30_000,
      load: (link, window) =>
        callGoogleAs(core, link, (token) =>
          requireCalendar(googleCalendar).freeBusy(token, {
            calendarId: 'primary',
            timeMin: window.start,
            timeMax: window.end,
          }),
        ),
    }),
    calendarRetry,
    instanceId: randomUUID(),
  };
  const calendarOutbox = createCalendarOutbox(meetingCore);
  const outboxRuns = googleCalendar !== undefined && calendarRetry.pollIntervalMs > 0;
  if (outboxRuns) calendarOutbox.start();
  const readiness = createReadiness({
    store: deps.store,
    outbox: outboxRuns ? calendarOutbox : undefined,
  });
  const verifyHostToken = createHostTokenVerifier(config.hostToken, clock);
  const secureCookie = publicUrl.startsWith('https:');
  const allowedOrigins = new Set(config.allowedOrigins);
  // The popup's own pages answer a refusal with a page, everything else with problem+json.
  const popupPages = providers.flatMap((provider) => [
    { path: popupPaths[provider].start, provider },
    { path: popupPaths[provider].callback, provider },
  ]);
  const refuse: RefusalHandler = (req, res, next, error) => {
    // The full path wherever the router is mounted (inside `use('/v1')` req.path lacks it).
    const path = `${req.baseUrl}${req.path}`;
    const provider =
      req.method === 'GET'
        ? popupPages.find((page) => path.endsWith(page.path))?.provider
        : undefined;
    if (!provider) {
      next(error);
      return;
    }
    logger.warn(
      { requestId: res.locals.requestId, provider, detail: error.message },
      'oauth popup rate limited',
    );
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
    sendOAuthRateLimitedPage(res, provider);
  };
  const rateLimits = createRateLimits(deps.store, config.rateLimits, refuse);
  const access: RouteAccess = {
    verifyHostToken,
    assertActive: (actor) => assertActiveUser(core, actor),
    admit: rateLimits.admitUser,
  };

  const router = express.Router();
  const ours = ['/v1', '/healthz', '/readyz'];

  // The request line has fixed, token-free fields only: no redaction needed (request-context).
  router.use(ours, requestContext(deps.logger.child({ component: 'ats-zoom-bff' })));
  router.use(
    ours,
    helmet({ contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"] } } }),
  );
  router.use(ours, (_req, res, next) => {
    res.removeHeader('X-Powered-By');
    // Also on refused origins, so a shared cache never serves one origin's answer to another.
    res.vary('Origin');
    next();
  });
  router.use(
    ours,
    cors({
      origin: (origin, callback) =>
        callback(null, origin !== undefined && allowedOrigins.has(origin) ? origin : false),
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
      credentials: false,
      maxAge: 600,
    }),
  );

  // Webhook: raw bytes (the HMAC covers them exactly), size-limited before any HMAC work.
  router.post(
    providerPaths.zoomWebhook,
    express.raw({ type: () => true, limit: WEBHOOK_LIMIT }),
    async (req, res) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const valid = verifyZoomWebhookSignature({
        secretToken: config.zoom.webhookSecretToken,
        rawBody,
        signature: req.get('x-zm-signature'),
        timestamp: req.get('x-zm-request-timestamp'),
        now: clock.now(),
      });
      if (!valid) {
        sendProblem(res, 'webhook_signature_invalid');
        return;
      }
      let event: unknown;
      try {
        event = JSON.parse(rawBody.toString('utf8'));
      } catch {
        sendProblem(res, 'malformed_json');
        return;
      }
      const result = await handleZoomWebhook(
        { ...meetingCore, takeJoinLink: (meeting) => takeJoinLinkFromZoom(meetingCore, meeting) },
        { secretToken: config.zoom.webhookSecretToken, clientId: config.zoom.clientId },
        event,
      );
      logger.info({ requestId: res.locals.requestId, result: result.kind }, 'zoom webhook');
      if (result.kind === 'url_validation') {
        res.status(200).json(result.answer);
        return;
      }
      res.status(200).json({});
    },
  );

  // Every other /v1 request spends its client IP's budget before anything reads it. The
  // webhook above is exempt: Zoom delivers from a few shared addresses in bursts, a refused
  // delivery is retried late or lost, and its signature check (HMAC over at most 64 KB) is the
  // cheap gate in front of any work.
  router.use('/v1', rateLimits.perIp);

  // The OAuth popup of each provider: start (redeem the ticket, bind this browser with a
  // cookie, go to the consent page) and callback (the provider's redirect back).
  for (const provider of providers) {
    const paths = popupPaths[provider];
    // One cookie per provider, so connecting Zoom and Google at once in one browser works.
    const cookieName = oauthCookieName(provider, secureCookie);
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookie,
    } as const;

    router.get(paths.start, rateLimits.oauthPopupStart, async (req, res) => {
      const attemptId = typeof req.query.attempt === 'string' ? req.query.attempt : '';
      const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : '';
      try {
        const opened = await openAuthorization(core, { provider, attemptId, ticket });
        res.cookie(cookieName, opened.browserBinding, {
          ...cookieOptions,
          maxAge: Math.max(0, opened.expiresAt.getTime() - clock.now().getTime()),
        });
        res.setHeader('Cache-Control', 'no-store');
        keepPopupOpener(res);
        res.redirect(302, opened.authorizationUrl);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        logger.warn(
          { requestId: res.locals.requestId, provider, error: describeError(error) },
          'oauth start refused',
        );
        sendOAuthErrorPage(res, error.code === 'oauth_state_invalid' ? 400 : 502, provider);
      }
    });

    router.get(paths.callback, async (req, res) => {
      const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
      try {
        const outcome = await completeAuthorization(core, {
          provider,
          state: text(req.query.state),
          code: text(req.query.code),
          error: text(req.query.error),
          browserBinding: readCookie(req, cookieName),
          // Calendar tasks waiting for this link; Zoom meetings it could not delete before.
          onLinked: (connection) =>
            Promise.all([
              calendarOutbox.resumeForLink(connection),
              deletePendingZoomMeetings(meetingCore, connection),
            ]),
        });
        res.clearCookie(cookieName, cookieOptions);
        logger.info(
          {
            requestId: res.locals.requestId,
            provider,
            attemptId: outcome.attemptId,
            ok: outcome.ok,
            errorCode: outcome.errorCode,
          },
          `${provider} authorization finished`,
        );
        const status = outcome.ok ? 200 : outcome.errorCode === 'oauth_access_denied' ? 400 : 502;
        sendOAuthResultPage(res, status, {
          provider,
          attemptId: outcome.attemptId,
          ok: outcome.ok,
          targetOrigin: outcome.returnOrigin,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        logger.warn(
          { requestId: res.locals.requestId, provider, error: describeError(error) },
          'oauth callback refused',
        );
        sendOAuthErrorPage(res, error.code === 'oauth_state_invalid' ? 400 : 502, provider);
      }
    });
  }

  // A URL we cannot decode is refused before any route reads it: a path parameter would throw
  // in the router, and a query would be read with U+FFFD in place of its bytes. (The popup
  // pages above answer their own bad queries with their HTML error page.)
  router.use('/v1', (req, res, next) => {
    if (!isDecodableUrl(req.originalUrl)) {
      sendProblem(res, 'malformed_request', { detail: 'The URL has malformed percent-encoding.' });
      return;
    }
    next();
  });
  // Parsed here first, the render body skips the general parser below (its stream is consumed).
  router.post(routes.renderVariables.path, express.json({ limit: RENDER_JSON_LIMIT }));
  router.use('/v1', express.json({ limit: JSON_LIMIT }));
  router.use('/v1', (req, res, next) => {
    // A body we would not parse must not be silently ignored.
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding');
    if (hasBody && !req.is('application/json')) {
      sendProblem(res, 'unsupported_media_type');
      return;
    }
    next();
  });

  mountRoute(router, 'healthz', access, answerHealthz);
  mountRoute(router, 'readyz', access, () => answerReadyz(readiness));
  mountRoute(router, 'getMyConnections', access, ({ actor }) => getMyConnections(core, actor));
  mountRoute(router, 'startAuthorization', access, async ({ actor, params, req }) => {
    const started = await startAuthorization(core, actor, {
      provider: params.provider,
      origin: req.get('origin'),
      allowedOrigins: config.allowedOrigins,
      ...(rateLimits.maxLiveOAuthAttemptsPerUser === undefined
        ? {}
        : { maxLiveAttempts: rateLimits.maxLiveOAuthAttemptsPerUser }),
    });
    const url = new URL(`${publicUrl}${popupPaths[params.provider].start}`);
    url.searchParams.set('attempt', started.attemptId);
    url.searchParams.set('ticket', started.ticket);
    return {
      attemptId: started.attemptId,
      authorizationUrl: url.href,
      expiresAt: started.expiresAt.toISOString(),
    };
  });
  mountRoute(router, 'getOAuthAttempt', access, async ({ actor, params }) => {
    const found = await getOAuthAttemptForActor(core, actor, params.attemptId);
    if (!found) throw new NotFoundError('No such attempt.');
    return {
      attemptId: found.attempt.id,
      provider: found.attempt.provider,
      status: found.status,
      errorCode: isProblemCode(found.attempt.errorCode) ? found.attempt.errorCode : null,
      connection: found.connection,
      expiresAt: found.attempt.expiresAt.toISOString(),
    };
  });
  mountRoute(router, 'setApprovalWait', access, ({ actor, body }) =>
    setApprovalWait(core, actor, body.waiting),
  );
  mountRoute(router, 'deleteConnection', access, async ({ actor, params }) => {
    await disconnectConnection(core, actor, params.connectionId);
    return undefined;
  });
  mountRoute(router, 'acknowledgeConnectionNotice', access, async ({ actor, params }) => {
    await acknowledgeConnectionNotice(core, actor, params.connectionId);
    return undefined;
  });

  mountRoute(router, 'listHosts', access, ({ actor, query }) => {
    const start = new Date(query.start);
    return listHosts(meetingCore, actor, {
      start,
      end: new Date(start.getTime() + query.durationMinutes * 60_000),
      excludeInterviewId: query.excludeInterviewId,
    });
  });
  mountRoute(router, 'getMeetingPreview', access, ({ actor, query }) => {
    const start = new Date(query.start);
    return previewMeeting(meetingCore, actor, {
      hostConnectionId: query.hostConnectionId,
      joinBeforeHost: query.joinBeforeHost,
      durationMinutes: query.durationMinutes,
      start,
      end: new Date(start.getTime() + query.durationMinutes * 60_000),
      excludeInterviewId: query.excludeInterviewId,
    });
  });
  mountRoute(router, 'getInterviewMeeting', access, ({ actor, params }) =>
    getInterviewMeeting(meetingCore, actor, params.interviewId),
  );
  mountRoute(router, 'saveInterviewMeeting', access, ({ actor, params, body, req }) =>
    saveInterviewMeeting(meetingCore, actor, {
      interviewId: params.interviewId,
      body,
      idempotencyKey: req.get('idempotency-key'),
    }),
  );
  mountRoute(router, 'deleteInterviewMeeting', access, async ({ actor, params }) => {
    await deleteInterviewMeeting(meetingCore, actor, params.interviewId);
    return undefined;
  });
  mountRoute(router, 'retryMeetingCalendar', access, ({ actor, params }) =>
    retryMeetingCalendar(meetingCore, actor, params.interviewId),
  );
  mountRoute(router, 'getMeetingStartUrl', access, async ({ actor, params, res }) => {
    // A host credential: never cached by the browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    return getMeetingStartUrl(meetingCore, actor, params.interviewId);
  });

  mountRoute(router, 'listVariables', access, ({ actor, query }) =>
    listVariables(core, actor, query),
  );
  mountRoute(router, 'renderVariables', access, ({ actor, body }) =>
    renderVariables(core, actor, body),
  );

  mountRoute(router, 'setUserStatus', access, ({ actor, params, body }) =>
    setUserStatus(core, actor, { userId: params.userId, active: body.active }),
  );

  // Anything else under our paths (an unknown path, another method) is ours to refuse too.
  router.use(ours, (_req, res) => sendProblem(res, 'not_found'));
  router.use(ours, problemErrorHandler(logger));
  return Object.assign(router, {
    close: () => calendarOutbox.close(),
    drain: () => readiness.drain(),
  });
}

/** Whether a request URL (path and query) is well-formed percent-encoded UTF-8. */
function isDecodableUrl(url: string): boolean {
  try {
    decodeURIComponent(url);
    return true;
  } catch {
    return false;
  }
}

function requireCalendar<T>(port: T | undefined): T {
  // The busy cache asks only for owners with a Google link, which needs config.google.
  if (!port) throw new Error('Google Calendar is not configured');
  return port;
}
