import { beforeEach, describe, expect, it } from 'vitest';
import { type AtsUser, type Harness, linkZoomAccount, startHarness, tenantAUser } from './harness';
import { closeHarnessAfterEach, meetingBody, meetingRequests } from './meeting-world';
import { freshSchema, postgresUrl, storeEngines } from './postgres';

// The host's Zoom account is linked again by another ATS user (the link moves): a scheduler whose
// form still names the old link is told what works, never the owner's "reconnect".
const recruiter = tenantAUser('Rika', 'recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');
const aiko = tenantAUser('Aiko', 'recruiter');
const outsider: AtsUser = { ...tenantAUser('Otto', 'recruiter'), tid: 'tenant-b' };

const engines = await storeEngines('moved host');
let h: Harness;
closeHarnessAfterEach(() => h);
const { put } = meetingRequests(() => h, recruiter);

const preview = (hostConnectionId: string) =>
  h.api(
    'GET',
    `/v1/meetings/preview?hostConnectionId=${hostConnectionId}&start=2030-01-20T02:00:00Z&durationMinutes=30&joinBeforeHost=false`,
    { user: recruiter },
  );

describe.each(engines)('a host whose Zoom link moved to another ATS user (%s)', (engine) => {
  beforeEach(async () => {
    h = await startHarness(
      engine === 'postgres'
        ? { postgres: { url: postgresUrl, schema: freshSchema('moved_host') } }
        : {},
    );
  });

  it('when a colleague of the same tenant linked it, then the old link still hosts through theirs: same meeting, moved in place', async () => {
    const zoomUser = h.emulator.zoom.seeded.personal;
    const harukaHost = await linkZoomAccount(h, haruka, zoomUser);
    const issued = await put('iv-1', meetingBody(harukaHost));
    expect(issued.status).toBe(200);
    const aikoHost = await linkZoomAccount(h, aiko, zoomUser);

    expect((await preview(harukaHost)).status).toBe(200);
    const moved = await put(
      'iv-1',
      meetingBody(harukaHost, { startTime: '2030-01-20T11:00:00+09:00' }),
    );

    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({
      zoomMeetingId: issued.json.zoomMeetingId,
      joinUrl: issued.json.joinUrl,
      host: { connectionId: aikoHost, ownerName: 'Aiko' },
      hostLink: 'active',
    });
    const atZoom = h.emulator.zoom
      .allMeetings()
      .find((meeting) => String(meeting.id) === issued.json.zoomMeetingId);
    expect(atZoom?.start_time).toBe('2030-01-20T02:00:00Z');
  });

  it('when a user of another tenant linked it, then 409 host_moved for a scheduler naming it, and nothing changes', async () => {
    const zoomUser = h.emulator.zoom.seeded.personal;
    const harukaHost = await linkZoomAccount(h, haruka, zoomUser);
    const issued = await put('iv-1', meetingBody(harukaHost));
    await linkZoomAccount(h, outsider, zoomUser);

    const refused = await put(
      'iv-1',
      meetingBody(harukaHost, { startTime: '2030-01-20T11:00:00+09:00' }),
    );
    const previewed = await preview(harukaHost);

    expect([refused.status, refused.json.code]).toEqual([409, 'host_moved']);
    expect([previewed.status, previewed.json.code]).toEqual([409, 'host_moved']);
    const after = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(after.json).toMatchObject({
      startTime: issued.json.startTime,
      zoomMeetingId: issued.json.zoomMeetingId,
    });
  });
});
