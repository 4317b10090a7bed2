import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CalendarAnswer,
  calendarApi,
  connectGoogleUser,
  interviewEvent,
  startGoogleWithRecruiter,
} from '../../test/google-driver';
import type { RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
let token: string;
beforeEach(async () => {
  ({ emulator, token } = await startGoogleWithRecruiter());
});
afterEach(async () => {
  await emulator.close();
});

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

/** Interviews on 2 October 2025 (Tokyo), one hour each, starting at the given hours. */
async function insertAt(hours: number[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, hour] of hours.entries()) {
    const hh = String(hour).padStart(2, '0');
    const answer = await calendarApi(
      emulator,
      token,
      'POST',
      '/calendars/primary/events',
      interviewEvent({
        id: `event${index}${hh}00`,
        summary: `Interview ${NAMES[index]}`,
        start: { dateTime: `2025-10-02T${hh}:00:00+09:00`, timeZone: 'Asia/Tokyo' },
        end: { dateTime: `2025-10-02T${hh}:59:00+09:00`, timeZone: 'Asia/Tokyo' },
        extendedProperties: { private: { atsInterviewId: `int-${index}` } },
      }),
    );
    expect(answer.status, answer.text).toBe(200);
    ids.push(answer.body.id);
  }
  return ids;
}

const list = (query: Record<string, string | string[]> = {}, bearer = token) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const each of [value].flat()) params.append(name, each);
  }
  return calendarApi(emulator, bearer, 'GET', `/calendars/primary/events?${params}`);
};
const ids = (answer: CalendarAnswer) => answer.body.items.map((e: { id: string }) => e.id);

describe('Google events.list', () => {
  it('when a window is given with singleEvents and orderBy=startTime, then live events overlapping it come in start order', async () => {
    const [thirteen, nine, eleven, fifteen] = await insertAt([13, 9, 11, 15]);
    await calendarApi(emulator, token, 'DELETE', `/calendars/primary/events/${eleven}`);

    const answer = await list({
      // Exclusive bounds: 09:59 ends the 09:00 event out; 15:00 starts the 15:00 event out.
      timeMin: '2025-10-02T09:59:00+09:00',
      timeMax: '2025-10-02T06:00:00Z',
      singleEvents: 'true',
      orderBy: 'startTime',
    });

    expect(answer.status, answer.text).toBe(200);
    expect(ids(answer)).toEqual([thirteen]);
    expect(answer.body).toMatchObject({
      kind: 'calendar#events',
      summary: emulator.google.seeded.recruiter.email,
      timeZone: 'Asia/Tokyo',
      accessRole: 'owner',
    });
    expect(answer.body.nextPageToken).toBeUndefined();
    const all = await list({ singleEvents: 'true', orderBy: 'startTime' });
    expect(ids(all)).toEqual([nine, thirteen, fifteen]);
  });

  it('when maxResults is smaller than the result, then pages follow nextPageToken until none is left', async () => {
    const inserted = await insertAt([9, 10, 11, 12, 13]);

    const pages: string[][] = [];
    let pageToken: string | undefined;
    do {
      const answer = await list({
        maxResults: '2',
        singleEvents: 'true',
        orderBy: 'startTime',
        ...(pageToken ? { pageToken } : {}),
      });
      expect(answer.status, answer.text).toBe(200);
      pages.push(ids(answer));
      pageToken = answer.body.nextPageToken;
    } while (pageToken);

    expect(pages).toEqual([inserted.slice(0, 2), inserted.slice(2, 4), inserted.slice(4)]);
  });

  it('when showDeleted, privateExtendedProperty, q or timeZone are given, then they filter and render as Google does', async () => {
    const [first, second] = await insertAt([9, 10]);
    await calendarApi(emulator, token, 'DELETE', `/calendars/primary/events/${first}`);

    expect(ids(await list())).toEqual([second]);
    const withDeleted = await list({ showDeleted: 'true' });
    expect(withDeleted.body.items.map((e: { status: string }) => e.status)).toEqual([
      'cancelled',
      'confirmed',
    ]);
    expect(ids(await list({ privateExtendedProperty: 'atsInterviewId=int-1' }))).toEqual([second]);
    expect(ids(await list({ privateExtendedProperty: 'atsInterviewId=int-0' }))).toEqual([]);
    expect(ids(await list({ q: 'Interview BRAVO' }))).toEqual([second]);
    const inUtc = await list({ timeZone: 'UTC' });
    expect(inUtc.body.items[0].start).toEqual({
      dateTime: '2025-10-02T01:00:00Z',
      timeZone: 'Asia/Tokyo',
    });
  });

  it.each<[string, Record<string, string>, number, string]>([
    ['orderBy=startTime without singleEvents', { orderBy: 'startTime' }, 400, 'badRequest'],
    [
      'timeMax before timeMin',
      { timeMin: '2025-10-03T00:00:00Z', timeMax: '2025-10-02T00:00:00Z' },
      400,
      'timeRangeEmpty',
    ],
    ['a timeMin without offset', { timeMin: '2025-10-02T00:00:00' }, 400, 'invalid'],
    ['maxResults=0', { maxResults: '0' }, 400, 'invalid'],
    ['an unknown orderBy', { orderBy: 'summary' }, 400, 'invalid'],
    ['a forged pageToken', { pageToken: 'not-a-token' }, 400, 'invalid'],
    ['a syncToken (not emulated)', { syncToken: 'abc' }, 400, 'invalid'],
  ])('when %s, then it answers %i %s', async (_, query, status, reason) => {
    const answer = await list(query);

    expect(answer.status).toBe(status);
    expect(answer.body.error.errors[0].reason).toBe(reason);
  });

  it('when another user’s calendar or a free/busy-only token is used, then 404 and 403 answer', async () => {
    const other = emulator.google.seeded.interviewer.email;
    const foreign = await calendarApi(
      emulator,
      token,
      'GET',
      `/calendars/${encodeURIComponent(other)}/events`,
    );
    expect(foreign.status).toBe(404);

    const freeBusyOnly = await connectGoogleUser(emulator, emulator.google.seeded.interviewer.sub, {
      scope: 'https://www.googleapis.com/auth/calendar.freebusy',
    });
    const forbidden = await list({}, freeBusyOnly.access_token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.errors[0].reason).toBe('insufficientPermissions');
  });
});
