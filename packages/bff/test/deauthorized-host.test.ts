import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AtsUser,
  type Harness,
  linkZoomAccount,
  runConnect,
  startHarness,
  tenantAUser,
} from './harness';
import { closeHarnessAfterEach, fastMeetings, meetingBody, meetingRequests } from './meeting-world';
import { freshSchema, postgresUrl, storeEngines } from './postgres';

// The host's Zoom user removes the app at Zoom (app_deauthorized): what the interviews they
// host, the scheduler and the host's owner see, and what happens to meetings left at Zoom.
const recruiter = tenantAUser('Rika', 'recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');
const aiko = tenantAUser('Aiko', 'recruiter');

// Both stores: the move and its pending deletion are one transaction, and so is the cancel.
const engines = await storeEngines('deauthorized host');
let h: Harness;
closeHarnessAfterEach(() => h);
const { put, get } = meetingRequests(() => h, recruiter);

const atZoom = (zoomMeetingId: string) =>
  h.emulator.zoom.allMeetings().some((meeting) => String(meeting.id) === zoomMeetingId);
const actions = async () => (await h.store.audit.listForTenant('tenant-a')).map((e) => e.action);

/** Haruka hosts iv-1; then her Zoom user removes the app at Zoom. */
async function issuedThenDeauthorized() {
  const zoomUser = h.emulator.zoom.seeded.personal;
  const harukaHost = await linkZoomAccount(h, haruka, zoomUser);
  const aikoHost = await linkZoomAccount(h, aiko, h.emulator.zoom.seeded.managedApproved);
  const issued = await put('iv-1', meetingBody(harukaHost));
  expect(issued.status).toBe(200);
  expect(issued.json).toMatchObject({ hostLink: 'active', pendingDeletions: [] });
  expect(await h.emulator.zoom.sendDeauthorization(zoomUser.id)).toBe(200);
  return { zoomUser, harukaHost, aikoHost, zoomMeetingId: issued.json.zoomMeetingId as string };
}

describe.each(engines)('a host whose Zoom link was removed at Zoom (%s)', (engine) => {
  beforeEach(async () => {
    h = await startHarness({
      ...fastMeetings,
      ...(engine === 'postgres'
        ? { postgres: { url: postgresUrl, schema: freshSchema('deauth') } }
        : {}),
    });
  });

  it('when the app is deauthorized, then the meeting view says the host link is revoked, the URL still works, and the owner sees needs-reconnect', async () => {
    const { zoomMeetingId } = await issuedThenDeauthorized();

    const view = await get('iv-1');
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({
      hostLink: 'revoked',
      linkStatus: 'active',
      zoomMeetingId,
      host: { ownerName: 'Haruka' },
      pendingDeletions: [],
    });
    expect(atZoom(zoomMeetingId)).toBe(true);
    const mine = await h.api('GET', '/v1/connections/me', { user: haruka });
    expect(mine.json.zoom).toMatchObject({ status: 'revoked' });
  });

  it('when a scheduler previews, saves or reschedules with that host, then 409 host_needs_reauth, never the owner-facing needs_reauth', async () => {
    const { harukaHost } = await issuedThenDeauthorized();

    const preview = await h.api(
      'GET',
      `/v1/meetings/preview?hostConnectionId=${harukaHost}&start=2030-01-21T01:00:00Z&durationMinutes=30&joinBeforeHost=false`,
      { user: recruiter },
    );
    const reschedule = await put('iv-1', meetingBody(harukaHost, { durationMinutes: 45 }));
    const fresh = await put('iv-2', meetingBody(harukaHost));
    for (const answer of [preview, reschedule, fresh]) {
      expect([answer.status, answer.json.code]).toEqual([409, 'host_needs_reauth']);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const hosts = await h.api('GET', '/v1/hosts?start=2030-01-21T01:00:00Z&durationMinutes=30', {
      user: recruiter,
    });
    expect(
      hosts.json.hosts.find((host: { connectionId: string }) => host.connectionId === harukaHost),
    ).toMatchObject({ selectable: false, unavailableReason: 'revoked' });
  });

  it('when the scheduler changes the host, then the new meeting is recorded, the old one is reported as left at Zoom, and audited', async () => {
    const { aikoHost, zoomMeetingId: oldId } = await issuedThenDeauthorized();

    const moved = await put('iv-1', meetingBody(aikoHost));
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({
      hostLink: 'active',
      host: { connectionId: aikoHost, ownerName: 'Aiko' },
      pendingDeletions: [{ zoomMeetingId: oldId, hostOwnerName: 'Haruka' }],
    });
    expect(moved.json.zoomMeetingId).not.toBe(oldId);
    expect(atZoom(moved.json.zoomMeetingId)).toBe(true);
    // No token for the old host: the meeting is still at Zoom, and said so on every read.
    expect(atZoom(oldId)).toBe(true);
    expect((await get('iv-1')).json.pendingDeletions).toEqual([
      { zoomMeetingId: oldId, hostOwnerName: 'Haruka', since: expect.any(String) },
    ]);
    expect(await actions()).toEqual(
      expect.arrayContaining(['meeting.moved', 'meeting.zoom_delete_pending']),
    );
    expect(await actions()).not.toContain('meeting.old_delete_failed');
  });

  it('when the owner connects Zoom again, then the left meeting is deleted at Zoom, the row goes, it is audited, and the report clears', async () => {
    const { zoomUser, aikoHost, zoomMeetingId: oldId } = await issuedThenDeauthorized();
    const moved = await put('iv-1', meetingBody(aikoHost));
    expect(moved.json.pendingDeletions).toHaveLength(1);

    await runConnect(h, haruka, zoomUser);

    expect(atZoom(oldId)).toBe(false);
    expect(atZoom(moved.json.zoomMeetingId)).toBe(true);
    expect((await get('iv-1')).json).toMatchObject({ hostLink: 'active', pendingDeletions: [] });
    expect(await h.store.pendingHostDeletions.listForHostUser(zoomUser.id)).toEqual([]);
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.find((e) => e.action === 'meeting.pending_zoom_deleted')).toMatchObject({
      subjectId: 'iv-1',
      details: { zoomMeetingId: oldId, alreadyGone: false },
    });
    const mine = await h.api('GET', '/v1/connections/me', { user: haruka });
    expect(mine.json.zoom).toMatchObject({ status: 'active' });
  });

  it('when deleting at Zoom fails on reconnect, then the row stays for the next time; a meeting already gone is fine', async () => {
    const { zoomUser, aikoHost, zoomMeetingId: oldId } = await issuedThenDeauthorized();
    await put('iv-1', meetingBody(aikoHost));

    h.emulator.zoom.failNext(3, 500, { path: `/zoom/v2/meetings/${oldId}`, method: 'DELETE' });
    await runConnect(h, haruka, zoomUser);
    expect(atZoom(oldId)).toBe(true);
    expect(await h.store.pendingHostDeletions.listForHostUser(zoomUser.id)).toHaveLength(1);
    expect((await get('iv-1')).json.pendingDeletions).toHaveLength(1);

    // Haruka deletes it herself in Zoom, and links once more: gone already counts as done.
    h.emulator.zoom.resetFaults();
    await h.emulator.zoom.deleteMeetingAsUser(Number(oldId));
    await runConnect(h, haruka, zoomUser);
    expect(await h.store.pendingHostDeletions.listForHostUser(zoomUser.id)).toEqual([]);
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.find((e) => e.action === 'meeting.pending_zoom_deleted')).toMatchObject({
      details: { zoomMeetingId: oldId, alreadyGone: true },
    });
  });

  it('when the scheduler cancels the interview, then it is cancelled, the meeting left at Zoom is recorded, and deleted once the owner reconnects', async () => {
    const { zoomUser, zoomMeetingId } = await issuedThenDeauthorized();

    const cancel = await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(cancel.status).toBe(204);
    expect((await get('iv-1')).json).toBeNull();
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.find((e) => e.action === 'meeting.deleted')?.details).toEqual({
      zoomMeetingId,
      deletedAtZoom: false,
      pendingAtZoom: true,
    });
    expect(atZoom(zoomMeetingId)).toBe(true);
    expect(await h.store.pendingHostDeletions.listForHostUser(zoomUser.id)).toMatchObject([
      { zoomMeetingId, interviewId: 'iv-1', hostOwnerName: 'Haruka' },
    ]);

    await runConnect(h, haruka, zoomUser);
    expect(atZoom(zoomMeetingId)).toBe(false);
    expect(await h.store.pendingHostDeletions.listForHostUser(zoomUser.id)).toEqual([]);
  });

  it('when the host link needs re-authorization or was unlinked by its owner, then the meeting says which, and a scheduler keeping it gets host_needs_reauth or host_not_found', async () => {
    const harukaHost = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    expect((await put('iv-1', meetingBody(harukaHost))).status).toBe(200);

    await h.store.connections.update(harukaHost, { status: 'needs_reauth', tokenCiphertext: null });
    expect((await get('iv-1')).json.hostLink).toBe('needs_reauth');
    const kept = await put('iv-1', meetingBody(harukaHost, { durationMinutes: 45 }));
    expect([kept.status, kept.json.code]).toEqual([409, 'host_needs_reauth']);
    // The owner's own start URL keeps the owner's advice (reconnect yourself).
    const start = await h.api('GET', '/v1/interviews/iv-1/meeting/start-url', { user: haruka });
    expect([start.status, start.json.code]).toEqual([409, 'needs_reauth']);

    expect((await h.api('DELETE', `/v1/connections/${harukaHost}`, { user: haruka })).status).toBe(
      204,
    );
    expect((await get('iv-1')).json.hostLink).toBe('not_connected');
  });

  it("when Zoom refuses the host's refresh in the middle of a save, then the scheduler gets host_needs_reauth and the meeting says needs_reauth", async () => {
    const harukaHost = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    expect((await put('iv-1', meetingBody(harukaHost))).status).toBe(200);
    await h.store.connections.update(harukaHost, { accessTokenExpiresAt: new Date(0) });
    // The refresh reaches Zoom with a refresh token it never issued: invalid_grant.
    h.setFetchInterceptor((url, init) => {
      if (!url.includes(h.emulator.zoom.paths.token)) return init;
      const form = new URLSearchParams(String(init?.body));
      form.set('refresh_token', 'forged');
      return { ...init, body: form };
    });

    const answer = await put('iv-1', meetingBody(harukaHost, { durationMinutes: 45 }));
    h.setFetchInterceptor(null);
    expect([answer.status, answer.json.code]).toEqual([409, 'host_needs_reauth']);
    expect((await get('iv-1')).json.hostLink).toBe('needs_reauth');
  });

  it('when another tenant reads the interview id, then it sees nothing of the report', async () => {
    const { aikoHost } = await issuedThenDeauthorized();
    await put('iv-1', meetingBody(aikoHost));
    const outsider: AtsUser = { ...recruiter, sub: 'u-otto', tid: 'tenant-b' };
    const answer = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: outsider });
    // Another tenant's interview reads as "none issued": nothing of the meeting or its report.
    expect([answer.status, answer.json]).toEqual([200, null]);
  });
});
