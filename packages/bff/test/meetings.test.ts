import { randomUUID } from 'node:crypto';
import { ZOOM_ROUTE_GROUPS, type ZoomUser } from '@ats-zoom/provider-emulator';
import { describe, expect, it } from 'vitest';
import { type AtsUser, type Harness, linkZoomAccount, startHarness } from './harness';
import { closeHarnessAfterEach, fastMeetings, isBffMeeting, meetingBody } from './meeting-world';

const user = (sub: string, role: AtsUser['role'], tid = 'tenant-a'): AtsUser => ({
  sub,
  tid,
  role,
  name: sub,
  email: `${sub}@a.example`,
});
const recruiter = user('u-recruiter', 'recruiter');
const haruka = user('u-haruka', 'coordinator');
const aiko = user('u-aiko', 'recruiter');
const yui = user('u-yui', 'coordinator');
const kenji = user('u-kenji', 'recruiter');
const interviewer = user('u-ivan', 'interviewer');
const outsider = user('u-otto', 'recruiter', 'tenant-b');

let h: Harness;
closeHarnessAfterEach(() => h);

const link = (who: AtsUser, account: ZoomUser) => linkZoomAccount(h, who, account);

function put(
  interviewId: string,
  body: unknown,
  key: string | null = randomUUID(),
  who = recruiter,
) {
  return h.api('PUT', `/v1/interviews/${interviewId}/meeting`, {
    user: who,
    body,
    headers: key === null ? {} : { 'idempotency-key': key },
  });
}

describe('host list', () => {
  it('when hosts are free, busy, slow or need re-linking, then each shows free, busy, unknown or unavailable', async () => {
    h = await startHarness(fastMeetings);
    const zoom = h.emulator.zoom.seeded;
    const harukaHost = await link(haruka, zoom.personal);
    const aikoHost = await link(aiko, zoom.managedApproved);
    h.emulator.zoom.preApprove('globex');
    const yuiHost = await link(yui, zoom.managedPending);
    const kenjiHost = await link(kenji, zoom.personal2);
    await h.store.connections.update(kenjiHost, { status: 'needs_reauth', tokenCiphertext: null });
    h.emulator.zoom.injectLatency(1_500, {
      path: `/zoom/v2/users/${zoom.managedPending.id}/meetings`,
      method: 'GET',
    });

    // Aiko's seeded meeting runs 2030-01-16 01:00-02:00Z; Haruka's is at 06:00Z.
    const started = Date.now();
    const list = await h.api('GET', '/v1/hosts?start=2030-01-16T01:30:00Z&durationMinutes=30', {
      user: recruiter,
    });
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(list.status).toBe(200);
    const byId = new Map(
      list.json.hosts.map((host: { connectionId: string }) => [host.connectionId, host]),
    );
    expect(byId.get(aikoHost)).toMatchObject({
      busy: 'busy',
      selectable: true,
      conflicts: [
        { start: '2030-01-16T01:00:00.000Z', end: '2030-01-16T02:00:00.000Z', source: 'zoom' },
      ],
    });
    expect(byId.get(harukaHost)).toMatchObject({ busy: 'free', conflicts: [], selectable: true });
    expect(byId.get(yuiHost)).toMatchObject({ busy: 'unknown', selectable: true });
    expect(byId.get(kenjiHost)).toMatchObject({
      selectable: false,
      unavailableReason: 'needs_reauth',
      busy: 'unknown',
    });
  });

  it('when our own meeting holds the slot, then the host is busy with an ats conflict, except for that interview', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    expect((await put('iv-1', meetingBody(host))).status).toBe(200);
    const query = 'start=2030-01-20T01:15:00Z&durationMinutes=30';
    const busy = await h.api('GET', `/v1/hosts?${query}`, { user: recruiter });
    expect(busy.json.hosts[0]).toMatchObject({ busy: 'busy', conflicts: [{ source: 'ats' }] });
    expect(busy.json.hosts[0].conflicts).toHaveLength(1);
    const own = await h.api('GET', `/v1/hosts?${query}&excludeInterviewId=iv-1`, {
      user: recruiter,
    });
    expect(own.json.hosts[0]).toMatchObject({ busy: 'free', conflicts: [] });
  });
});

describe('issuing a meeting', () => {
  it('when the host account forces a passcode (acme managed, personal), then the join URL embeds it; at globex there is none', async () => {
    h = await startHarness(fastMeetings);
    const zoom = h.emulator.zoom.seeded;
    const acme = await link(aiko, zoom.managedApproved);
    const personal = await link(haruka, zoom.personal);
    h.emulator.zoom.preApprove('globex');
    const globex = await link(yui, zoom.managedPending);

    for (const [interviewId, host] of [
      ['iv-acme', acme],
      ['iv-personal', personal],
    ] as const) {
      const saved = await put(interviewId, meetingBody(host));
      expect(saved.status).toBe(200);
      expect(saved.json).toMatchObject({
        hasPasscode: true,
        passcodeEmbedded: true,
        linkStatus: 'active',
      });
      expect(new URL(saved.json.joinUrl).searchParams.get('pwd')).toBeTruthy();
      // In the URL: nothing to pass on.
      expect(saved.json.passcode).toBeNull();
    }
    const plain = await put('iv-globex', meetingBody(globex));
    expect(plain.json).toMatchObject({
      hasPasscode: false,
      passcodeEmbedded: false,
      waitingRoom: true,
    });
    expect(new URL(plain.json.joinUrl).search).toBe('');
    const atZoom = h.emulator.zoom.meetings(zoom.managedPending.id);
    expect(atZoom).toHaveLength(1);
    expect(atZoom[0]?.password).toBeUndefined();
  });

  it('when join before host is asked at a host without a forced passcode, then the meeting gets a passcode and the waiting room is off', async () => {
    h = await startHarness(fastMeetings);
    h.emulator.zoom.preApprove('globex');
    const globex = await link(yui, h.emulator.zoom.seeded.managedPending);
    const saved = await put('iv-jbh', meetingBody(globex, { joinBeforeHost: true }));
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({
      joinBeforeHost: true,
      waitingRoom: false,
      hasPasscode: true,
      // globex does not embed passcodes in links.
      passcodeEmbedded: false,
    });
    const [meeting] = h.emulator.zoom.meetings(h.emulator.zoom.seeded.managedPending.id);
    expect(meeting?.settings).toMatchObject({ join_before_host: true, waiting_room: false });
    expect(meeting?.password).toBeTruthy();
    // Not in the URL: the candidate must type it, so schedulers see it to pass it on.
    expect(saved.json.passcode).toBe(meeting?.password);
    const view = await h.api('GET', '/v1/interviews/iv-jbh/meeting', { user: yui });
    expect(view.json.passcode).toBe(meeting?.password);
    // Interviewers read no meeting view (they find the passcode on the calendar event).
    const asInterviewer = await h.api('GET', '/v1/interviews/iv-jbh/meeting', {
      user: interviewer,
    });
    expect(asInterviewer.status).toBe(403);
    expect(JSON.stringify(asInterviewer.json)).not.toContain(meeting?.password);
  });

  it('when the interview is rescheduled at the same host, then the meeting keeps its id and URL and moves in Zoom', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const first = await put('iv-1', meetingBody(host));
    const moved = await put(
      'iv-1',
      meetingBody(host, { startTime: '2030-01-21T14:00:00+09:00', durationMinutes: 45 }),
    );
    expect(moved.status).toBe(200);
    expect(moved.json.zoomMeetingId).toBe(first.json.zoomMeetingId);
    expect(moved.json.joinUrl).toBe(first.json.joinUrl);
    expect(moved.json).toMatchObject({
      startTime: '2030-01-21T05:00:00.000Z',
      durationMinutes: 45,
    });
    const atZoom = h.emulator.zoom
      .allMeetings()
      .filter((m) => String(m.id) === first.json.zoomMeetingId);
    expect(atZoom[0]).toMatchObject({ start_time: '2030-01-21T05:00:00Z', duration: 45 });
    const got = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(got.json).toEqual(moved.json);
  });

  it('when the host changes, then exactly one meeting remains, at the new host, with a new URL', async () => {
    h = await startHarness(fastMeetings);
    const zoom = h.emulator.zoom.seeded;
    const before = h.emulator.zoom.allMeetings().length;
    const acme = await link(aiko, zoom.managedApproved);
    const personal = await link(haruka, zoom.personal);
    const first = await put('iv-1', meetingBody(acme));
    const moved = await put('iv-1', meetingBody(personal));
    expect(moved.status).toBe(200);
    expect(moved.json.host.connectionId).toBe(personal);
    expect(moved.json.joinUrl).not.toBe(first.json.joinUrl);
    const ours = h.emulator.zoom.allMeetings().filter((m) => isBffMeeting(m));
    expect(ours.map((m) => [String(m.id), m.host_id])).toEqual([
      [moved.json.zoomMeetingId, zoom.personal.id],
    ]);
    expect(h.emulator.zoom.allMeetings()).toHaveLength(before + 1);
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['meeting.issued', 'meeting.moved', 'meeting.old_deleted']),
    );
  });

  it('when the meeting is cancelled, then none is left at Zoom and cancelling again still answers 204', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const saved = await put('iv-1', meetingBody(host));
    const cancel = await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(cancel.status).toBe(204);
    expect(
      h.emulator.zoom.allMeetings().some((m) => String(m.id) === saved.json.zoomMeetingId),
    ).toBe(false);
    const after = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect([after.status, after.json]).toEqual([200, null]);
    expect((await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: recruiter })).status).toBe(
      204,
    );
  });
});

describe('idempotency', () => {
  it('when the same PUT is sent 5 times with one key, then Zoom holds 1 meeting and the 5 bodies are identical', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const key = randomUUID();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await put('iv-1', meetingBody(host), key));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(1);
  });

  it('when the key is missing, reused with another body, or reused by another user, then 400, 422, and an independent operation', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const missing = await put('iv-1', meetingBody(host), null);
    expect(missing.status).toBe(400);
    expect(missing.json.code).toBe('idempotency_key_required');
    const key = randomUUID();
    expect((await put('iv-1', meetingBody(host), key)).status).toBe(200);
    const other = await put('iv-1', meetingBody(host, { topic: 'changed' }), key);
    expect(other.status).toBe(422);
    expect(other.json.code).toBe('idempotency_key_mismatch');
    const coordinator = user('u-coord', 'coordinator');
    const independent = await put(
      'iv-1',
      meetingBody(host, { topic: 'changed' }),
      key,
      coordinator,
    );
    expect(independent.status).toBe(200);
    expect(independent.json.topic).toBe('changed');
  });

  it('when 20 PUTs with one key arrive at once, then Zoom holds 1 meeting and the rest are 409 or the replay', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => put('iv-1', meetingBody(host), key)),
    );
    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 200 || a.json.code === 'idempotency_key_in_use')).toBe(
      true,
    );
    expect(new Set(ok.map((a) => a.text)).size).toBe(1);
    expect(
      h.emulator.zoom.meetings(h.emulator.zoom.seeded.personal.id).filter((m) => isBffMeeting(m)),
    ).toHaveLength(1);
  });

  it('when another save of the interview holds it past the lock wait, then 409 idempotency_key_in_use, and the same key succeeds later', async () => {
    h = await startHarness({ ...fastMeetings, keyLockTimeoutMs: 150 });
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    h.emulator.zoom.injectLatency(600, ZOOM_ROUTE_GROUPS.createMeeting);
    const slow = put('iv-1', meetingBody(host));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const key = randomUUID();
    const refused = await put('iv-1', meetingBody(host), key);
    expect([refused.status, refused.json.code]).toEqual([409, 'idempotency_key_in_use']);
    expect(refused.json.detail).toMatch(/interview/);
    expect((await slow).status).toBe(200);
    h.emulator.zoom.resetFaults();
    const retried = await put('iv-1', meetingBody(host), key);
    expect(retried.status).toBe(200);
    expect(retried.json.zoomMeetingId).toBe((await slow).json.zoomMeetingId);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(1);
  });

  it('when Zoom creates the meeting but the answer is lost, then the meeting is adopted, never created twice', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    h.emulator.zoom.dropNext(1, ZOOM_ROUTE_GROUPS.createMeeting);
    const saved = await put('iv-1', meetingBody(host));
    expect(saved.status).toBe(200);
    const ours = h.emulator.zoom.allMeetings().filter((m) => isBffMeeting(m));
    expect(ours).toHaveLength(1);
    expect(String(ours[0]?.id)).toBe(saved.json.zoomMeetingId);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(1);
  });

  it('when every create answer is lost and the list fails, then the PUT fails and its retry with the same key adopts the one meeting', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    h.emulator.zoom.dropNext(1, ZOOM_ROUTE_GROUPS.createMeeting);
    h.emulator.zoom.failNext(3, 503, ZOOM_ROUTE_GROUPS.listMeetings);
    const key = randomUUID();
    const failed = await put('iv-1', meetingBody(host), key);
    expect(failed.status).toBe(503);
    expect(failed.json.code).toBe('provider_unavailable');
    const retried = await put('iv-1', meetingBody(host), key);
    expect(retried.status).toBe(200);
    expect(h.emulator.zoom.allMeetings().filter((m) => isBffMeeting(m))).toHaveLength(1);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(1);
  });
});

describe('Zoom limits', () => {
  it('when Zoom answers 429 with Retry-After, then the create is sent again no sooner than Zoom asked', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const creates: number[] = [];
    h.setFetchInterceptor((url, init) => {
      if (init?.method === 'POST' && url.endsWith('/meetings')) creates.push(Date.now());
      return init;
    });
    h.emulator.zoom.rateLimitNext(1, 1, ZOOM_ROUTE_GROUPS.createMeeting);
    const saved = await put('iv-1', meetingBody(host));
    expect(saved.status).toBe(200);
    expect(creates).toHaveLength(2);
    const gap = (creates[1] ?? 0) - (creates[0] ?? 0);
    expect(gap).toBeGreaterThanOrEqual(990);
    // Prompt, not the 20 ms backoff cap nor a long wait; generous for a loaded CI machine.
    expect(gap).toBeLessThan(2_500);
  });

  it('when Retry-After is beyond the deadline, then one call only and 429 provider_rate_limited with Retry-After', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    h.emulator.zoom.rateLimitNext(1, 3_600, ZOOM_ROUTE_GROUPS.createMeeting);
    const refused = await put('iv-1', meetingBody(host));
    expect(refused.status).toBe(429);
    expect(refused.json.code).toBe('provider_rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(3_500);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(1);
  });

  it("when the host's daily create/update quota is used up, then provider_daily_quota with Retry-After, not retried", async () => {
    h = await startHarness({ ...fastMeetings, dailyMeetingWriteLimit: 1 });
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    expect((await put('iv-1', meetingBody(host))).status).toBe(200);
    const refused = await put('iv-2', meetingBody(host));
    expect(refused.status).toBe(429);
    expect(refused.json.code).toBe('provider_daily_quota');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(2);
  });
});

describe('roles, tenants and start URLs', () => {
  it('when an interviewer calls any meeting or host route, then 403', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    await put('iv-1', meetingBody(host));
    const calls: [string, string, unknown?][] = [
      ['GET', '/v1/hosts?start=2030-01-20T01:00:00Z&durationMinutes=30'],
      [
        'GET',
        `/v1/meetings/preview?hostConnectionId=${host}&start=2030-01-20T01:00:00Z&durationMinutes=30&joinBeforeHost=false`,
      ],
      ['GET', '/v1/interviews/iv-1/meeting'],
      ['PUT', '/v1/interviews/iv-1/meeting', meetingBody(host)],
      ['DELETE', '/v1/interviews/iv-1/meeting'],
      ['GET', '/v1/interviews/iv-1/meeting/start-url'],
    ];
    for (const [method, path, body] of calls) {
      const answer = await h.api(method, path, {
        user: interviewer,
        ...(body ? { body, headers: { 'idempotency-key': randomUUID() } } : {}),
      });
      expect([method, path, answer.status, answer.json.code]).toEqual([
        method,
        path,
        403,
        'forbidden',
      ]);
    }
    expect(
      h.emulator.zoom.meetings(h.emulator.zoom.seeded.personal.id).filter((m) => isBffMeeting(m)),
    ).toHaveLength(1);
  });

  it('when another tenant reaches for an interview or a host, then it looks absent', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    await put('iv-1', meetingBody(host));
    // Another tenant's interview reads as one without a meeting: nothing tells it exists.
    const got = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: outsider });
    expect([got.status, got.json]).toEqual([200, null]);
    const start = await h.api('GET', '/v1/interviews/iv-1/meeting/start-url', { user: outsider });
    expect(start.status).toBe(404);
    const borrowed = await put('iv-9', meetingBody(host), randomUUID(), outsider);
    expect([borrowed.status, borrowed.json.code]).toEqual([404, 'host_not_found']);
    expect((await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: outsider })).status).toBe(
      204,
    );
    const kept = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect([kept.status, kept.json?.linkStatus]).toEqual([200, 'active']);
  });

  it('when the host owner asks for the start URL, then it is fresh; anyone else gets 403', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    await put('iv-1', meetingBody(host));
    const own = await h.api('GET', '/v1/interviews/iv-1/meeting/start-url', { user: haruka });
    expect(own.status).toBe(200);
    expect(own.json.startUrl).toContain('zak=');
    expect(own.headers.get('cache-control')).toBe('no-store');
    const other = await h.api('GET', '/v1/interviews/iv-1/meeting/start-url', { user: recruiter });
    expect(other.status).toBe(403);
    const meeting = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(meeting.text).not.toContain('zak=');
  });
});

describe('changes made in Zoom', () => {
  it('when the host deletes the meeting in Zoom, then the link shows broken and a PUT re-issues it', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const first = await put('iv-1', meetingBody(host));
    expect(await h.emulator.zoom.deleteMeetingAsUser(Number(first.json.zoomMeetingId))).toBe(200);
    const broken = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(broken.json).toMatchObject({ linkStatus: 'broken', brokenReason: 'deleted_in_zoom' });
    const again = await put('iv-1', meetingBody(host));
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ linkStatus: 'active', brokenReason: null });
    expect(again.json.zoomMeetingId).not.toBe(first.json.zoomMeetingId);
    expect(h.emulator.zoom.allMeetings().filter((m) => isBffMeeting(m))).toHaveLength(1);
  });

  it("when the host moves the meeting in Zoom, then it stays active with Zoom's time beside the interview's, and a PUT sets Zoom back keeping the URL", async () => {
    h = await startHarness(fastMeetings);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const first = await put('iv-1', meetingBody(host));
    await h.emulator.zoom.updateMeetingAsUser(Number(first.json.zoomMeetingId), {
      start_time: '2030-01-22T03:00:00Z',
    });
    const changed = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(changed.json).toMatchObject({
      linkStatus: 'active',
      brokenReason: null,
      startTime: '2030-01-20T01:00:00.000Z',
      zoomTime: { startTime: '2030-01-22T03:00:00.000Z', durationMinutes: 30 },
    });
    const fixed = await put('iv-1', meetingBody(host));
    expect(fixed.json).toMatchObject({
      linkStatus: 'active',
      startTime: '2030-01-20T01:00:00.000Z',
      zoomTime: null,
      joinUrl: first.json.joinUrl,
    });
    expect(
      h.emulator.zoom.allMeetings().find((m) => String(m.id) === first.json.zoomMeetingId),
    ).toMatchObject({ start_time: '2030-01-20T01:00:00Z' });
  });
});

describe('cancelling a broken meeting', () => {
  /** DELETE, then what is left: the GET's problem code and the audit's `meeting.deleted` details. */
  async function cancelAndRead() {
    const cancel = await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: recruiter });
    const after = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    const audit = await h.store.audit.listForTenant('tenant-a');
    const deleted = audit.find((e) => e.action === 'meeting.deleted');
    return { status: cancel.status, after: [after.status, after.json], deleted: deleted?.details };
  }

  it('when the meeting was deleted in Zoom and shows broken, then DELETE answers 204 and the row goes', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const first = await put('iv-1', meetingBody(host));
    expect(await h.emulator.zoom.deleteMeetingAsUser(Number(first.json.zoomMeetingId))).toBe(200);
    const broken = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(broken.json).toMatchObject({ linkStatus: 'broken', brokenReason: 'deleted_in_zoom' });

    expect(await cancelAndRead()).toEqual({
      status: 204,
      after: [200, null],
      deleted: { zoomMeetingId: first.json.zoomMeetingId, deletedAtZoom: false },
    });
  });

  it('when the meeting was deleted in Zoom unnoticed (still active here), then DELETE answers 204 and the row goes', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const first = await put('iv-1', meetingBody(host));
    expect(await h.emulator.zoom.deleteMeetingAsUser(Number(first.json.zoomMeetingId))).toBe(200);

    expect(await cancelAndRead()).toEqual({
      status: 204,
      after: [200, null],
      deleted: { zoomMeetingId: first.json.zoomMeetingId, deletedAtZoom: false },
    });
  });

  it('when the meeting was changed in Zoom, then DELETE answers 204 and nothing is left at Zoom', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const first = await put('iv-1', meetingBody(host));
    await h.emulator.zoom.updateMeetingAsUser(Number(first.json.zoomMeetingId), {
      start_time: '2030-01-22T03:00:00Z',
    });
    const changed = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(changed.json).toMatchObject({ linkStatus: 'active', zoomTime: { durationMinutes: 30 } });

    expect(await cancelAndRead()).toEqual({
      status: 204,
      after: [200, null],
      deleted: { zoomMeetingId: first.json.zoomMeetingId, deletedAtZoom: true },
    });
    expect(
      h.emulator.zoom.allMeetings().some((m) => String(m.id) === first.json.zoomMeetingId),
    ).toBe(false);
  });
});

describe('preview', () => {
  it('when previewing hosts, then passcode, waiting room, join-before-host and the day quota are what a save would give', async () => {
    h = await startHarness(fastMeetings);
    const zoom = h.emulator.zoom.seeded;
    const acme = await link(aiko, zoom.managedApproved);
    h.emulator.zoom.preApprove('globex');
    const globex = await link(yui, zoom.managedPending);
    const preview = (host: string, jbh: boolean, start = '2030-01-20T01:00:00Z') =>
      h.api(
        'GET',
        `/v1/meetings/preview?hostConnectionId=${host}&start=${start}&durationMinutes=30&joinBeforeHost=${jbh}`,
        { user: recruiter },
      );
    const acmePreview = await preview(acme, false);
    expect(acmePreview.json).toMatchObject({
      passcode: 'embedded',
      waitingRoom: false,
      joinBeforeHost: { requested: false, effective: false },
      quota: { usedToday: 0, limit: 100, remaining: 100 },
      warnings: [],
    });
    expect((await preview(acme, false, '2030-01-16T01:30:00Z')).json.warnings).toEqual([
      { code: 'host_busy' },
    ]);
    expect((await preview(globex, false)).json).toMatchObject({
      passcode: 'none',
      waitingRoom: true,
    });
    const jbh = await preview(globex, true);
    expect(jbh.json).toMatchObject({
      passcode: 'required_not_embedded',
      waitingRoom: false,
      joinBeforeHost: { requested: true, effective: true },
    });
    expect(jbh.json.warnings.map((w: { code: string }) => w.code).sort()).toEqual([
      'join_before_host_needs_passcode',
      'passcode_not_embedded',
    ]);
    await put('iv-1', meetingBody(acme));
    expect((await preview(acme, false)).json.quota).toEqual({
      usedToday: 1,
      limit: 100,
      remaining: 99,
    });
  });
});
