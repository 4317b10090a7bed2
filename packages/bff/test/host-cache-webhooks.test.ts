import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, runConnect, startHarness, tenantAUser } from './harness';

const recruiter = tenantAUser('Rina', 'recruiter', 'u-recruiter');
const aiko = tenantAUser('Aiko', 'recruiter');

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function busyAt(start: string): Promise<string> {
  const list = await h.api('GET', `/v1/hosts?start=${start}&durationMinutes=30`, {
    user: recruiter,
  });
  expect(list.status).toBe(200);
  return list.json.hosts[0].busy;
}

/** Aiko's seeded Zoom meeting (not issued by us): 2030-01-16 01:00-02:00Z. */
async function startWithSeededMeeting() {
  h = await startHarness({
    // A long cache: only the webhook can make the second list see the change.
    meetings: { hostCheckTimeoutMs: 1_000, hostScheduleTtlMs: 10 * 60_000 },
  });
  const host = h.emulator.zoom.seeded.managedApproved;
  await runConnect(h, aiko, host);
  const seeded = h.emulator.zoom
    .meetings(host.id)
    .find((m) => m.start_time === '2030-01-16T01:00:00Z');
  if (!seeded) throw new Error('the seeded meeting is missing');
  return seeded.id;
}

describe('host-list cache and Zoom meeting webhooks', () => {
  it('when the host deletes their busy meeting in Zoom, then the next host list shows them free without waiting for the cache', async () => {
    const meetingId = await startWithSeededMeeting();
    expect(await busyAt('2030-01-16T01:30:00Z')).toBe('busy');

    expect(await h.emulator.zoom.deleteMeetingAsUser(meetingId)).toBe(200);

    expect(await busyAt('2030-01-16T01:30:00Z')).toBe('free');
  });

  it('when the host moves their meeting in Zoom, then the old slot is free and the new one busy at once', async () => {
    const meetingId = await startWithSeededMeeting();
    expect(await busyAt('2030-01-16T01:30:00Z')).toBe('busy');
    expect(await busyAt('2030-01-16T05:15:00Z')).toBe('free');

    expect(
      await h.emulator.zoom.updateMeetingAsUser(meetingId, { start_time: '2030-01-16T05:00:00Z' }),
    ).toBe(200);

    expect(await busyAt('2030-01-16T01:30:00Z')).toBe('free');
    expect(await busyAt('2030-01-16T05:15:00Z')).toBe('busy');
  });
});
