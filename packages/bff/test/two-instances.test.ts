import { randomUUID } from 'node:crypto';
import { ZOOM_ROUTE_GROUPS, type ZoomUser } from '@ats-zoom/provider-emulator';
import { describe, expect, it } from 'vitest';
import {
  type ApiAnswer,
  type AtsUser,
  type Harness,
  linkZoomAccount,
  startHarness,
  tenantAUser,
} from './harness';
import {
  closeHarnessAfterEach,
  fastZoomResilience,
  isBffMeeting,
  meetingBody,
} from './meeting-world';
import { freshSchema, postgresUrl, storeEngines } from './postgres';

const engines = await storeEngines('two-instances.test.ts');

const recruiter = tenantAUser('Rina', 'recruiter', 'u-recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');

/** Longer than the refresh margin (5 min), so a refreshed token counts as fresh. */
const ACCESS_TOKEN_TTL_SECONDS = 900;

let h: Harness;
closeHarnessAfterEach(() => h);

/**
 * Two BFF instances on two ports. On PostgreSQL each opens its own pools on one schema (two
 * processes, as far as the database can tell); on SQLite they share one store, as two routers
 * in one process would.
 */
function startTwo(engine: 'sqlite' | 'postgres') {
  return startHarness({
    instances: 2,
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
    ...(engine === 'postgres'
      ? { postgres: { url: postgresUrl, schema: freshSchema('two_instances') } }
      : {}),
    meetings: {
      // Generous: the refresh and the list call must finish inside it for `busy` to be known.
      hostCheckTimeoutMs: 5_000,
      zoomResilience: fastZoomResilience,
    },
  });
}

const link = (who: AtsUser, account: ZoomUser) => linkZoomAccount(h, who, account);

/** Request `i` goes to instance `i % 2`: an even split. */
function split(count: number, send: (api: Harness['api'], i: number) => Promise<ApiAnswer>) {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const instance = h.instances[i % 2];
      if (!instance) throw new Error('two instances expected');
      return send(instance.api, i);
    }),
  );
}

const ourMeetingsAtZoom = () =>
  h.emulator.zoom.allMeetings().filter((meeting) => isBffMeeting(meeting));

describe.each(engines)('two BFF instances on %s', (engine) => {
  it('when 50 host lists (25 per instance) need an expired token, then Zoom sees exactly 1 refresh and all 50 answer 200 with the busy badge (3 rounds)', async () => {
    h = await startTwo(engine);
    await link(haruka, h.emulator.zoom.seeded.personal);
    for (let round = 1; round <= 3; round += 1) {
      // Past the token's expiry and the host-list cache: every instance starts cold.
      h.clock.advance(ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000);
      const before = h.emulator.zoom.stats().tokenRequests.refresh_token;

      // Haruka's seeded Zoom meeting runs 2030-01-16 06:00-07:00Z.
      const answers = await split(50, (api) =>
        api('GET', '/v1/hosts?start=2030-01-16T06:15:00Z&durationMinutes=30', {
          user: recruiter,
        }),
      );

      expect(answers.filter((a) => a.status !== 200).map((a) => a.text)).toEqual([]);
      expect(h.emulator.zoom.stats().tokenRequests.refresh_token - before).toBe(1);
      expect(new Set(answers.map((a) => a.json.hosts[0]?.busy))).toEqual(new Set(['busy']));
    }
    expect(h.emulator.zoom.liveGrantCount(h.emulator.zoom.seeded.personal.id)).toBe(1);
  });

  it('when 20 PUTs with one Idempotency-Key are split across the instances, then Zoom holds 1 meeting and the rest are 409 or the replayed body', async () => {
    h = await startTwo(engine);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const key = randomUUID();

    const answers = await split(20, (api) =>
      api('PUT', '/v1/interviews/iv-1/meeting', {
        user: recruiter,
        body: meetingBody(host),
        headers: { 'idempotency-key': key },
      }),
    );

    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(
      answers
        .filter((a) => a.status !== 200)
        .map((a) => [a.status, a.json.code])
        .filter(([status, code]) => status !== 409 || code !== 'idempotency_key_in_use'),
    ).toEqual([]);
    expect(new Set(ok.map((a) => a.text)).size).toBe(1);
    expect(ourMeetingsAtZoom()).toHaveLength(1);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(1);
  });

  it('when 10 saves of one interview with 10 different keys are split across the instances, then Zoom holds exactly 1 meeting, the one both instances show', async () => {
    h = await startTwo(engine);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    // A slow create keeps the first save in flight while the others arrive.
    h.emulator.zoom.injectLatency(150, ZOOM_ROUTE_GROUPS.createMeeting);

    const answers = await split(10, (api) =>
      api('PUT', '/v1/interviews/iv-1/meeting', {
        user: recruiter,
        body: meetingBody(host),
        headers: { 'idempotency-key': randomUUID() },
      }),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const atZoom = ourMeetingsAtZoom();
    expect(atZoom).toHaveLength(1);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(1);
    expect(new Set(answers.map((a) => a.json.zoomMeetingId))).toEqual(
      new Set([String(atZoom[0]?.id)]),
    );
    for (const instance of h.instances) {
      const shown = await instance.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
      expect(shown.json.zoomMeetingId).toBe(String(atZoom[0]?.id));
    }
  });

  it('when a save and a cancel of one interview race on the two instances, then Zoom and the store agree afterwards', async () => {
    h = await startTwo(engine);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const [a, b] = h.instances;
    if (!a || !b) throw new Error('two instances expected');
    expect(
      (
        await a.api('PUT', '/v1/interviews/iv-1/meeting', {
          user: recruiter,
          body: meetingBody(host),
          headers: { 'idempotency-key': randomUUID() },
        })
      ).status,
    ).toBe(200);

    const [cancelled, saved] = await Promise.all([
      b.api('DELETE', '/v1/interviews/iv-1/meeting', { user: recruiter }),
      a.api('PUT', '/v1/interviews/iv-1/meeting', {
        user: recruiter,
        body: { ...meetingBody(host), topic: 'renamed' },
        headers: { 'idempotency-key': randomUUID() },
      }),
    ]);

    expect(cancelled.status).toBe(204);
    expect(saved.status).toBe(200);
    const stored = await a.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    const atZoom = ourMeetingsAtZoom();
    expect(stored.status).toBe(200);
    if (stored.json !== null) {
      // The save came second: it issued the meeting again.
      expect(atZoom.map((m) => String(m.id))).toEqual([stored.json.zoomMeetingId]);
    } else {
      // The cancel came second: nothing is left anywhere.
      expect(atZoom).toEqual([]);
    }
  });
});
