import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { GoogleCalendarResilienceOptions } from '../adapters/google';
import type { GraphResilienceOptions } from '../adapters/microsoft';
import type { ZoomAccountPacingOptions, ZoomResilienceOptions } from '../adapters/zoom';
import type { CalendarRetryOptions, MeetingAgendaWriter } from '../core/meetings/meeting-deps';
import type { Clock, Store, TokenCipher } from '../core/ports';
import type { WebhookQueueOptions } from '../core/webhooks/webhook-queue';
import type { MetricsConfig } from './metrics';
import type { RateLimitsConfig } from './rate-limits';

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
    /** Google's: `googleEndpoints.authorizeUrl.real` (adapters/google). */
    authorizeUrl: string;
    /** Google's: `googleEndpoints.tokenUrl.real` (adapters/google). */
    tokenUrl: string;
    /** Google's: `googleEndpoints.revokeUrl.real` (adapters/google). */
    revokeUrl: string;
    /** Google's: `googleEndpoints.userinfoUrl.real` (adapters/google). */
    userinfoUrl: string;
    /** Google's: `googleEndpoints.calendarApiBaseUrl.real` (adapters/google). */
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
    /** @default Microsoft's (`MICROSOFT_AUTHORITY` in adapters/microsoft) */
    authorityBaseUrl?: string;
    /** `organizations` (work or school accounts), `common`, a tenant id or domain. @default organizations */
    tenant?: string;
    /** @default Microsoft's (`MICROSOFT_GRAPH_BASE` in adapters/microsoft) */
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
  /**
   * Prometheus metrics at `GET /metrics` (never behind the host token). Absent: no metrics are
   * kept and `/metrics` is not answered. Needs `token` (Bearer, compared in constant time),
   * `allowFrom` (client IPs/CIDRs) or both.
   */
  metrics?: MetricsConfig;
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
  /**
   * How many of a host's recurring series the busy check expands (reads the occurrences of),
   * within the per-host limit; a host with more series that could overlap the slot is
   * `unknown` unless something already says busy. @default 10
   */
  maxSeriesPerHostCheck?: number;
  /** How long a host's Zoom schedule is reused (our own writes invalidate it). @default 30_000 */
  hostScheduleTtlMs?: number;
  /** An in-flight Idempotency-Key older than this is taken over. @default 60_000 */
  idempotencyStaleMs?: number;
  /**
   * Words the agenda hosts and candidates read as the Zoom meeting's description (at most
   * 2,000 characters). @default 面接「{topic}」（採用管理システムから作成） plus an English line
   */
  agenda?: MeetingAgendaWriter;
  /** Idempotency-Keys older than this are deleted (replay no longer possible). @default 24 h */
  idempotencyRetentionMs?: number;
  /** This process deletes expired Idempotency-Keys at most once per this long. @default 1 h */
  idempotencyPruneIntervalMs?: number;
  /** Timeouts, retries and breaker of the Zoom meeting API calls. */
  zoomResilience?: ZoomResilienceOptions;
  /** Time limit and in-request retry delay of the Google Calendar calls. */
  googleCalendar?: GoogleCalendarResilienceOptions;
  /** Timeouts, retries and per-mailbox concurrency of the Outlook (Microsoft Graph) calls. */
  outlookCalendar?: GraphResilienceOptions;
  /**
   * The calendar outbox: background retries of a failed Google Calendar step. Defaults: polls
   * every 5 s; backoff from 30 s doubling to 30 min, with jitter; gives up after 10 attempts
   * (the retry route still works); a picked task is leased for 2 min. `pollIntervalMs: 0`
   * turns the background loop off.
   */
  calendarRetry?: Partial<CalendarRetryOptions>;
  /**
   * The webhook queue: a verified delivery is stored, then acknowledged once processed or
   * after `ackWaitMs` (1 s), whichever is first; the background pass (every 1 s on every
   * instance) retries failures from 5 s doubling to 5 min, 10 attempts, 60 s leases.
   * `pollIntervalMs: 0` turns the background pass off.
   */
  webhookQueue?: Partial<WebhookQueueOptions>;
  /**
   * Pacing of Zoom API calls per Zoom account (its hosts share Zoom's per-second limits):
   * 20 calls/s per account by default (Zoom's Medium limit on Pro), shared by every instance on
   * PostgreSQL; a call waits up to 3 s for a slot, then answers `provider_rate_limited`.
   * `perSecond: 0` turns it off.
   */
  zoomAccountPacing?: ZoomAccountPacingOptions;
}

/** The router `createBff` answers: an Express router that also owns background work. */
export interface BffRouter extends Router {
  /**
   * Stops the background work (the calendar outbox's retries) and waits for a pass in
   * progress. Call it before closing the store, e.g. on SIGTERM.
   */
  close(): Promise<void>;
  /** Starts a drain: `/readyz` answers 503 `not_ready` from now on (call first on SIGTERM). */
  drain(): void;
  /** The BFF's own Prometheus registry when `config.metrics` is set (to merge into the host's). */
  metricsRegistry: Registry | undefined;
}
