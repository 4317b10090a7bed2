import { randomUUID } from 'node:crypto';
import { USERS_MANAGE_SCOPE } from '@ats-zoom/contract';
import { signZoomWebhook } from '@ats-zoom/provider-emulator';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  type Harness,
  linkZoomAccount,
  startHarness,
  tenantAUser,
  WEBHOOK_SECRET,
} from './harness';
import { closeHarnessAfterEach, fastZoomResilience, meetingBody } from './meeting-world';
import { freshSchema, postgresAvailable, postgresUrl, storeEngines } from './postgres';

const engines = await storeEngines('cross-instance.test.ts');
const onPostgres = await postgresAvailable('cross-instance.test.ts');

const recruiter = tenantAUser('Rina', 'recruiter', 'u-recruiter');
const aiko = tenantAUser('Aiko', 'recruiter');
const LIST_MEETINGS = 'GET /v2/users/{userId}/meetings';

let h: Harness;
closeHarnessAfterEach(() => h);

function startTwo(engine: 'sqlite' | 'postgres', schema = freshSchema('cross_instance')) {
  return startHarness({
    instances: 2,
    ...(engine === 'postgres' ? { postgres: { url: postgresUrl, schema } } : {}),
    meetings: {
      // A long cache: only an invalidation can make a list see the change.
      hostScheduleTtlMs: 10 * 60_000,
      hostCheckTimeoutMs: 5_000,
      zoomResilience: fastZoomResilience,
    },
  });
}

function instance(index: 0 | 1) {
  const found = h.instances[index];
  if (!found) throw new Error('two instances expected');
  return found;
}

async function busyAt(index: 0 | 1, start: string): Promise<string> {
  const list = await instance(index).api('GET', `/v1/hosts?start=${start}&durationMinutes=30`, {
    user: recruiter,
  });
  expect(list.status, list.text).toBe(200);
  return list.json.hosts[0].busy;
}

const listCalls = () => h.emulator.zoom.stats().endpoints[LIST_MEETINGS] ?? 0;

describe.each(engines)('caches across two BFF instances on %s', (engine) => {
  it('when a meeting webhook reaches instance A, then instance B drops its cached host list within 1 s', async () => {
    h = await startTwo(engine);
    const host = h.emulator.zoom.seeded.managedApproved;
    await linkZoomAccount(h, aiko, host);
    // Aiko's seeded Zoom meeting (not ours): 2030-01-16 01:00-02:00Z.
    const seeded = h.emulator.zoom
      .meetings(host.id)
      .find((m) => m.start_time === '2030-01-16T01:00:00Z');
    if (!seeded) throw new Error('the seeded meeting is missing');
    expect(await busyAt(1, '2030-01-16T01:30:00Z')).toBe('busy');
    const calls = listCalls();
    expect(await busyAt(1, '2030-01-16T01:30:00Z')).toBe('busy');
    expect(listCalls(), 'B answers the second list from its cache').toBe(calls);

    // The emulator sends meeting.deleted to instance A (the harness's webhook URL).
    expect(await h.emulator.zoom.deleteMeetingAsUser(seeded.id)).toBe(200);
    const sent = performance.now();

    await expect
      .poll(() => busyAt(1, '2030-01-16T01:30:00Z'), { timeout: 1_000, interval: 20 })
      .toBe('free');
    expect(performance.now() - sent).toBeLessThan(1_000);
  });
});

describe.each(engines)('the store read cache across two BFF instances on %s', (engine) => {
  it("when instance A is told a user is deactivated, then within 1 s instance B refuses the user's token and leaves the link out of its host list", async () => {
    h = await startTwo(engine);
    await linkZoomAccount(h, aiko, h.emulator.zoom.seeded.managedApproved);
    const hostsOnB = async () => {
      const list = await instance(1).api(
        'GET',
        '/v1/hosts?start=2030-01-16T01:30:00Z&durationMinutes=30',
        { user: recruiter },
      );
      expect(list.status, list.text).toBe(200);
      return (list.json.hosts as { ownerUserId: string }[]).map((host) => host.ownerUserId);
    };
    // B has read (and cached) Aiko as active, with her link offered.
    const meOnB = () => instance(1).api('GET', '/v1/connections/me', { user: aiko });
    expect((await meOnB()).status).toBe(200);
    expect(await hostsOnB()).toEqual([aiko.sub]);

    const told = await instance(0).api('PUT', `/v1/users/${aiko.sub}/status`, {
      token: await h.token(recruiter, { scope: USERS_MANAGE_SCOPE }),
      body: { active: false },
    });
    expect(told.status, told.text).toBe(200);
    const sent = performance.now();
    await expect
      .poll(async () => (await meOnB()).json?.code, { timeout: 1_000, interval: 10 })
      .toBe('user_deactivated');
    await expect.poll(hostsOnB, { timeout: 1_000, interval: 10 }).toEqual([]);
    expect(performance.now() - sent).toBeLessThan(1_000);
  });
});

describe.runIf(onPostgres)('the webhook queue on two BFF instances on postgres', () => {
  it('when one delivery reaches both instances at once and is redelivered later, then each answers 200 and it is processed once', async () => {
    const schema = freshSchema('cross_instance');
    h = await startTwo('postgres', schema);
    const hostId = await linkZoomAccount(h, aiko, h.emulator.zoom.seeded.managedApproved);
    const saved = await instance(0).api('PUT', '/v1/interviews/iv-1/meeting', {
      user: recruiter,
      body: meetingBody(hostId),
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(saved.status, saved.text).toBe(200);
    const rawBody = JSON.stringify({
      event: 'meeting.updated',
      event_ts: h.clock.nowMs,
      payload: {
        account_id: 'acct',
        object: {
          id: Number(saved.json.zoomMeetingId),
          start_time: '2030-01-20T03:00:00Z',
          duration: 30,
        },
      },
    });
    const deliver = (index: 0 | 1) => {
      const timestamp = Math.floor(h.clock.nowMs / 1000);
      return instance(index).api('POST', '/v1/webhooks/zoom', {
        rawBody,
        headers: {
          'x-zm-request-timestamp': String(timestamp),
          'x-zm-signature': signZoomWebhook(WEBHOOK_SECRET, timestamp, rawBody),
        },
      });
    };

    const first = await Promise.all([deliver(0), deliver(1), deliver(0), deliver(1)]);
    const again = await Promise.all([deliver(1), deliver(0)]);

    expect([...first, ...again].map((answer) => answer.status)).toEqual(Array(6).fill(200));
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const jobs = await client.query(
        `select status, attempts from "${schema}".webhook_jobs where event_key like 'meeting.updated:%'`,
      );
      expect(jobs.rows).toEqual([{ status: 'done', attempts: 1 }]);
      const changes = await client.query(
        `select count(*)::int as n from "${schema}".audit_log where action = 'meeting.changed_in_zoom'`,
      );
      expect(changes.rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
    const shown = await instance(1).api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(shown.json.zoomTime?.startTime).toBe('2030-01-20T03:00:00.000Z');
  });
});
