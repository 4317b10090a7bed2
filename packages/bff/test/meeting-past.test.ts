import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  connectGoogle,
  type Harness,
  type HarnessOptions,
  linkZoomAccount,
  startHarness,
  tenantAUser,
} from './harness';
import {
  closeHarnessAfterEach,
  fastGoogleCalendar,
  fastMeetingTuning,
  meetingBody as interviewBody,
  isBffMeeting,
  meetingRequests,
} from './meeting-world';

// The harness clock starts at 2030-01-15T01:00:00Z (10:00 in Tokyo) and moves only when told.
const aiko = tenantAUser('Aiko', 'recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');
const kenji = tenantAUser('Kenji', 'recruiter');

const MINUTE_MS = 60_000;

const fast: HarnessOptions = {
  meetings: { ...fastMeetingTuning, googleCalendar: fastGoogleCalendar },
};

let h: Harness;
closeHarnessAfterEach(() => h);
const { put, get: getMeeting } = meetingRequests(() => h, aiko);

/** The interview (see the shared meetingBody) at 10:30 in Tokyo on the harness's first day. */
function meetingBody(hostConnectionId: string, overrides: Record<string, unknown> = {}) {
  return interviewBody(hostConnectionId, { startTime: '2030-01-15T10:30:00+09:00', ...overrides });
}

const ourZoomMeetings = () => h.emulator.zoom.allMeetings().filter((m) => isBffMeeting(m));

function expectMeetingInPast(answer: Awaited<ReturnType<typeof put>>) {
  expect(answer.status, answer.text).toBe(422);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.json).toMatchObject({
    type: 'urn:ats-zoom:problem:meeting_in_past',
    status: 422,
    code: 'meeting_in_past',
  });
}

describe('saving a meeting whose slot is in the past', () => {
  it('when the slot has already ended (or ends right now), then 422 meeting_in_past, and nothing is written, made at Zoom or put on Google Calendar', async () => {
    h = await startHarness(fast);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    await connectGoogle(h, aiko, 'recruiter');
    const calendar = { register: true, attendees: [{ email: 'kenji@a.example' }] };
    const zoomBefore = h.emulator.zoom.allMeetings().length;
    const auditBefore = (await h.store.audit.listForTenant('tenant-a')).length;

    const key = randomUUID();
    // 09:00-09:30 in Tokyo: over an hour ago.
    const ended = await put(
      'iv-past',
      meetingBody(host, { startTime: '2030-01-15T09:00:00+09:00', calendar }),
      aiko,
      key,
    );
    // 09:30-10:00: its end is this very moment.
    const endingNow = await put(
      'iv-past',
      meetingBody(host, { startTime: '2030-01-15T09:30:00+09:00', calendar }),
    );

    expectMeetingInPast(ended);
    expectMeetingInPast(endingNow);
    expect((await getMeeting('iv-past')).json).toBeNull();
    expect(h.emulator.zoom.allMeetings()).toHaveLength(zoomBefore);
    expect(h.emulator.google.events(h.emulator.google.seeded.recruiter.email)).toEqual([]);
    expect(await h.store.audit.listForTenant('tenant-a')).toHaveLength(auditBefore);
    expect(
      await h.store.meetingOperations.findPending('tenant-a', 'iv-past', host),
    ).toBeUndefined();
    expect(
      await h.store.hostDailyWrites.count(h.emulator.zoom.seeded.personal.id, '2030-01-15'),
    ).toBe(0);
    // The refused request released its key: the same key with a slot ahead is a new save.
    const ahead = await put('iv-past', meetingBody(host, { calendar }), aiko, key);
    expect(ahead.status, ahead.text).toBe(200);
    expect(ourZoomMeetings()).toHaveLength(1);
  });

  it('when the slot has started but not ended, then the meeting is issued for it', async () => {
    h = await startHarness(fast);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);

    // 09:45-10:15 in Tokyo: began 15 minutes ago.
    const saved = await put(
      'iv-now',
      meetingBody(host, { startTime: '2030-01-15T09:45:00+09:00' }),
    );

    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({
      startTime: '2030-01-15T00:45:00.000Z',
      linkStatus: 'active',
    });
    expect(ourZoomMeetings().map((m) => [String(m.id), m.start_time])).toEqual([
      [saved.json.zoomMeetingId, '2030-01-15T00:45:00Z'],
    ]);
  });

  it('when an interview is in progress, then it can be extended, re-issued and moved to another host; once over, a save is refused and cancelling still works', async () => {
    h = await startHarness(fast);
    const harukaHost = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    const kenjiHost = await linkZoomAccount(h, kenji, h.emulator.zoom.seeded.personal2);
    const issued = await put('iv-1', meetingBody(harukaHost));
    expect(issued.status, issued.text).toBe(200);

    h.clock.advance(45 * MINUTE_MS); // 10:45 in Tokyo: 15 minutes into the 10:30 interview.
    const extended = await put('iv-1', meetingBody(harukaHost, { durationMinutes: 60 }));
    expect(extended.status, extended.text).toBe(200);
    expect(extended.json).toMatchObject({
      zoomMeetingId: issued.json.zoomMeetingId,
      joinUrl: issued.json.joinUrl,
      startTime: '2030-01-15T01:30:00.000Z',
      durationMinutes: 60,
    });
    expect(ourZoomMeetings()[0]).toMatchObject({
      start_time: '2030-01-15T01:30:00Z',
      duration: 60,
    });

    // Deleted in Zoom mid-interview: the save issues a new meeting for the running slot.
    expect(await h.emulator.zoom.deleteMeetingAsUser(Number(issued.json.zoomMeetingId))).toBe(200);
    expect((await getMeeting('iv-1')).json.linkStatus).toBe('broken');
    const reissued = await put('iv-1', meetingBody(harukaHost, { durationMinutes: 60 }));
    expect(reissued.status, reissued.text).toBe(200);
    expect(reissued.json).toMatchObject({ linkStatus: 'active', durationMinutes: 60 });
    expect(reissued.json.zoomMeetingId).not.toBe(issued.json.zoomMeetingId);

    const moved = await put('iv-1', meetingBody(kenjiHost, { durationMinutes: 60 }));
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.host.connectionId).toBe(kenjiHost);
    expect(ourZoomMeetings().map((m) => String(m.id))).toEqual([moved.json.zoomMeetingId]);

    h.clock.advance(50 * MINUTE_MS); // 11:35 in Tokyo: the 10:30-11:30 interview is over.
    const late = await put(
      'iv-1',
      meetingBody(kenjiHost, { durationMinutes: 60, topic: '二次面接' }),
    );
    expectMeetingInPast(late);
    expect((await getMeeting('iv-1')).json).toEqual(moved.json);
    expect(ourZoomMeetings().map((m) => [String(m.id), m.topic])).toEqual([
      [moved.json.zoomMeetingId, '一次面接 / First interview'],
    ]);

    const cancelled = await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: aiko });
    expect(cancelled.status).toBe(204);
    expect(ourZoomMeetings()).toEqual([]);
    expect((await getMeeting('iv-1')).json).toBeNull();
  });

  it('when a save made in time is sent again with its key after the slot ended, then the stored answer comes back', async () => {
    h = await startHarness(fast);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    const key = randomUUID();
    const first = await put('iv-1', meetingBody(host), aiko, key);
    expect(first.status, first.text).toBe(200);

    h.clock.advance(2 * 60 * MINUTE_MS);
    const replay = await put('iv-1', meetingBody(host), aiko, key);

    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
  });
});

describe('previewing a slot in the past', () => {
  it('when the slot is ahead, started or over by the BFF clock, then no warning, start_in_past or meeting_in_past', async () => {
    h = await startHarness(fast);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    const timingWarnings = async (start: string) => {
      const answer = await h.api(
        'GET',
        `/v1/meetings/preview?hostConnectionId=${host}&start=${encodeURIComponent(start)}&durationMinutes=30&joinBeforeHost=false`,
        { user: aiko },
      );
      expect(answer.status, answer.text).toBe(200);
      return (answer.json.warnings as { code: string }[])
        .map((w) => w.code)
        .filter((code) => code === 'start_in_past' || code === 'meeting_in_past');
    };
    const slot = '2030-01-15T10:30:00+09:00';

    expect(await timingWarnings(slot)).toEqual([]);
    expect(await timingWarnings('2030-01-15T09:45:00+09:00')).toEqual(['start_in_past']);
    expect(await timingWarnings('2030-01-15T09:30:00+09:00')).toEqual(['meeting_in_past']);
    h.clock.advance(40 * MINUTE_MS);
    expect(await timingWarnings(slot)).toEqual(['start_in_past']);
    h.clock.advance(20 * MINUTE_MS);
    expect(await timingWarnings(slot)).toEqual(['meeting_in_past']);
  });
});
