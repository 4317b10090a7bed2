import { GOOGLE_ROUTE_GROUPS, ZOOM_ROUTE_GROUPS } from '@ats-zoom/provider-emulator';
import pino from 'pino';
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { type BffConfig, BffConfigError, createBff, createTokenCipher, openStore } from '../src';
import { parseBffEnv, startBffServer } from '../src/server';
import {
  type AtsUser,
  connectGoogle,
  type Harness,
  type HarnessOptions,
  HOST_SECRET,
  linkZoomAccount,
  startHarness,
  tenantAUser,
} from './harness';
import {
  closeHarnessAfterEach,
  fastMeetingTuning,
  meetingBody,
  meetingRequests,
} from './meeting-world';
import { freshSchema, postgresUrl, storeEngines } from './postgres';

const engines = await storeEngines('metrics.test.ts');

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';
const haruka = tenantAUser('Haruka', 'coordinator');

const baseConfig: BffConfig = {
  publicUrl: 'https://bff.example.com',
  allowedOrigins: ['https://ats.example'],
  hostToken: { issuer: 'my-ats', secret: 'x'.repeat(32) },
  zoom: {
    clientId: 'zoom-client',
    clientSecret: 'zoom-secret',
    authorizeUrl: 'https://zoom.us/oauth/authorize',
    tokenUrl: 'https://zoom.us/oauth/token',
    revokeUrl: 'https://zoom.us/oauth/revoke',
    apiBaseUrl: 'https://api.zoom.us/v2',
    webhookSecretToken: 'webhook-secret',
    scopes: ['user:read:user'],
  },
};

let h: Harness | undefined;
closeHarnessAfterEach(() => h);
const harness = () => {
  if (!h) throw new Error('no harness');
  return h;
};
const meetings = meetingRequests(harness, haruka);

async function start(options: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness({
    meetings: fastMeetingTuning,
    metrics: { token: METRICS_TOKEN },
    ...options,
  });
  return h;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
      if (key !== undefined && value !== undefined) labels[key] = value;
    }
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels` (undefined if none). */
function sampleValue(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = samples.filter(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match`);
  return found[0]?.value;
}

async function scrape(
  baseUrl = harness().bffUrl,
  token = METRICS_TOKEN,
): Promise<{ status: number; text: string; contentType: string | null; samples: Sample[] }> {
  const response = await fetch(`${baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    contentType: response.headers.get('content-type'),
    samples: response.status === 200 ? parseExposition(text) : [],
  };
}

async function linkHost(who: AtsUser = haruka): Promise<string> {
  return linkZoomAccount(harness(), who, harness().emulator.zoom.seeded.personal);
}

const saveRoute = '/v1/interviews/:interviewId/meeting';

describe('Prometheus metrics', () => {
  it('after a meeting save, the scrape counts the request by route template and status, the Zoom create by outcome, with duration histograms and the daily quota headroom', async () => {
    await start();
    const host = await linkHost();
    const saved = await meetings.put('iv-metrics-1', meetingBody(host));
    expect(saved.status, saved.text).toBe(200);

    const { status, contentType, samples, text } = await scrape();
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const put = { method: 'PUT', route: saveRoute, status: '200' };
    expect(sampleValue(samples, 'http_requests_total', put)).toBe(1);
    expect(sampleValue(samples, 'http_request_duration_seconds_count', put)).toBe(1);
    expect(
      sampleValue(samples, 'http_request_duration_seconds_bucket', { ...put, le: '+Inf' }),
    ).toBe(1);
    // Raw paths (with the interview id) never become labels.
    expect(text).not.toContain('iv-metrics-1');
    expect(
      sampleValue(samples, 'http_requests_total', {
        method: 'GET',
        route: '/v1/connections/me',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);

    const create = { provider: 'zoom', operation: 'meetings.create', outcome: 'ok' };
    expect(sampleValue(samples, 'provider_calls_total', create)).toBe(1);
    expect(sampleValue(samples, 'provider_call_duration_seconds_count', create)).toBe(1);
    expect(
      sampleValue(samples, 'provider_call_duration_seconds_bucket', { ...create, le: '+Inf' }),
    ).toBe(1);
    // The code exchange of the link went through the same counter.
    expect(
      sampleValue(samples, 'provider_calls_total', {
        provider: 'zoom',
        operation: 'oauth.exchange_code',
        outcome: 'ok',
      }),
    ).toBe(1);

    // One host wrote once today: 99 of 100 left.
    expect(sampleValue(samples, 'zoom_daily_quota_headroom_count')).toBe(1);
    expect(sampleValue(samples, 'zoom_daily_quota_headroom_sum')).toBe(99);
    expect(sampleValue(samples, 'zoom_daily_quota_headroom_bucket', { le: '75' })).toBe(0);
    expect(sampleValue(samples, 'zoom_daily_quota_headroom_bucket', { le: '100' })).toBe(1);
    expect(sampleValue(samples, 'zoom_daily_quota_min_headroom')).toBe(99);
    expect(sampleValue(samples, 'calendar_outbox_depth', { state: 'pending' })).toBe(0);
    expect(sampleValue(samples, 'calendar_outbox_oldest_age_seconds')).toBe(0);
    expect(sampleValue(samples, 'bff_store_stats_up')).toBe(1);

    // A second save of the same host: the headroom follows the store's daily counter.
    expect((await meetings.put('iv-metrics-2', meetingBody(host))).status).toBe(200);
    const again = (await scrape()).samples;
    expect(sampleValue(again, 'zoom_daily_quota_headroom_count')).toBe(1);
    expect(sampleValue(again, 'zoom_daily_quota_min_headroom')).toBe(98);
    expect(sampleValue(again, 'http_requests_total', put)).toBe(2);
  });

  it('when Zoom answers 429 to a create, the call is counted as rate_limited and its failure is logged with the request id, tenant and Zoom tracking id, and no token reaches any log line', async () => {
    await start();
    const host = await linkHost();
    // Retry-After beyond the call's deadline: not retried, the save answers 429 at once.
    harness().emulator.zoom.rateLimitNext(1, 3600, ZOOM_ROUTE_GROUPS.createMeeting);
    const trackingIdsBefore = harness().wire.zoomTrackingIds.length;
    const refused = await meetings.put('iv-429', meetingBody(host));
    expect([refused.status, refused.json.code]).toEqual([429, 'provider_rate_limited']);

    const { samples } = await scrape();
    expect(
      sampleValue(samples, 'provider_calls_total', {
        provider: 'zoom',
        operation: 'meetings.create',
        outcome: 'rate_limited',
      }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'http_requests_total', {
        method: 'PUT',
        route: saveRoute,
        status: '429',
      }),
    ).toBe(1);

    const seen = harness().wire.zoomTrackingIds.slice(trackingIdsBefore);
    const failures = harness()
      .logLines.map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'zoom meetings.create failed');
    expect(failures).toHaveLength(1);
    const [failure] = failures;
    expect(failure).toMatchObject({
      requestId: refused.headers.get('x-request-id'),
      tenantId: 'tenant-a',
      provider: 'zoom',
      operation: 'meetings.create',
      outcome: 'rate_limited',
      error: { code: 'provider_rate_limited' },
    });
    expect(failure?.providerRequestId).toMatch(/^v=2\.0;clid=\w+;rid=WEB_[0-9a-f]{32}$/);
    // The id of the very answer that refused the create (the last Zoom answer of the save).
    expect(seen).toContain(failure?.providerRequestId);
    expect(seen.at(-1)).toBe(failure?.providerRequestId);

    const allLogs = harness().logLines.join('\n');
    const hostToken = await harness().token(haruka);
    for (const secret of [...harness().wire.secrets, METRICS_TOKEN, HOST_SECRET]) {
      expect(allLogs).not.toContain(secret);
    }
    expect(allLogs).not.toContain(hostToken.split('.')[2]);
  });

  it('a Zoom 5xx retried to exhaustion logs every attempt’s tracking id, and a failed token refresh is counted by outcome', async () => {
    await start();
    const host = await linkHost();
    expect((await meetings.put('iv-5xx', meetingBody(host))).status).toBe(200);

    harness().emulator.zoom.failNext(3, 503, { path: '/zoom/v2/meetings/*', method: 'GET' });
    const before = harness().wire.zoomTrackingIds.length;
    const failed = await harness().api('GET', '/v1/interviews/iv-5xx/meeting/start-url', {
      user: haruka,
    });
    expect([failed.status, failed.json.code]).toEqual([503, 'provider_unavailable']);
    const attempts = harness().wire.zoomTrackingIds.slice(before);
    const line = harness()
      .logLines.map((each) => JSON.parse(each) as Record<string, unknown>)
      .find((each) => each.msg === 'zoom meetings.get failed');
    expect(line).toMatchObject({
      requestId: failed.headers.get('x-request-id'),
      tenantId: 'tenant-a',
      outcome: 'unavailable',
      providerRequestId: attempts.at(-1),
      providerRequestIds: attempts,
    });
    expect(attempts).toHaveLength(3);
    // The request's own log line names its tenant too.
    expect(
      harness()
        .logLines.map((each) => JSON.parse(each) as Record<string, unknown>)
        .find((each) => each.msg === 'request' && each.requestId === line?.requestId),
    ).toMatchObject({ tenantId: 'tenant-a', status: 503 });

    // Two hours on, the access token is stale: the refresh fails at Zoom's token endpoint, then
    // succeeds on the next call.
    harness().clock.advance(2 * 3600_000);
    harness().emulator.zoom.failNext(1, 503, ZOOM_ROUTE_GROUPS.token);
    const unrefreshed = await harness().api('GET', '/v1/interviews/iv-5xx/meeting/start-url', {
      user: haruka,
    });
    expect(unrefreshed.status).toBe(503);
    // The domain's own log line of the failed refresh names the request and tenant.
    expect(
      harness()
        .logLines.map((each) => JSON.parse(each) as Record<string, unknown>)
        .find((each) => String(each.msg).startsWith('zoom token refresh failed')),
    ).toMatchObject({
      requestId: unrefreshed.headers.get('x-request-id'),
      tenantId: 'tenant-a',
    });
    const refreshed = await harness().api('GET', '/v1/interviews/iv-5xx/meeting/start-url', {
      user: haruka,
    });
    expect(refreshed.status, refreshed.text).toBe(200);
    const { samples } = await scrape();
    expect(
      sampleValue(samples, 'token_refreshes_total', { provider: 'zoom', outcome: 'unavailable' }),
    ).toBe(1);
    expect(sampleValue(samples, 'token_refreshes_total', { provider: 'zoom', outcome: 'ok' })).toBe(
      1,
    );
    expect(
      sampleValue(samples, 'provider_calls_total', {
        provider: 'zoom',
        operation: 'meetings.get',
        outcome: 'unavailable',
      }),
    ).toBe(1);
  });

  it('counts rate-limit rejections by limit name, also those refused before a route matched', async () => {
    await start({
      rateLimits: {
        perIp: { limit: 6, windowSeconds: 60 },
        writesPerUser: { limit: 1, windowSeconds: 60 },
      },
    });
    const first = await harness().api('PUT', '/v1/connections/zoom/approval-wait', {
      user: haruka,
      body: { waiting: true },
    });
    expect(first.status, first.text).toBeLessThan(300);
    const second = await harness().api('PUT', '/v1/connections/zoom/approval-wait', {
      user: haruka,
      body: { waiting: false },
    });
    expect([second.status, second.json.code]).toEqual([429, 'rate_limited']);

    let answers: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      answers.push((await harness().api('GET', '/v1/connections/me', { user: haruka })).status);
    }
    answers = answers.filter((status) => status === 429);
    expect(answers.length).toBeGreaterThanOrEqual(1);

    const { samples } = await scrape();
    expect(sampleValue(samples, 'rate_limit_rejections_total', { limit: 'writes' })).toBe(1);
    expect(sampleValue(samples, 'rate_limit_rejections_total', { limit: 'ip' })).toBe(
      answers.length,
    );
    // Refused by the per-IP limit before the router matched: still named by its template.
    expect(
      sampleValue(samples, 'http_requests_total', {
        method: 'GET',
        route: '/v1/connections/me',
        status: '429',
      }),
    ).toBe(answers.length);
  });
});

describe('/metrics access', () => {
  it('is not served when metrics are not configured', async () => {
    h = await startHarness({ metrics: undefined });
    const response = await fetch(`${harness().bffUrl}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(404);
    expect(harness().routers[0]?.metricsRegistry).toBeUndefined();
  });

  it('answers 401 without the token or with a wrong one (a host token included), 200 with it, and never shows a token', async () => {
    await start();
    await linkHost();
    const bare = await fetch(`${harness().bffUrl}/metrics`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await bare.json()).code).toBe('unauthenticated');
    expect((await scrape(undefined, `${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await scrape(undefined, METRICS_TOKEN.slice(0, -1))).status).toBe(401);
    expect((await scrape(undefined, await harness().token(haruka))).status).toBe(401);

    const ok = await scrape();
    expect(ok.status).toBe(200);
    for (const secret of [...harness().wire.secrets, METRICS_TOKEN, HOST_SECRET]) {
      expect(ok.text).not.toContain(secret);
    }
    // Scrapes are neither logged as requests nor counted as BFF requests.
    expect(ok.text).not.toContain('route="/metrics"');
  });

  it('with an allow-list, refuses other addresses (403) and serves listed ones without a token', async () => {
    h = await startHarness({ metrics: { allowFrom: ['10.0.0.0/8', '2001:db8::/32'] } });
    const refused = await fetch(`${harness().bffUrl}/metrics`);
    expect(refused.status).toBe(403);
    await harness().close();

    h = await startHarness({ metrics: { allowFrom: ['127.0.0.1'] } });
    const allowed = await fetch(`${harness().bffUrl}/metrics`);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('# TYPE http_requests_total counter');
  });

  it('refuses a metrics setting without a guard, with a short token or a malformed range', async () => {
    h = undefined;
    const store = await openStore({ sqlitePath: ':memory:' });
    const verdict = (metrics: unknown) => {
      try {
        createBff({
          config: { ...baseConfig, metrics } as BffConfig,
          store,
          cipher: createTokenCipher({ activeKeyId: 'k1', keys: { k1: Buffer.alloc(32, 1) } }),
          logger: pino({ level: 'silent' }),
          meetings: { calendarRetry: { pollIntervalMs: 0 } },
        });
        return 'accepted';
      } catch (error) {
        if (error instanceof BffConfigError) return error.message;
        throw error;
      }
    };
    try {
      expect(verdict({})).toMatch(/config\.metrics: set token, allowFrom or both/);
      expect(verdict({ token: 'short' })).toMatch(
        /config\.metrics\.token: must be a string of at least 32 characters/,
      );
      expect(verdict({ allowFrom: ['10.0.0.0/99'] })).toMatch(/config\.metrics\.allowFrom\[0\]: /);
      expect(verdict({ allowFrom: [] })).toMatch(/config\.metrics\.allowFrom: /);
      expect(verdict({ token: METRICS_TOKEN, allowFrom: ['::ffff:10.0.0.0/104'] })).toBe(
        'accepted',
      );
    } finally {
      await store.close();
    }
  });

  it('the standalone server serves a guarded /metrics with process metrics when METRICS_TOKEN is set', async () => {
    h = undefined;
    const server = await startBffServer(
      parseBffEnv({
        ALLOWED_ORIGINS: 'https://ats.example.com',
        HOST_TOKEN_ISSUER: 'my-ats',
        HOST_TOKEN_SECRET: 'x'.repeat(32),
        ZOOM_CLIENT_ID: 'id',
        ZOOM_CLIENT_SECRET: 'secret',
        ZOOM_WEBHOOK_SECRET_TOKEN: 'whsec',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: 'sqlite::memory:',
        ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
        METRICS_TOKEN,
      }),
      { logger: pino({ level: 'silent' }) },
    );
    try {
      const baseUrl = server.url.replace('localhost', '127.0.0.1');
      expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${baseUrl}/metrics`)).status).toBe(401);
      const scraped = await scrape(baseUrl);
      expect(scraped.status).toBe(200);
      expect(sampleValue(scraped.samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(
        sampleValue(scraped.samples, 'http_requests_total', {
          method: 'GET',
          route: '/healthz',
          status: '200',
        }),
      ).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('two BFFs in one process keep separate registries, and the global registry stays empty', async () => {
    await start({ instances: 2 });
    const [a, b] = harness().instances;
    if (!a || !b) throw new Error('two instances expected');
    expect((await a.api('GET', '/v1/connections/me', { user: haruka })).status).toBe(200);
    expect((await a.api('GET', '/v1/connections/me', { user: haruka })).status).toBe(200);
    expect((await b.api('GET', '/v1/connections/me', { user: haruka })).status).toBe(200);
    const labels = { method: 'GET', route: '/v1/connections/me', status: '200' };
    expect(sampleValue((await scrape(a.bffUrl)).samples, 'http_requests_total', labels)).toBe(2);
    expect(sampleValue((await scrape(b.bffUrl)).samples, 'http_requests_total', labels)).toBe(1);
    const [first, second] = harness().routers;
    expect(first?.metricsRegistry).toBeDefined();
    expect(first?.metricsRegistry).not.toBe(second?.metricsRegistry);
    expect(globalRegistry.getSingleMetric('http_requests_total')).toBeUndefined();
  });
});

describe.each(engines)('store gauges on %s', (engine) => {
  it('calendar outbox depth and oldest age, and the daily quota headroom, are read from the store at each scrape', async () => {
    const aiko = tenantAUser('Aiko', 'recruiter');
    await start({
      ...(engine === 'postgres'
        ? { postgres: { url: postgresUrl, schema: freshSchema('metrics_gauges') } }
        : {}),
      meetings: {
        ...fastMeetingTuning,
        googleCalendar: { attemptTimeoutMs: 2_000, retryDelayMs: 5 },
        // The loop stays idle: only the test's clock makes a task due.
        calendarRetry: { pollIntervalMs: 10, baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
      },
    });
    const host = await linkZoomAccount(harness(), haruka, harness().emulator.zoom.seeded.personal);
    await connectGoogle(harness(), aiko, 'recruiter');
    const calendar = { register: true, attendees: [], sendUpdates: 'none' };
    // The insert and its quick retry fail on both saves: two tasks wait in the outbox.
    harness().emulator.google.failNext(4, 503, GOOGLE_ROUTE_GROUPS.insertEvent);
    for (const interviewId of ['iv-o1', 'iv-o2']) {
      const saved = await meetings.put(interviewId, meetingBody(host, { calendar }), aiko);
      expect(saved.json.calendar?.status, saved.text).toBe('failed');
      harness().clock.advance(30_000);
    }

    const { samples } = await scrape();
    expect(sampleValue(samples, 'bff_store_stats_up')).toBe(1);
    expect(sampleValue(samples, 'calendar_outbox_depth', { state: 'pending' })).toBe(2);
    expect(sampleValue(samples, 'calendar_outbox_depth', { state: 'parked' })).toBe(0);
    // The first task was created two clock steps (60 s) ago.
    expect(sampleValue(samples, 'calendar_outbox_oldest_age_seconds')).toBeCloseTo(60, 0);
    expect(sampleValue(samples, 'zoom_daily_quota_min_headroom')).toBe(98);
    // One call per save: its quick retry is inside the call.
    expect(
      sampleValue(samples, 'provider_calls_total', {
        provider: 'google',
        operation: 'calendar.events.insert',
        outcome: 'unavailable',
      }),
    ).toBe(2);
  });
});
