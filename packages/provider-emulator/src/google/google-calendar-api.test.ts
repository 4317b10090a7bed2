import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoveryValidator } from '../../test/google-discovery';
import {
  calendarApi,
  connectGoogleUser,
  interviewEvent,
  startGoogleEmulator,
  startGoogleWithRecruiter,
} from '../../test/google-driver';
import type { RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
let token: string;
const EVENTS = '/calendars/primary/events';
const ID = '0f8e2c1a9b7d4e6f8a1b2c3d4e5f6a7b';

const validEvent = discoveryValidator('Event', [
  'kind',
  'etag',
  'id',
  'status',
  'htmlLink',
  'created',
  'updated',
  'start',
  'end',
  'iCalUID',
  'organizer',
]);
const validFreeBusy = discoveryValidator('FreeBusyResponse', [
  'kind',
  'timeMin',
  'timeMax',
  'calendars',
]);

function expectValid(validate: ReturnType<typeof discoveryValidator>, body: unknown) {
  expect(validate(body) ? [] : validate.errors).toEqual([]);
}

beforeEach(async () => {
  ({ emulator, token } = await startGoogleWithRecruiter());
});
afterEach(async () => {
  await emulator.close();
});

const insert = (body = interviewEvent(), query = '') =>
  calendarApi(emulator, token, 'POST', `${EVENTS}${query}`, body);
const recruiterEvents = () => emulator.google.events(emulator.google.seeded.recruiter.email);

describe('Calendar events', () => {
  it('when an event is inserted with a client id, then it answers 200 with the Event resource in the calendar zone', async () => {
    const answer = await insert(interviewEvent(), '?sendUpdates=all&conferenceDataVersion=0');

    expect(answer.status).toBe(200);
    expectValid(validEvent, answer.body);
    expect(answer.body).toMatchObject({
      kind: 'calendar#event',
      id: ID,
      status: 'confirmed',
      iCalUID: `${ID}@google.com`,
      location: 'https://zoom.example/j/123?pwd=abc',
      start: { dateTime: '2025-10-02T10:00:00+09:00', timeZone: 'Asia/Tokyo' },
      organizer: { email: 'aiko.tanaka@acme-hr.example', self: true },
      attendees: [
        {
          email: 'kenji.sato@acme-hr.example',
          displayName: 'Kenji Sato',
          responseStatus: 'needsAction',
        },
        { email: 'yui.ito@acme-hr.example', responseStatus: 'needsAction' },
      ],
      extendedProperties: { private: { atsInterviewId: 'int-1' } },
    });
    expect(recruiterEvents()).toHaveLength(1);
    expect(emulator.google.stats()).toMatchObject({ eventsInserted: 1, notificationsSent: 2 });
  });

  it('when a UTC dateTime is sent, then it is rendered with the calendar offset', async () => {
    const answer = await insert(
      interviewEvent({
        start: { dateTime: '2025-10-02T01:00:00Z' },
        end: { dateTime: '2025-10-02T01:30:00Z' },
      }),
    );

    expect(answer.body.start).toEqual({ dateTime: '2025-10-02T10:00:00+09:00' });
    expect(answer.body.end).toEqual({ dateTime: '2025-10-02T10:30:00+09:00' });
  });

  it('when the same id is inserted twice, and again after delete, then 409 duplicate each time', async () => {
    await insert();
    const twice = await insert();
    await calendarApi(emulator, token, 'DELETE', `${EVENTS}/${ID}`);
    const afterDelete = await insert();

    for (const answer of [twice, afterDelete]) {
      expect(answer.status).toBe(409);
      expect(answer.body).toEqual({
        error: {
          code: 409,
          message: 'The requested identifier already exists.',
          errors: [
            {
              domain: 'global',
              reason: 'duplicate',
              message: 'The requested identifier already exists.',
            },
          ],
          status: 'ALREADY_EXISTS',
        },
      });
    }
    expect(recruiterEvents()).toHaveLength(1);
  });

  it('when the id is not base32hex, then 400 invalid', async () => {
    const answer = await insert(interviewEvent({ id: 'Interview-1' }));

    expect(answer.status).toBe(400);
    expect(answer.body.error.errors[0]).toMatchObject({
      reason: 'invalid',
      message: 'Invalid resource id value.',
    });
  });

  it('when the end is missing or the zone unknown, then 400 with Google messages', async () => {
    const noEnd = await insert(interviewEvent({ end: undefined }));
    const badZone = await insert(
      interviewEvent({ start: { dateTime: '2025-10-02T10:00:00', timeZone: 'Asia/Nowhere' } }),
    );
    const reversed = await insert(
      interviewEvent({ end: { dateTime: '2025-10-02T09:00:00+09:00' } }),
    );

    expect(noEnd.body.error).toMatchObject({ code: 400, message: 'Missing end time.' });
    expect(badZone.body.error.message).toBe('Invalid time zone definition for start time.');
    expect(reversed.body.error.errors[0]).toMatchObject({
      domain: 'calendar',
      reason: 'timeRangeEmpty',
    });
  });

  it('when an event is read back and patched, then only the sent fields change and arrays are replaced', async () => {
    await insert();

    const got = await calendarApi(emulator, token, 'GET', `${EVENTS}/${ID}`);
    const patched = await calendarApi(
      emulator,
      token,
      'PATCH',
      `${EVENTS}/${ID}?sendUpdates=none`,
      {
        start: { dateTime: '2025-10-03T14:00:00+09:00', timeZone: 'Asia/Tokyo' },
        end: { dateTime: '2025-10-03T15:00:00+09:00', timeZone: 'Asia/Tokyo' },
        location: 'https://zoom.example/j/456',
        attendees: [{ email: 'yui.ito@acme-hr.example' }],
      },
    );

    expect(got.status).toBe(200);
    expectValid(validEvent, got.body);
    expect(patched.status).toBe(200);
    expectValid(validEvent, patched.body);
    expect(patched.body).toMatchObject({
      summary: 'Interview: Mika Suzuki',
      location: 'https://zoom.example/j/456',
      start: { dateTime: '2025-10-03T14:00:00+09:00' },
      sequence: 1,
      attendees: [{ email: 'yui.ito@acme-hr.example', responseStatus: 'needsAction' }],
    });
    expect(patched.body.etag).not.toBe(got.body.etag);
  });

  it('when an event is deleted, then 204, then 410 deleted, and get shows it cancelled', async () => {
    await insert();

    const deleted = await calendarApi(emulator, token, 'DELETE', `${EVENTS}/${ID}`);
    const again = await calendarApi(emulator, token, 'DELETE', `${EVENTS}/${ID}`);
    const got = await calendarApi(emulator, token, 'GET', `${EVENTS}/${ID}`);

    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(again.status).toBe(410);
    expect(again.body.error).toMatchObject({
      code: 410,
      message: 'Resource has been deleted',
      errors: [{ domain: 'global', reason: 'deleted', message: 'Resource has been deleted' }],
    });
    expect(got.body.status).toBe('cancelled');
  });

  it('when an unknown event or another user calendar is addressed, then 404 notFound', async () => {
    const unknown = await calendarApi(emulator, token, 'DELETE', `${EVENTS}/abcdef12345`);
    const other = await calendarApi(
      emulator,
      token,
      'POST',
      `/calendars/${encodeURIComponent('kenji.sato@acme-hr.example')}/events`,
      interviewEvent(),
    );

    expect(unknown.status).toBe(404);
    expect(unknown.body.error.errors[0]).toEqual({
      domain: 'global',
      reason: 'notFound',
      message: 'Not Found',
    });
    expect(other.status).toBe(404);
  });

  it('when no token, a bad token or a token without calendar scope is sent, then 401 required, 401 authError, 403 insufficientPermissions', async () => {
    const none = await calendarApi(emulator, undefined, 'GET', `${EVENTS}/${ID}`);
    const bad = await calendarApi(emulator, 'ya29.nope', 'GET', `${EVENTS}/${ID}`);
    const emailOnly = (
      await connectGoogleUser(emulator, emulator.google.seeded.interviewer.sub, {
        scope: 'openid email',
      })
    ).access_token;
    const narrow = await calendarApi(emulator, emailOnly, 'POST', EVENTS, interviewEvent());

    expect(none.status).toBe(401);
    expect(none.body.error.errors[0]).toMatchObject({
      reason: 'required',
      message: 'Login Required.',
      location: 'Authorization',
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
    expect(bad.body.error).toMatchObject({
      status: 'UNAUTHENTICATED',
      errors: [{ reason: 'authError', message: 'Invalid Credentials' }],
    });
    expect(narrow.status).toBe(403);
    expect(narrow.body.error.errors[0].reason).toBe('insufficientPermissions');
  });

  it('when the access token has expired, then 401 authError until refreshed', async () => {
    const { emulator: other, clock } = await startGoogleEmulator();
    try {
      const tokens = await connectGoogleUser(other, other.google.seeded.recruiter.sub);
      clock.advance(3600 * 1000);
      const answer = await calendarApi(other, tokens.access_token, 'GET', `${EVENTS}/${ID}`);
      expect(answer.body.error.errors[0].reason).toBe('authError');
    } finally {
      await other.close();
    }
  });
});

describe('freeBusy.query', () => {
  const query = (items: { id: string }[], extra: Record<string, unknown> = {}) =>
    calendarApi(emulator, token, 'POST', '/freeBusy', {
      timeMin: '2025-10-02T00:00:00+09:00',
      timeMax: '2025-10-03T00:00:00+09:00',
      items,
      ...extra,
    });

  it('when a colleague has a seeded event, then it is busy; outsiders and strangers get per-calendar notFound', async () => {
    const { interviewer, consumer } = emulator.google.seeded;
    emulator.google.seedEvent(interviewer.email, {
      summary: 'Dentist',
      start: '2025-10-02T13:00:00+09:00',
      end: '2025-10-02T14:00:00+09:00',
    });
    emulator.google.seedEvent(interviewer.email, {
      summary: 'Focus',
      start: '2025-10-02T13:30:00+09:00',
      end: '2025-10-02T15:00:00+09:00',
    });
    emulator.google.seedEvent(interviewer.email, {
      summary: 'Free',
      start: '2025-10-02T16:00:00+09:00',
      end: '2025-10-02T17:00:00+09:00',
      transparency: 'transparent',
    });
    await insert();

    const answer = await query([
      { id: interviewer.email },
      { id: 'primary' },
      { id: consumer.email },
      { id: 'nobody@acme-hr.example' },
    ]);

    expect(answer.status).toBe(200);
    expectValid(validFreeBusy, answer.body);
    expect(answer.body).toEqual({
      kind: 'calendar#freeBusy',
      timeMin: '2025-10-01T15:00:00.000Z',
      timeMax: '2025-10-02T15:00:00.000Z',
      calendars: {
        [interviewer.email]: {
          busy: [{ start: '2025-10-02T04:00:00Z', end: '2025-10-02T06:00:00Z' }],
        },
        primary: { busy: [{ start: '2025-10-02T01:00:00Z', end: '2025-10-02T02:00:00Z' }] },
        [consumer.email]: { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] },
        'nobody@acme-hr.example': { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] },
      },
    });
  });

  it('when a timeZone is given, then busy periods are rendered in it', async () => {
    await insert();

    const answer = await query([{ id: 'primary' }], { timeZone: 'Asia/Tokyo' });

    expect(answer.body.calendars.primary.busy).toEqual([
      { start: '2025-10-02T10:00:00+09:00', end: '2025-10-02T11:00:00+09:00' },
    ]);
  });

  it('when 51 calendars are asked, then the first 50 are answered and the 51st gets tooManyCalendarsRequested', async () => {
    const items = Array.from({ length: 51 }, (_, i) => ({
      id: i === 0 ? 'primary' : `person${i}@acme-hr.example`,
    }));

    const answer = await query(items);

    expectValid(validFreeBusy, answer.body);
    expect(Object.keys(answer.body.calendars)).toHaveLength(51);
    expect(answer.body.calendars.primary).toEqual({ busy: [] });
    expect(answer.body.calendars['person50@acme-hr.example'].errors).toEqual([
      { domain: 'global', reason: 'tooManyCalendarsRequested' },
    ]);
    expect(answer.body.calendars['person49@acme-hr.example'].errors).toEqual([
      { domain: 'global', reason: 'notFound' },
    ]);
  });

  it('when the range is empty or too long, then 400', async () => {
    const empty = await query([{ id: 'primary' }], { timeMax: '2025-10-02T00:00:00+09:00' });
    const long = await query([{ id: 'primary' }], { timeMax: '2026-03-01T00:00:00+09:00' });

    expect(empty.body.error.errors[0]).toMatchObject({
      domain: 'calendar',
      reason: 'timeRangeEmpty',
    });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toBe('The requested time range is too long.');
  });
});
