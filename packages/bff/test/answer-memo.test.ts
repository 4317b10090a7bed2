import { randomUUID } from 'node:crypto';
import { USERS_MANAGE_SCOPE } from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import { type Harness, linkZoomAccount, startHarness, tenantAUser } from './harness';
import { closeHarnessAfterEach, fastZoomResilience, meetingBody } from './meeting-world';

/**
 * A host list built wholly from the caches, and a user's own links, are answered again for up
 * to a second while no cache changed: over HTTP against the emulator, what a recruiter sees
 * stays true through it.
 */
const recruiter = tenantAUser('Rina', 'recruiter', 'u-recruiter');
const aiko = tenantAUser('Aiko', 'recruiter');
const LIST_MEETINGS = 'GET /v2/users/{userId}/meetings';
/** The slot of `meetingBody`: 2030-01-20 10:00 JST for 30 minutes. */
const SLOT = '/v1/hosts?start=2030-01-20T01:00:00Z&durationMinutes=30';

let h: Harness;
closeHarnessAfterEach(() => h);

async function start() {
  h = await startHarness({
    meetings: {
      hostScheduleTtlMs: 10 * 60_000,
      hostCheckTimeoutMs: 5_000,
      zoomResilience: fastZoomResilience,
    },
  });
  return linkZoomAccount(h, aiko, h.emulator.zoom.seeded.managedApproved);
}

async function list() {
  const answer = await h.api('GET', SLOT, { user: recruiter });
  expect(answer.status, answer.text).toBe(200);
  return answer;
}

const listCalls = () => h.emulator.zoom.stats().endpoints[LIST_MEETINGS] ?? 0;

describe('answers given again while nothing changed', () => {
  it('when the same list is asked again within a second, then the same answer comes back without asking Zoom; a second later it is checked again', async () => {
    await start();
    await list(); // fetches Aiko's schedule
    const cached = await list(); // built from the caches: kept
    const calls = listCalls();
    h.clock.advance(999);
    const again = await list();
    expect(again.text).toBe(cached.text);
    expect(again.json.checkedAt).toBe(cached.json.checkedAt);

    h.clock.advance(1);
    const later = await list();
    expect(later.json.checkedAt).toBe(new Date(h.clock.nowMs).toISOString());
    expect(later.json.hosts).toEqual(cached.json.hosts);
    expect(listCalls(), 'the schedule cache still answers').toBe(calls);
  });

  it('when a meeting is saved into the slot between two lists, then the next list shows the host busy at once', async () => {
    const hostId = await start();
    await list();
    expect((await list()).json.hosts[0]).toMatchObject({ connectionId: hostId, busy: 'free' });

    const saved = await h.api('PUT', '/v1/interviews/iv-1/meeting', {
      user: recruiter,
      body: meetingBody(hostId),
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(saved.status, saved.text).toBe(200);

    const after = await list();
    expect(after.json.hosts[0]).toMatchObject({ connectionId: hostId, busy: 'busy' });
    expect(after.json.hosts[0].conflicts).toHaveLength(1);
  });

  it('when the host deletes their busy meeting in Zoom between two lists, then the next list shows them free at once', async () => {
    await start();
    // Aiko's seeded Zoom meeting (not ours): 2030-01-16 01:00-02:00Z.
    const host = h.emulator.zoom.seeded.managedApproved;
    const seeded = h.emulator.zoom
      .meetings(host.id)
      .find((m) => m.start_time === '2030-01-16T01:00:00Z');
    if (!seeded) throw new Error('the seeded meeting is missing');
    const busyAt = async () => {
      const answer = await h.api('GET', '/v1/hosts?start=2030-01-16T01:30:00Z&durationMinutes=30', {
        user: recruiter,
      });
      expect(answer.status, answer.text).toBe(200);
      return answer.json.hosts[0].busy;
    };
    expect(await busyAt()).toBe('busy');
    expect(await busyAt()).toBe('busy');

    // The emulator sends meeting.deleted to the BFF, which drops the host's cached schedule.
    expect(await h.emulator.zoom.deleteMeetingAsUser(seeded.id)).toBe(200);
    expect(await busyAt()).toBe('free');
  });

  it("when the host's owner is deactivated between two lists, then the next list leaves their link out at once", async () => {
    await start();
    await list();
    expect(
      (await list()).json.hosts.map((host: { ownerUserId: string }) => host.ownerUserId),
    ).toEqual([aiko.sub]);
    const told = await h.api('PUT', `/v1/users/${aiko.sub}/status`, {
      token: await h.token(recruiter, { scope: USERS_MANAGE_SCOPE }),
      body: { active: false },
    });
    expect(told.status, told.text).toBe(200);
    expect((await list()).json.hosts).toEqual([]);
  });

  it('when a user disconnects between two reads of their links, then the next read shows the link gone at once', async () => {
    const hostId = await start();
    const me = async () => {
      const answer = await h.api('GET', '/v1/connections/me', { user: aiko });
      expect(answer.status, answer.text).toBe(200);
      return answer.json;
    };
    const first = await me();
    expect(first.zoom).toMatchObject({ id: hostId, status: 'active' });
    h.clock.advance(500);
    expect(await me()).toEqual(first);

    const gone = await h.api('DELETE', `/v1/connections/${hostId}`, { user: aiko });
    expect(gone.status, gone.text).toBe(204);
    expect((await me()).zoom).toBeNull();
  });

  it('when a scheduler asks, then /v1 answers and problems are never stored by a browser or cache: Cache-Control no-store and no ETag', async () => {
    await start();
    for (const path of [SLOT, '/v1/connections/me']) {
      const answer = await h.api('GET', path, { user: recruiter });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('etag')).toBeNull();
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    // A problem answer is about the caller too.
    const refused = await h.api('GET', SLOT);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('etag')).toBeNull();
    expect(refused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });
});
