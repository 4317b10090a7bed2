import { describe, expect, it } from 'vitest';
import {
  type Harness,
  type HarnessOptions,
  linkZoomAccount,
  startHarness,
  tenantAUser,
} from './harness';
import { closeHarnessAfterEach, fastMeetingTuning } from './meeting-world';

// The harness clock starts at 2030-01-15T01:00Z. Haruka hosts on the seeded personal Zoom user,
// whose only seeded meeting runs 2030-01-16 06:00-07:00Z.
const haruka = tenantAUser('Haruka', 'coordinator');
const aiko = tenantAUser('Aiko', 'recruiter');

let h: Harness;
closeHarnessAfterEach(() => h);

interface ListedHost {
  connectionId: string;
  busy: string;
  conflicts: { start: string; end: string; source: string }[];
}

async function setUp(meetings: HarnessOptions['meetings'] = {}) {
  h = await startHarness({
    meetings: { ...fastMeetingTuning, hostCheckTimeoutMs: 1_000, ...meetings },
  });
  const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
  return { host, zoomUser: h.emulator.zoom.seeded.personal.id };
}

async function hostAt(host: string, start: string, durationMinutes = 30): Promise<ListedHost> {
  const list = await h.api('GET', `/v1/hosts?start=${start}&durationMinutes=${durationMinutes}`, {
    user: aiko,
  });
  expect(list.status).toBe(200);
  const found = (list.json.hosts as ListedHost[]).find((each) => each.connectionId === host);
  if (!found) throw new Error('host not listed');
  return found;
}

/** A daily series of five one-hour occurrences from 2030-01-18 01:00Z. */
const dailyStandup = {
  topic: 'Daily standup',
  type: 8 as const,
  start_time: '2030-01-18T01:00:00Z',
  duration: 60,
  recurrence: { type: 1 as const, repeat_interval: 1, end_times: 5 },
};

describe('busy badges count recurring Zoom meetings', () => {
  it('when the host is busy only through an occurrence of a series listed at an earlier day, then busy with that occurrence’s times from zoom, and the preview warns', async () => {
    const { host, zoomUser } = await setUp();
    h.emulator.zoom.seedMeeting(zoomUser, dailyStandup);

    expect(await hostAt(host, '2030-01-20T01:15:00Z')).toMatchObject({
      busy: 'busy',
      conflicts: [
        { start: '2030-01-20T01:00:00.000Z', end: '2030-01-20T02:00:00.000Z', source: 'zoom' },
      ],
    });
    const preview = await h.api(
      'GET',
      `/v1/meetings/preview?hostConnectionId=${host}&start=2030-01-20T01:15:00Z&durationMinutes=30&joinBeforeHost=false`,
      { user: aiko },
    );
    expect(preview.status).toBe(200);
    expect(preview.json.warnings).toContainEqual({ code: 'host_busy' });
    // The series' occurrences were read once: the preview and a later slot reuse them.
    const reads = () => h.emulator.zoom.stats().endpoints['GET /v2/meetings/{meetingId}'] ?? 0;
    expect(reads()).toBe(1);
    expect(await hostAt(host, '2030-01-21T05:00:00Z')).toMatchObject({ busy: 'free' });
    expect(reads()).toBe(1);
  });

  it('when a Basic host is busy through an occurrence, then the preview still warns of the 40-minute cap beside host_busy', async () => {
    const { host, zoomUser } = await setUp();
    h.emulator.zoom.seedMeeting(zoomUser, dailyStandup);
    const preview = (minutes: number) =>
      h.api(
        'GET',
        `/v1/meetings/preview?hostConnectionId=${host}&start=2030-01-20T01:15:00Z&durationMinutes=${minutes}&joinBeforeHost=false`,
        { user: aiko },
      );

    const long = await preview(60);
    const short = await preview(40);

    expect(long.json.warnings).toEqual(
      expect.arrayContaining([{ code: 'basic_license_time_limit' }, { code: 'host_busy' }]),
    );
    expect(short.json.warnings).toContainEqual({ code: 'host_busy' });
    expect(short.json.warnings).not.toContainEqual({ code: 'basic_license_time_limit' });
  });

  it('when the slot falls between occurrences or after the last one, then the series does not count', async () => {
    const { host, zoomUser } = await setUp();
    h.emulator.zoom.seedMeeting(zoomUser, dailyStandup);

    // Back to back with the 2030-01-20 occurrence, and the day after the fifth (2030-01-22).
    expect(await hostAt(host, '2030-01-20T02:00:00Z')).toMatchObject({
      busy: 'free',
      conflicts: [],
    });
    expect(await hostAt(host, '2030-01-23T01:00:00Z')).toMatchObject({
      busy: 'free',
      conflicts: [],
    });
  });

  it('when the host has a recurring meeting with no fixed time, then it never makes the host busy', async () => {
    const { host, zoomUser } = await setUp();
    h.emulator.zoom.seedMeeting(zoomUser, { topic: 'Personal room', type: 3, duration: 60 });

    expect(await hostAt(host, '2030-01-15T02:00:00Z')).toMatchObject({
      busy: 'free',
      conflicts: [],
    });
    expect(await hostAt(host, '2030-01-20T01:00:00Z')).toMatchObject({
      busy: 'free',
      conflicts: [],
    });
  });

  it('when the host scheduled a meeting on its personal meeting ID, then it counts like any other', async () => {
    const { host, zoomUser } = await setUp();
    h.emulator.zoom.seedMeeting(zoomUser, {
      topic: 'Office hours',
      start_time: '2030-01-20T01:00:00Z',
      duration: 30,
      use_pmi: true,
    });

    expect(await hostAt(host, '2030-01-20T01:15:00Z')).toMatchObject({
      busy: 'busy',
      conflicts: [
        { start: '2030-01-20T01:00:00.000Z', end: '2030-01-20T01:30:00.000Z', source: 'zoom' },
      ],
    });
  });

  it('when more series could overlap the slot than a check may read, then the host is unknown, not free', async () => {
    const { host, zoomUser } = await setUp({ maxSeriesPerHostCheck: 1 });
    h.emulator.zoom.seedMeeting(zoomUser, dailyStandup);
    h.emulator.zoom.seedMeeting(zoomUser, {
      ...dailyStandup,
      topic: 'Weekly review',
      start_time: '2030-01-17T08:00:00Z',
      recurrence: { type: 2, repeat_interval: 1, end_times: 4 },
    });

    // Neither series takes 2030-01-21 05:00Z, but only the nearer one (weekly) was read.
    expect(await hostAt(host, '2030-01-21T05:00:00Z')).toMatchObject({
      busy: 'unknown',
      conflicts: [],
    });
    // Before the later series' next occurrence only the weekly one can overlap: read, free.
    expect(await hostAt(host, '2030-01-17T12:00:00Z')).toMatchObject({ busy: 'free' });
  });
});

describe('hosts whose licence allows concurrent meetings', () => {
  it('when the host has Concurrent Meeting Basic (two at once), then it is busy only when two meetings take the slot', async () => {
    const { host, zoomUser } = await setUp();
    h.emulator.zoom.updateMeetingSettings(zoomUser, { concurrentMeeting: 'Basic' });
    h.emulator.zoom.seedMeeting(zoomUser, dailyStandup);

    expect(await hostAt(host, '2030-01-19T01:00:00Z', 60)).toMatchObject({
      busy: 'free',
      conflicts: [],
    });

    h.emulator.zoom.seedMeeting(zoomUser, {
      topic: 'Hiring sync',
      start_time: '2030-01-19T01:30:00Z',
      duration: 60,
    });
    // Our own write did not happen: the cached schedule lives on until it expires (30 s).
    h.clock.advance(31_000);

    expect(await hostAt(host, '2030-01-19T01:00:00Z', 60)).toMatchObject({
      busy: 'busy',
      conflicts: [
        { start: '2030-01-19T01:00:00.000Z', end: '2030-01-19T02:00:00.000Z', source: 'zoom' },
        { start: '2030-01-19T01:30:00.000Z', end: '2030-01-19T02:30:00.000Z', source: 'zoom' },
      ],
    });
    // Where only one of them runs, a place is left.
    expect(await hostAt(host, '2030-01-19T02:00:00Z')).toMatchObject({ busy: 'free' });
  });

  it('when none of the host’s meetings is in the slot, then its plan is not asked of Zoom; when one is, it is asked once, and a plan Zoom does not tell makes the host unknown', async () => {
    const { host, zoomUser } = await setUp();
    const settingsCalls = () =>
      h.emulator.zoom.stats().endpoints['GET /v2/users/{userId}/settings'] ?? 0;
    h.emulator.zoom.seedMeeting(zoomUser, {
      topic: 'Hiring sync',
      start_time: '2030-01-19T01:30:00Z',
      duration: 60,
    });
    const before = settingsCalls();
    expect(await hostAt(host, '2030-01-19T05:00:00Z')).toMatchObject({ busy: 'free' });
    expect(settingsCalls(), 'a free host needs no second call').toBe(before);

    expect(await hostAt(host, '2030-01-19T01:00:00Z', 60)).toMatchObject({ busy: 'busy' });
    expect(await hostAt(host, '2030-01-19T02:00:00Z')).toMatchObject({ busy: 'busy' });
    expect(settingsCalls(), 'asked once, then cached with the schedule').toBe(before + 1);

    h.clock.advance(31_000);
    h.emulator.zoom.failNext(20, 503, { path: '/zoom/v2/users/*/settings', method: 'GET' });
    expect(await hostAt(host, '2030-01-19T01:00:00Z', 60)).toMatchObject({
      busy: 'unknown',
      conflicts: [],
    });
  });

  it('when the host has no Concurrent Meeting plan, then one meeting is enough to make it busy', async () => {
    const { host, zoomUser } = await setUp();
    h.emulator.zoom.seedMeeting(zoomUser, {
      topic: 'Hiring sync',
      start_time: '2030-01-19T01:30:00Z',
      duration: 60,
    });

    expect(await hostAt(host, '2030-01-19T01:00:00Z', 60)).toMatchObject({ busy: 'busy' });
  });
});
