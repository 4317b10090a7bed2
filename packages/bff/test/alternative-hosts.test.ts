import { ZOOM_ROUTE_GROUPS } from '@ats-zoom/provider-emulator';
import { describe, expect, it } from 'vitest';
import { type Harness, linkZoomAccount, startHarness, tenantAUser } from './harness';
import { closeHarnessAfterEach, fastMeetings, meetingBody, meetingRequests } from './meeting-world';

// Aiko schedules and hosts on acme (licensed). Daniel is in acme too (licensed), Yui in globex,
// Haruka on a personal Basic account; Ivan has not linked Zoom.
const aiko = tenantAUser('Aiko', 'recruiter');
const daniel = tenantAUser('Daniel', 'interviewer');
const yui = tenantAUser('Yui', 'interviewer');
const haruka = tenantAUser('Haruka', 'interviewer');
const ivan = tenantAUser('Ivan', 'interviewer');

let h: Harness;
closeHarnessAfterEach(() => h);
const { put, get } = meetingRequests(() => h, aiko);

async function setUp() {
  h = await startHarness(fastMeetings);
  const zoom = h.emulator.zoom.seeded;
  h.emulator.zoom.preApprove('globex');
  const host = await linkZoomAccount(h, aiko, zoom.managedApproved);
  await linkZoomAccount(h, daniel, zoom.managedApproved2);
  await linkZoomAccount(h, yui, zoom.managedPending);
  await linkZoomAccount(h, haruka, zoom.personal);
  return { host, zoom };
}

const everyone = [aiko, daniel, yui, haruka, ivan];

function preview(host: string, interviewers = everyone) {
  const ids = interviewers.map((who) => who.sub).join(',');
  return h.api(
    'GET',
    `/v1/meetings/preview?hostConnectionId=${host}&start=2030-01-20T01:00:00Z&durationMinutes=30&joinBeforeHost=false&interviewers=${ids}`,
    { user: aiko },
  );
}

const body = (host: string, interviewers = everyone, overrides: Record<string, unknown> = {}) =>
  meetingBody(host, {
    interviewers: interviewers.map((who) =>
      who === ivan ? { userId: who.sub, name: '伊藤 イヴァン' } : { userId: who.sub },
    ),
    ...overrides,
  });

const zoomMeetingOf = (id: string) => {
  const found = h.emulator.zoom.allMeetings().find((m) => String(m.id) === id);
  if (!found) throw new Error(`no Zoom meeting ${id}`);
  return found;
};
const creates = () => h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings'] ?? 0;

describe('interviewers as Zoom alternative hosts', () => {
  it('when the interviewers are the host, a licensed colleague, other accounts and someone unlinked, then the preview says why for each and the save adds only the colleague at Zoom', async () => {
    const { host, zoom } = await setUp();

    const shown = await preview(host);
    expect(shown.status).toBe(200);
    expect(shown.json.interviewers).toEqual([
      { userId: aiko.sub, name: 'Aiko', zoomEmail: zoom.managedApproved.email, status: 'host' },
      {
        userId: daniel.sub,
        name: 'Daniel',
        zoomEmail: zoom.managedApproved2.email,
        status: 'alternative_host',
      },
      {
        userId: yui.sub,
        name: 'Yui',
        zoomEmail: zoom.managedPending.email,
        status: 'different_account',
      },
      {
        userId: haruka.sub,
        name: 'Haruka',
        zoomEmail: zoom.personal.email,
        status: 'different_account',
      },
      { userId: ivan.sub, name: null, zoomEmail: null, status: 'not_connected' },
    ]);

    const saved = await put('iv-1', body(host));
    expect(saved.status).toBe(200);
    expect(saved.json.interviewers.map((i: { status: string }) => i.status)).toEqual([
      'host',
      'alternative_host',
      'different_account',
      'different_account',
      'not_connected',
    ]);
    expect(saved.json.interviewers[4]).toMatchObject({ name: '伊藤 イヴァン' });
    expect(zoomMeetingOf(saved.json.zoomMeetingId).settings.alternative_hosts).toBe(
      zoom.managedApproved2.email,
    );
    expect((await get('iv-1')).json.interviewers).toEqual(saved.json.interviewers);

    // No provider token (nor the host's start URL) reaches an answer or a log line.
    expect(h.wire.secrets.size).toBeGreaterThan(0);
    for (const secret of h.wire.secrets) {
      for (const response of h.wire.bffResponses) expect(response).not.toContain(secret);
      for (const line of h.logLines) expect(line).not.toContain(secret);
    }
    for (const response of h.wire.bffResponses) expect(response).not.toContain('zak=');
  });

  it('when a colleague in the host’s account is Basic, then they are not_licensed and Zoom is not asked to add them', async () => {
    const { host, zoom } = await setUp();
    h.emulator.zoom.setUserType(zoom.managedApproved2.id, 1);

    expect((await preview(host, [daniel])).json.interviewers).toMatchObject([
      { userId: daniel.sub, status: 'not_licensed' },
    ]);
    const saved = await put('iv-1', body(host, [daniel]));
    expect(saved.json.interviewers).toMatchObject([{ status: 'not_licensed' }]);
    expect(zoomMeetingOf(saved.json.zoomMeetingId).settings.alternative_hosts).toBe('');
    expect(creates()).toBe(1);
  });

  it('when the host is Basic, then every other interviewer in its account is host_not_licensed', async () => {
    const { host, zoom } = await setUp();
    h.emulator.zoom.setUserType(zoom.managedApproved.id, 1);

    const shown = await preview(host);
    expect(shown.json.interviewers.map((i: { status: string }) => i.status)).toEqual([
      'host',
      'host_not_licensed',
      'different_account',
      'different_account',
      'not_connected',
    ]);
    expect(shown.json.warnings).not.toContainEqual({ code: 'basic_license_time_limit' });
    const saved = await put('iv-1', body(host));
    expect(saved.status).toBe(200);
    expect(saved.json.interviewers[1]).toMatchObject({ status: 'host_not_licensed' });
    expect(zoomMeetingOf(saved.json.zoomMeetingId).settings.alternative_hosts).toBe('');
  });

  it('when Zoom refuses a colleague whose licence was taken away after it was read, then the meeting is still made once, without them, and they are not_licensed', async () => {
    const { host, zoom } = await setUp();
    expect((await preview(host, [daniel])).json.interviewers[0].status).toBe('alternative_host');
    // The licence read above is cached; Zoom knows better now.
    h.emulator.zoom.setUserType(zoom.managedApproved2.id, 1);

    const saved = await put('iv-1', body(host, [aiko, daniel]));
    expect(saved.status).toBe(200);
    expect(saved.json.interviewers).toMatchObject([
      { userId: aiko.sub, status: 'host' },
      { userId: daniel.sub, status: 'not_licensed' },
    ]);
    expect(creates()).toBe(2); // the refused create made nothing
    expect(h.emulator.zoom.meetings(zoom.managedApproved.id).map((m) => String(m.id))).toEqual(
      expect.arrayContaining([saved.json.zoomMeetingId]),
    );
    expect(
      h.emulator.zoom.meetings(zoom.managedApproved.id).filter((m) => m.topic === saved.json.topic),
    ).toHaveLength(1);
    // The refusal dropped the cached licence: the next preview reads Zoom again.
    expect((await preview(host, [daniel])).json.interviewers[0].status).toBe('not_licensed');
  });

  it('when the answer to a refused create is lost too, then the save finds nothing to adopt, is refused again, drops the colleague and makes one meeting', async () => {
    const { host, zoom } = await setUp();
    // The licence read (and cached) before the change is what the save goes by.
    expect((await preview(host, [daniel])).json.interviewers[0].status).toBe('alternative_host');
    h.emulator.zoom.setUserType(zoom.managedApproved2.id, 1);
    h.emulator.zoom.dropNext(1, ZOOM_ROUTE_GROUPS.createMeeting);

    const saved = await put('iv-1', body(host, [daniel]));
    expect(saved.status).toBe(200);
    expect(saved.json.interviewers).toMatchObject([{ status: 'not_licensed' }]);
    expect(creates()).toBe(3); // refused (answer lost), refused again, made without Daniel
    expect(
      h.emulator.zoom.meetings(zoom.managedApproved.id).filter((m) => m.topic === saved.json.topic),
    ).toHaveLength(1);
  });

  it('when the create’s answer is lost, then the one meeting at Zoom is adopted with its alternative host', async () => {
    const { host, zoom } = await setUp();
    h.emulator.zoom.dropNext(1, ZOOM_ROUTE_GROUPS.createMeeting);

    const saved = await put('iv-1', body(host, [daniel]));
    expect(saved.status).toBe(200);
    expect(saved.json.interviewers).toMatchObject([{ status: 'alternative_host' }]);
    const ours = h.emulator.zoom
      .meetings(zoom.managedApproved.id)
      .filter((m) => m.topic === saved.json.topic);
    expect(ours).toHaveLength(1);
    expect(ours[0]?.settings.alternative_hosts).toBe(zoom.managedApproved2.email);
  });

  it('when a reschedule changes the interviewers, then the alternative hosts are PATCHed on the same meeting, and left alone when they do not change', async () => {
    const { host, zoom } = await setUp();
    const patches = () => h.emulator.zoom.stats().endpoints['PATCH /v2/meetings/{meetingId}'] ?? 0;
    const first = await put('iv-1', body(host, [ivan]));
    expect(zoomMeetingOf(first.json.zoomMeetingId).settings.alternative_hosts).toBe('');

    const added = await put('iv-1', body(host, [ivan, daniel]));
    expect(added.json.zoomMeetingId).toBe(first.json.zoomMeetingId);
    expect(added.json.interviewers).toMatchObject([
      { status: 'not_connected' },
      { status: 'alternative_host' },
    ]);
    expect(zoomMeetingOf(first.json.zoomMeetingId).settings.alternative_hosts).toBe(
      zoom.managedApproved2.email,
    );
    expect(patches()).toBe(1);

    const same = await put('iv-1', body(host, [daniel, ivan]));
    expect(same.json.interviewers.map((i: { userId: string }) => i.userId)).toEqual([
      daniel.sub,
      ivan.sub,
    ]);
    expect(patches()).toBe(1);

    const removed = await put('iv-1', body(host, [ivan], { topic: '二次面接 / Second interview' }));
    expect(removed.json.interviewers).toMatchObject([{ status: 'not_connected' }]);
    expect(zoomMeetingOf(first.json.zoomMeetingId)).toMatchObject({
      topic: '二次面接 / Second interview',
      settings: { alternative_hosts: '' },
    });
    expect(patches()).toBe(2);
  });

  it('when Zoom does not tell the licences, then the preview fails as Zoom unavailable and a save lets Zoom decide', async () => {
    const { host, zoom } = await setUp();
    h.emulator.zoom.failNext(50, 503, { path: '/zoom/v2/users/me', method: 'GET' });

    const shown = await preview(host, [daniel]);
    expect(shown.status).toBe(503);
    expect(shown.json.code).toBe('provider_unavailable');
    const saved = await put('iv-1', body(host, [daniel, yui]));
    expect(saved.status).toBe(200);
    expect(saved.json.interviewers).toMatchObject([
      { userId: daniel.sub, status: 'alternative_host' },
      { userId: yui.sub, status: 'different_account' },
    ]);
    expect(zoomMeetingOf(saved.json.zoomMeetingId).settings.alternative_hosts).toBe(
      zoom.managedApproved2.email,
    );
  });

  it('when Zoom refuses a colleague a reschedule adds, then the PATCH is sent again without them and the new time still applies', async () => {
    const { host, zoom } = await setUp();
    const first = await put('iv-1', body(host, []));
    expect((await preview(host, [daniel])).json.interviewers[0].status).toBe('alternative_host');
    h.emulator.zoom.setUserType(zoom.managedApproved2.id, 1);

    const moved = await put(
      'iv-1',
      body(host, [daniel], { startTime: '2030-01-21T10:00:00+09:00' }),
    );
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({
      zoomMeetingId: first.json.zoomMeetingId,
      startTime: '2030-01-21T01:00:00.000Z',
      interviewers: [{ userId: daniel.sub, status: 'not_licensed' }],
    });
    expect(zoomMeetingOf(first.json.zoomMeetingId)).toMatchObject({
      start_time: '2030-01-21T01:00:00Z',
      settings: { alternative_hosts: '' },
    });
    expect(h.emulator.zoom.stats().endpoints['PATCH /v2/meetings/{meetingId}']).toBe(2);
  });

  it('when an alternative host asks for the start URL, then 403 and no URL: only the host’s owner starts it', async () => {
    const { host } = await setUp();
    const saved = await put('iv-1', body(host, [daniel]));
    expect(saved.json.interviewers[0].status).toBe('alternative_host');

    const asked = await h.api('GET', '/v1/interviews/iv-1/meeting/start-url', { user: daniel });
    expect(asked.status).toBe(403);
    expect(asked.json.startUrl).toBeUndefined();
    expect(asked.text).not.toContain('zak=');
    const owner = await h.api('GET', '/v1/interviews/iv-1/meeting/start-url', { user: aiko });
    expect(owner.status).toBe(200);
  });
});
