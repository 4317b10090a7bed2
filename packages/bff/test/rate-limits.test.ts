import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signZoomWebhook } from '@ats-zoom/provider-emulator';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ApiAnswer,
  type AtsUser,
  type Harness,
  type HarnessOptions,
  HOST_ORIGIN,
  linkZoomAccount,
  startHarness,
  tenantAUser,
  WEBHOOK_SECRET,
} from './harness';
import { meetingBody } from './meeting-world';
import { freshSchema, postgresUrl, storeEngines } from './postgres';
import { openSqliteFile } from './sqlite-file';

const engines = await storeEngines('rate-limits.test.ts');

const alice = tenantAUser('Alice', 'recruiter');
const bob = tenantAUser('Bob', 'recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');

let h: Harness | undefined;
let scratch: string | undefined;
/** Rows of one table of the harness's store, read beside the BFF (never through it). */
let countRows: (table: 'oauth_attempts' | 'idempotency_keys') => Promise<number>;

afterEach(async () => {
  await h?.close();
  h = undefined;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A harness whose tables the test can count: a SQLite file, or a fresh PostgreSQL schema. */
async function start(engine: 'sqlite' | 'postgres', options: HarnessOptions = {}) {
  if (engine === 'postgres') {
    const schema = freshSchema('rate_limits');
    countRows = async (table) => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        const result = await client.query<{ n: number }>(
          `select count(*)::int as n from "${schema}"."${table}"`,
        );
        return result.rows[0]?.n ?? -1;
      } finally {
        await client.end();
      }
    };
    h = await startHarness({ ...options, postgres: { url: postgresUrl, schema } });
  } else {
    scratch = mkdtempSync(join(tmpdir(), 'ats-zoom-rate-limits-'));
    const file = join(scratch, 'store.sqlite');
    countRows = async (table) => {
      const db = await openSqliteFile(file);
      try {
        return db.all<{ n: number }>(`select count(*) as n from ${table}`)[0]?.n ?? -1;
      } finally {
        db.close();
      }
    };
    h = await startHarness({ ...options, sqlitePath: file });
  }
  return h;
}

/**
 * An IETF RateLimit / RateLimit-Policy field (draft 11): a list of `"name";key=int;...`
 * members, as fetch joins repeated fields (", "). Fails the test on anything else.
 */
function rateLimitList(value: string | null): Map<string, Record<string, number>> {
  expect(value, 'field missing').not.toBeNull();
  const members = new Map<string, Record<string, number>>();
  for (const member of (value ?? '').split(/,\s*/)) {
    const match = /^"([a-z][a-z0-9-]*)"((?:;[a-z]+=\d+)+)$/.exec(member);
    expect(match, `not a quota member: ${member}`).not.toBeNull();
    const params = Object.fromEntries(
      (match?.[2] ?? '')
        .split(';')
        .slice(1)
        .map((pair) => {
          const [key, number] = pair.split('=');
          return [key, Number(number)];
        }),
    );
    members.set(match?.[1] ?? '', params);
  }
  return members;
}

/** A 429 `rate_limited` problem refused by `policy`, with Retry-After equal to its `t`. */
function expectRefusedBy(answer: ApiAnswer, policy: string) {
  expect(answer.status, answer.text).toBe(429);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.json).toMatchObject({ status: 429, code: 'rate_limited' });
  expect(answer.json.detail).toContain(`The ${policy} limit`);
  const limit = rateLimitList(answer.headers.get('ratelimit')).get(policy);
  const quota = rateLimitList(answer.headers.get('ratelimit-policy')).get(policy);
  expect(limit?.r).toBe(0);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(quota?.w ?? 0);
  expect(retryAfter).toBe(Math.max(1, limit?.t ?? -1));
  // A browser on the host page can read the refusal and when to come back.
  expect(answer.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
  expect(answer.headers.get('access-control-expose-headers')).toMatch(
    /Retry-After.*RateLimit.*RateLimit-Policy/,
  );
}

const authorize = (who: AtsUser, api = h?.api) =>
  (api ?? (() => expect.fail('no harness')))('POST', '/v1/connections/zoom/authorize', {
    user: who,
    body: {},
  });

const putMeeting = (hostConnectionId: string, api: Harness['api']) =>
  api('PUT', '/v1/interviews/iv-1/meeting', {
    user: alice,
    body: meetingBody(hostConnectionId),
    headers: { 'idempotency-key': randomUUID() },
  });

const statuses = (answers: ApiAnswer[]) =>
  answers.reduce<Record<number, number>>((counts, { status }) => {
    counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }, {});

describe.each(engines)('rate limits on %s', (engine) => {
  it('when a user starts more OAuth connects than the default 10 per 10 min, then the 11th and 12th answer 429 rate_limited with Retry-After and the RateLimit fields, and write no attempt', async () => {
    const harness = await start(engine);

    const answers: ApiAnswer[] = [];
    for (let i = 0; i < 12; i += 1) answers.push(await authorize(alice));

    expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(201));
    for (const refused of answers.slice(10)) expectRefusedBy(refused, 'oauth-start');
    expect(await countRows('oauth_attempts')).toBe(10);

    // Every answer of a limited route states each policy it spent, with the defaults.
    const first = answers[0] as ApiAnswer;
    expect(Object.fromEntries(rateLimitList(first.headers.get('ratelimit-policy')))).toEqual({
      ip: { q: 600, w: 60 },
      writes: { q: 60, w: 60 },
      'oauth-start': { q: 10, w: 600 },
    });
    const remaining = rateLimitList(first.headers.get('ratelimit'));
    expect(remaining.get('oauth-start')?.r).toBe(9);
    expect(remaining.get('writes')?.r).toBe(59);
    expect(remaining.get('oauth-start')?.t).toBeLessThanOrEqual(600);

    // The budget is the user's: another user of the tenant still connects.
    expect((await authorize(bob)).status).toBe(201);
    expect(await countRows('oauth_attempts')).toBe(11);
    // Reads are not writes: Alice still sees her connections.
    expect((await harness.api('GET', '/v1/connections/me', { user: alice })).status).toBe(200);
  });

  it('when a user starts a 6th OAuth connect while 5 are live, then the oldest expires (its popup refuses) and the newest works', async () => {
    const harness = await start(engine);
    const bobs = await authorize(bob);
    const ids: string[] = [];
    const urls: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const started = await authorize(alice);
      expect(started.status).toBe(201);
      ids.push(started.json.attemptId);
      urls.push(started.json.authorizationUrl);
      harness.clock.advance(1_000);
    }

    const status = async (id: string, who = alice) =>
      (await harness.api('GET', `/v1/oauth/attempts/${id}`, { user: who })).json.status;
    expect(await Promise.all(ids.map((id) => status(id)))).toEqual([
      'expired',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    // Only Alice's attempts were capped.
    expect(await status(bobs.json.attemptId, bob)).toBe('pending');
    expect(await countRows('oauth_attempts')).toBe(7);

    const oldest = await harness.newBrowser().get(urls[0] as string);
    expect(oldest.status).toBe(400);
    expect(oldest.location).toBeNull();
    const newest = await harness.newBrowser().get(urls[5] as string);
    expect(newest.status).toBe(302);
    expect(newest.location).toContain(harness.emulator.zoom.paths.authorize);
  });

  it('when a user sends more writes than the writes limit, then the extra PUTs answer 429 and store no Idempotency-Key and make nothing at Zoom', async () => {
    const harness = await start(engine, {
      rateLimits: { writesPerUser: { limit: 5, windowSeconds: 60 } },
    });
    const host = await linkZoomAccount(harness, haruka, harness.emulator.zoom.seeded.personal);

    const answers: ApiAnswer[] = [];
    for (let i = 0; i < 8; i += 1) answers.push(await putMeeting(host, harness.api));
    const zoomWrites = harness.emulator.zoom.stats().endpoints;

    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    for (const refused of answers.slice(5)) expectRefusedBy(refused, 'writes');
    expect(await countRows('idempotency_keys')).toBe(5);

    // Refused before the route: one more refused write reaches neither the store nor Zoom.
    expectRefusedBy(await putMeeting(host, harness.api), 'writes');
    expect(await countRows('idempotency_keys')).toBe(5);
    expect(harness.emulator.zoom.stats().endpoints).toEqual(zoomWrites);
  });

  it('when one address floods with bad tokens, then the per-IP limit answers 429 before the token is read, for good tokens and the popup too, while Zoom webhooks still get through', async () => {
    const harness = await start(engine, {
      rateLimits: { perIp: { limit: 20, windowSeconds: 60 } },
    });

    const answers: ApiAnswer[] = [];
    for (let i = 0; i < 25; i += 1) {
      answers.push(await harness.api('GET', '/v1/connections/me', { token: `bad.token.${i}` }));
    }
    expect(statuses(answers)).toEqual({ 401: 20, 429: 5 });
    expect(answers.slice(0, 20).every((a) => a.json.code === 'invalid_token')).toBe(true);
    for (const refused of answers.slice(20)) expectRefusedBy(refused, 'ip');

    // The address is spent, whoever signs the token: nothing after it runs.
    expectRefusedBy(await harness.api('GET', '/v1/connections/me', { user: alice }), 'ip');
    expectRefusedBy(await authorize(alice), 'ip');
    expect(await countRows('oauth_attempts')).toBe(0);

    // The popup is a page in a browser window: it gets one, with the same fields.
    const popup = await harness
      .newBrowser()
      .get(`${harness.bffUrl}/v1/oauth/zoom/start?attempt=a&ticket=t`);
    expect(popup.status).toBe(429);
    expect(popup.headers.get('content-type')).toMatch(/^text\/html/);
    expect(popup.text).toContain('Too many requests');
    expect(Number(popup.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(rateLimitList(popup.headers.get('ratelimit')).get('ip')?.r).toBe(0);

    // Zoom's deliveries come from Zoom's own few addresses and carry their own signature check.
    const rawBody = JSON.stringify({
      event: 'endpoint.url_validation',
      event_ts: harness.clock.nowMs,
      payload: { plainToken: 'plain-token-1' },
    });
    const timestamp = Math.floor(harness.clock.nowMs / 1000);
    const webhook = await harness.api('POST', '/v1/webhooks/zoom', {
      rawBody,
      headers: {
        'x-zm-request-timestamp': String(timestamp),
        'x-zm-signature': signZoomWebhook(WEBHOOK_SECRET, timestamp, rawBody),
      },
    });
    expect(webhook.status).toBe(200);
    expect(webhook.json.plainToken).toBe('plain-token-1');
    // Health checks of the load balancer are not under /v1.
    expect((await harness.api('GET', '/healthz')).status).toBe(200);
  });

  it('when the popup start page is asked more often than its per-IP limit, then it answers a 429 page', async () => {
    const harness = await start(engine, {
      rateLimits: { oauthPopupStartsPerIp: { limit: 3, windowSeconds: 600 } },
    });
    const browser = harness.newBrowser();
    const pages = [];
    for (let i = 0; i < 4; i += 1) {
      pages.push(
        await browser.get(`${harness.bffUrl}/v1/oauth/google/start?attempt=a${i}&ticket=t`),
      );
    }
    expect(pages.map((p) => p.status)).toEqual([400, 400, 400, 429]);
    const refused = pages[3];
    expect(refused?.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refused?.headers.get('retry-after')).toBe(
      String(rateLimitList(refused?.headers.get('ratelimit') ?? null).get('oauth-popup')?.t),
    );
    expect(
      rateLimitList(refused?.headers.get('ratelimit-policy') ?? null).get('oauth-popup'),
    ).toEqual({ q: 3, w: 600 });
  });

  it('when the window has passed, then the budget is whole again', async () => {
    const harness = await start(engine, {
      rateLimits: { writesPerUser: { limit: 2, windowSeconds: 1 } },
    });
    expect((await authorize(alice)).status).toBe(201);
    expect((await authorize(alice)).status).toBe(201);
    expectRefusedBy(await authorize(alice), 'writes');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = await authorize(alice);
    expect(again.status).toBe(201);
    expect(rateLimitList(again.headers.get('ratelimit')).get('writes')?.r).toBe(1);
    expect(harness.instances).toHaveLength(1);
  });

  it('when the host app trusts its proxy, then clients are told apart by X-Forwarded-For, IPv6 ones by their /56; without it the header is ignored', async () => {
    const limited = { perIp: { limit: 2, windowSeconds: 60 } };
    const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
    const harness = await start(engine, { rateLimits: limited, trustProxy: 'loopback' });
    const ask = (address: string) =>
      harness.api('GET', '/v1/connections/me', { user: alice, ...from(address) });

    expect((await ask('203.0.113.5')).status).toBe(200);
    expect((await ask('203.0.113.5')).status).toBe(200);
    expectRefusedBy(await ask('203.0.113.5'), 'ip');
    expect((await ask('203.0.113.6')).status).toBe(200);

    // One /56: the same budget, whichever address in it.
    expect((await ask('2001:db8:aa:1100::1')).status).toBe(200);
    expect((await ask('2001:db8:aa:11ff:ffff::2')).status).toBe(200);
    expectRefusedBy(await ask('2001:db8:aa:1142::3'), 'ip');
    expect((await ask('2001:db8:aa:1200::1')).status).toBe(200);
    await harness.close();
    h = undefined;

    // Not trusted: a forged header buys no fresh budget.
    const direct = await start(engine, { rateLimits: limited });
    const forged = (address: string) =>
      direct.api('GET', '/v1/connections/me', { user: alice, ...from(address) });
    expect((await forged('198.51.100.1')).status).toBe(200);
    expect((await forged('198.51.100.2')).status).toBe(200);
    expectRefusedBy(await forged('198.51.100.3'), 'ip');
  });
});

describe.each(engines)('two BFF instances on %s', (engine) => {
  it('when one user sends 20 connects and 16 saves split across the instances, then both spend one budget: 7 and 6 succeed in all, and only those wrote rows', async () => {
    const harness = await start(engine, {
      instances: 2,
      rateLimits: {
        writesPerUser: { limit: 13, windowSeconds: 600 },
        oauthStartsPerUser: { limit: 7, windowSeconds: 600 },
        maxLiveOAuthAttemptsPerUser: false,
      },
    });
    const [one, two] = harness.instances;
    if (!one || !two) throw new Error('two instances expected');
    const split = <T>(count: number, send: (api: Harness['api']) => Promise<T>) =>
      Promise.all(Array.from({ length: count }, (_, i) => send(i % 2 === 0 ? one.api : two.api)));

    const starts = await split(20, (api) => authorize(alice, api));
    expect(statuses(starts)).toEqual({ 201: 7, 429: 13 });
    expect(await countRows('oauth_attempts')).toBe(7);

    // The 7 starts spent 7 of Alice's 13 writes (a refused start spends none): 6 saves are left.
    const host = await linkZoomAccount(harness, haruka, harness.emulator.zoom.seeded.personal);
    expectRefusedBy(await authorize(alice, two.api), 'oauth-start');
    const saves = await split(16, (api) => putMeeting(host, api));
    expect(statuses(saves)).toEqual({ 200: 6, 429: 10 });
    for (const refused of saves.filter((a) => a.status === 429)) expectRefusedBy(refused, 'writes');
    expect(await countRows('idempotency_keys')).toBe(6);
  });
});
