import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meetingRequest, zoomApi } from '../../test/zoom-api-driver';
import {
  connectUser,
  postForm,
  startTestEmulator,
  type TestClock,
} from '../../test/zoom-oauth-driver';
import {
  closed,
  createValidator,
  meetingAnswerValidator,
  responseSchema,
} from '../../test/zoom-openapi';
import type { RunningProviderEmulator } from '../index';

const validateCreate = meetingAnswerValidator('/users/{userId}/meetings', 'post', '201');
const validateGet = meetingAnswerValidator('/meetings/{meetingId}', 'get', '200');
const validateList = createValidator(
  closed(responseSchema('/users/{userId}/meetings', 'get', '200')),
);

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let emulator: RunningProviderEmulator;
let clock: TestClock;
let token: string;

beforeEach(async () => {
  ({ emulator, clock } = await startTestEmulator());
  token = (await connectUser(emulator, emulator.zoom.seeded.personal.id))?.access_token ?? '';
});
afterEach(async () => {
  await emulator.close();
});

/** Moves the clock on; the access token has expired by then, so the host connects again. */
async function later(ms: number) {
  clock.advance(ms);
  token = (await connectUser(emulator, emulator.zoom.seeded.personal.id))?.access_token ?? '';
}

const create = (overrides: Record<string, unknown>) =>
  zoomApi(emulator, token, 'POST', '/users/me/meetings', meetingRequest(overrides));

// The clock starts at 2025-10-01T00:00:00Z (a Wednesday).
describe('recurring meetings with a fixed time (type 8)', () => {
  it('when a daily series of 3 is created, then 201 with three occurrences in Zoom’s shape', async () => {
    const { status, body } = await create({
      type: 8,
      recurrence: { type: 1, repeat_interval: 1, end_times: 3 },
    });

    expect(status).toBe(201);
    expect(validateCreate(body), JSON.stringify(validateCreate.errors)).toBe(true);
    expect(body.type).toBe(8);
    expect(body.start_time).toBe('2025-10-02T01:00:00Z');
    expect(body.recurrence).toEqual({ type: 1, repeat_interval: 1, end_times: 3 });
    expect(body.occurrences).toEqual(
      ['2025-10-02T01:00:00Z', '2025-10-03T01:00:00Z', '2025-10-04T01:00:00Z'].map((start) => ({
        occurrence_id: String(Date.parse(start)),
        start_time: start,
        duration: 45,
        status: 'available',
      })),
    );
  });

  it('when weekly on Monday and Friday every 2 weeks until a date, then only those days of every other week', async () => {
    const { body } = await create({
      type: 8,
      start_time: '2025-10-03T01:00:00Z',
      recurrence: {
        type: 2,
        repeat_interval: 2,
        weekly_days: '2,6',
        end_date_time: '2025-10-31T23:59:00Z',
      },
    });

    expect(body.occurrences.map((o: { start_time: string }) => o.start_time)).toEqual([
      '2025-10-03T01:00:00Z',
      '2025-10-13T01:00:00Z',
      '2025-10-17T01:00:00Z',
      '2025-10-27T01:00:00Z',
      '2025-10-31T01:00:00Z',
    ]);
  });

  it('when monthly on the 31st, then months without a 31st are skipped', async () => {
    const { body } = await create({
      type: 8,
      start_time: '2025-10-31T01:00:00Z',
      recurrence: { type: 3, repeat_interval: 1, monthly_day: 31, end_times: 3 },
    });

    expect(body.occurrences.map((o: { start_time: string }) => o.start_time)).toEqual([
      '2025-10-31T01:00:00Z',
      '2025-12-31T01:00:00Z',
      '2026-01-31T01:00:00Z',
    ]);
  });

  it('when type 8 comes without recurrence, or with both end_times and end_date_time, then 400 code 300', async () => {
    const missing = await create({ type: 8 });
    const both = await create({
      type: 8,
      recurrence: { type: 1, end_times: 2, end_date_time: '2025-10-09T00:00:00Z' },
    });

    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe(300);
    expect(both.status).toBe(400);
    expect(both.body.errors[0].field).toBe('recurrence.end_date_time');
  });

  it('when the first occurrences have ended, then GET and type=upcoming show the series at its next occurrence, and GET lists only occurrences not yet ended unless show_previous_occurrences', async () => {
    const { body: created } = await create({
      type: 8,
      recurrence: { type: 1, repeat_interval: 1, end_times: 3 },
    });
    await later(2 * DAY); // 2025-10-03T00:00Z: the first occurrence has ended

    const got = await zoomApi(emulator, token, 'GET', `/meetings/${created.id}`);
    const all = await zoomApi(
      emulator,
      token,
      'GET',
      `/meetings/${created.id}?show_previous_occurrences=true`,
    );
    const list = await zoomApi(emulator, token, 'GET', '/users/me/meetings?type=upcoming');

    expect(validateGet(got.body), JSON.stringify(validateGet.errors)).toBe(true);
    expect(got.body.start_time).toBe('2025-10-03T01:00:00Z');
    expect(got.body.occurrences).toHaveLength(2);
    expect(all.body.occurrences).toHaveLength(3);
    expect(validateList(list.body), JSON.stringify(validateList.errors)).toBe(true);
    const listed = list.body.meetings.filter((m: { id: number }) => m.id === created.id);
    expect(listed).toEqual([
      expect.objectContaining({ type: 8, start_time: '2025-10-03T01:00:00Z', duration: 45 }),
    ]);
  });

  it('when every occurrence has ended, then the series leaves type=upcoming', async () => {
    const { body: created } = await create({
      type: 8,
      recurrence: { type: 1, repeat_interval: 1, end_times: 2 },
    });
    await later(3 * DAY);

    const list = await zoomApi(emulator, token, 'GET', '/users/me/meetings?type=upcoming');

    expect(list.body.meetings.map((m: { id: number }) => m.id)).not.toContain(created.id);
  });
});

describe('recurring meetings with no fixed time (type 3)', () => {
  it('when created, then no start_time and no occurrences, in create, GET and the upcoming list', async () => {
    const { status, body } = await create({ type: 3, start_time: undefined });
    const got = await zoomApi(emulator, token, 'GET', `/meetings/${body.id}`);
    await later(60 * DAY);
    const list = await zoomApi(emulator, token, 'GET', '/users/me/meetings?type=upcoming');

    expect(status).toBe(201);
    expect(validateCreate(body), JSON.stringify(validateCreate.errors)).toBe(true);
    expect(body.start_time).toBeUndefined();
    expect(got.body.start_time).toBeUndefined();
    expect(got.body.occurrences).toBeUndefined();
    const listed = list.body.meetings.find((m: { id: number }) => m.id === body.id);
    expect(listed).toMatchObject({ type: 3 });
    expect(listed.start_time).toBeUndefined();
  });
});

describe('the personal meeting ID (PMI)', () => {
  it('when a meeting is scheduled with use_pmi, then GET and the list carry the host’s pmi; a type 8 series cannot use it', async () => {
    const me = await zoomApi(emulator, token, 'GET', '/users/me');
    const { status, body } = await create({ settings: { use_pmi: true } });
    const plain = await create({ start_time: '2025-10-03T01:00:00Z' });
    const series = await create({
      type: 8,
      recurrence: { type: 1, end_times: 2 },
      settings: { use_pmi: true },
    });
    const got = await zoomApi(emulator, token, 'GET', `/meetings/${body.id}`);
    const list = await zoomApi(emulator, token, 'GET', '/users/me/meetings?type=upcoming');

    expect(status).toBe(201);
    expect(body.pmi).toBe(String(me.body.pmi));
    expect(body.settings.use_pmi).toBe(true);
    expect(validateGet(got.body), JSON.stringify(validateGet.errors)).toBe(true);
    expect(got.body.pmi).toBe(String(me.body.pmi));
    expect(plain.body.pmi).toBeUndefined();
    expect(series.status).toBe(400);
    expect(series.body.errors[0].field).toBe('settings.use_pmi');
    expect(validateList(list.body), JSON.stringify(validateList.errors)).toBe(true);
    const listed = list.body.meetings.find((m: { id: number }) => m.id === body.id);
    expect(listed).toMatchObject({ pmi: String(me.body.pmi), start_time: '2025-10-02T01:00:00Z' });
  });
});

describe('the handle', () => {
  it('when a recurring meeting is seeded for a host, then the host’s list shows it with its occurrences', () => {
    const host = emulator.zoom.seeded.managedApproved.id;
    const seeded = emulator.zoom.seedMeeting(host, {
      topic: 'Daily standup',
      type: 8,
      start_time: '2025-10-02T00:00:00Z',
      duration: 15,
      recurrence: { type: 1, repeat_interval: 1, end_times: 5 },
    });

    expect(seeded.occurrences).toHaveLength(5);
    expect(emulator.zoom.meetings(host).find((m) => m.id === seeded.id)?.type).toBe(8);
  });

  it('when the operator adds a weekly series, a no-fixed-time meeting and a one-time meeting on the admin page, then the host has all three and the page shows them', async () => {
    const host = emulator.zoom.seeded.personal;
    const weekly = await postForm(emulator, '/zoom/admin/meetings/seed', {
      user_id: host.id,
      topic: 'Weekly sync',
      type: '8',
      start_time: '2025-10-06T01:00:00Z',
      duration: '30',
      recurrence_type: '2',
      repeat_interval: '1',
      end_times: '3',
    });
    await postForm(emulator, '/zoom/admin/meetings/seed', {
      user_id: host.id,
      topic: 'Open room',
      type: '3',
      duration: '60',
    });
    const oneTime = await postForm(emulator, '/zoom/admin/meetings/seed', {
      user_id: host.id,
      topic: 'Budget review',
      type: '2',
      start_time: '2025-10-07T04:00:00Z',
      duration: '45',
    });
    const page = await (await fetch(new URL(emulator.zoom.paths.admin, emulator.url))).text();

    expect(weekly.status).toBe(303);
    const mine = emulator.zoom.meetings(host.id);
    const series = mine.find((m) => m.topic === 'Weekly sync');
    expect(series?.occurrences?.map((o) => o.start_time)).toEqual([
      '2025-10-06T01:00:00Z',
      '2025-10-13T01:00:00Z',
      '2025-10-20T01:00:00Z',
    ]);
    expect(mine.find((m) => m.topic === 'Open room')).toMatchObject({ type: 3 });
    expect(oneTime.status).toBe(303);
    const budget = mine.find((m) => m.topic === 'Budget review');
    expect(budget).toMatchObject({ type: 2, start_time: '2025-10-07T04:00:00Z', duration: 45 });
    expect(budget?.occurrences).toBeUndefined();
    expect(page).toContain('recurring: 2025-10-06T01:00:00Z, 2025-10-13T01:00:00Z');
    expect(page).toContain('recurring, no fixed time');
    expect(page).toContain('2025-10-07T04:00:00Z (45 min');
  });

  it('when a user gets Concurrent Meeting Basic, then GET settings shows feature.concurrent_meeting', async () => {
    const user = emulator.zoom.seeded.personal.id;
    emulator.zoom.updateMeetingSettings(user, { concurrentMeeting: 'Basic' });

    const settings = await zoomApi(emulator, token, 'GET', '/users/me/settings');

    expect(settings.body.feature.concurrent_meeting).toBe('Basic');
  });
});
