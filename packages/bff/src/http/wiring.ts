import { randomUUID } from 'node:crypto';
import { isCalendarProvider } from '@ats-zoom/contract';
import type { Logger } from 'pino';
import { withRequestFields } from '../adapters/observability/log-context';
import { observingFetch } from '../adapters/observability/provider-calls';
import { createZoomAccountPacing } from '../adapters/zoom';
import { type CalendarOutbox, createCalendarOutbox } from '../core/calendar/calendar-outbox';
import { callCalendarAs } from '../core/calendar/calendar-step';
import { createCalendarBusyCache, createHostScheduleCache } from '../core/hosts/host-schedules';
import { shareHostScheduleInvalidations } from '../core/hosts/shared-host-schedules';
import { callAsMeetingHost } from '../core/meetings/host-access';
import { createIdempotencyKeyPruner } from '../core/meetings/idempotency-retention';
import { takeJoinLinkFromHost } from '../core/meetings/join-link-refresh';
import type { CalendarRetryOptions, MeetingDeps } from '../core/meetings/meeting-deps';
import type { Clock } from '../core/ports';
import { configuredProviders, type ProviderRegistry, providerEntry } from '../core/providers';
import { createAccessTokenSource } from '../core/shared/access-tokens';
import { createAnswerMemo } from '../core/shared/answer-memo';
import type { CoreDeps } from '../core/shared/deps';
import { createStoreKeyedMutex } from '../core/shared/keyed-mutex';
import { createWebhookQueue, type WebhookQueue } from '../core/webhooks/webhook-queue';
import type { BffConfig, BffDependencies } from './bff-options';
import { createReadiness, type Readiness } from './health';
import { type BffMetrics, createBffMetrics } from './metrics';
import { createProviderRegistry } from './provider-registry';
import { logRedactPaths } from './request-context';

const systemClock: Clock = { now: () => new Date() };

const defaultCalendarRetry: CalendarRetryOptions = {
  pollIntervalMs: 5_000,
  baseDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
  maxAttempts: 10,
  leaseMs: 120_000,
};

/** Everything `createBff` builds once and its route modules share. */
export interface BffWiring {
  config: BffConfig;
  clock: Clock;
  logger: Logger;
  /** `config.publicUrl` without a trailing slash. */
  publicUrl: string;
  registry: ProviderRegistry;
  core: CoreDeps;
  meetingCore: MeetingDeps;
  calendarOutbox: CalendarOutbox;
  /** The meeting host's webhooks: stored, then processed here or by any instance's loop. */
  webhookQueue: WebhookQueue;
  /** Stops the background work and leaves the cache invalidation bus. */
  close(): Promise<void>;
  /** What `/readyz` checks, and the drain switch. */
  readiness: Readiness;
  /** The Prometheus metrics, when `config.metrics` is set. */
  metrics: BffMetrics | undefined;
}

/** Builds the providers, the core's deps and the background work (started when configured). */
export function wireBff(deps: BffDependencies): BffWiring {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger.child(
    { component: 'ats-zoom-bff' },
    { redact: { paths: logRedactPaths, censor: '[redacted]' } },
  );
  const publicUrl = config.publicUrl.replace(/\/+$/, '');
  const tuning = deps.meetings ?? {};
  const metrics = config.metrics
    ? createBffMetrics(config.metrics, { store: deps.store, clock, logger })
    : undefined;
  const registry = createProviderRegistry({
    config,
    publicUrl,
    clock,
    // Every provider call: counted, traced (OpenTelemetry, when installed), failures logged
    // with the provider's request id; the fetch notes that id from each answer.
    observation: { logger, sink: metrics?.providerCalls },
    fetch: observingFetch(() => deps.fetch ?? globalThis.fetch),
    ...(tuning.zoomResilience ? { zoomResilience: tuning.zoomResilience } : {}),
    ...(tuning.googleCalendar ? { googleCalendar: tuning.googleCalendar } : {}),
    ...(tuning.outlookCalendar ? { outlookCalendar: tuning.outlookCalendar } : {}),
  });
  // The domain's log lines name the request and tenant they were written for.
  const base = {
    store: deps.store,
    cipher: deps.cipher,
    clock,
    logger: withRequestFields(logger),
  };
  const meetingHostPacing = createZoomAccountPacing(deps.store, tuning.zoomAccountPacing);
  const core: CoreDeps = {
    ...base,
    ...(meetingHostPacing ? { meetingHostPacing } : {}),
    providers: registry,
    accessTokens: createAccessTokenSource({
      ...base,
      oauth: Object.fromEntries(
        configuredProviders(registry).map((entry) => [entry.id, entry.oauth]),
      ),
    }),
  };
  const meetingHost = registry.zoom.meetingHost;
  const calendarRetry = { ...defaultCalendarRetry, ...tuning.calendarRetry };
  // Other instances on the store hear this one's invalidations (PostgreSQL LISTEN/NOTIFY).
  const hostSchedules = shareHostScheduleInvalidations(
    createHostScheduleCache({
      clock,
      ttlMs: tuning.hostScheduleTtlMs ?? 30_000,
      load: (connection) =>
        callAsMeetingHost(core, connection, async (token) => ({
          meetings: await meetingHost.listMeetings(token, connection.providerUserId, {
            type: 'upcoming',
          }),
        })),
      loadConcurrentMeetings: (connection) =>
        callAsMeetingHost(core, connection, (token) =>
          meetingHost.getConcurrentMeetingLimit(token, connection.providerUserId),
        ),
      loadOccurrences: (connection, meetingId) =>
        callAsMeetingHost(core, connection, (token) =>
          meetingHost.listOccurrences(token, meetingId),
        ),
      loadLicence: (connection) =>
        callAsMeetingHost(core, connection, (token) =>
          registry.zoom.meetingHostUsers.getMe(token),
        ).then((profile) => profile.type),
    }),
    deps.store.cacheInvalidation,
    logger,
  );
  const calendarBusy = createCalendarBusyCache({
    clock,
    ttlMs: tuning.hostScheduleTtlMs ?? 30_000,
    load: (link, window) =>
      callCalendarAs(core, link, (token) => {
        // The busy cache asks only for owners with a calendar link, which needs its config.
        const entry = isCalendarProvider(link.provider)
          ? providerEntry(registry, link.provider)
          : undefined;
        if (!entry) throw new Error(`${link.provider} is not a configured calendar`);
        // The link's own calendar as its provider names it (Google `primary`, a mailbox).
        const calendarId = entry.ownCalendarId(link);
        if (!calendarId) throw new Error(`the ${link.provider} link names no calendar`);
        return entry.calendar.freeBusy(token, {
          calendarId,
          timeMin: window.start,
          timeMax: window.end,
        });
      }),
  });
  const meetingCore: MeetingDeps = {
    ...core,
    meetingHost,
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
    hostSchedules: hostSchedules.cache,
    meetingOptions: {
      hostCheckTimeoutMs: tuning.hostCheckTimeoutMs ?? 1_500,
      maxSeriesPerHostCheck: tuning.maxSeriesPerHostCheck ?? 10,
      idempotencyStaleMs: tuning.idempotencyStaleMs ?? 60_000,
      ...(tuning.agenda ? { agenda: tuning.agenda } : {}),
    },
    calendarBusy,
    hostLists: createAnswerMemo({
      clock,
      generations: () =>
        `${deps.store.readCacheGeneration()}/${hostSchedules.cache.generation()}/${calendarBusy.generation()}`,
    }),
    calendarRetry,
    instanceId: randomUUID(),
  };
  const calendarOutbox = createCalendarOutbox(meetingCore);
  const hasCalendar = configuredProviders(registry).some((entry) => entry.role === 'calendar');
  const outboxRuns = hasCalendar && calendarRetry.pollIntervalMs > 0;
  if (outboxRuns) calendarOutbox.start();
  const webhookQueue = createWebhookQueue(
    {
      ...meetingCore,
      takeJoinLink: (meeting) => takeJoinLinkFromHost(meetingCore, meeting),
    },
    tuning.webhookQueue,
  );
  webhookQueue.start();
  const readiness = createReadiness({
    store: deps.store,
    outbox: outboxRuns ? calendarOutbox : undefined,
    webhookLoop: webhookQueue.liveness() === 'running' ? webhookQueue : undefined,
  });
  return {
    config,
    clock,
    logger,
    publicUrl,
    registry,
    core,
    meetingCore,
    calendarOutbox,
    webhookQueue,
    async close() {
      await Promise.all([calendarOutbox.close(), webhookQueue.close()]);
      await hostSchedules.close();
    },
    readiness,
    metrics,
  };
}
