import {
  InterviewMeetingSchema,
  ProblemSchema,
  routes,
  type SaveMeetingInput,
} from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import {
  baseUrl,
  contractCheckedClient,
  failureOf,
  issuedOf,
  setupScenarioServer,
} from '../test/scenario-server';
import { createScenarioHandlers, type ScenarioHandlersOptions } from './bff-scenarios';
import { hostFixtures, tokyoSlotStart } from './meeting-fixtures';
import { meetingScenarioNames } from './meeting-scenarios';

const server = setupScenarioServer();

const client = contractCheckedClient();

const slot = { start: tokyoSlotStart(3), durationMinutes: 60 };
const calendar: SaveMeetingInput['calendar'] = {
  register: true,
  attendees: [{ email: 'hanako.sato@acme-corp.example.com', name: '佐藤 花子' }],
  sendUpdates: 'all',
};

function body(hostConnectionId: string, extra: Partial<SaveMeetingInput> = {}): SaveMeetingInput {
  return {
    candidateId: 'cand_1',
    hostConnectionId,
    topic: '一次面接',
    startTime: slot.start,
    durationMinutes: slot.durationMinutes,
    timezone: 'Asia/Tokyo',
    joinBeforeHost: false,
    ...extra,
  };
}

let keys = 0;
const save = (interviewId: string, saved: SaveMeetingInput) =>
  client.saveInterviewMeeting(interviewId, saved, { idempotencyKey: `key-${++keys}` });

function use(options: Omit<ScenarioHandlersOptions, 'baseUrl'>) {
  server.use(...createScenarioHandlers({ baseUrl, ...options }));
}

/** Links a provider through the scenarios' connect flow, as the link buttons do. */
async function connect(provider: 'zoom' | 'google' | 'outlook') {
  const started = await client.startAuthorization(provider);
  const attempt = await client.getOAuthAttempt(started.attemptId);
  if (attempt.connection === null) throw new Error(`${provider} did not connect`);
  return attempt.connection;
}

/** The caller's own Zoom link as a host, when the list has it. */
async function ownHost() {
  const me = await client.getMyConnections();
  const { hosts } = await client.listHosts(slot);
  return hosts.find((host) => host.connectionId === me.zoom?.id);
}

describe('one fake BFF: Google Calendar link x 予定を登録', () => {
  it('when Google is not connected, then a save with 予定を登録 is refused with nothing issued; after connecting Google it registers', async () => {
    use({ google: 'notConnected' });
    const host = (await ownHost())?.connectionId ?? '';

    const refused = await failureOf(save('int_1', body(host, { calendar })));
    const nothing = await client.getInterviewMeeting('int_1');
    await connect('google');
    const saved = await save('int_1', body(host, { calendar }));

    expect(refused).toMatchObject({ status: 409, code: 'calendar_not_connected' });
    expect(nothing).toBeNull();
    expect(saved.calendar).toMatchObject({
      status: 'registered',
      owner: { userName: '田中 太郎' },
    });
  });

  it('when the Google link must be reconnected or moved to a colleague, then a first 予定を登録 is refused with calendar_needs_reauth', async () => {
    for (const google of ['needsReauth', 'movedSameTenant', 'movedOtherTenant'] as const) {
      server.resetHandlers(...createScenarioHandlers({ baseUrl, google }));
      const host = (await ownHost())?.connectionId ?? '';

      const refused = await failureOf(save('int_1', body(host, { calendar })));

      expect(refused, google).toMatchObject({ status: 409, code: 'calendar_needs_reauth' });
    }
  });

  it('when Google was disconnected after the event was registered, then re-saving keeps the meeting with the calendar step failed, and a retry after reconnecting registers it', async () => {
    use({ meeting: 'meetingCalendarRegistered', google: 'notConnected' });

    const registered = await issuedOf(client);
    const resaved = await save(
      'int_1',
      body(registered.host.connectionId, { topic: '二次面接', calendar }),
    );
    const stillFailing = await client.retryMeetingCalendar('int_1');
    await connect('google');
    const retried = await client.retryMeetingCalendar('int_1');

    expect(registered.calendar.status).toBe('registered');
    expect(resaved).toMatchObject({ topic: '二次面接', joinUrl: registered.joinUrl });
    expect(resaved.calendar).toMatchObject({
      status: 'failed',
      error: { code: 'calendar_not_connected' },
      nextRetryAt: null,
    });
    expect(stillFailing.calendar).toMatchObject({ status: 'failed', nextRetryAt: null });
    expect(retried.calendar).toMatchObject({ status: 'registered', error: null });
  });

  it('when the event cannot be removed because Google was disconnected, then the removal waits, and a retry after reconnecting removes it', async () => {
    use({ meeting: 'meetingCalendarRegistered', google: 'notConnected' });
    const registered = await issuedOf(client);

    const withoutCalendar = await save('int_1', body(registered.host.connectionId));
    await connect('google');
    const retried = await client.retryMeetingCalendar('int_1');

    expect(withoutCalendar.calendar).toMatchObject({
      status: 'failed',
      attendees: [],
      eventId: registered.calendar.eventId,
      error: { code: 'calendar_not_connected' },
    });
    expect(retried.calendar).toMatchObject({ status: 'not_requested', eventId: null });
  });
});

describe("one fake BFF: the caller's Zoom link x hosts, saves and start URLs", () => {
  it('when Zoom is not connected, then the caller is no host: saving or previewing with that account is 404, and after connecting it is listed and works', async () => {
    use({ zoom: 'notConnected' });

    const { hosts } = await client.listHosts(slot);
    const saveAtFixture = await failureOf(save('int_1', body(hostFixtures.freeHost.connectionId)));
    const previewAtFixture = await failureOf(
      client.getMeetingPreview({
        hostConnectionId: hostFixtures.freeHost.connectionId,
        ...slot,
        joinBeforeHost: false,
      }),
    );
    const link = await connect('zoom');
    const own = await ownHost();
    const saved = await save('int_1', body(link.id));

    expect(hosts.map((host) => host.ownerName)).not.toContain('田中 太郎');
    expect(saveAtFixture).toMatchObject({ status: 404, code: 'host_not_found' });
    expect(previewAtFixture).toMatchObject({ status: 404, code: 'host_not_found' });
    expect(own).toMatchObject({ ownerName: '田中 太郎', selectable: true, busy: 'free' });
    expect(saved.host).toMatchObject({ connectionId: link.id, ownerName: '田中 太郎' });
  });

  it('when the Zoom link needs re-linking, then it is listed unselectable, its meeting says so, saving and previewing with it is 409 host_needs_reauth, it cannot be started but can be cancelled', async () => {
    use({ zoom: 'needsReauth', meeting: 'meetingIssued' });

    const own = await ownHost();
    const issued = await issuedOf(client);
    const refused = await failureOf(save('int_2', body(own?.connectionId ?? '')));
    const preview = await failureOf(
      client.getMeetingPreview({
        hostConnectionId: own?.connectionId ?? '',
        ...slot,
        joinBeforeHost: false,
      }),
    );
    const start = await failureOf(client.getMeetingStartUrl('int_1'));
    const reissue = await failureOf(save('int_1', body(own?.connectionId ?? '')));

    expect(own).toMatchObject({ selectable: false, unavailableReason: 'needs_reauth' });
    expect(issued).toMatchObject({
      host: { connectionId: own?.connectionId },
      hostLink: 'needs_reauth',
    });
    expect(refused).toMatchObject({ status: 409, code: 'host_needs_reauth' });
    expect(preview).toMatchObject({ status: 409, code: 'host_needs_reauth' });
    expect(reissue).toMatchObject({ status: 409, code: 'host_needs_reauth' });
    expect(start).toMatchObject({ status: 409, code: 'needs_reauth' });
    expect((await issuedOf(client)).linkStatus).toBe('active');
    // Cancel works though the host's link needs re-authorization; afterwards there is none.
    await client.deleteInterviewMeeting('int_1');
    expect(await client.getInterviewMeeting('int_1')).toBeNull();
  });

  it('when the caller owns the host, then the start URL comes; at a colleague host it is 403; after disconnecting Zoom its host is 404', async () => {
    use({ meeting: 'meetingIssued' });
    const issued = await issuedOf(client);
    const { startUrl } = await client.getMeetingStartUrl('int_1');
    await save('int_2', body(hostFixtures.busyHost.connectionId));
    const colleague = await failureOf(client.getMeetingStartUrl('int_2'));

    const me = await client.getMyConnections();
    await client.deleteConnection(me.zoom?.id ?? '');
    const gone = await failureOf(save('int_1', body(issued.host.connectionId)));

    expect(startUrl).toContain(issued.zoomMeetingId);
    expect(colleague).toMatchObject({ status: 403, code: 'forbidden' });
    expect(gone).toMatchObject({ status: 404, code: 'host_not_found' });
    expect((await client.listHosts(slot)).hosts.map((host) => host.ownerName)).not.toContain(
      '田中 太郎',
    );
  });

  it('when the tenant has no hosts, then the list is empty and no fixture host can be saved with or previewed', async () => {
    use({ zoom: 'notConnected', hosts: 'hostsEmpty' });

    const { hosts } = await client.listHosts(slot);
    const refused = await failureOf(save('int_1', body(hostFixtures.busyHost.connectionId)));
    const preview = await failureOf(
      client.getMeetingPreview({
        hostConnectionId: hostFixtures.busyHost.connectionId,
        ...slot,
        joinBeforeHost: false,
      }),
    );

    expect(hosts).toEqual([]);
    expect(refused.code).toBe('host_not_found');
    expect(preview.code).toBe('host_not_found');
  });
});

describe('one fake BFF: roles and slots', () => {
  it('when the caller is an interviewer, then every scheduling route is 403 forbidden and the connection routes work', async () => {
    use({ role: 'interviewer', meeting: 'meetingIssued' });
    const host = hostFixtures.busyHost.connectionId;

    const refusals = await Promise.all([
      failureOf(client.listHosts(slot)),
      failureOf(
        client.getMeetingPreview({ hostConnectionId: host, ...slot, joinBeforeHost: false }),
      ),
      failureOf(client.getInterviewMeeting('int_1')),
      failureOf(save('int_1', body(host))),
      failureOf(client.deleteInterviewMeeting('int_1')),
      failureOf(client.retryMeetingCalendar('int_1')),
      failureOf(client.listVariables({ context: 'template' })),
    ]);

    expect(refusals.map((error) => [error.status, error.code])).toEqual(
      refusals.map(() => [403, 'forbidden']),
    );
    expect((await client.getMyConnections()).zoom?.status).toBe('active');
    expect((await client.getMeetingStartUrl('int_1')).startUrl).toMatch(/^https:\/\//);
  });

  it('when a slot is over, then the preview warns meeting_in_past and the save is refused before the host or Google is looked at', async () => {
    use({ zoom: 'notConnected', google: 'notConnected' });
    const past = { ...slot, start: tokyoSlotStart(-1) };

    const preview = await client.getMeetingPreview({
      hostConnectionId: hostFixtures.busyHost.connectionId,
      ...past,
      joinBeforeHost: false,
    });
    const refused = await failureOf(
      save('int_1', body('conn_nobody', { startTime: past.start, calendar })),
    );

    expect(preview.warnings[0]).toEqual({ code: 'meeting_in_past' });
    expect(refused).toMatchObject({ status: 422, code: 'meeting_in_past' });
  });

  it('when a meeting scenario that has no Google link is asked for with one, then it throws instead of guessing', () => {
    expect(() =>
      createScenarioHandlers({
        baseUrl,
        meeting: 'meetingSaveGoogleNotConnected',
        google: 'connected',
      }),
    ).toThrow(/meetingSaveGoogleNotConnected/);
    expect(() =>
      createScenarioHandlers({ baseUrl, meeting: 'meetingSaveGoogleNotConnected' }),
    ).not.toThrow();
  });

  it('when any meeting scenario meets each Zoom and Google link state, then GET and a save with 予定を登録 answer what the contract allows', async () => {
    const zooms = ['connected', 'notConnected', 'needsReauth'] as const;
    const googles = ['connected', 'notConnected', 'needsReauth'] as const;
    const seen = new Set<string>();
    for (const meeting of meetingScenarioNames) {
      for (const zoom of zooms) {
        for (const google of googles) {
          if (meeting === 'meetingSaveGoogleNotConnected' && google !== 'notConnected') continue;
          server.resetHandlers(...createScenarioHandlers({ baseUrl, meeting, zoom, google }));
          const headers = { Authorization: 'Bearer t', 'Content-Type': 'application/json' };
          const got = await fetch(`${baseUrl}/v1/interviews/int_1/meeting`, { headers });
          const put = await fetch(`${baseUrl}/v1/interviews/int_1/meeting`, {
            method: 'PUT',
            headers: { ...headers, 'Idempotency-Key': `${meeting}-${zoom}-${google}` },
            body: JSON.stringify(body(hostFixtures.busyHost.connectionId, { calendar })),
          });
          for (const [response, schema] of [
            [got, routes.getInterviewMeeting.response],
            [put, InterviewMeetingSchema],
          ] as const) {
            const data: unknown = await response.json();
            if (response.ok) schema.parse(data);
            else seen.add(ProblemSchema.parse(data).code);
          }
          // 予定を登録 works exactly when the link works (or the event already has its owner).
          if (google !== 'connected' && put.ok) {
            expect(meeting, `${zoom}/${google}`).toMatch(
              /^meeting(Outlook)?(Calendar(?!NotRequested)|ChangedInZoom)/,
            );
          }
        }
      }
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['calendar_needs_reauth', 'calendar_not_connected']),
    );
  });
});

describe('one fake BFF: Outlook beside Google', () => {
  const outlookCalendar = { ...calendar, provider: 'outlook' } as const;

  it('when the scheduler links Outlook, then 予定を登録 on Outlook is refused before and registers after', async () => {
    use({ outlook: 'notConnected', hosts: 'hostsMixed' });
    const host = hostFixtures.busyHost.connectionId;

    const refused = await failureOf(save('int_o1', body(host, { calendar: outlookCalendar })));
    expect(refused).toMatchObject({ status: 409, code: 'calendar_not_connected' });
    expect(refused.problem?.provider).toBe('outlook');

    await connect('outlook');
    const saved = await save('int_o1', body(host, { calendar: outlookCalendar }));
    expect(saved.calendar).toMatchObject({ status: 'registered', provider: 'outlook' });
    // Google is linked as well and untouched: its events are a separate calendar.
    expect((await client.getMyConnections()).google).toMatchObject({ status: 'active' });
  });

  it('when the BFF has no Outlook, then me has no outlook field', async () => {
    use({});

    expect(await client.getMyConnections()).not.toHaveProperty('outlook');
  });

  it('when Outlook is linked and Google is not, then 予定を登録 on Outlook works and on Google is refused', async () => {
    use({ outlook: 'connected', google: 'notConnected' });
    const host = hostFixtures.busyHost.connectionId;

    const onOutlook = await save('int_o2', body(host, { calendar: outlookCalendar }));
    const onGoogle = await failureOf(save('int_o3', body(host, { calendar })));

    expect(onOutlook.calendar.provider).toBe('outlook');
    expect(onGoogle).toMatchObject({ code: 'calendar_not_connected' });
    expect(onGoogle.problem?.provider).toBe('google');
    expect((await issuedOf(client, 'int_o2')).calendar.status).toBe('registered');
  });
});
