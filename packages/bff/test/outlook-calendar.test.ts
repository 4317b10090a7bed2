import { MICROSOFT_ROUTE_GROUPS } from '@ats-zoom/provider-emulator';
import { describe, expect, it, vi } from 'vitest';
import { openTokens } from '../src/core/shared/token-vault';
import {
  connectGoogle,
  connectOutlook,
  type Harness,
  type HarnessOptions,
  linkZoomAccount,
  MICROSOFT_CLIENT_ID,
  startHarness,
  tenantAUser,
} from './harness';
import {
  clockCalendarRetry,
  closeHarnessAfterEach,
  fastGoogleCalendar,
  fastMeetingTuning,
  meetingBody as interviewBody,
  meetingRequests,
} from './meeting-world';

// Aiko schedules interviews on her Outlook (Microsoft 365) calendar; Haruka and Kenji host on Zoom.
const aiko = tenantAUser('Aiko', 'recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');
const kenji = tenantAUser('Kenji', 'recruiter');

let h: Harness;
closeHarnessAfterEach(() => h);
const { put, get } = meetingRequests(() => h, aiko);

/** Graph calls that do not wait for a Retry-After in the request: the outbox waits instead. */
const fastGraph = {
  attemptTimeoutMs: 2_000,
  deadlineMs: 4_000,
  maxAttempts: 2,
  backoffBaseMs: 5,
  backoffCapMs: 20,
  maxRetryAfterMs: 0,
};
const withOutlook: HarnessOptions = {
  withOutlook: true,
  meetings: {
    ...fastMeetingTuning,
    googleCalendar: fastGoogleCalendar,
    outlookCalendar: fastGraph,
    calendarRetry: clockCalendarRetry,
  },
};

const interviewers = [
  { email: 'ichiro.suzuki@contoso-hr.example', name: '鈴木 一郎' },
  { email: 'misaki.takahashi@contoso-hr.example' },
];

function meetingBody(hostConnectionId: string, overrides: Record<string, unknown> = {}) {
  return {
    ...interviewBody(hostConnectionId),
    calendar: { register: true, attendees: interviewers, sendUpdates: 'all', provider: 'outlook' },
    ...overrides,
  };
}

const outlookCalendar = () =>
  h.emulator.microsoft.events(h.emulator.microsoft.seeded.recruiter.mail);
const zoomCreates = () =>
  h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings'] ?? 0;

/** A Zoom host (Haruka's personal account) and Aiko's Outlook calendar (contoso recruiter). */
async function setUp(options: HarnessOptions = withOutlook) {
  h = await startHarness(options);
  const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
  await connectOutlook(h, aiko, 'recruiter');
  return host;
}

/** Aiko's Outlook access token as the BFF holds it: the test acts in Outlook as her. */
async function aikoOutlookToken(): Promise<string> {
  const me = await h.api('GET', '/v1/connections/me', { user: aiko });
  const link = await h.store.connections.findById(me.json.outlook.id);
  if (!link?.tokenCiphertext) throw new Error('the Outlook link holds no tokens');
  return openTokens(h.cipher, { ...link, tokenCiphertext: link.tokenCiphertext }).accessToken;
}

describe('registering the interview on Outlook', () => {
  it('when a meeting is saved with 予定を登録 on Outlook, then one event holds the Zoom URL in location and body, the interviewers, no Teams meeting, in the interview zone; it follows reschedule, host change and cancel', async () => {
    const host = await setUp();
    const kenjiHost = await linkZoomAccount(h, kenji, h.emulator.zoom.seeded.personal2);
    const saved = await put('iv-1', meetingBody(host));
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.calendar).toMatchObject({
      status: 'registered',
      provider: 'outlook',
      owner: { userId: aiko.sub, email: 'hanako.sato@contoso-hr.example' },
      error: null,
    });
    const events = outlookCalendar();
    expect(events).toHaveLength(1);
    const [event] = events;
    // The meeting's event id is Graph's own, not the derived key.
    expect(saved.json.calendar.eventId).toBe(event?.id);
    expect(saved.json.calendar.eventId).not.toMatch(/^[0-9a-f]{32}$/);
    expect(event).toMatchObject({
      subject: '一次面接 / First interview',
      location: { displayName: saved.json.joinUrl },
      isOnlineMeeting: false,
      originalStartTimeZone: 'Asia/Tokyo',
      start: { dateTime: '2030-01-20T01:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2030-01-20T01:30:00.0000000', timeZone: 'UTC' },
      attendees: [
        {
          emailAddress: { address: 'ichiro.suzuki@contoso-hr.example', name: '鈴木 一郎' },
          type: 'required',
        },
        { emailAddress: { address: 'misaki.takahashi@contoso-hr.example' }, type: 'required' },
      ],
    });
    expect(event?.onlineMeeting).toBeUndefined();
    expect(event?.body.content).toContain(saved.json.joinUrl);
    expect(h.emulator.microsoft.stats()).toMatchObject({ eventsCreated: 1 });

    const moved = await put(
      'iv-1',
      meetingBody(host, { startTime: '2030-01-21T14:00:00+09:00', durationMinutes: 45 }),
    );
    expect(moved.json.calendar).toMatchObject({
      status: 'registered',
      eventId: saved.json.calendar.eventId,
    });
    expect(outlookCalendar()).toMatchObject([
      {
        id: saved.json.calendar.eventId,
        start: { dateTime: '2030-01-21T05:00:00.0000000' },
        end: { dateTime: '2030-01-21T05:45:00.0000000' },
      },
    ]);

    const rehosted = await put(
      'iv-1',
      meetingBody(kenjiHost, { startTime: '2030-01-21T14:00:00+09:00', durationMinutes: 45 }),
    );
    expect(rehosted.json.joinUrl).not.toBe(saved.json.joinUrl);
    expect(rehosted.json.calendar.eventId).toBe(saved.json.calendar.eventId);
    const [rehostedEvent] = outlookCalendar();
    expect(outlookCalendar()).toHaveLength(1);
    expect(rehostedEvent?.location.displayName).toBe(rehosted.json.joinUrl);
    expect(rehostedEvent?.body.content).toContain(rehosted.json.joinUrl);
    expect(rehostedEvent?.body.content).not.toContain(saved.json.joinUrl);
    expect(h.emulator.microsoft.stats()).toMatchObject({ eventsCreated: 1, eventsPatched: 2 });

    expect((await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: aiko })).status).toBe(204);
    expect(outlookCalendar()).toEqual([]);
    expect((await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: aiko })).status).toBe(204);
    expect(await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1')).toEqual([]);
    expect(h.emulator.microsoft.stats()).toMatchObject({ eventsCreated: 1, eventsDeleted: 1 });
  });

  it('when every create answer is lost, then the save reports the failure, and the same save again leaves one event', async () => {
    const host = await setUp();
    // The create and its one in-request repeat are both made by Graph, then cut off.
    h.emulator.microsoft.dropNext(2, MICROSOFT_ROUTE_GROUPS.createEvent);
    const failed = await put('iv-1', meetingBody(host));
    expect(failed.json.calendar).toMatchObject({
      status: 'failed',
      eventId: null,
      error: { code: 'calendar_unavailable' },
    });
    expect(outlookCalendar()).toHaveLength(1);

    const again = await put('iv-1', meetingBody(host));
    expect(again.json.calendar.status).toBe('registered');
    const events = outlookCalendar();
    expect(events).toHaveLength(1);
    expect(again.json.calendar.eventId).toBe(events[0]?.id);
    expect(h.emulator.microsoft.stats()).toMatchObject({ eventsCreated: 1 });
    expect(h.emulator.microsoft.stats().eventsDeduplicated).toBeGreaterThanOrEqual(2);
  });

  it('when the meeting is cancelled after the create answer was lost, then the event Graph made is still deleted', async () => {
    const host = await setUp();
    h.emulator.microsoft.dropNext(2, MICROSOFT_ROUTE_GROUPS.createEvent);
    const failed = await put('iv-1', meetingBody(host));
    expect(failed.json.calendar.eventId).toBeNull();
    expect(outlookCalendar()).toHaveLength(1);

    expect((await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: aiko })).status).toBe(204);
    expect(outlookCalendar()).toEqual([]);
    expect(h.emulator.microsoft.stats()).toMatchObject({ eventsCreated: 1, eventsDeleted: 1 });
    expect(await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1')).toEqual([]);
  });

  it('when the event was deleted in Outlook, then a reschedule does not make it again (calendar_event_deleted); the retry route makes one new event under a new Graph id', async () => {
    const host = await setUp();
    const saved = await put('iv-1', meetingBody(host));
    const firstTransaction = outlookCalendar()[0]?.transactionId;
    expect(firstTransaction).toMatch(/^[0-9a-f]{32}$/);
    const token = await aikoOutlookToken();
    const removed = await fetch(
      `${h.emulator.url}${h.emulator.microsoft.paths.graphBase}/me/events/${encodeURIComponent(saved.json.calendar.eventId)}`,
      { method: 'DELETE', headers: { authorization: `Bearer ${token}` } },
    );
    expect(removed.status).toBe(204);

    const moved = await put('iv-1', meetingBody(host, { startTime: '2030-01-22T10:00:00+09:00' }));
    expect(moved.status).toBe(200);
    expect(moved.json.startTime).toBe('2030-01-22T01:00:00.000Z');
    expect(moved.json.calendar).toMatchObject({
      status: 'failed',
      provider: 'outlook',
      error: { code: 'calendar_event_deleted' },
      nextRetryAt: null,
    });
    expect(outlookCalendar()).toHaveLength(0);

    const retried = await h.api('POST', '/v1/interviews/iv-1/meeting/calendar/retry', {
      user: aiko,
    });
    expect(retried.json.calendar).toMatchObject({ status: 'registered', error: null });
    const events = outlookCalendar();
    expect(events).toHaveLength(1);
    expect(events[0]?.id).toBe(retried.json.calendar.eventId);
    expect(retried.json.calendar.eventId).not.toBe(saved.json.calendar.eventId);
    expect(events[0]?.start.dateTime).toBe('2030-01-22T01:00:00.0000000');
    // A new transactionId (the next generation's key): Graph may keep the old one bound.
    expect(events[0]?.transactionId).toMatch(/^[0-9a-f]{32}$/);
    expect(events[0]?.transactionId).not.toBe(firstTransaction);
    expect(h.emulator.microsoft.stats()).toMatchObject({ eventsCreated: 2, eventsDeduplicated: 0 });
  });
});

describe('when Graph fails', () => {
  it('when Graph answers 503 three times, then the save answers failed, and the outbox completes with one event', async () => {
    const host = await setUp();
    h.emulator.microsoft.failNext(3, 503, MICROSOFT_ROUTE_GROUPS.createEvent);
    const saved = await put('iv-1', meetingBody(host));
    expect(saved.status).toBe(200);
    expect(saved.json.calendar).toMatchObject({
      status: 'failed',
      provider: 'outlook',
      error: { code: 'calendar_unavailable' },
    });
    expect(outlookCalendar()).toEqual([]);

    for (let step = 0; step < 4; step++) {
      h.clock.advance(600_000);
      const got = await get('iv-1');
      if (got.json.calendar.status === 'registered') break;
      await vi.waitFor(
        async () => {
          const [task] = await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1');
          expect(task === undefined || task.attempts >= step + 2).toBe(true);
        },
        { timeout: 10_000, interval: 25 },
      );
    }
    await vi.waitFor(
      async () => expect((await get('iv-1')).json.calendar).toMatchObject({ status: 'registered' }),
      { timeout: 10_000, interval: 25 },
    );
    expect(outlookCalendar()).toHaveLength(1);
    expect(h.emulator.microsoft.stats()).toMatchObject({ eventsCreated: 1 });
    expect(await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1')).toEqual([]);
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.filter((e) => e.action === 'calendar.failed')).toHaveLength(3);
  });

  it('when Graph throttles with a long Retry-After, then the next attempt waits at least that long', async () => {
    const host = await setUp();
    h.emulator.microsoft.rateLimitNext(1, 900, MICROSOFT_ROUTE_GROUPS.createEvent);
    const saved = await put('iv-1', meetingBody(host));
    expect(saved.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_rate_limited' },
    });
    // The first backoff step is 30-60 s here; Graph asked for 900 s.
    expect(Date.parse(saved.json.calendar.nextRetryAt) - h.clock.nowMs).toBeGreaterThanOrEqual(
      900_000,
    );
    h.clock.advance(900_000);
    await vi.waitFor(
      async () => expect((await get('iv-1')).json.calendar.status).toBe('registered'),
      { timeout: 10_000, interval: 25 },
    );
    expect(outlookCalendar()).toHaveLength(1);
  });

  it('when the Outlook grant was revoked, then the update parks, and reconnecting Outlook resumes it', async () => {
    const host = await setUp();
    await put('iv-1', meetingBody(host));
    const mail = h.emulator.microsoft.seeded.recruiter.mail;
    h.emulator.microsoft.revokeGrant(mail, MICROSOFT_CLIENT_ID);
    // The access token still works until it expires: let it expire so the refresh is asked.
    h.clock.advance(3_600_000);
    const moved = await put('iv-1', meetingBody(host, { startTime: '2030-01-23T10:00:00+09:00' }));
    expect(moved.json.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_needs_reauth' },
      nextRetryAt: null,
    });
    await connectOutlook(h, aiko, 'recruiter');
    await vi.waitFor(
      async () => expect((await get('iv-1')).json.calendar.status).toBe('registered'),
      { timeout: 10_000, interval: 25 },
    );
    expect(outlookCalendar()).toMatchObject([
      { start: { dateTime: '2030-01-23T01:00:00.0000000' } },
    ]);
  });
});

describe('before anything is made at Zoom', () => {
  it('when the Microsoft 365 organisation withdrew its consent, then the save answers admin_consent_required for outlook and nothing is created at Zoom', async () => {
    h = await startHarness(withOutlook);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    h.emulator.microsoft.grantAdminConsent('fabrikam');
    await connectOutlook(h, aiko, 'adminConsentUser');
    h.emulator.microsoft.revokeAdminConsent('fabrikam');

    const refused = await put('iv-1', meetingBody(host));
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'admin_consent_required', provider: 'outlook' });
    expect(zoomCreates()).toBe(0);
    expect(await h.store.meetings.findByInterview('tenant-a', 'iv-1')).toBeUndefined();
    expect(h.emulator.microsoft.stats().eventsCreated).toBe(0);
  });

  it('when consent is withdrawn after registration, then a reschedule moves Zoom, the calendar step parks as admin_consent_required, and reconnecting after the admin consents resumes it', async () => {
    h = await startHarness(withOutlook);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    h.emulator.microsoft.grantAdminConsent('fabrikam');
    await connectOutlook(h, aiko, 'adminConsentUser');
    const saved = await put('iv-1', meetingBody(host));
    expect(saved.json.calendar.status).toBe('registered');
    h.emulator.microsoft.revokeAdminConsent('fabrikam');
    // The access token works until it expires; the refresh then says why.
    h.clock.advance(3_600_000);

    const moved = await put('iv-1', meetingBody(host, { startTime: '2030-01-24T10:00:00+09:00' }));
    expect(moved.status).toBe(200);
    expect(moved.json.startTime).toBe('2030-01-24T01:00:00.000Z');
    expect(moved.json.calendar).toMatchObject({
      status: 'failed',
      provider: 'outlook',
      error: { code: 'admin_consent_required' },
      nextRetryAt: null,
    });
    const me = await h.api('GET', '/v1/connections/me', { user: aiko });
    expect(me.json.outlook.status).toBe('needs_reauth');

    h.emulator.microsoft.grantAdminConsent('fabrikam');
    await connectOutlook(h, aiko, 'adminConsentUser');
    await vi.waitFor(
      async () => expect((await get('iv-1')).json.calendar.status).toBe('registered'),
      { timeout: 10_000, interval: 25 },
    );
    const mailbox = h.emulator.microsoft.seeded.adminConsentUser.mail;
    expect(h.emulator.microsoft.events(mailbox)).toMatchObject([
      { start: { dateTime: '2030-01-24T01:00:00.0000000' } },
    ]);
  });

  it('when the scheduler has no Outlook link, then the save is refused as not connected, naming outlook', async () => {
    h = await startHarness(withOutlook);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    const refused = await put('iv-1', meetingBody(host));
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'calendar_not_connected', provider: 'outlook' });
    expect(zoomCreates()).toBe(0);
  });
});

describe('switching the calendar', () => {
  it('when a later save asks Outlook for a meeting on Google Calendar, then the Google event is deleted and one Outlook event is made; and back again', async () => {
    const host = await setUp();
    await connectGoogle(h, aiko, 'recruiter');
    const googleEvents = () => h.emulator.google.events(h.emulator.google.seeded.recruiter.email);
    const onGoogle = await put(
      'iv-1',
      meetingBody(host, {
        calendar: {
          register: true,
          attendees: interviewers,
          sendUpdates: 'all',
          provider: 'google',
        },
      }),
    );
    expect(onGoogle.json.calendar).toMatchObject({ status: 'registered', provider: 'google' });

    const onOutlook = await put('iv-1', meetingBody(host));
    expect(onOutlook.json.calendar).toMatchObject({ status: 'registered', provider: 'outlook' });
    expect(googleEvents()).toMatchObject([
      { id: onGoogle.json.calendar.eventId, status: 'cancelled' },
    ]);
    expect(outlookCalendar()).toHaveLength(1);
    expect(onOutlook.json.calendar.eventId).toBe(outlookCalendar()[0]?.id);

    // A save without `provider` keeps the registered calendar.
    const { provider: _p, ...keep } = meetingBody(host).calendar;
    const kept = await put('iv-1', meetingBody(host, { calendar: keep, durationMinutes: 60 }));
    expect(kept.json.calendar).toMatchObject({
      provider: 'outlook',
      eventId: onOutlook.json.calendar.eventId,
    });

    const back = await put(
      'iv-1',
      meetingBody(host, { calendar: { ...keep, provider: 'google' } }),
    );
    expect(back.json.calendar).toMatchObject({ status: 'registered', provider: 'google' });
    expect(outlookCalendar()).toEqual([]);
    const live = googleEvents().filter((e) => e.status === 'confirmed');
    expect(live).toHaveLength(1);
    expect(live[0]?.id).toBe(back.json.calendar.eventId);
    expect(await h.store.calendarTasks.listForInterview('tenant-a', 'iv-1')).toEqual([]);
  });
});

describe('secrets', () => {
  it('when the Outlook step runs, fails, is retried and cancelled, then no Microsoft token is in any response or log line', async () => {
    const host = await setUp();
    h.emulator.microsoft.failNext(2, 503, MICROSOFT_ROUTE_GROUPS.createEvent);
    await put('iv-1', meetingBody(host));
    await h.api('POST', '/v1/interviews/iv-1/meeting/calendar/retry', { user: aiko });
    await h.api('GET', '/v1/hosts?start=2030-01-20T01:00:00Z&durationMinutes=30', { user: aiko });
    await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: aiko });
    const token = await aikoOutlookToken();
    expect(h.wire.secrets).toContain(token);
    for (const secret of h.wire.secrets) {
      for (const response of h.wire.bffResponses) expect(response).not.toContain(secret);
      for (const line of h.logLines) expect(line).not.toContain(secret);
    }
  });
});
