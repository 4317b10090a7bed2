import { randomUUID } from 'node:crypto';
import { ZOOM_ROUTE_GROUPS, type ZoomUser } from '@ats-zoom/provider-emulator';
import { describe, expect, it } from 'vitest';
import { type AtsUser, type Harness, linkZoomAccount, startHarness } from './harness';
import {
  closeHarnessAfterEach,
  fastMeetings,
  fastMeetingTuning,
  isBffMeeting,
  meetingBody,
} from './meeting-world';

const user = (sub: string, role: AtsUser['role']): AtsUser => ({
  sub,
  tid: 'tenant-a',
  role,
  name: sub,
  email: `${sub}@a.example`,
});
const recruiter = user('u-recruiter', 'recruiter');
const haruka = user('u-haruka', 'coordinator');
const aiko = user('u-aiko', 'recruiter');

let h: Harness;
closeHarnessAfterEach(() => h);

const link = (who: AtsUser, account: ZoomUser) => linkZoomAccount(h, who, account);
const put = (interviewId: string, body: unknown, key = randomUUID()) =>
  h.api('PUT', `/v1/interviews/${interviewId}/meeting`, {
    user: recruiter,
    body,
    headers: { 'idempotency-key': key },
  });

/** Something only a machine reads: an operation marker, or a bare UUID. */
const machineString = /op:|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('the agenda hosts read in Zoom', () => {
  it('when meetings are issued, moved to another host and created with a lost answer, then every agenda is words for people and no marker is in it', async () => {
    h = await startHarness(fastMeetings);
    const zoom = h.emulator.zoom.seeded;
    const personal = await link(haruka, zoom.personal);
    const managed = await link(aiko, zoom.managedApproved);

    expect((await put('iv-1', meetingBody(personal))).status).toBe(200);
    expect((await put('iv-1', meetingBody(managed))).status).toBe(200);
    h.emulator.zoom.dropNext(1, ZOOM_ROUTE_GROUPS.createMeeting);
    const lost = await put('iv-2', meetingBody(personal, { topic: '最終面接 / Final interview' }));
    expect(lost.status).toBe(200);

    const ours = h.emulator.zoom.allMeetings().filter((m) => isBffMeeting(m));
    // iv-1 moved (the old meeting deleted), iv-2 created once despite the lost answer.
    expect(ours).toHaveLength(2);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(3);
    for (const meeting of ours) {
      expect(meeting.agenda).not.toMatch(machineString);
      expect(meeting.agenda).toContain(meeting.topic);
      expect(meeting.agenda).toMatch(/面接/);
      expect(meeting.agenda).toMatch(/Interview/);
    }
    const adopted = ours.find((m) => String(m.id) === lost.json.zoomMeetingId);
    expect(adopted?.topic).toBe('最終面接 / Final interview');
  });

  it('when the host app words the agenda, then Zoom shows its words, and a blank answer falls back to the default', async () => {
    const seen: string[] = [];
    h = await startHarness({
      meetings: {
        ...fastMeetingTuning,
        agenda: ({ interviewId, topic }) => {
          seen.push(interviewId);
          return interviewId === 'iv-blank' ? '  ' : `${topic}：鈴木 美香さんとの面接`;
        },
      },
    });
    const host = await link(haruka, h.emulator.zoom.seeded.personal);

    const worded = await put('iv-1', meetingBody(host));
    const blank = await put(
      'iv-blank',
      meetingBody(host, { startTime: '2030-01-21T10:00:00+09:00' }),
    );

    const byId = new Map(h.emulator.zoom.allMeetings().map((m) => [String(m.id), m]));
    expect(byId.get(worded.json.zoomMeetingId)?.agenda).toBe(
      '一次面接 / First interview：鈴木 美香さんとの面接',
    );
    expect(byId.get(blank.json.zoomMeetingId)?.agenda).toMatch(
      /^面接「一次面接 \/ First interview」/,
    );
    expect(seen).toEqual(['iv-1', 'iv-blank']);
  });

  it('when the marker is at Zoom, then it sits in the custom keys, and a meeting the host made by hand is never adopted', async () => {
    h = await startHarness(fastMeetings);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const key = randomUUID();
    h.emulator.zoom.dropNext(1, ZOOM_ROUTE_GROUPS.createMeeting);
    h.emulator.zoom.failNext(3, 503, ZOOM_ROUTE_GROUPS.listMeetings);
    expect((await put('iv-1', meetingBody(host), key)).status).toBe(503);
    const [created] = h.emulator.zoom.allMeetings().filter((m) => isBffMeeting(m));
    // Meanwhile the host schedules a meeting of the same topic and time by hand in Zoom.
    const handMade = h.emulator.zoom.seedMeeting(h.emulator.zoom.seeded.managedApproved.id, {
      topic: '一次面接 / First interview',
      start_time: '2030-01-20T01:00:00Z',
      duration: 30,
      timezone: 'Asia/Tokyo',
    });

    const retried = await put('iv-1', meetingBody(host), key);

    expect(retried.status).toBe(200);
    expect(retried.json.zoomMeetingId).toBe(String(created?.id));
    expect(retried.json.zoomMeetingId).not.toBe(String(handMade.id));
    expect(h.emulator.zoom.allMeetings().filter((m) => isBffMeeting(m))).toHaveLength(1);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(1);
    expect(created?.settings.custom_keys).toEqual([
      { key: 'ats_zoom_operation', value: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    ]);
  });

  it('when Zoom kept no custom key on the create and the answer was lost, then the meeting with exactly this save’s topic, start and agenda is adopted, not a hand-made twin', async () => {
    h = await startHarness(fastMeetings);
    h.emulator.zoom.setCreateKeepsCustomKeys(false);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const handMade = h.emulator.zoom.seedMeeting(h.emulator.zoom.seeded.managedApproved.id, {
      topic: '一次面接 / First interview',
      start_time: '2030-01-20T01:00:00Z',
      duration: 30,
      timezone: 'Asia/Tokyo',
      agenda: '社内メモ',
    });
    h.emulator.zoom.dropNext(1, ZOOM_ROUTE_GROUPS.createMeeting);

    const saved = await put('iv-1', meetingBody(host));

    expect(saved.status).toBe(200);
    expect(saved.json.zoomMeetingId).not.toBe(String(handMade.id));
    const twins = h.emulator.zoom
      .allMeetings()
      .filter((m) => m.topic === '一次面接 / First interview');
    expect(twins).toHaveLength(2);
    expect(h.emulator.zoom.stats().endpoints['POST /v2/users/{userId}/meetings']).toBe(1);
    const ours = twins.find((m) => String(m.id) === saved.json.zoomMeetingId);
    expect(ours?.agenda).toMatch(/^面接「一次面接 \/ First interview」/);
    expect(ours?.settings.custom_keys).toEqual([]);
  });

  it('when Zoom kept no custom key and another interview holds a meeting of the same topic, start and agenda, then a lost create is not matched to that one', async () => {
    h = await startHarness(fastMeetings);
    h.emulator.zoom.setCreateKeepsCustomKeys(false);
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    // iv-2's create happens but its answer is lost and the list fails: the save fails.
    h.emulator.zoom.dropNext(1, ZOOM_ROUTE_GROUPS.createMeeting);
    h.emulator.zoom.failNext(3, 503, ZOOM_ROUTE_GROUPS.listMeetings);
    const key = randomUUID();
    expect((await put('iv-2', meetingBody(host), key)).status).toBe(503);
    h.emulator.zoom.resetFaults();
    // A minute later iv-1 gets the same topic and slot (a host with two licences): the newest
    // meeting, so the first one the reconciliation looks at.
    h.clock.advance(60_000);
    const first = await put('iv-1', meetingBody(host));

    const second = await put('iv-2', meetingBody(host), key);

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.json.zoomMeetingId).not.toBe(first.json.zoomMeetingId);
    const twins = h.emulator.zoom
      .allMeetings()
      .filter((m) => m.topic === '一次面接 / First interview');
    expect(twins.map((m) => String(m.id)).sort()).toEqual(
      [first.json.zoomMeetingId, second.json.zoomMeetingId].sort(),
    );
  });
});
