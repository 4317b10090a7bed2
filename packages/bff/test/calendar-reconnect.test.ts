import { GOOGLE_ROUTE_GROUPS, type GoogleEvent } from '@ats-zoom/provider-emulator';
import { describe, expect, it, vi } from 'vitest';
import {
  connectGoogle,
  GOOGLE_CLIENT_ID,
  type Harness,
  linkZoomAccount,
  startHarness,
  tenantAUser,
} from './harness';
import { closeHarnessAfterEach, meetingRequests } from './meeting-world';

// Aiko registers interviews on her Google Calendar; Haruka hosts them on Zoom.
const aiko = tenantAUser('Aiko', 'recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');

let h: Harness;
closeHarnessAfterEach(() => h);
const { put, get: getMeeting } = meetingRequests(() => h, aiko);

function meetingBody(hostConnectionId: string, candidateId: string, startTime: string) {
  return {
    candidateId,
    hostConnectionId,
    topic: '一次面接 / First interview',
    startTime,
    durationMinutes: 30,
    timezone: 'Asia/Tokyo',
    joinBeforeHost: false,
    calendar: { register: true, attendees: [], sendUpdates: 'none' },
  };
}

const recruiterEvent = (eventId: string): GoogleEvent | undefined =>
  h.emulator.google
    .events(h.emulator.google.seeded.recruiter.email)
    .find((event) => event.id === eventId);

describe('resuming calendar work when the owner connects Google again', () => {
  it('when the owner reconnects Google after the grant was revoked, then the parked update runs without a retry, and a task parked as forbidden stays parked', async () => {
    h = await startHarness({
      meetings: {
        hostCheckTimeoutMs: 2_000,
        googleCalendar: { attemptTimeoutMs: 2_000, retryDelayMs: 5 },
        // Retries wait on the harness's clock, which this test never moves.
        calendarRetry: { pollIntervalMs: 25, baseDelayMs: 60_000, maxDelayMs: 600_000 },
      },
    });
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    await connectGoogle(h, aiko, 'recruiter');

    const first = await put('iv-1', meetingBody(host, 'cand-1', '2030-01-20T10:00:00+09:00'));
    const second = await put('iv-2', meetingBody(host, 'cand-2', '2030-01-21T10:00:00+09:00'));
    expect(first.json.calendar.status).toBe('registered');
    expect(second.json.calendar.status).toBe('registered');
    const firstEvent = first.json.calendar.eventId as string;
    const secondEvent = second.json.calendar.eventId as string;

    // iv-2's update is refused by Google for good: it waits for a person.
    h.emulator.google.errorNext(1, 'forbidden', GOOGLE_ROUTE_GROUPS.patchEvent);
    const refused = await put('iv-2', meetingBody(host, 'cand-2', '2030-01-24T10:00:00+09:00'));
    expect(refused.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_forbidden' },
      nextRetryAt: null,
    });

    // Aiko's grant is revoked at Google: iv-1's update is parked until she reconnects.
    h.emulator.google.revokeGrant(h.emulator.google.seeded.recruiter.email, GOOGLE_CLIENT_ID);
    const moved = await put('iv-1', meetingBody(host, 'cand-1', '2030-01-23T10:00:00+09:00'));
    expect(moved.status).toBe(200);
    expect(moved.json.startTime).toBe('2030-01-23T01:00:00.000Z');
    expect(moved.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_needs_reauth' },
      nextRetryAt: null,
    });
    expect(recruiterEvent(firstEvent)?.start.dateTime).toBe('2030-01-20T10:00:00+09:00');
    const patchesBefore = h.emulator.google.stats().eventsPatched;

    await connectGoogle(h, aiko, 'recruiter');

    // Resumed in the callback: either already registered, or due now with a retry time shown.
    const resumed = await getMeeting('iv-1');
    expect(
      resumed.json.calendar.status === 'registered' || resumed.json.calendar.nextRetryAt !== null,
      JSON.stringify(resumed.json.calendar),
    ).toBe(true);
    await vi.waitFor(
      async () => {
        const meeting = await getMeeting('iv-1');
        expect(meeting.json.calendar).toMatchObject({
          status: 'registered',
          error: null,
          nextRetryAt: null,
        });
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(recruiterEvent(firstEvent)?.start.dateTime).toBe('2030-01-23T10:00:00+09:00');
    expect(h.emulator.google.stats().eventsPatched).toBe(patchesBefore + 1);
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.filter((e) => e.action === 'calendar.resumed').map((e) => e.subjectId)).toEqual([
      'iv-1',
    ]);

    // The forbidden one was not touched by the reconnect.
    const stillRefused = await getMeeting('iv-2');
    expect(stillRefused.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_forbidden' },
      nextRetryAt: null,
    });
    const parked = await h.store.calendarTasks.listForInterview('tenant-a', 'iv-2');
    expect(parked).toEqual([
      expect.objectContaining({ nextAttemptAt: null, lastErrorCode: 'calendar_forbidden' }),
    ]);
    expect(recruiterEvent(secondEvent)?.start.dateTime).toBe('2030-01-21T10:00:00+09:00');
  });
});
