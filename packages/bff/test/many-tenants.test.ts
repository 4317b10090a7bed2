import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { providerPaths } from '@ats-zoom/contract';
import type { ZoomUser } from '@ats-zoom/provider-emulator';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { sealTokens } from '../src/core/shared/token-vault';
import {
  type AtsUser,
  CLIENT_ID,
  CLIENT_SECRET,
  type Harness,
  HOST_ORIGIN,
  startHarness,
} from './harness';
import { isBffMeeting, meetingBody } from './meeting-world';
import { freshSchema, postgresAvailable, postgresUrl } from './postgres';
import { type RoundRobinProxy, startRoundRobinProxy } from './round-robin-proxy';

const onPostgres = await postgresAvailable('many-tenants.test.ts');

const TENANTS = 200;
const HOSTS_PER_TENANT = 5;
/** Requests in flight at once, through the proxy. */
const PARALLEL = 16;
/** Where each tenant's saved interview sits: meetingBody's 10:00 Asia/Tokyo. */
const SAVED_SLOT = '2030-01-20T01:00:00Z';
/** Where one host per tenant has a Zoom meeting of their own (not ours) until they delete it. */
const FOREIGN_SLOT = '2030-01-20T03:00:00Z';

let h: Harness | undefined;
let proxy: RoundRobinProxy | undefined;
afterEach(async () => {
  await h?.close();
  await proxy?.close();
  h = undefined;
  proxy = undefined;
});

/** Runs `work` for 0..count-1, at most `PARALLEL` at once. */
async function inParallel<T>(count: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

const tenantId = (t: number) => `tenant-${String(t).padStart(3, '0')}`;
const recruiterOf = (t: number): AtsUser => ({
  sub: 'recruiter',
  tid: tenantId(t),
  role: 'recruiter',
  name: `Recruiter ${t}`,
  email: `recruiter@t${t}.example`,
});

/** The host each tenant saves with and whose own Zoom meeting goes away. */
const busyHostIndex = (t: number) => t % HOSTS_PER_TENANT;

/**
 * A Zoom grant for an extra emulator user, taken straight from the emulator (consent form and
 * code exchange with PKCE), as the BFF's callback would.
 */
async function grantFor(harness: Harness, user: ZoomUser, redirectUri: string) {
  const { emulator } = harness;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const consent = await fetch(`${emulator.url}${emulator.zoom.paths.authorize}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: redirectUri,
      state: randomUUID(),
      code_challenge: challenge,
      code_challenge_method: 'S256',
      account: user.id,
      decision: 'allow',
    }),
  });
  const code = new URL(consent.headers.get('location') ?? 'x:').searchParams.get('code');
  if (!code) throw new Error(`no code for ${user.email} (${consent.status})`);
  const token = await fetch(`${emulator.url}${emulator.zoom.paths.token}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  const body = (await token.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    scope: string;
  };
  if (!token.ok) throw new Error(`token exchange for ${user.email} answered ${token.status}`);
  return body;
}

/** Seeds tenant `t`'s host `j`: an active Zoom link in the store, with a live grant. */
async function seedHost(harness: Harness, t: number, j: number): Promise<string> {
  const zoomUser = harness.emulator.zoom.extraUsers[t * HOSTS_PER_TENANT + j];
  if (!zoomUser) throw new Error('not enough extra Zoom users');
  const grant = await grantFor(
    harness,
    zoomUser,
    `${harness.bffUrl}${providerPaths.zoomOAuthCallback}`,
  );
  const now = new Date(harness.clock.nowMs);
  const identity = {
    id: randomUUID(),
    tenantId: tenantId(t),
    userId: `host-${j}`,
    provider: 'zoom' as const,
  };
  await harness.store.connections.insert({
    ...identity,
    userName: `Host ${t}-${j}`,
    providerUserId: zoomUser.id,
    providerAccountId: zoomUser.account_id,
    email: zoomUser.email,
    displayName: zoomUser.display_name,
    accountType: 'personal',
    status: 'active',
    scopes: grant.scope.split(' '),
    tokenCiphertext: sealTokens(harness.cipher, identity, {
      accessToken: grant.access_token,
      refreshToken: grant.refresh_token,
    }),
    accessTokenExpiresAt: new Date(now.getTime() + grant.expires_in * 1000),
    movedFrom: null,
    movedTo: null,
    createdAt: now,
    updatedAt: now,
  });
  return identity.id;
}

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read the JSON field by field
  json: any;
  text: string;
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  user: AtsUser,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  if (!h) throw new Error('no harness');
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      origin: HOST_ORIGIN,
      authorization: `Bearer ${await h.token(user)}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
}

const hostsAt = (baseUrl: string, t: number, slot: string) =>
  call(baseUrl, 'GET', `/v1/hosts?start=${slot}&durationMinutes=30`, recruiterOf(t));

/** Each host's busy status by connection id, as one instance answers for the slot. */
async function busyByHost(baseUrl: string, t: number, slot: string) {
  const answer = await hostsAt(baseUrl, t, slot);
  expect(answer.status, answer.text).toBe(200);
  return Object.fromEntries(
    (answer.json.hosts as Array<{ connectionId: string; busy: string }>).map((host) => [
      host.connectionId,
      host.busy,
    ]),
  );
}

describe.runIf(onPostgres)('many tenants on two BFF instances behind a round-robin proxy', () => {
  it(`when ${TENANTS} tenants x ${HOSTS_PER_TENANT} hosts list, save and get Zoom webhooks through both instances, then every cache agrees, every webhook was processed once, and no save was lost or duplicated`, async () => {
    const timings: Record<string, number> = {};
    let mark = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      timings[name] = Math.round(now - mark);
      mark = now;
    };
    const schema = freshSchema('many_tenants');
    proxy = await startRoundRobinProxy();
    h = await startHarness({
      instances: 2,
      postgres: { url: postgresUrl, schema },
      zoomExtraUsers: TENANTS * HOSTS_PER_TENANT,
      zoomWebhookUrl: `${proxy.url}${providerPaths.zoomWebhook}`,
      rateLimits: false,
      meetings: {
        // Only invalidations can change a cached host list during the test.
        hostScheduleTtlMs: 60 * 60_000,
        hostCheckTimeoutMs: 20_000,
        zoomResilience: {
          attemptTimeoutMs: 10_000,
          deadlineMs: 20_000,
          backoffBaseMs: 5,
          backoffCapMs: 20,
        },
      },
    });
    const harness = h;
    const [a, b] = harness.instances;
    if (!a || !b) throw new Error('two instances expected');
    proxy.targets.push(a.bffUrl, b.bffUrl);
    lap('start');

    const connections = await inParallel(TENANTS * HOSTS_PER_TENANT, (i) =>
      seedHost(harness, Math.floor(i / HOSTS_PER_TENANT), i % HOSTS_PER_TENANT),
    );
    const connectionOf = (t: number, j: number) => {
      const id = connections[t * HOSTS_PER_TENANT + j];
      if (!id) throw new Error('unseeded host');
      return id;
    };
    const foreign = Array.from({ length: TENANTS }, (_, t) => {
      const zoomUser = harness.emulator.zoom.extraUsers[t * HOSTS_PER_TENANT + busyHostIndex(t)];
      if (!zoomUser) throw new Error('not enough extra Zoom users');
      return harness.emulator.zoom.seedMeeting(zoomUser.id, {
        start_time: FOREIGN_SLOT,
        duration: 60,
        topic: `Their own meeting ${t}`,
      });
    });
    lap('seed');

    // Both instances cache every host's Zoom schedule: the foreign meeting shows busy.
    await inParallel(TENANTS * 2, async (i) => {
      const t = Math.floor(i / 2);
      const busy = await busyByHost(i % 2 === 0 ? a.bffUrl : b.bffUrl, t, FOREIGN_SLOT);
      expect(busy[connectionOf(t, busyHostIndex(t))]).toBe('busy');
    });
    lap('warm');

    // Through the proxy: a save per tenant, its retry with the same key, a host list.
    const saves = await inParallel(TENANTS, async (t) => {
      const key = randomUUID();
      const body = {
        ...meetingBody(connectionOf(t, busyHostIndex(t))),
        candidateId: `cand-${t}`,
      };
      const path = `/v1/interviews/iv-${t}/meeting`;
      const headers = { 'idempotency-key': key };
      const first = await call(proxy?.url ?? '', 'PUT', path, recruiterOf(t), { body, headers });
      const retried = await call(proxy?.url ?? '', 'PUT', path, recruiterOf(t), { body, headers });
      expect(first.status, first.text).toBe(200);
      expect(retried.status, retried.text).toBe(200);
      expect(retried.json.zoomMeetingId).toBe(first.json.zoomMeetingId);
      const list = await hostsAt(proxy?.url ?? '', t, SAVED_SLOT);
      expect(list.status, list.text).toBe(200);
      return Number(first.json.zoomMeetingId);
    });
    lap('saves');

    // Zoom's webhooks, through the proxy: each host deletes their own meeting, and each saved
    // meeting is moved in Zoom.
    const statuses = await inParallel(TENANTS * 2, async (i) => {
      const t = Math.floor(i / 2);
      if (i % 2 === 0) return harness.emulator.zoom.deleteMeetingAsUser(foreign[t]?.id ?? 0);
      return harness.emulator.zoom.updateMeetingAsUser(saves[t] ?? 0, {
        start_time: '2030-01-20T06:00:00Z',
      });
    });
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    lap('webhooks');

    // Every webhook processed once (the queue may still hold a few being processed).
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    const count = async (query: string) =>
      Number((await client.query(query)).rows[0]?.n ?? Number.NaN);
    try {
      await expect
        .poll(
          () => count(`select count(*) as n from "${schema}".webhook_jobs where status = 'done'`),
          {
            timeout: 10_000,
            interval: 100,
          },
        )
        .toBe(TENANTS * 2);
      expect(await count(`select count(*) as n from "${schema}".webhook_jobs`)).toBe(TENANTS * 2);
      expect(
        await count(`select count(*) as n from "${schema}".webhook_jobs where attempts <> 1`),
      ).toBe(0);
      expect(await count(`select count(*) as n from "${schema}".webhook_events`)).toBe(TENANTS * 2);
      expect(
        await count(
          `select count(*) as n from "${schema}".audit_log where action = 'meeting.changed_in_zoom'`,
        ),
      ).toBe(TENANTS);

      // No save lost or duplicated: one meeting row per interview, one meeting at Zoom each.
      const rows = await client.query<{ zoom_meeting_id: string }>(
        `select zoom_meeting_id from "${schema}".meetings`,
      );
      const ours = harness.emulator.zoom.allMeetings().filter((m) => isBffMeeting(m));
      expect(rows.rows).toHaveLength(TENANTS);
      expect(ours).toHaveLength(TENANTS);
      expect(new Set(rows.rows.map((row) => row.zoom_meeting_id))).toEqual(
        new Set(ours.map((m) => String(m.id))),
      );
    } finally {
      await client.end();
    }
    lap('counts');

    // Every cache agrees: both instances, asked directly, answer the same, and the truth.
    await inParallel(TENANTS, async (t) => {
      const [atA, atB] = await Promise.all([
        busyByHost(a.bffUrl, t, FOREIGN_SLOT),
        busyByHost(b.bffUrl, t, FOREIGN_SLOT),
      ]);
      expect(atA).toEqual(atB);
      expect(new Set(Object.values(atA))).toEqual(new Set(['free']));
      const moved = await busyByHost(a.bffUrl, t, SAVED_SLOT);
      expect(moved[connectionOf(t, busyHostIndex(t))]).toBe('busy');
    });
    lap('agree');

    const sent = [...proxy.counts.values()];
    expect(sent).toHaveLength(2);
    // Round robin: both instances took about half.
    expect(Math.min(...sent) / Math.max(...sent)).toBeGreaterThan(0.9);
    console.log(
      `many-tenants phases (ms): ${JSON.stringify(timings)}; via proxy: ${sent.join(' / ')}`,
    );
  }, 180_000);
});
