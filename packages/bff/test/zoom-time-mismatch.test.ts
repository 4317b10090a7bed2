import { randomUUID } from 'node:crypto';
import type { GoogleEvent } from '@ats-zoom/provider-emulator';
import { describe, expect, it } from 'vitest';
import { connectGoogle, type Harness, linkZoomAccount, startHarness, tenantAUser } from './harness';
import {
  closeHarnessAfterEach,
  fastMeetingsWithCalendar,
  meetingBody,
  meetingRequests,
} from './meeting-world';

// Aiko schedules (and registers the event on her Google Calendar); Haruka hosts on Zoom.
const aiko = tenantAUser('Aiko', 'recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');

let h: Harness;
closeHarnessAfterEach(() => h);
const requests = meetingRequests(() => h, aiko);

/** The interview (see meetingBody) hosted on `host`, registered on Aiko's calendar. */
const interviewBody = (host: string) =>
  meetingBody(host, {
    calendar: { register: true, attendees: [{ email: 'kenji.sato@acme-hr.example' }] },
  });
/** What the host sets in Zoom's web portal: two days later, 45 minutes. */
const zoomEdit = { start_time: '2030-01-22T05:00:00Z', duration: 45 };

/** iv-1 is the only interview here; Aiko saves it. */
const put = (body: unknown, key?: string) => requests.put('iv-1', body, aiko, key);
const get = () => requests.get('iv-1');
const calendar = (): GoogleEvent[] =>
  h.emulator.google.events(h.emulator.google.seeded.recruiter.email);
const zoomMeeting = (id: string) =>
  h.emulator.zoom.allMeetings().find((meeting) => String(meeting.id) === id);
const zoomPatches = () => h.emulator.zoom.stats().endpoints['PATCH /v2/meetings/{meetingId}'] ?? 0;

/** Saved with 予定を登録, then moved by the host in Zoom's web portal (a signed meeting.updated). */
async function savedThenMovedInZoom() {
  h = await startHarness(fastMeetingsWithCalendar);
  const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
  await connectGoogle(h, aiko, 'recruiter');
  const body = interviewBody(host);
  const saved = await put(body);
  expect(saved.status).toBe(200);
  expect(
    await h.emulator.zoom.updateMeetingAsUser(Number(saved.json.zoomMeetingId), zoomEdit),
  ).toBe(200);
  return { body, saved: saved.json };
}

describe('a meeting whose time was changed in Zoom itself', () => {
  it("when meeting.updated brings another time, then the meeting stays active with the interview's time and Zoom's beside it, and the event stays", async () => {
    const { saved } = await savedThenMovedInZoom();

    const after = await get();
    expect(after.json).toMatchObject({
      linkStatus: 'active',
      brokenReason: null,
      joinUrl: saved.joinUrl,
      startTime: '2030-01-20T01:00:00.000Z',
      durationMinutes: 30,
      zoomTime: { startTime: '2030-01-22T05:00:00.000Z', durationMinutes: 45 },
    });
    // The event stays with the interview until someone chooses.
    expect(calendar()).toMatchObject([{ start: { dateTime: '2030-01-20T10:00:00+09:00' } }]);
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.find((e) => e.action === 'meeting.changed_in_zoom')?.details).toMatchObject({
      zoomStartTime: '2030-01-22T05:00:00.000Z',
      durationMinutes: 45,
    });
    expect(audit.some((e) => e.action === 'meeting.broken')).toBe(false);
  });

  it("when the host moves it back to the interview's time in Zoom, then nothing is left to choose", async () => {
    const { saved } = await savedThenMovedInZoom();
    await h.emulator.zoom.updateMeetingAsUser(Number(saved.zoomMeetingId), {
      start_time: '2030-01-20T01:00:00Z',
      duration: 30,
    });
    expect((await get()).json).toMatchObject({ linkStatus: 'active', zoomTime: null });
  });

  it("when the scheduler keeps the interview's time, then Zoom is set back to it, the event stays, and a retried request writes nothing more", async () => {
    const { body, saved } = await savedThenMovedInZoom();
    const patchesBefore = zoomPatches();
    const stats = h.emulator.google.stats();

    const key = randomUUID();
    const kept = await put(body, key);
    expect(kept.status).toBe(200);
    expect(kept.json).toMatchObject({
      linkStatus: 'active',
      zoomTime: null,
      joinUrl: saved.joinUrl,
      startTime: '2030-01-20T01:00:00.000Z',
      durationMinutes: 30,
      calendar: { status: 'registered', eventId: saved.calendar.eventId },
    });
    expect(zoomMeeting(saved.zoomMeetingId)).toMatchObject({
      start_time: '2030-01-20T01:00:00Z',
      duration: 30,
    });
    expect(calendar()).toMatchObject([
      {
        id: saved.calendar.eventId,
        start: { dateTime: '2030-01-20T10:00:00+09:00' },
        end: { dateTime: '2030-01-20T10:30:00+09:00' },
      },
    ]);
    expect(zoomPatches()).toBe(patchesBefore + 1);

    const replay = await put(body, key);
    expect(replay.text).toBe(kept.text);
    expect(zoomPatches()).toBe(patchesBefore + 1);
    expect(h.emulator.google.stats()).toEqual(stats);
    expect((await get()).json).toMatchObject({ zoomTime: null });
  });

  it("when the scheduler takes Zoom's time, then the meeting and the event take it, Zoom is not written, and a retried request writes nothing more", async () => {
    const { body, saved } = await savedThenMovedInZoom();
    const patchesBefore = zoomPatches();
    const { eventsPatched } = h.emulator.google.stats();

    const takeZoom = { ...body, startTime: '2030-01-22T05:00:00Z', durationMinutes: 45 };
    const key = randomUUID();
    const taken = await put(takeZoom, key);
    expect(taken.status).toBe(200);
    expect(taken.json).toMatchObject({
      linkStatus: 'active',
      zoomTime: null,
      joinUrl: saved.joinUrl,
      startTime: '2030-01-22T05:00:00.000Z',
      durationMinutes: 45,
      calendar: { status: 'registered', eventId: saved.calendar.eventId },
    });
    expect(zoomMeeting(saved.zoomMeetingId)).toMatchObject({
      start_time: '2030-01-22T05:00:00Z',
      duration: 45,
    });
    expect(calendar()).toMatchObject([
      {
        id: saved.calendar.eventId,
        start: { dateTime: '2030-01-22T14:00:00+09:00' },
        end: { dateTime: '2030-01-22T14:45:00+09:00' },
      },
    ]);
    expect(zoomPatches()).toBe(patchesBefore);
    expect(h.emulator.google.stats().eventsPatched).toBe(eventsPatched + 1);

    const replay = await put(takeZoom, key);
    expect(replay.text).toBe(taken.text);
    expect(h.emulator.google.stats().eventsPatched).toBe(eventsPatched + 1);
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.filter((e) => e.action === 'meeting.zoom_time_adopted')).toHaveLength(1);
  });

  it('when it is then deleted in Zoom, then re-issue creates the meeting at the interview time', async () => {
    const { body, saved } = await savedThenMovedInZoom();
    await h.emulator.zoom.deleteMeetingAsUser(Number(saved.zoomMeetingId));
    expect((await get()).json).toMatchObject({
      linkStatus: 'broken',
      brokenReason: 'deleted_in_zoom',
      zoomTime: null,
    });

    const reissued = await put(body);
    expect(reissued.json).toMatchObject({
      linkStatus: 'active',
      zoomTime: null,
      startTime: '2030-01-20T01:00:00.000Z',
    });
    expect(zoomMeeting(reissued.json.zoomMeetingId)).toMatchObject({
      start_time: '2030-01-20T01:00:00Z',
    });
  });

  it("when the host changes the passcode in Zoom, then the meeting takes Zoom's new join URL and passcode, and the event is synced with them", async () => {
    h = await startHarness(fastMeetingsWithCalendar);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    await connectGoogle(h, aiko, 'recruiter');
    const saved = await put(interviewBody(host));
    expect(saved.status).toBe(200);
    const id = saved.json.zoomMeetingId as string;

    expect(await h.emulator.zoom.updateMeetingAsUser(Number(id), { password: 'Nw7k2Qp9' })).toBe(
      200,
    );

    const atZoom = zoomMeeting(id);
    expect(atZoom?.password).toBe('Nw7k2Qp9');
    expect(atZoom?.join_url).not.toBe(saved.json.joinUrl);
    const after = await get();
    expect(after.json).toMatchObject({
      linkStatus: 'active',
      zoomMeetingId: id,
      joinUrl: atZoom?.join_url,
      zoomTime: null,
    });
    // The outbox syncs the event (due at once): it carries the URL that works now.
    await expect
      .poll(() => calendar()[0]?.description ?? '', { timeout: 5_000 })
      .toContain(atZoom?.join_url ?? 'missing');
    expect(calendar()).toHaveLength(1);
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.some((e) => e.action === 'meeting.link_changed_in_zoom')).toBe(true);
  });
});
