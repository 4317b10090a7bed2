import { randomUUID } from 'node:crypto';
import { GOOGLE_ROUTE_GROUPS, type GoogleEvent } from '@ats-zoom/provider-emulator';
import { describe, expect, it, vi } from 'vitest';
import { openTokens } from '../src/core/shared/token-vault';
import {
  type AtsUser,
  connectGoogle,
  GOOGLE_CLIENT_ID,
  type Harness,
  type HarnessOptions,
  linkZoomAccount,
  startHarness,
  tenantAUser,
} from './harness';
import {
  closeHarnessAfterEach,
  fastMeetingsWithCalendar,
  meetingBody as interviewBody,
  meetingRequests,
} from './meeting-world';

// Aiko schedules interviews (and links her Google Calendar); Haruka and Kenji host on Zoom.
const aiko = tenantAUser('Aiko', 'recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');
const kenji = tenantAUser('Kenji', 'recruiter');
const yui = tenantAUser('Yui', 'coordinator');

let h: Harness;
closeHarnessAfterEach(() => h);
const { put } = meetingRequests(() => h, aiko);

const interviewers = [
  { email: 'kenji.sato@acme-hr.example', name: 'Kenji Sato' },
  { email: 'yui.ito@acme-hr.example' },
];

/** The interview (see the shared meetingBody), registered on Aiko's calendar with the interviewers. */
function meetingBody(hostConnectionId: string, overrides: Record<string, unknown> = {}) {
  return {
    ...interviewBody(hostConnectionId),
    calendar: { register: true, attendees: interviewers, sendUpdates: 'all' },
    ...overrides,
  };
}

const recruiterCalendar = (): GoogleEvent[] =>
  h.emulator.google.events(h.emulator.google.seeded.recruiter.email);

/** Aiko's Google access token, as the BFF holds it: she acts in Google Calendar herself. */
async function aikoGoogleToken(): Promise<string> {
  const me = await h.api('GET', '/v1/connections/me', { user: aiko });
  const link = await h.store.connections.findById(me.json.google.id);
  if (!link?.tokenCiphertext) throw new Error('the Google link holds no tokens');
  return openTokens(h.cipher, { ...link, tokenCiphertext: link.tokenCiphertext }).accessToken;
}

/** A Zoom host (Haruka's personal account) and Aiko's Google Calendar. */
async function setUp(options: HarnessOptions = fastMeetingsWithCalendar) {
  h = await startHarness(options);
  const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
  await connectGoogle(h, aiko, 'recruiter');
  return host;
}

describe('registering the interview on Google Calendar', () => {
  it('when the host does not embed the passcode in the URL, then the event carries the passcode', async () => {
    h = await startHarness(fastMeetingsWithCalendar);
    h.emulator.zoom.preApprove('globex');
    // globex does not embed passcodes; join before host makes the BFF add one.
    const host = await linkZoomAccount(h, yui, h.emulator.zoom.seeded.managedPending);
    await connectGoogle(h, aiko, 'recruiter');
    const saved = await put('iv-pw', meetingBody(host, { joinBeforeHost: true }));
    expect(saved.status).toBe(200);
    const [zoomMeeting] = h.emulator.zoom.meetings(h.emulator.zoom.seeded.managedPending.id);
    const passcode = zoomMeeting?.password as string;
    expect(passcode).toBeTruthy();
    expect(new URL(saved.json.joinUrl).searchParams.has('pwd')).toBe(false);
    const [event] = recruiterCalendar();
    expect(event?.description).toContain(`パスコード / Passcode: ${passcode}`);
  });

  it('when a meeting is saved with 予定を登録, then one event holds the Zoom URL, the times and the interviewers on the scheduler calendar', async () => {
    const host = await setUp();
    const saved = await put('iv-1', meetingBody(host));

    expect(saved.status).toBe(200);
    expect(saved.json.calendar).toMatchObject({
      status: 'registered',
      provider: 'google',
      owner: { userId: aiko.sub, userName: 'Aiko', email: 'aiko.tanaka@acme-hr.example' },
      attendees: [
        { email: 'kenji.sato@acme-hr.example', name: 'Kenji Sato' },
        { email: 'yui.ito@acme-hr.example', name: null },
      ],
      sendUpdates: 'all',
      error: null,
      nextRetryAt: null,
    });
    expect(saved.json.calendar.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(saved.json.calendar.htmlLink).toMatch(/^https:\/\/www\.google\.com\/calendar\/event/);

    const events = recruiterCalendar();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      id: saved.json.calendar.eventId,
      status: 'confirmed',
      summary: '一次面接 / First interview',
      location: saved.json.joinUrl,
      start: { dateTime: '2030-01-20T10:00:00+09:00', timeZone: 'Asia/Tokyo' },
      end: { dateTime: '2030-01-20T10:30:00+09:00', timeZone: 'Asia/Tokyo' },
      attendees: [
        {
          email: 'kenji.sato@acme-hr.example',
          displayName: 'Kenji Sato',
          responseStatus: 'needsAction',
        },
        { email: 'yui.ito@acme-hr.example', responseStatus: 'needsAction' },
      ],
      reminders: { useDefault: true },
      extendedProperties: { private: { atsInterviewId: 'iv-1' } },
    });
    expect(event?.description).toContain(saved.json.joinUrl);
    expect(event?.description).toContain('パスコードはURLに含まれています');
    // sendUpdates=all as asked: Google invites both interviewers.
    expect(h.emulator.google.stats()).toMatchObject({ eventsInserted: 1, notificationsSent: 2 });

    const got = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: aiko });
    expect(got.json).toEqual(saved.json);
    const actions = (await h.store.audit.listForTenant('tenant-a')).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['meeting.issued', 'calendar.registered']));
  });

  it('when the same save is sent again, then Google is not written again; a replayed key answers the same body', async () => {
    const host = await setUp();
    const key = randomUUID();
    const first = await put('iv-1', meetingBody(host), aiko, key);
    const replay = await put('iv-1', meetingBody(host), aiko, key);
    expect(replay.text).toBe(first.text);
    const again = await put('iv-1', meetingBody(host));
    expect(again.json.calendar).toEqual(first.json.calendar);
    expect(h.emulator.google.stats()).toMatchObject({ eventsInserted: 1, eventsPatched: 0 });
  });

  it('when every insert answer is lost, then the save reports the failure, and the same save again still leaves one event', async () => {
    const host = await setUp();
    // The insert and its one in-request retry are both handled by Google, then cut off.
    h.emulator.google.dropNext(2, GOOGLE_ROUTE_GROUPS.insertEvent);
    const first = await put('iv-1', meetingBody(host));
    expect(first.status).toBe(200);
    expect(first.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_unavailable' },
      eventId: null,
    });
    expect(first.json.calendar.nextRetryAt).not.toBeNull();
    expect(first.json.joinUrl).toMatch(/^https?:\/\//);

    const again = await put('iv-1', meetingBody(host));
    expect(again.json.calendar).toMatchObject({ status: 'registered', error: null });
    const events = recruiterCalendar();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: again.json.calendar.eventId, status: 'confirmed' });
    expect(await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1')).toEqual([]);
  });

  it('when the interview is rescheduled, then the same event moves; when the host changes, then it gets the new URL', async () => {
    const host = await setUp();
    const kenjiHost = await linkZoomAccount(h, kenji, h.emulator.zoom.seeded.personal2);
    const first = await put('iv-1', meetingBody(host));
    const moved = await put(
      'iv-1',
      meetingBody(host, { startTime: '2030-01-21T14:00:00+09:00', durationMinutes: 45 }),
    );
    expect(moved.json.calendar).toMatchObject({
      status: 'registered',
      eventId: first.json.calendar.eventId,
    });
    expect(recruiterCalendar()).toMatchObject([
      {
        id: first.json.calendar.eventId,
        start: { dateTime: '2030-01-21T14:00:00+09:00' },
        end: { dateTime: '2030-01-21T14:45:00+09:00' },
        location: first.json.joinUrl,
      },
    ]);

    const rehosted = await put(
      'iv-1',
      meetingBody(kenjiHost, { startTime: '2030-01-21T14:00:00+09:00', durationMinutes: 45 }),
    );
    expect(rehosted.json.joinUrl).not.toBe(first.json.joinUrl);
    expect(rehosted.json.calendar.eventId).toBe(first.json.calendar.eventId);
    const [event] = recruiterCalendar();
    expect(recruiterCalendar()).toHaveLength(1);
    expect(event?.location).toBe(rehosted.json.joinUrl);
    expect(event?.description).toContain(rehosted.json.joinUrl);
    expect(event?.description).not.toContain(first.json.joinUrl);
    expect(h.emulator.google.stats()).toMatchObject({ eventsInserted: 1, eventsPatched: 2 });
  });

  it('when another scheduler saves the interview, then the event stays on the first owner calendar', async () => {
    const host = await setUp();
    await connectGoogle(h, yui, 'interviewer2');
    const first = await put('iv-1', meetingBody(host));
    const byYui = await put('iv-1', meetingBody(host, { topic: '二次面接' }), yui);
    expect(byYui.json.calendar.owner.userId).toBe(aiko.sub);
    expect(recruiterCalendar()).toMatchObject([
      { id: first.json.calendar.eventId, summary: '二次面接' },
    ]);
    expect(h.emulator.google.events(h.emulator.google.seeded.interviewer2.email)).toEqual([]);
  });

  it('when registration is dropped from the save, then the event is deleted and the calendar part says not requested', async () => {
    const host = await setUp();
    const first = await put('iv-1', meetingBody(host));
    const { calendar: _dropped, ...withoutCalendar } = meetingBody(host);
    const saved = await put('iv-1', withoutCalendar);
    expect(saved.json.calendar).toMatchObject({
      status: 'not_requested',
      owner: null,
      eventId: null,
      attendees: [],
    });
    expect(recruiterCalendar()).toMatchObject([
      { id: first.json.calendar.eventId, status: 'cancelled' },
    ]);
    // Asked again later: a new event under a new id (the deleted one is never revived; its id
    // stays taken at Google).
    const back = await put('iv-1', meetingBody(host));
    expect(back.json.calendar).toMatchObject({ status: 'registered', error: null });
    expect(back.json.calendar.eventId).not.toBe(first.json.calendar.eventId);
    const byId = new Map(recruiterCalendar().map((e) => [e.id, e.status]));
    expect(byId.get(first.json.calendar.eventId)).toBe('cancelled');
    expect(byId.get(back.json.calendar.eventId)).toBe('confirmed');
  });

  it('when the organizer deleted the event in Google Calendar, then a reschedule does not bring it back: calendar_event_deleted, no retry by itself; the retry route registers a new event', async () => {
    const host = await setUp();
    const saved = await put('iv-1', meetingBody(host));
    const eventId: string = saved.json.calendar.eventId;
    const removed = await fetch(
      `${h.emulator.url}${h.emulator.google.paths.calendarBase}/calendars/primary/events/${eventId}`,
      { method: 'DELETE', headers: { authorization: `Bearer ${await aikoGoogleToken()}` } },
    );
    expect(removed.status).toBe(204);

    const moved = await put('iv-1', meetingBody(host, { startTime: '2030-01-22T10:00:00+09:00' }));
    expect(moved.status).toBe(200);
    expect(moved.json.startTime).toBe('2030-01-22T01:00:00.000Z');
    expect(moved.json.calendar).toMatchObject({
      status: 'failed',
      provider: 'google',
      eventId,
      error: { code: 'calendar_event_deleted' },
      nextRetryAt: null,
    });
    // Still deleted at Google, and at the old time: the PATCH sent no status.
    expect(recruiterCalendar()).toMatchObject([
      { id: eventId, status: 'cancelled', start: { dateTime: '2030-01-20T10:00:00+09:00' } },
    ]);
    // A later save (same content or another) does not revive it either.
    const again = await put(
      'iv-1',
      meetingBody(host, { topic: '二次面接', startTime: '2030-01-22T10:00:00+09:00' }),
    );
    expect(again.json.calendar.error.code).toBe('calendar_event_deleted');
    expect(recruiterCalendar()).toMatchObject([
      { id: eventId, status: 'cancelled', summary: '一次面接 / First interview' },
    ]);

    const retried = await h.api('POST', '/v1/interviews/iv-1/meeting/calendar/retry', {
      user: aiko,
    });
    expect(retried.status).toBe(200);
    expect(retried.json.calendar).toMatchObject({ status: 'registered', error: null });
    expect(retried.json.calendar.eventId).not.toBe(eventId);
    const byId = new Map(recruiterCalendar().map((e) => [e.id, e]));
    expect(byId.get(eventId)?.status).toBe('cancelled');
    expect(byId.get(retried.json.calendar.eventId)).toMatchObject({
      status: 'confirmed',
      summary: '二次面接',
      start: { dateTime: '2030-01-22T10:00:00+09:00' },
    });
  });

  it('when the meeting is cancelled, then its event is deleted, cancelling again is fine, and a new booking gets a new event', async () => {
    const host = await setUp();
    const first = await put('iv-1', meetingBody(host));
    const cancel = await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: aiko });
    expect(cancel.status).toBe(204);
    expect(recruiterCalendar()).toMatchObject([
      { id: first.json.calendar.eventId, status: 'cancelled' },
    ]);
    expect((await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: aiko })).status).toBe(204);

    const rebooked = await put('iv-1', meetingBody(host));
    expect(rebooked.json.calendar.status).toBe('registered');
    expect(rebooked.json.calendar.eventId).not.toBe(first.json.calendar.eventId);
    expect(recruiterCalendar().map((e) => [e.id, e.status])).toEqual(
      expect.arrayContaining([
        [first.json.calendar.eventId, 'cancelled'],
        [rebooked.json.calendar.eventId, 'confirmed'],
      ]),
    );
    const actions = (await h.store.audit.listForTenant('tenant-a')).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['meeting.deleted', 'calendar.deleted']));
  });

  it('when the cancel cannot reach Google, then the meeting is still cancelled and the outbox deletes the event later', async () => {
    const host = await setUp();
    const first = await put('iv-1', meetingBody(host));
    h.emulator.google.failNext(2, 503, GOOGLE_ROUTE_GROUPS.deleteEvent);
    expect((await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: aiko })).status).toBe(204);
    expect(recruiterCalendar()[0]?.status).toBe('confirmed');
    const [pending] = await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1');
    expect(pending).toMatchObject({ kind: 'delete', attempts: 1 });

    h.clock.advance(60_000);
    await vi.waitFor(() => expect(recruiterCalendar()[0]?.status).toBe('cancelled'), {
      timeout: 10_000,
      interval: 25,
    });
    expect(first.json.calendar.eventId).toBe(recruiterCalendar()[0]?.id);
    await vi.waitFor(
      async () =>
        expect(await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1')).toEqual([]),
      { timeout: 10_000, interval: 25 },
    );
  });
});

describe('when the calendar step fails', () => {
  it('when Google answers 503 three times, then the save answers failed with a retry time, and the outbox registers one event', async () => {
    const host = await setUp();
    h.emulator.google.failNext(3, 503, GOOGLE_ROUTE_GROUPS.insertEvent);
    const saved = await put('iv-1', meetingBody(host));
    expect(saved.status).toBe(200);
    expect(saved.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_unavailable', at: '2030-01-15T01:00:00.000Z' },
    });
    const retryAt = Date.parse(saved.json.calendar.nextRetryAt);
    // Backoff with jitter: between half and all of the first step (60 s here).
    expect(retryAt - h.clock.nowMs).toBeGreaterThanOrEqual(30_000);
    expect(retryAt - h.clock.nowMs).toBeLessThanOrEqual(60_000);
    expect(recruiterCalendar()).toEqual([]);

    h.clock.advance(60_000);
    await vi.waitFor(
      async () => {
        const got = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: aiko });
        expect(got.json.calendar).toMatchObject({
          status: 'registered',
          error: null,
          nextRetryAt: null,
        });
      },
      { timeout: 10_000, interval: 25 },
    );
    expect(recruiterCalendar()).toHaveLength(1);
    expect(await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1')).toEqual([]);
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.filter((e) => e.action === 'calendar.failed')).toHaveLength(1);
    expect(audit.find((e) => e.action === 'calendar.registered')?.actor).toBe('calendar-outbox');
  });

  it('when a reschedule arrives while a retry is pending, then the outbox writes the new time', async () => {
    const host = await setUp();
    h.emulator.google.failNext(2, 503, GOOGLE_ROUTE_GROUPS.insertEvent);
    await put('iv-1', meetingBody(host));
    h.emulator.google.failNext(2, 503, GOOGLE_ROUTE_GROUPS.insertEvent);
    const moved = await put('iv-1', meetingBody(host, { startTime: '2030-01-22T09:00:00+09:00' }));
    expect(moved.json.calendar.status).toBe('failed');
    h.clock.advance(60_000);
    await vi.waitFor(() => expect(recruiterCalendar()).toHaveLength(1), {
      timeout: 10_000,
      interval: 25,
    });
    expect(recruiterCalendar()[0]?.start.dateTime).toBe('2030-01-22T09:00:00+09:00');
  });

  it('when Google keeps failing, then the outbox gives up after its attempts and the retry route still works', async () => {
    const host = await setUp();
    h.emulator.google.failNext(100, 503, GOOGLE_ROUTE_GROUPS.insertEvent);
    await put('iv-1', meetingBody(host));
    // maxAttempts 4: the save's attempt and three from the outbox.
    for (let attempt = 2; attempt <= 4; attempt++) {
      h.clock.advance(600_000);
      await vi.waitFor(
        async () => {
          const [task] = await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1');
          expect(task?.attempts).toBe(attempt);
        },
        { timeout: 10_000, interval: 25 },
      );
    }
    const gaveUp = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: aiko });
    expect(gaveUp.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_unavailable' },
      nextRetryAt: null,
    });

    h.emulator.google.resetFaults();
    const retried = await h.api('POST', '/v1/interviews/iv-1/meeting/calendar/retry', {
      user: aiko,
    });
    expect(retried.status).toBe(200);
    expect(retried.json.calendar).toMatchObject({ status: 'registered', error: null });
    expect(recruiterCalendar()).toHaveLength(1);
  });

  it('when Google refuses the write (403 forbidden), then the Zoom meeting is kept, the calendar says why, and no background retry is planned', async () => {
    const host = await setUp();
    h.emulator.google.errorNext(1, 'forbidden', GOOGLE_ROUTE_GROUPS.insertEvent);
    const saved = await put('iv-1', meetingBody(host));
    expect(saved.status).toBe(200);
    expect(saved.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_forbidden' },
      nextRetryAt: null,
    });
    const zoomMeetings = h.emulator.zoom.meetings(h.emulator.zoom.seeded.personal.id);
    expect(zoomMeetings.some((m) => String(m.id) === saved.json.zoomMeetingId)).toBe(true);
    const [task] = await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1');
    expect(task).toMatchObject({
      attempts: 1,
      nextAttemptAt: null,
      lastErrorCode: 'calendar_forbidden',
    });
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.find((e) => e.action === 'calendar.failed')?.details).toMatchObject({
      code: 'calendar_forbidden',
    });

    const retried = await h.api('POST', '/v1/interviews/iv-1/meeting/calendar/retry', {
      user: haruka,
    });
    expect(retried.json.calendar).toMatchObject({ status: 'registered' });
    expect(recruiterCalendar()).toHaveLength(1);
  });

  it('when Google rate limits or its quota is used up, then the retry comes later, the quota one at the longest step', async () => {
    const host = await setUp();
    h.emulator.google.rateLimitNext(2, 429, GOOGLE_ROUTE_GROUPS.insertEvent);
    const limited = await put('iv-1', meetingBody(host));
    expect(limited.json.calendar.error.code).toBe('calendar_rate_limited');
    expect(Date.parse(limited.json.calendar.nextRetryAt) - h.clock.nowMs).toBeLessThanOrEqual(
      60_000,
    );
    h.emulator.google.errorNext(1, 'quotaExceeded', GOOGLE_ROUTE_GROUPS.insertEvent);
    const quota = await put('iv-2', meetingBody(host, { startTime: '2030-01-20T12:00:00+09:00' }));
    expect(quota.json.calendar.error.code).toBe('calendar_quota_exceeded');
    expect(Date.parse(quota.json.calendar.nextRetryAt) - h.clock.nowMs).toBeGreaterThanOrEqual(
      300_000,
    );
  });

  it('when the scheduler has no Google link, or it needs re-linking, then the save is refused before anything is made at Zoom', async () => {
    h = await startHarness(fastMeetingsWithCalendar);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    const zoomCreates = () =>
      h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings'] ?? 0;

    const refused = await put('iv-1', meetingBody(host));
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('calendar_not_connected');
    expect(zoomCreates()).toBe(0);
    expect(await h.store.meetings.findByInterview('tenant-a', 'iv-1')).toBeUndefined();

    const googleLink = await connectGoogle(h, aiko, 'recruiter');
    await h.store.connections.update(googleLink, { status: 'needs_reauth', tokenCiphertext: null });
    const stale = await put('iv-1', meetingBody(host));
    expect([stale.status, stale.json.code]).toEqual([409, 'calendar_needs_reauth']);
    expect(zoomCreates()).toBe(0);

    // Without registration the same save goes through.
    const { calendar: _none, ...plain } = meetingBody(host);
    const saved = await put('iv-1', plain);
    expect(saved.status).toBe(200);
    expect(saved.json.calendar).toMatchObject({ status: 'not_requested', owner: null });
  });

  it('when registration is refused for the calendar, then the problem names the vendor: provider google and a detail that says Google Calendar', async () => {
    h = await startHarness(fastMeetingsWithCalendar);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    const refused = await put('iv-1', meetingBody(host));
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'calendar_not_connected', provider: 'google' });
    expect(refused.json.detail).toContain('Google Calendar');
  });

  it('when the BFF runs without Google, then registration is refused as not connected', async () => {
    h = await startHarness({ ...fastMeetingsWithCalendar, withoutGoogle: true });
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    const refused = await put('iv-1', meetingBody(host));
    expect([refused.status, refused.json.code]).toEqual([409, 'calendar_not_connected']);
  });

  it("when the event's owner must re-link Google, then a reschedule still moves the Zoom meeting and reports the calendar step failed", async () => {
    const host = await setUp();
    await put('iv-1', meetingBody(host));
    const me = await h.api('GET', '/v1/connections/me', { user: aiko });
    await h.store.connections.update(me.json.google.id, {
      status: 'needs_reauth',
      tokenCiphertext: null,
    });
    const moved = await put('iv-1', meetingBody(host, { startTime: '2030-01-23T10:00:00+09:00' }));
    expect(moved.status).toBe(200);
    expect(moved.json.startTime).toBe('2030-01-23T01:00:00.000Z');
    expect(moved.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_needs_reauth' },
      nextRetryAt: null,
    });
    expect(recruiterCalendar()[0]?.start.dateTime).toBe('2030-01-20T10:00:00+09:00');

    // Aiko links the same Google account again: the retry reaches the event through the new link.
    await connectGoogle(h, aiko, 'recruiter');
    const retried = await h.api('POST', '/v1/interviews/iv-1/meeting/calendar/retry', {
      user: aiko,
    });
    expect(retried.json.calendar.status).toBe('registered');
    expect(recruiterCalendar()[0]?.start.dateTime).toBe('2030-01-23T10:00:00+09:00');
  });

  it('when the retry route is asked for an interview without a meeting or without registration, then 404 and 409', async () => {
    const host = await setUp();
    const missing = await h.api('POST', '/v1/interviews/iv-none/meeting/calendar/retry', {
      user: aiko,
    });
    expect([missing.status, missing.json.code]).toEqual([404, 'meeting_not_found']);
    const { calendar: _none, ...plain } = meetingBody(host);
    await put('iv-1', plain);
    const notAsked = await h.api('POST', '/v1/interviews/iv-1/meeting/calendar/retry', {
      user: aiko,
    });
    expect([notAsked.status, notAsked.json.code]).toEqual([409, 'calendar_not_requested']);
    const interviewer = tenantAUser('Ivan', 'interviewer');
    const forbidden = await h.api('POST', '/v1/interviews/iv-1/meeting/calendar/retry', {
      user: interviewer,
    });
    expect([forbidden.status, forbidden.json.code]).toEqual([403, 'forbidden']);
    // Another tenant's recruiter cannot tell the interview exists.
    const outsider: AtsUser = { ...aiko, sub: 'u-otto', tid: 'tenant-b', name: 'Otto' };
    const foreign = await h.api('POST', '/v1/interviews/iv-1/meeting/calendar/retry', {
      user: outsider,
    });
    expect([foreign.status, foreign.json.code]).toEqual([404, 'meeting_not_found']);
  });

  it('when the calendar part is malformed, then 400 validation_failed names it and nothing is made at Zoom or Google', async () => {
    const host = await setUp();
    const bad = [
      { register: true, attendees: [{ email: 'not-an-e-mail' }], sendUpdates: 'none' },
      {
        register: true,
        attendees: [
          { email: 'kenji.sato@acme-hr.example' },
          { email: 'KENJI.SATO@acme-hr.example' },
        ],
      },
      { register: true, sendUpdates: 'everyone' },
      { register: 'yes' },
      { register: true, calendarId: 'someone-else@example.com' },
    ];
    for (const calendar of bad) {
      const answer = await put('iv-1', meetingBody(host, { calendar }));
      expect([answer.status, answer.json.code], JSON.stringify(calendar)).toEqual([
        400,
        'validation_failed',
      ]);
      expect(answer.json.errors[0].pointer).toMatch(/^\/body\/calendar/);
    }
    expect(
      h.emulator.zoom.allMeetings().filter((m) => m.topic === '一次面接 / First interview'),
    ).toEqual([]);
    expect(recruiterCalendar()).toEqual([]);
    const meeting = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: aiko });
    expect([meeting.status, meeting.json]).toEqual([200, null]);
  });

  it('when Google rejects the access token once, then it is refreshed once and the event is still written', async () => {
    const host = await setUp();
    let spoiled = 0;
    h.setFetchInterceptor((url, init) => {
      if (!url.includes('/calendar/v3/') || spoiled > 0) return init;
      spoiled++;
      return {
        ...init,
        headers: { ...(init?.headers as object), authorization: 'Bearer expired' },
      };
    });
    const refreshesBefore = h.emulator.google.stats().refreshes;
    const saved = await put('iv-1', meetingBody(host));
    expect(saved.json.calendar.status).toBe('registered');
    expect(h.emulator.google.stats().refreshes).toBe(refreshesBefore + 1);
    expect(recruiterCalendar()).toHaveLength(1);
  });

  it('when the Google grant was revoked, then the calendar step fails with calendar_needs_reauth and the link shows it', async () => {
    const host = await setUp();
    const me = await h.api('GET', '/v1/connections/me', { user: aiko });
    h.emulator.google.revokeGrant(h.emulator.google.seeded.recruiter.email, GOOGLE_CLIENT_ID);
    const saved = await put('iv-1', meetingBody(host));
    expect(saved.status).toBe(200);
    expect(saved.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_needs_reauth' },
      nextRetryAt: null,
    });
    const after = await h.api('GET', '/v1/connections/me', { user: aiko });
    expect(after.json.google).toMatchObject({ id: me.json.google.id, status: 'needs_reauth' });
  });
});

describe('secrets', () => {
  it('when the calendar step runs, fails and is retried, then no Google or Zoom token is in any response or log line', async () => {
    const host = await setUp();
    h.emulator.google.failNext(2, 503, GOOGLE_ROUTE_GROUPS.insertEvent);
    await put('iv-1', meetingBody(host));
    await h.api('POST', '/v1/interviews/iv-1/meeting/calendar/retry', { user: aiko });
    await h.api('GET', '/v1/hosts?start=2030-01-20T01:00:00Z&durationMinutes=30', { user: aiko });
    await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: aiko });

    const me = await h.api('GET', '/v1/connections/me', { user: aiko });
    const link = await h.store.connections.findById(me.json.google.id);
    if (!link?.tokenCiphertext) throw new Error('the Google link holds no tokens');
    const google = openTokens(h.cipher, { ...link, tokenCiphertext: link.tokenCiphertext });
    expect(h.wire.secrets).toContain(google.accessToken);
    expect(h.wire.secrets).toContain(google.refreshToken);
    for (const secret of h.wire.secrets) {
      for (const response of h.wire.bffResponses) expect(response).not.toContain(secret);
      for (const line of h.logLines) expect(line).not.toContain(secret);
    }
  });
});
