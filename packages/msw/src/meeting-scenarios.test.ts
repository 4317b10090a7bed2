import { createAtsZoomClient } from '@ats-zoom/client';
import {
  HostListSchema,
  InterviewMeetingSchema,
  MeetingPreviewSchema,
  ProblemSchema,
  routes,
  type SaveMeetingInput,
} from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  baseUrl,
  contractCheckedClient,
  failureOf,
  issuedOf,
  setupScenarioServer,
} from '../test/scenario-server';
import { fixtures } from './fixtures';
import { hostScenarioNames, hostScenarios } from './host-scenarios';
import { hostFixtures, tokyoSlotStart } from './meeting-fixtures';
import { meetingScenarioNames, meetingScenarios } from './meeting-scenarios';
import { previewScenarioNames, previewScenarios } from './preview-scenarios';
import { variableScenarios } from './variable-scenarios';
import { zoomConnectionScenarios } from './zoom-connection-scenarios';

const server = setupScenarioServer();

const client = contractCheckedClient();
// Three days ahead, so the slot never falls into the past as the calendar moves on.
const slot = { start: tokyoSlotStart(3), durationMinutes: 60 };
const headers = { Authorization: 'Bearer t', Accept: 'application/json' };

const body: SaveMeetingInput = {
  candidateId: 'cand_1',
  hostConnectionId: hostFixtures.freeHost.connectionId,
  topic: '一次面接',
  startTime: slot.start,
  durationMinutes: 60,
  timezone: 'Asia/Tokyo',
  joinBeforeHost: true,
};

function use(...handlers: RequestHandler[]) {
  server.use(...handlers);
}

/** Reads a raw answer and checks it against the success schema or ProblemSchema. */
async function parsedAnswer(url: string, schema: { parse(data: unknown): unknown }) {
  const response = await fetch(url, { headers });
  const data: unknown = await response.json();
  return response.ok ? schema.parse(data) : ProblemSchema.parse(data);
}

describe('host scenarios', () => {
  it('when hostsMixed, then it lists a free, a busy (two conflicts inside the slot), an unknown and two unselectable hosts', async () => {
    use(...hostScenarios.hostsMixed({ baseUrl }));

    const { hosts, slot: answered } = await client.listHosts(slot);

    expect(hosts.map((h) => [h.connectionId, h.busy, h.selectable, h.unavailableReason])).toEqual([
      ['conn_host_free', 'free', true, null],
      ['conn_host_busy', 'busy', true, null],
      ['conn_host_unknown', 'unknown', true, null],
      ['conn_host_needs_reauth', 'unknown', false, 'needs_reauth'],
      ['conn_host_moved', 'unknown', false, 'moved'],
    ]);
    const busy = hosts.find((h) => h.busy === 'busy');
    expect(busy?.conflicts).toHaveLength(2);
    for (const conflict of busy?.conflicts ?? []) {
      expect(Date.parse(conflict.start)).toBeLessThan(Date.parse(answered.end));
      expect(Date.parse(conflict.end)).toBeGreaterThan(Date.parse(answered.start));
    }
    const startMs = Date.parse(slot.start);
    expect(answered).toEqual({
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + 3_600_000).toISOString(),
    });
  });

  it('when hostsEmpty, then the list is empty', async () => {
    use(...hostScenarios.hostsEmpty({ baseUrl }));

    expect((await client.listHosts(slot)).hosts).toEqual([]);
  });

  it('when hostsError, then it fails with a 500 problem', async () => {
    use(...hostScenarios.hostsError({ baseUrl }));

    expect(await failureOf(client.listHosts(slot))).toMatchObject({
      status: 500,
      code: 'internal_error',
    });
  });

  it('when hostsLoading, then the list never answers', async () => {
    use(...hostScenarios.hostsLoading({ baseUrl }));
    const controller = new AbortController();

    const call = client.listHosts(slot, { signal: controller.signal });
    const settled = await Promise.race([
      call.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50)),
    ]);
    controller.abort();

    expect(settled).toBe(false);
    await expect(call).rejects.toThrow();
  });

  it('when the query is missing its slot, then it answers 400 with a query pointer like the BFF', async () => {
    use(...hostScenarios.hostsMixed({ baseUrl }));

    const response = await fetch(`${baseUrl}/v1/hosts?durationMinutes=60`, { headers });
    const problem = ProblemSchema.parse(await response.json());

    expect(problem.code).toBe('validation_failed');
    expect(problem.errors?.[0]?.pointer).toBe('/query/start');
  });

  it('when every host scenario answers, then each body parses with the contract', async () => {
    for (const name of hostScenarioNames.filter((n) => n !== 'hostsLoading')) {
      server.resetHandlers(...hostScenarios[name]({ baseUrl }));
      await parsedAnswer(
        `${baseUrl}/v1/hosts?start=${encodeURIComponent(slot.start)}&durationMinutes=30`,
        HostListSchema,
      );
    }
    expect(hostScenarioNames).toHaveLength(8);
  });

  it("when hostsGoogleConflict, then one host is busy only through its owner's Google Calendar", async () => {
    use(...hostScenarios.hostsGoogleConflict({ baseUrl }));

    const { hosts, slot: answered } = await client.listHosts(slot);

    expect(hosts.map((h) => [h.connectionId, h.busy])).toEqual([
      ['conn_host_free', 'free'],
      ['conn_host_google_busy', 'busy'],
      ['conn_host_busy', 'busy'],
    ]);
    const google = hosts[1]?.conflicts ?? [];
    expect(google.map((c) => c.source)).toEqual(['google']);
    expect(Date.parse(google[0]?.start ?? '')).toBeLessThan(Date.parse(answered.end));
    expect(Date.parse(google[0]?.end ?? '')).toBeGreaterThan(Date.parse(answered.start));
    expect(hosts[2]?.conflicts.map((c) => c.source)).toEqual(['zoom', 'ats']);
  });

  it("when hostsOutlookConflict, then one host is busy only through its owner's Outlook calendar", async () => {
    use(...hostScenarios.hostsOutlookConflict({ baseUrl }));

    const { hosts, slot: answered } = await client.listHosts(slot);

    expect(hosts.map((h) => [h.connectionId, h.busy])).toEqual([
      ['conn_host_free', 'free'],
      ['conn_host_outlook_busy', 'busy'],
      ['conn_host_google_busy', 'busy'],
    ]);
    const outlook = hosts[1]?.conflicts ?? [];
    expect(outlook.map((c) => c.source)).toEqual(['outlook']);
    expect(Date.parse(outlook[0]?.start ?? '')).toBeLessThan(Date.parse(answered.end));
    expect(Date.parse(outlook[0]?.end ?? '')).toBeGreaterThan(Date.parse(answered.start));
    expect(hosts[2]?.conflicts.map((c) => c.source)).toEqual(['google']);
  });
});

describe('meeting scenarios', () => {
  it('when meetingNone, then GET answers null and PUT issues a URL with the passcode', async () => {
    use(...meetingScenarios.meetingNone({ baseUrl }));

    expect(await client.getInterviewMeeting('int_1')).toBeNull();
    const saved = await client.saveInterviewMeeting('int_1', body, { idempotencyKey: 'k1' });

    expect(saved).toMatchObject({
      linkStatus: 'active',
      passcodeEmbedded: true,
      waitingRoom: false,
    });
    expect(new URL(saved.joinUrl).searchParams.get('pwd')).toEqual(expect.any(String));
    expect(await issuedOf(client)).toEqual(saved);
  });

  it('when the same key and body are sent again, then the stored answer comes back and no second meeting is issued', async () => {
    use(...meetingScenarios.meetingNone({ baseUrl }));

    const first = await client.saveInterviewMeeting('int_1', body, { idempotencyKey: 'k1' });
    const replay = await client.saveInterviewMeeting('int_1', body, { idempotencyKey: 'k1' });
    const other = await failureOf(
      client.saveInterviewMeeting(
        'int_1',
        { ...body, topic: '二次面接' },
        { idempotencyKey: 'k1' },
      ),
    );

    expect(replay).toEqual(first);
    expect(other).toMatchObject({ status: 422, code: 'idempotency_key_mismatch' });
  });

  it('when a PUT arrives without an Idempotency-Key, then it answers 400 idempotency_key_required', async () => {
    use(...meetingScenarios.meetingNone({ baseUrl }));

    const response = await fetch(`${baseUrl}/v1/interviews/int_1/meeting`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

    expect(ProblemSchema.parse(await response.json()).code).toBe('idempotency_key_required');
  });

  it('when rescheduling keeps the host, then the URL stays; when the host changes, then the URL changes', async () => {
    use(...meetingScenarios.meetingIssued({ baseUrl }));
    const issued = await issuedOf(client);

    const moved = { ...body, startTime: tokyoSlotStart(4, 10) };
    const rescheduled = await client.saveInterviewMeeting('int_1', moved, { idempotencyKey: 'k2' });
    const otherHost = { ...moved, hostConnectionId: hostFixtures.busyHost.connectionId };
    const rehosted = await client.saveInterviewMeeting('int_1', otherHost, {
      idempotencyKey: 'k3',
    });

    expect(rescheduled.joinUrl).toBe(issued.joinUrl);
    expect(rescheduled.startTime).toBe(moved.startTime);
    expect(rehosted.joinUrl).not.toBe(issued.joinUrl);
    expect(rehosted.host.ownerName).toBe(hostFixtures.busyHost.ownerName);
  });

  it('when meetingBroken is re-issued, then the link is active with a new URL', async () => {
    use(...meetingScenarios.meetingBroken({ baseUrl }));
    const broken = await issuedOf(client);

    const reissued = await client.saveInterviewMeeting('int_1', body, { idempotencyKey: 'k4' });

    expect(broken).toMatchObject({ linkStatus: 'broken', brokenReason: 'deleted_in_zoom' });
    expect(reissued.linkStatus).toBe('active');
    expect(reissued.joinUrl).not.toBe(broken.joinUrl);
  });

  it('when meetingHostRevoked, then the meeting says so, keeping its host is 409 host_needs_reauth, and moving it reports the old meeting left at Zoom', async () => {
    use(...meetingScenarios.meetingHostRevoked({ baseUrl }));
    const revoked = await issuedOf(client);

    const kept = await failureOf(
      client.saveInterviewMeeting('int_1', body, { idempotencyKey: 'r1' }),
    );
    const otherHost = { ...body, hostConnectionId: hostFixtures.busyHost.connectionId };
    const moved = await client.saveInterviewMeeting('int_1', otherHost, { idempotencyKey: 'r2' });

    expect(revoked).toMatchObject({ hostLink: 'revoked', linkStatus: 'active' });
    expect(kept).toMatchObject({ status: 409, code: 'host_needs_reauth' });
    expect(moved).toMatchObject({
      hostLink: 'active',
      pendingDeletions: [
        { zoomMeetingId: revoked.zoomMeetingId, hostOwnerName: revoked.host.ownerName },
      ],
    });
  });

  it('when meetingPendingDeletion, then the meeting reports an earlier meeting left at Zoom', async () => {
    use(...meetingScenarios.meetingPendingDeletion({ baseUrl }));
    const meeting = await client.getInterviewMeeting('int_1');
    expect(meeting?.hostLink).toBe('active');
    expect(meeting?.pendingDeletions).toEqual([
      {
        zoomMeetingId: expect.any(String),
        hostOwnerName: hostFixtures.busyHost.ownerName,
        since: expect.any(String),
      },
    ]);
  });

  it('when meetingChangedInZoom is saved with either time, then the link keeps its URL and the times agree', async () => {
    use(...meetingScenarios.meetingChangedInZoom({ baseUrl }));
    const changed = await issuedOf(client);
    expect(changed).toMatchObject({ linkStatus: 'active', zoomTime: { durationMinutes: 30 } });

    const zoomTime = changed.zoomTime ?? { startTime: '', durationMinutes: 0 };
    const settled = await client.saveInterviewMeeting(
      'int_1',
      { ...body, hostConnectionId: changed.host.connectionId, ...zoomTime },
      { idempotencyKey: 'k5' },
    );

    expect(settled).toMatchObject({ ...zoomTime, zoomTime: null, joinUrl: changed.joinUrl });
  });

  it('when a host needs re-linking or moved, then saving with it fails with its code', async () => {
    use(...meetingScenarios.meetingNone({ baseUrl }));

    const reauth = { ...body, hostConnectionId: hostFixtures.needsReauthHost.connectionId };
    const moved = { ...body, hostConnectionId: hostFixtures.movedHost.connectionId };
    const unknown = { ...body, hostConnectionId: 'conn_nobody' };

    expect(
      (await failureOf(client.saveInterviewMeeting('i', reauth, { idempotencyKey: 'a' }))).code,
    ).toBe('host_needs_reauth');
    expect(
      (await failureOf(client.saveInterviewMeeting('i', moved, { idempotencyKey: 'b' }))).code,
    ).toBe('host_moved');
    expect(
      (await failureOf(client.saveInterviewMeeting('i', unknown, { idempotencyKey: 'c' }))).code,
    ).toBe('host_not_found');
  });

  it('when meetingSaveQuota, then PUT fails with 429 provider_daily_quota', async () => {
    use(...meetingScenarios.meetingSaveQuota({ baseUrl }));

    const error = await failureOf(
      client.saveInterviewMeeting('int_1', body, { idempotencyKey: 'q' }),
    );

    expect(error).toMatchObject({ status: 429, code: 'provider_daily_quota' });
  });

  it('when meetingSaveRateLimited, then PUT fails with 429 provider_rate_limited and a Retry-After', async () => {
    use(...meetingScenarios.meetingSaveRateLimited({ baseUrl }));

    const response = await fetch(`${baseUrl}/v1/interviews/int_1/meeting`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': 'r' },
      body: JSON.stringify(body),
    });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(ProblemSchema.parse(await response.json()).code).toBe('provider_rate_limited');
  });

  it('when the meeting is deleted, then GET answers null and deleting again still answers 204', async () => {
    use(...meetingScenarios.meetingIssued({ baseUrl }));

    await client.deleteInterviewMeeting('int_1');

    expect(await client.getInterviewMeeting('int_1')).toBeNull();
    await expect(client.deleteInterviewMeeting('int_1')).resolves.toBeUndefined();
  });

  it('when asking for the start URL, then an issued meeting has one and a missing one is 404', async () => {
    use(...meetingScenarios.meetingIssued({ baseUrl }));

    const { startUrl } = await client.getMeetingStartUrl('int_1');
    await client.deleteInterviewMeeting('int_1');

    expect(startUrl).toMatch(/^https:\/\/us05web\.zoom\.us\/s\/81234567890/);
    expect((await failureOf(client.getMeetingStartUrl('int_1'))).code).toBe('meeting_not_found');
  });

  it('when one factory is called twice, then the two sets of handlers keep their own state', async () => {
    const other = 'http://other-bff.test';
    use(
      ...meetingScenarios.meetingIssued({ baseUrl }),
      ...meetingScenarios.meetingIssued({ baseUrl: other }),
    );
    const otherClient = createAtsZoomClient({ baseUrl: other, getToken: () => 't' });

    await client.deleteInterviewMeeting('int_1');

    expect((await issuedOf(otherClient)).linkStatus).toBe('active');
  });

  it('when every meeting scenario answers GET and PUT, then each body parses with the contract', async () => {
    for (const name of meetingScenarioNames) {
      server.resetHandlers(...meetingScenarios[name]({ baseUrl }));
      await parsedAnswer(
        `${baseUrl}/v1/interviews/int_1/meeting`,
        routes.getInterviewMeeting.response,
      );
      const response = await fetch(`${baseUrl}/v1/interviews/int_1/meeting`, {
        method: 'PUT',
        headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': name },
        body: JSON.stringify(body),
      });
      const data: unknown = await response.json();
      if (response.ok) InterviewMeetingSchema.parse(data);
      else ProblemSchema.parse(data);
    }
    expect(meetingScenarioNames).toHaveLength(19);
  });
});

describe('meeting calendar scenarios', () => {
  const now = () => new Date('2025-04-09T01:00:00.000Z');
  const calendar: SaveMeetingInput['calendar'] = {
    register: true,
    attendees: [{ email: 'hanako.sato@acme-corp.example.com', name: '佐藤 花子' }],
    sendUpdates: 'all',
  };

  it('when a save asks for 予定を登録, then the event is registered with its attendees; saving without removes it', async () => {
    use(...meetingScenarios.meetingNone({ baseUrl, now }));

    const saved = await client.saveInterviewMeeting(
      'int_1',
      { ...body, calendar },
      { idempotencyKey: 'c1' },
    );
    const withoutCalendar = await client.saveInterviewMeeting('int_1', body, {
      idempotencyKey: 'c2',
    });

    expect(saved.calendar).toMatchObject({
      status: 'registered',
      attendees: [{ email: 'hanako.sato@acme-corp.example.com', name: '佐藤 花子' }],
      sendUpdates: 'all',
      error: null,
      nextRetryAt: null,
    });
    expect(saved.calendar.eventId).toMatch(/^[0-9a-v]{32}$/);
    expect(saved.calendar.htmlLink).toMatch(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/);
    expect(withoutCalendar.calendar).toMatchObject({ status: 'not_requested', eventId: null });
  });

  it('when meetingCalendarRegistered or meetingCalendarNotRequested, then GET says so', async () => {
    use(...meetingScenarios.meetingCalendarRegistered({ baseUrl, now }));
    const registered = await issuedOf(client);
    server.resetHandlers(...meetingScenarios.meetingCalendarNotRequested({ baseUrl, now }));
    const notRequested = await issuedOf(client);

    expect(registered.calendar).toMatchObject({
      status: 'registered',
      owner: { userName: '田中 太郎' },
    });
    expect(registered.calendar.attendees).toHaveLength(2);
    expect(notRequested.calendar).toMatchObject({ status: 'not_requested', owner: null });
  });

  it('when meetingCalendarFailed, then it failed with calendar_unavailable, retries in five minutes, and retrying now registers it', async () => {
    use(...meetingScenarios.meetingCalendarFailed({ baseUrl, now }));

    const failed = await issuedOf(client);
    const retried = await client.retryMeetingCalendar('int_1');

    expect(failed.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_unavailable', at: '2025-04-09T01:00:00.000Z' },
      nextRetryAt: '2025-04-09T01:05:00.000Z',
    });
    expect(retried.calendar).toMatchObject({
      status: 'registered',
      error: null,
      nextRetryAt: null,
    });
    expect(retried.joinUrl).toBe(failed.joinUrl);
    expect((await issuedOf(client)).calendar.status).toBe('registered');
  });

  it('when meetingOutlookCalendarRegistered, then the event is on the Outlook calendar of the scheduler, with its web link', async () => {
    use(...meetingScenarios.meetingOutlookCalendarRegistered({ baseUrl, now }));

    const { calendar: registered } = await issuedOf(client);

    expect(registered).toMatchObject({
      status: 'registered',
      provider: 'outlook',
      owner: { userName: '田中 太郎', email: fixtures.outlookConnection.email },
    });
    expect(registered.htmlLink).toMatch(/^https:\/\/outlook\.office365\.com\/owa\/\?itemid=/);
  });

  it('when meetingOutlookCalendarFailed, then Outlook failed with calendar_unavailable and retrying registers it on Outlook', async () => {
    use(...meetingScenarios.meetingOutlookCalendarFailed({ baseUrl, now }));

    const failed = await issuedOf(client);
    const retried = await client.retryMeetingCalendar('int_1');

    expect(failed.calendar).toMatchObject({
      status: 'failed',
      provider: 'outlook',
      error: { code: 'calendar_unavailable' },
      nextRetryAt: '2025-04-09T01:05:00.000Z',
    });
    expect(retried.calendar).toMatchObject({ status: 'registered', provider: 'outlook' });
  });

  it('when a save asks for 予定を登録 on Outlook, then the event is registered there; without an Outlook link it is refused naming outlook', async () => {
    use(...meetingScenarios.meetingNone({ baseUrl, now }));
    const saved = await client.saveInterviewMeeting(
      'int_1',
      { ...body, calendar: { ...calendar, provider: 'outlook' } },
      { idempotencyKey: 'o1' },
    );
    expect(saved.calendar).toMatchObject({ status: 'registered', provider: 'outlook' });

    server.resetHandlers(...meetingScenarios.meetingSaveGoogleNotConnected({ baseUrl, now }));
    const refused = await failureOf(
      client.saveInterviewMeeting(
        'int_2',
        { ...body, calendar: { ...calendar, provider: 'outlook' } },
        { idempotencyKey: 'o2' },
      ),
    );
    expect(refused).toMatchObject({ status: 409, code: 'calendar_not_connected' });
    expect(refused.problem?.provider).toBe('outlook');
  });

  it('when meetingCalendarRetryFails, then the retry answers 200 with the calendar still failed and a new retry time', async () => {
    let clock = new Date('2025-04-09T01:00:00.000Z');
    use(...meetingScenarios.meetingCalendarRetryFails({ baseUrl, now: () => clock }));
    await client.getInterviewMeeting('int_1');
    clock = new Date('2025-04-09T01:03:00.000Z');

    const retried = await client.retryMeetingCalendar('int_1');

    expect(retried.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_unavailable', at: '2025-04-09T01:03:00.000Z' },
      nextRetryAt: '2025-04-09T01:08:00.000Z',
    });
  });

  it('when meetingCalendarForbidden, then nothing retries by itself and a retry fails the same way', async () => {
    use(...meetingScenarios.meetingCalendarForbidden({ baseUrl, now }));

    const failed = await issuedOf(client);
    const retried = await client.retryMeetingCalendar('int_1');

    expect(failed.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_forbidden' },
      nextRetryAt: null,
    });
    expect(retried.calendar).toMatchObject({ status: 'failed', nextRetryAt: null });
  });

  it('when meetingCalendarEventDeleted, then it failed with calendar_event_deleted on Google, a re-save keeps it deleted, and retrying registers a new event', async () => {
    use(...meetingScenarios.meetingCalendarEventDeleted({ baseUrl, now }));

    const failed = await issuedOf(client);
    expect(failed.calendar).toMatchObject({
      status: 'failed',
      provider: 'google',
      error: { code: 'calendar_event_deleted', at: '2025-04-09T01:00:00.000Z' },
      nextRetryAt: null,
    });
    const deletedId = failed.calendar.eventId;
    expect(deletedId).not.toBeNull();

    const resaved = await client.saveInterviewMeeting(
      'int_1',
      { ...body, hostConnectionId: failed.host.connectionId, calendar },
      { idempotencyKey: 'deleted-resave' },
    );
    expect(resaved.calendar).toMatchObject({
      status: 'failed',
      eventId: deletedId,
      error: { code: 'calendar_event_deleted' },
      nextRetryAt: null,
    });

    const retried = await client.retryMeetingCalendar('int_1');
    expect(retried.calendar).toMatchObject({
      status: 'registered',
      provider: 'google',
      error: null,
      nextRetryAt: null,
    });
    expect(retried.calendar.eventId).toMatch(/^[0-9a-v]{5,1024}$/);
    expect(retried.calendar.eventId).not.toBe(deletedId);
    expect((await issuedOf(client)).calendar.eventId).toBe(retried.calendar.eventId);
  });

  it('when the calendar was not requested or there is no meeting, then the retry fails with its code', async () => {
    use(...meetingScenarios.meetingIssued({ baseUrl, now }));
    const notRequested = await failureOf(client.retryMeetingCalendar('int_1'));
    server.resetHandlers(...meetingScenarios.meetingNone({ baseUrl, now }));
    const none = await failureOf(client.retryMeetingCalendar('int_1'));

    expect(notRequested).toMatchObject({ status: 409, code: 'calendar_not_requested' });
    expect(none).toMatchObject({ status: 404, code: 'meeting_not_found' });
  });

  it('when meetingSaveGoogleNotConnected, then a save with 予定を登録 fails with nothing issued, and one without works', async () => {
    use(...meetingScenarios.meetingSaveGoogleNotConnected({ baseUrl, now }));

    const refused = await failureOf(
      client.saveInterviewMeeting('int_1', { ...body, calendar }, { idempotencyKey: 'g1' }),
    );
    const missing = await client.getInterviewMeeting('int_1');
    const saved = await client.saveInterviewMeeting('int_1', body, { idempotencyKey: 'g2' });

    expect(refused).toMatchObject({ status: 409, code: 'calendar_not_connected' });
    expect(missing).toBeNull();
    expect(saved.calendar.status).toBe('not_requested');
  });
});

describe('preview scenarios', () => {
  const query = { hostConnectionId: 'conn_host_free', ...slot };

  it('when previewEmbedded, then the passcode is in the URL and join before host takes effect with the waiting room off', async () => {
    use(...previewScenarios.previewEmbedded({ baseUrl }));

    const preview = await client.getMeetingPreview({ ...query, joinBeforeHost: true });

    expect(preview).toMatchObject({
      passcode: 'embedded',
      waitingRoom: false,
      joinBeforeHost: { requested: true, effective: true },
      warnings: [],
    });
  });

  it('when previewJoinBeforeHostNeedsPasscode, then join before host gets a passcode from the BFF, takes effect and the waiting room is off', async () => {
    use(...previewScenarios.previewJoinBeforeHostNeedsPasscode({ baseUrl }));

    const asked = await client.getMeetingPreview({ ...query, joinBeforeHost: true });
    const notAsked = await client.getMeetingPreview({ ...query, joinBeforeHost: false });

    expect(asked).toMatchObject({
      passcode: 'embedded',
      waitingRoom: false,
      joinBeforeHost: { requested: true, effective: true },
      warnings: [{ code: 'join_before_host_needs_passcode' }],
    });
    expect(notAsked).toMatchObject({ passcode: 'none', waitingRoom: true, warnings: [] });
  });

  it('when previewPasscodeNotEmbedded, then the passcode is required, not in the URL, and it warns', async () => {
    use(...previewScenarios.previewPasscodeNotEmbedded({ baseUrl }));

    const preview = await client.getMeetingPreview({ ...query, joinBeforeHost: false });

    expect(preview).toMatchObject({
      passcode: 'required_not_embedded',
      warnings: [{ code: 'passcode_not_embedded' }],
    });
  });

  it('when previewQuotaLow, then few creates are left and it warns', async () => {
    use(...previewScenarios.previewQuotaLow({ baseUrl }));

    const preview = await client.getMeetingPreview({ ...query, joinBeforeHost: false });

    expect(preview.quota).toEqual({ usedToday: 96, limit: 100, remaining: 4 });
    expect(preview.warnings).toContainEqual({ code: 'daily_quota_low' });
  });

  it('when every preview scenario answers, then each body parses with the contract', async () => {
    for (const name of previewScenarioNames) {
      server.resetHandlers(...previewScenarios[name]({ baseUrl }));
      await parsedAnswer(
        `${baseUrl}/v1/meetings/preview?hostConnectionId=conn_host_free&start=${encodeURIComponent(slot.start)}&durationMinutes=60&joinBeforeHost=true`,
        MeetingPreviewSchema,
      );
    }
    expect(previewScenarioNames).toHaveLength(6);
  });
});

describe('scenario groups', () => {
  it('when a connection, a host and a meeting scenario are installed together, then each answers its own routes', async () => {
    use(
      ...zoomConnectionScenarios.connected({ baseUrl }),
      ...hostScenarios.hostsEmpty({ baseUrl }),
      ...meetingScenarios.meetingIssued({ baseUrl }),
    );

    expect((await client.getMyConnections()).zoom?.status).toBe('active');
    expect((await client.listHosts(slot)).hosts).toEqual([]);
    expect((await issuedOf(client)).linkStatus).toBe('active');
  });
});

describe('a slot in the past, judged like the BFF', () => {
  // 2030-01-15 10:00 in Tokyo.
  const now = () => new Date('2030-01-15T01:00:00.000Z');
  const at = (start: string, durationMinutes = 30) => ({
    ...body,
    startTime: start,
    durationMinutes,
  });

  it('when the preview slot is ahead, started or over, then no warning, start_in_past or meeting_in_past', async () => {
    use(...previewScenarios.previewEmbedded({ baseUrl, now }));
    const warningsAt = async (start: string) =>
      (
        await client.getMeetingPreview({
          hostConnectionId: 'conn_host_free',
          start,
          durationMinutes: 30,
          joinBeforeHost: true,
        })
      ).warnings;

    expect(await warningsAt('2030-01-15T10:30:00+09:00')).toEqual([]);
    expect(await warningsAt('2030-01-15T09:45:00+09:00')).toEqual([{ code: 'start_in_past' }]);
    expect(await warningsAt('2030-01-15T09:30:00+09:00')).toEqual([{ code: 'meeting_in_past' }]);
  });

  it('when a save is for a slot already over, then 422 meeting_in_past and nothing is saved; a started slot is saved', async () => {
    use(...meetingScenarios.meetingNone({ baseUrl, now }));

    const refused = await failureOf(
      client.saveInterviewMeeting('int_1', at('2030-01-15T09:30:00+09:00'), {
        idempotencyKey: 'p1',
      }),
    );
    const missing = await client.getInterviewMeeting('int_1');
    const running = await client.saveInterviewMeeting('int_1', at('2030-01-15T09:45:00+09:00'), {
      idempotencyKey: 'p2',
    });

    expect(refused).toMatchObject({ status: 422, code: 'meeting_in_past' });
    expect(missing).toBeNull();
    expect(running).toMatchObject({ startTime: '2030-01-15T09:45:00+09:00', linkStatus: 'active' });
  });

  it('when an issued interview is over, then saving it again is refused, it stays as it was, and cancelling works', async () => {
    let clock = now();
    use(...meetingScenarios.meetingNone({ baseUrl, now: () => clock }));
    const saved = await client.saveInterviewMeeting('int_1', at('2030-01-15T10:30:00+09:00'), {
      idempotencyKey: 'k1',
    });
    clock = new Date('2030-01-15T02:30:00.000Z');

    const replay = await client.saveInterviewMeeting('int_1', at('2030-01-15T10:30:00+09:00'), {
      idempotencyKey: 'k1',
    });
    const late = await failureOf(
      client.saveInterviewMeeting(
        'int_1',
        { ...at('2030-01-15T10:30:00+09:00'), topic: '二次面接' },
        { idempotencyKey: 'k2' },
      ),
    );
    const kept = await client.getInterviewMeeting('int_1');
    await client.deleteInterviewMeeting('int_1');

    expect(replay).toEqual(saved);
    expect(late.code).toBe('meeting_in_past');
    expect(kept).toEqual(saved);
    expect(await client.getInterviewMeeting('int_1')).toBeNull();
  });
});

describe('each group on its own answers in the order and with the checks of the BFF', () => {
  const preview = (hostConnectionId: string) =>
    client.getMeetingPreview({ hostConnectionId, ...slot, joinBeforeHost: false });

  it('when the role is interviewer, then hosts, preview, meetings and variables answer 403 forbidden', async () => {
    const role = 'interviewer';
    use(
      ...hostScenarios.hostsMixed({ baseUrl, role }),
      ...previewScenarios.previewEmbedded({ baseUrl, role }),
      ...meetingScenarios.meetingIssued({ baseUrl, role }),
      ...variableScenarios.variablesTemplate({ baseUrl, role }),
    );

    const refusals = await Promise.all([
      failureOf(client.listHosts(slot)),
      failureOf(preview('conn_host_free')),
      failureOf(client.getInterviewMeeting('int_1')),
      failureOf(client.saveInterviewMeeting('int_1', body, { idempotencyKey: 'r1' })),
      failureOf(client.listVariables({ context: 'template' })),
    ]);

    expect(refusals.map((error) => [error.status, error.code])).toEqual(
      refusals.map(() => [403, 'forbidden']),
    );
    // Any role may ask for a start URL (only the host's owner gets one).
    expect((await client.getMeetingStartUrl('int_1')).startUrl).toMatch(/^https:\/\//);
  });

  it('when the preview names a host the tenant lacks or cannot use, then 404 or 409 as the BFF; a busy host warns host_busy', async () => {
    use(...previewScenarios.previewEmbedded({ baseUrl }));

    expect(await failureOf(preview('conn_nobody'))).toMatchObject({
      status: 404,
      code: 'host_not_found',
    });
    expect((await failureOf(preview(hostFixtures.needsReauthHost.connectionId))).code).toBe(
      'host_needs_reauth',
    );
    expect((await failureOf(preview(hostFixtures.movedHost.connectionId))).code).toBe('host_moved');
    expect((await preview(hostFixtures.busyHost.connectionId)).warnings).toEqual([
      { code: 'host_busy' },
    ]);
    expect((await preview(hostFixtures.freeHost.connectionId)).warnings).toEqual([]);
  });

  it('when a PUT has an invalid body and no Idempotency-Key, then the body is reported first (400 validation_failed)', async () => {
    use(...meetingScenarios.meetingNone({ baseUrl }));

    const response = await fetch(`${baseUrl}/v1/interviews/int_1/meeting`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...body, durationMinutes: 0 }),
    });

    expect(ProblemSchema.parse(await response.json())).toMatchObject({
      code: 'validation_failed',
      errors: [{ pointer: '/durationMinutes' }],
    });
  });

  it('when the save names an unknown host in a scenario whose Zoom step fails, then 404 host_not_found comes first, as the BFF looks the host up before Zoom', async () => {
    use(...meetingScenarios.meetingSaveQuota({ baseUrl }));

    const unknown = await failureOf(
      client.saveInterviewMeeting(
        'int_1',
        { ...body, hostConnectionId: 'conn_nobody' },
        { idempotencyKey: 'q1' },
      ),
    );

    expect(unknown).toMatchObject({ status: 404, code: 'host_not_found' });
  });
});
