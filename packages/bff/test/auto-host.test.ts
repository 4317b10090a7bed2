import { randomUUID } from 'node:crypto';
import { saveBodyOfMeeting, USERS_MANAGE_SCOPE } from '@ats-zoom/contract';
import type { ZoomUser } from '@ats-zoom/provider-emulator';
import { describe, expect, it } from 'vitest';
import {
  type AtsUser,
  type Harness,
  type HarnessOptions,
  linkZoomAccount,
  startHarness,
  tenantAUser,
} from './harness';
import {
  closeHarnessAfterEach,
  fastMeetingTuning,
  isBffMeeting,
  meetingBody,
  meetingRequests,
} from './meeting-world';
import { freshSchema, postgresUrl, storeEngines } from './postgres';

const engines = await storeEngines('auto-host.test.ts');

// The harness clock starts at 2030-01-15T01:00Z; meetingBody's slot is 2030-01-20 01:00-01:30Z.
const rina = tenantAUser('Rina', 'recruiter');
const ken = tenantAUser('Ken', 'interviewer');
const aiko = tenantAUser('Aiko', 'interviewer');
const daniel = tenantAUser('Daniel', 'interviewer');
const yui = tenantAUser('Yui', 'interviewer');

let h: Harness;
closeHarnessAfterEach(() => h);
const { put, get } = meetingRequests(() => h, rina);

async function setUp(options: HarnessOptions = {}) {
  h = await startHarness({ meetings: fastMeetingTuning, zoomExtraUsers: 5, ...options });
}

/** Links `who` to the n-th extra (personal, Basic) Zoom user of the emulator. */
async function link(who: AtsUser, n: number): Promise<{ id: string; zoomUser: ZoomUser }> {
  const zoomUser = h.emulator.zoom.extraUsers[n];
  if (!zoomUser) throw new Error('not enough extra Zoom users');
  return { id: await linkZoomAccount(h, who, zoomUser), zoomUser };
}

/** A daily series of one-hour occurrences from 2030-01-18 01:00Z: one takes the slot. */
const dailyStandup = {
  topic: 'Daily standup',
  type: 8 as const,
  start_time: '2030-01-18T01:00:00Z',
  duration: 60,
  recurrence: { type: 1 as const, repeat_interval: 1, end_times: 5 },
};

/** A save with 自動で選ぶ instead of a chosen host. */
function autoBody(overrides: Record<string, unknown> = {}) {
  const { hostConnectionId: _chosen, ...body } = meetingBody('unused', overrides);
  return { host: { auto: true }, ...body };
}

const party = (who: AtsUser, connectionId: string, role: string) => ({
  connectionId,
  ownerUserId: who.sub,
  ownerName: who.name,
  role,
});

/** How an interviewer shows on a meeting or preview: their Zoom link's e-mail, if linked. */
const hosting = (
  who: AtsUser,
  linked: { zoomUser: ZoomUser } | null,
  status: string,
  name: string | null = who.name,
) => ({ userId: who.sub, name, zoomEmail: linked?.zoomUser.email ?? null, status });

const bffMeetingsOf = (zoomUser: ZoomUser) =>
  h.emulator.zoom.meetings(zoomUser.id).filter(isBffMeeting);
const allBffMeetings = () => h.emulator.zoom.allMeetings().filter(isBffMeeting);

async function autoPickListed(query: string, start = '2030-01-20T01:00:00Z') {
  const list = await h.api('GET', `/v1/hosts?start=${start}&durationMinutes=30${query}`, {
    user: rina,
  });
  expect(list.status, list.text).toBe(200);
  return list.json.auto;
}

describe('自動で選ぶ picks the first free host in preference order', () => {
  it('when the first interviewer is busy through an occurrence of a series, then the next interviewer hosts, the first is passed over as busy, and the hosts list said so before', async () => {
    await setUp();
    const kenHost = await link(ken, 0);
    const aikoHost = await link(aiko, 1);
    await link(rina, 2);
    h.emulator.zoom.seedMeeting(kenHost.zoomUser.id, dailyStandup);
    const interviewers = [{ userId: ken.sub, name: '伊藤 健' }, { userId: aiko.sub }];

    const listed = await autoPickListed(`&interviewers=${ken.sub},${aiko.sub}`);
    const saved = await put('iv-1', autoBody({ interviewers }));

    expect(saved.status, saved.text).toBe(200);
    const passedOver = [{ ...party(ken, kenHost.id, 'interviewer'), reason: 'busy' }];
    expect(listed).toEqual({ ...party(aiko, aikoHost.id, 'interviewer'), passedOver });
    expect(saved.json.host).toMatchObject({ connectionId: aikoHost.id, ownerUserId: aiko.sub });
    expect(saved.json.hostChoice).toEqual({
      auto: true,
      prefer: [],
      role: 'interviewer',
      passedOver,
    });
    // Each extra Zoom user is an account of their own: Ken cannot start Aiko's meeting.
    expect(saved.json.interviewers).toEqual([
      hosting(ken, kenHost, 'different_account', '伊藤 健'),
      hosting(aiko, aikoHost, 'host'),
    ]);
    expect(bffMeetingsOf(aikoHost.zoomUser)).toHaveLength(1);
    expect(bffMeetingsOf(kenHost.zoomUser)).toHaveLength(0);
    expect((await get('iv-1')).json).toMatchObject({
      hostChoice: saved.json.hostChoice,
      interviewers: saved.json.interviewers,
    });
  });

  it('when the first interviewer’s schedule does not answer in time, then they are passed over as unknown, never picked', async () => {
    await setUp();
    const kenHost = await link(ken, 0);
    const aikoHost = await link(aiko, 1);
    h.emulator.zoom.injectLatency(1_500, {
      path: `/zoom/v2/users/${kenHost.zoomUser.id}/meetings`,
      method: 'GET',
    });

    const saved = await put(
      'iv-1',
      autoBody({ interviewers: [{ userId: ken.sub }, { userId: aiko.sub }] }),
    );

    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.host.connectionId).toBe(aikoHost.id);
    expect(saved.json.hostChoice.passedOver).toEqual([
      { ...party(ken, kenHost.id, 'interviewer'), reason: 'unknown' },
    ]);
  });

  it('when the prefer list names a free host, then it hosts before the free interviewers', async () => {
    await setUp();
    await link(aiko, 0);
    const danielHost = await link(daniel, 1);

    const listed = await autoPickListed(`&interviewers=${aiko.sub}&prefer=${daniel.sub}`);
    const saved = await put(
      'iv-1',
      autoBody({
        host: { auto: true, prefer: [daniel.sub] },
        interviewers: [{ userId: aiko.sub }],
      }),
    );

    expect(saved.status, saved.text).toBe(200);
    expect(listed).toEqual({ ...party(daniel, danielHost.id, 'preferred'), passedOver: [] });
    expect(saved.json.host.connectionId).toBe(danielHost.id);
    expect(saved.json.hostChoice).toEqual({
      auto: true,
      prefer: [daniel.sub],
      role: 'preferred',
      passedOver: [],
    });
  });

  it('when no interviewer can host, then the scheduler hosts; once the scheduler is taken by our own meeting, the other hosts follow by name', async () => {
    await setUp();
    const kenHost = await link(ken, 0);
    const aikoHost = await link(aiko, 1);
    const rinaHost = await link(rina, 2);
    // Daniel is an interviewer without Zoom: skipped without a word.
    const interviewers = [{ userId: daniel.sub }];

    const first = await put('iv-1', autoBody({ interviewers }));
    const second = await put('iv-2', autoBody({ interviewers }));
    const third = await put('iv-3', autoBody({ interviewers }));

    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(first.json.host.connectionId).toBe(rinaHost.id);
    expect(first.json.hostChoice).toMatchObject({ role: 'scheduler', passedOver: [] });
    expect(first.json.interviewers).toEqual([hosting(daniel, null, 'not_connected', null)]);
    const rinaBusy = { ...party(rina, rinaHost.id, 'scheduler'), reason: 'busy' };
    expect(second.json.host.connectionId).toBe(aikoHost.id);
    expect(second.json.hostChoice).toMatchObject({ role: 'other', passedOver: [rinaBusy] });
    expect(third.json.host.connectionId).toBe(kenHost.id);
    expect(third.json.hostChoice).toMatchObject({
      role: 'other',
      passedOver: [rinaBusy, { ...party(aiko, aikoHost.id, 'other'), reason: 'busy' }],
    });
  });
});

describe('自動で選ぶ when nobody is free', () => {
  it('when every host is busy, unusable or deactivated, then 409 no_host_available lists who was passed over and why, nothing reaches Zoom, and the key is released', async () => {
    await setUp();
    const kenHost = await link(ken, 0);
    const aikoHost = await link(aiko, 1);
    const danielHost = await link(daniel, 2);
    await link(yui, 3);
    h.emulator.zoom.seedMeeting(kenHost.zoomUser.id, dailyStandup);
    h.emulator.zoom.seedMeeting(aikoHost.zoomUser.id, {
      topic: 'Hiring sync',
      start_time: '2030-01-20T00:45:00Z',
      duration: 30,
    });
    // Daniel removed the app at Zoom: his link is revoked and cannot host.
    expect(await h.emulator.zoom.sendDeauthorization(danielHost.zoomUser.id)).toBe(200);
    await expect
      .poll(async () => (await h.api('GET', '/v1/connections/me', { user: daniel })).json.zoom)
      .toMatchObject({ status: 'revoked' });
    // Yui's ATS account is deactivated: her link is kept but offered to nobody.
    const deactivated = await h.api('PUT', `/v1/users/${yui.sub}/status`, {
      token: await h.token(rina, { scope: USERS_MANAGE_SCOPE }),
      body: { active: false },
    });
    expect(deactivated.status, deactivated.text).toBe(200);
    const key = randomUUID();

    const refused = await put('iv-1', autoBody({ interviewers: [{ userId: ken.sub }] }), rina, key);

    expect(refused.status, refused.text).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json).toMatchObject({ code: 'no_host_available', status: 409 });
    expect(refused.json.passedOver).toEqual([
      { ...party(ken, kenHost.id, 'interviewer'), reason: 'busy' },
      { ...party(aiko, aikoHost.id, 'other'), reason: 'busy' },
      { ...party(daniel, danielHost.id, 'other'), reason: 'unavailable' },
    ]);
    expect(await autoPickListed(`&interviewers=${ken.sub}`)).toEqual({
      connectionId: null,
      ownerUserId: null,
      ownerName: null,
      role: null,
      passedOver: refused.json.passedOver,
    });
    expect(allBffMeetings()).toEqual([]);
    expect((await get('iv-1')).json).toBeNull();

    // The key was released: the same key saves another slot, after Ken's standup.
    const later = await put(
      'iv-1',
      autoBody({ startTime: '2030-01-20T12:00:00+09:00', interviewers: [{ userId: ken.sub }] }),
      rina,
      key,
    );
    expect(later.status, later.text).toBe(200);
    expect(later.json.hostChoice).toMatchObject({ role: 'interviewer', passedOver: [] });
    expect(later.json.host.connectionId).toBe(kenHost.id);
  });

  it('when the body names both a chosen host and 自動で選ぶ, or neither, then 400 validation_failed and nothing is written', async () => {
    await setUp();
    const kenHost = await link(ken, 0);

    const both = await put('iv-1', { ...autoBody(), hostConnectionId: kenHost.id });
    const neither = await put('iv-1', autoBody({ host: undefined }));
    const notAuto = await put('iv-1', autoBody({ host: { auto: false } }));

    for (const answer of [both, neither, notAuto]) {
      expect(answer.status, answer.text).toBe(400);
      expect(answer.json.code).toBe('validation_failed');
    }
    expect(both.json.errors).toContainEqual(expect.objectContaining({ pointer: '/body/host' }));
    expect(neither.json.errors).toContainEqual(
      expect.objectContaining({ pointer: '/body/hostConnectionId' }),
    );
    expect((await get('iv-1')).json).toBeNull();
    expect(allBffMeetings()).toEqual([]);
  });
});

describe('rescheduling an interview whose host was picked automatically', () => {
  it('when the host is free at the new slot, then it keeps the meeting even if a preferred host is free; when it became busy, then another host gets a new meeting and the old one goes', async () => {
    await setUp();
    const kenHost = await link(ken, 0);
    const aikoHost = await link(aiko, 1);
    const interviewers = [{ userId: ken.sub }, { userId: aiko.sub }];
    const first = await put('iv-1', autoBody({ interviewers }));
    expect(first.status, first.text).toBe(200);
    expect(first.json.host.connectionId).toBe(kenHost.id);

    const listed = await autoPickListed(
      `&interviewers=${ken.sub},${aiko.sub}&prefer=${aiko.sub}&excludeInterviewId=iv-1`,
      '2030-01-20T02:00:00Z',
    );
    expect(listed).toEqual({ ...party(ken, kenHost.id, 'interviewer'), passedOver: [] });
    // What a client sends to reschedule: the saved meeting as a body, with the change spread over.
    const moved = await put('iv-1', {
      ...saveBodyOfMeeting(first.json),
      startTime: '2030-01-20T11:00:00+09:00',
      host: { auto: true, prefer: [aiko.sub] },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json).toMatchObject({
      zoomMeetingId: first.json.zoomMeetingId,
      startTime: '2030-01-20T02:00:00.000Z',
      host: { connectionId: kenHost.id },
      hostChoice: { auto: true, prefer: [aiko.sub], role: 'interviewer', passedOver: [] },
    });

    // Ken gets a meeting of his own at 12:00 Tokyo; his cached schedule expires (30 s).
    h.emulator.zoom.seedMeeting(kenHost.zoomUser.id, {
      topic: '1on1',
      start_time: '2030-01-20T03:00:00Z',
      duration: 30,
    });
    h.clock.advance(31_000);
    const again = await put(
      'iv-1',
      autoBody({ startTime: '2030-01-20T12:00:00+09:00', interviewers }),
    );

    expect(again.status, again.text).toBe(200);
    expect(again.json.zoomMeetingId).not.toBe(first.json.zoomMeetingId);
    expect(again.json.host.connectionId).toBe(aikoHost.id);
    expect(again.json.hostChoice).toEqual({
      auto: true,
      prefer: [],
      role: 'interviewer',
      passedOver: [{ ...party(ken, kenHost.id, 'interviewer'), reason: 'busy' }],
    });
    expect(bffMeetingsOf(kenHost.zoomUser)).toEqual([]);
    expect(bffMeetingsOf(aikoHost.zoomUser).map((m) => String(m.id))).toEqual([
      again.json.zoomMeetingId,
    ]);
  });

  it('when an automatic save is sent again with its key, then the stored answer comes back and Zoom has one meeting', async () => {
    await setUp();
    await link(ken, 0);
    await link(aiko, 1);
    const body = autoBody({ interviewers: [{ userId: ken.sub }] });
    const key = randomUUID();

    const first = await put('iv-1', body, rina, key);
    const replay = await put('iv-1', body, rina, key);

    expect(first.status, first.text).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
    expect(allBffMeetings()).toHaveLength(1);
  });

  it('when a chosen host saves, then hostChoice says the scheduler chose it', async () => {
    await setUp();
    const kenHost = await link(ken, 0);
    const saved = await put('iv-1', meetingBody(kenHost.id));
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({
      hostChoice: { auto: false, prefer: [], role: null, passedOver: [] },
      interviewers: [],
    });
  });
});

describe.each(engines)('20 automatic saves of one slot at once on %s', (engine) => {
  it('when 20 interviews ask 自動で選ぶ for the same slot through two BFF instances and 3 hosts exist, then 3 get a host each and 17 no_host_available, and Zoom holds 3 meetings', async () => {
    await setUp({
      instances: 2,
      ...(engine === 'postgres'
        ? { postgres: { url: postgresUrl, schema: freshSchema('auto_host') } }
        : {}),
      // 20 saves of one scheduler in a burst: more than the default write budget allows at once.
      rateLimits: { writesPerUser: { limit: 100, windowSeconds: 60 } },
    });
    const hostIds = [(await link(ken, 0)).id, (await link(aiko, 1)).id, (await link(daniel, 2)).id];

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const instance = h.instances[i % 2];
        if (!instance) throw new Error('two instances expected');
        return instance.api('PUT', `/v1/interviews/iv-${i}/meeting`, {
          user: rina,
          body: autoBody({ interviewers: [{ userId: ken.sub }] }),
          headers: { 'idempotency-key': randomUUID() },
        });
      }),
    );

    const saved = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 409);
    expect(saved).toHaveLength(3);
    expect(refused).toHaveLength(17);
    for (const answer of refused) expect(answer.json.code).toBe('no_host_available');
    expect(saved.map((answer) => answer.json.host.connectionId).sort()).toEqual(
      [...hostIds].sort(),
    );
    const atZoom = allBffMeetings();
    expect(atZoom).toHaveLength(3);
    expect(atZoom.map((m) => String(m.id)).sort()).toEqual(
      saved.map((answer) => answer.json.zoomMeetingId).sort(),
    );
  });
});

describe('the meeting preview names who could start the meeting', () => {
  it('when the preview is asked with interviewers, then the host is host, a linked interviewer of another Zoom account different_account, one without Zoom not_connected', async () => {
    await setUp();
    const kenHost = await link(ken, 0);
    const aikoHost = await link(aiko, 1);

    const preview = await h.api(
      'GET',
      `/v1/meetings/preview?hostConnectionId=${aikoHost.id}&start=2030-01-20T01:00:00Z&durationMinutes=30&joinBeforeHost=false&interviewers=${ken.sub},${aiko.sub},${daniel.sub}`,
      { user: rina },
    );

    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.interviewers).toEqual([
      hosting(ken, kenHost, 'different_account'),
      hosting(aiko, aikoHost, 'host'),
      hosting(daniel, null, 'not_connected', null),
    ]);
  });
});
