import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectMicrosoftUser,
  graph,
  interviewEvent,
  startMicrosoftWithRecruiter,
} from '../../test/microsoft-driver';
import { graphResponseValidator, graphValidator } from '../../test/msgraph-openapi';
import type { TestClock } from '../../test/zoom-oauth-driver';
import type { RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
let clock: TestClock;
let token: string;

const validEvent = graphValidator('microsoft.graph.event', [
  'id',
  'subject',
  'body',
  'start',
  'end',
  'location',
  'attendees',
  'organizer',
  'isOnlineMeeting',
  'transactionId',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'iCalUId',
  'webLink',
]);
const validError = graphValidator('microsoft.graph.ODataErrors.ODataError', ['error']);
const validView = graphResponseValidator('/me/calendarView', 'get', ['value']);

function expectValid(validate: ReturnType<typeof graphValidator>, body: unknown) {
  expect(validate(body) ? [] : validate.errors).toEqual([]);
}

/** Graph's error body, with the ids innerError must carry. */
function expectGraphError(answer: { status: number; body: unknown }, status: number, code: string) {
  expect(answer.status).toBe(status);
  expectValid(validError, answer.body);
  expect(answer.body).toMatchObject({
    error: {
      code,
      message: expect.any(String),
      innerError: {
        'request-id': expect.any(String),
        'client-request-id': expect.any(String),
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
      },
    },
  });
}

beforeEach(async () => {
  ({ emulator, clock, token } = await startMicrosoftWithRecruiter());
});
afterEach(async () => {
  await emulator.close();
});

const TOKYO = { prefer: 'outlook.timezone="Tokyo Standard Time"' };
const create = (body = interviewEvent(), headers: Record<string, string> = {}) =>
  graph(emulator, token, 'POST', '/me/events', body, headers);
const recruiterMail = () => emulator.microsoft.seeded.recruiter.mail;

describe('Outlook events through Graph', () => {
  it('when an event is created, then it answers 201 with the Graph event, times in UTC', async () => {
    const answer = await create();

    expect(answer.status).toBe(201);
    expectValid(validEvent, answer.body);
    expect(answer.body).toMatchObject({
      subject: '面接: 鈴木 美香 / Interview: Mika Suzuki',
      start: { dateTime: '2025-10-02T01:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2025-10-02T02:00:00.0000000', timeZone: 'UTC' },
      originalStartTimeZone: 'Asia/Tokyo',
      location: { displayName: 'https://zoom.example/j/123?pwd=abc' },
      body: { contentType: 'html' },
      bodyPreview: 'Zoom に参加: https://zoom.example/j/123?pwd=abc',
      isOnlineMeeting: false,
      transactionId: 'ats-interview-int-1-v1',
      attendees: [
        {
          emailAddress: { address: 'ichiro.suzuki@contoso-hr.example', name: '鈴木 一郎' },
          type: 'required',
        },
        { emailAddress: { address: 'misaki.takahashi@contoso-hr.example' }, type: 'optional' },
      ],
      organizer: { emailAddress: { address: 'hanako.sato@contoso-hr.example', name: '佐藤 花子' } },
    });
    expect(emulator.microsoft.events(recruiterMail())).toHaveLength(1);
    expect(emulator.microsoft.stats()).toMatchObject({
      eventsCreated: 1,
      eventsCreatedByMailbox: { 'hanako.sato@contoso-hr.example': 1 },
    });
  });

  it('when Prefer names Tokyo Standard Time, then times come back in it and Preference-Applied says so', async () => {
    const answer = await create(
      interviewEvent({
        start: { dateTime: '2025-10-02T10:00:00', timeZone: 'Tokyo Standard Time' },
        end: { dateTime: '2025-10-02T11:00:00', timeZone: 'Tokyo Standard Time' },
      }),
      TOKYO,
    );

    expect(answer.status).toBe(201);
    expect(answer.headers.get('preference-applied')).toBe('outlook.timezone="Tokyo Standard Time"');
    expect(answer.body.start).toEqual({
      dateTime: '2025-10-02T10:00:00.0000000',
      timeZone: 'Tokyo Standard Time',
    });
    const read = await graph(emulator, token, 'GET', `/me/events/${answer.body.id}`, undefined, {
      prefer: 'outlook.timezone="UTC"',
    });
    expect(read.body.start).toEqual({ dateTime: '2025-10-02T01:00:00.0000000', timeZone: 'UTC' });
  });

  it('when the zone is unknown, then it answers 400 TimeZoneNotSupportedException and creates nothing', async () => {
    const answer = await create(
      interviewEvent({ start: { dateTime: '2025-10-02T10:00:00', timeZone: 'Mars/Olympus' } }),
    );

    expectGraphError(answer, 400, 'TimeZoneNotSupportedException');
    expect(emulator.microsoft.events(recruiterMail())).toEqual([]);
  });

  it('when a create is repeated with the same transactionId, then the existing event answers 201 and no second is made', async () => {
    const first = await create();
    const second = await create(interviewEvent({ subject: 'changed on retry' }));

    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.subject).toBe(first.body.subject);
    expect(emulator.microsoft.events(recruiterMail())).toHaveLength(1);
    expect(emulator.microsoft.stats()).toMatchObject({ eventsCreated: 1, eventsDeduplicated: 1 });
    const other = await create(interviewEvent({ transactionId: 'ats-interview-int-2-v1' }));
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('when the same transactionId is used in another mailbox, then that mailbox gets its own event', async () => {
    await create();
    const interviewer = await connectMicrosoftUser(
      emulator,
      emulator.microsoft.seeded.interviewer.id,
    );

    const answer = await graph(
      emulator,
      interviewer.access_token,
      'POST',
      '/me/events',
      interviewEvent(),
    );

    expect(answer.status).toBe(201);
    expect(emulator.microsoft.events(emulator.microsoft.seeded.interviewer.mail)).toHaveLength(1);
  });

  it('when an event is patched, then only the given fields change and it answers 200', async () => {
    const created = await create();
    clock.advance(60_000);

    const patched = await graph(
      emulator,
      token,
      'PATCH',
      `/me/events/${encodeURIComponent(created.body.id)}`,
      {
        start: { dateTime: '2025-10-03T14:00:00', timeZone: 'Tokyo Standard Time' },
        end: { dateTime: '2025-10-03T15:00:00', timeZone: 'Tokyo Standard Time' },
        location: { displayName: 'https://zoom.example/j/456' },
      },
      TOKYO,
    );

    expect(patched.status).toBe(200);
    expectValid(validEvent, patched.body);
    expect(patched.body).toMatchObject({
      id: created.body.id,
      subject: created.body.subject,
      start: { dateTime: '2025-10-03T14:00:00.0000000', timeZone: 'Tokyo Standard Time' },
      location: { displayName: 'https://zoom.example/j/456' },
      attendees: created.body.attendees,
    });
    expect(patched.body.changeKey).not.toBe(created.body.changeKey);
    expect(patched.body.lastModifiedDateTime).not.toBe(created.body.lastModifiedDateTime);
    expect(emulator.microsoft.stats().eventsPatched).toBe(1);
  });

  it('when an event is deleted, then it answers 204 and afterwards GET, PATCH and DELETE answer 404 ErrorItemNotFound', async () => {
    const created = await create();
    const path = `/me/events/${encodeURIComponent(created.body.id)}`;

    const deleted = await graph(emulator, token, 'DELETE', path);
    expect(deleted.status).toBe(204);

    expectGraphError(await graph(emulator, token, 'GET', path), 404, 'ErrorItemNotFound');
    expectGraphError(
      await graph(emulator, token, 'PATCH', path, { subject: 'x' }),
      404,
      'ErrorItemNotFound',
    );
    expectGraphError(await graph(emulator, token, 'DELETE', path), 404, 'ErrorItemNotFound');
    expect(emulator.microsoft.events(recruiterMail())).toEqual([]);
  });

  it('when another mailbox asks for the event, then it is not found there', async () => {
    const created = await create();
    const interviewer = await connectMicrosoftUser(
      emulator,
      emulator.microsoft.seeded.interviewer.id,
    );

    const answer = await graph(
      emulator,
      interviewer.access_token,
      'GET',
      `/me/events/${encodeURIComponent(created.body.id)}`,
    );

    expectGraphError(answer, 404, 'ErrorItemNotFound');
  });

  it('when the client sends client-request-id, then the error echoes it', async () => {
    const answer = await graph(emulator, token, 'GET', '/me/events/nope', undefined, {
      'client-request-id': 'bff-req-1',
    });

    expect(answer.body.error.innerError['client-request-id']).toBe('bff-req-1');
    expect(answer.headers.get('request-id')).toBe(answer.body.error.innerError['request-id']);
  });

  it('when a Graph path is unknown, then it answers Graph’s 404 body', async () => {
    const answer = await graph(emulator, token, 'GET', '/me/mailFolders');

    expectGraphError(answer, 404, 'NotFound');
  });
});

describe('Graph access tokens', () => {
  it.each([
    ['no token', undefined, 'Access token is empty.'],
    ['an unknown token', 'not-a-token', 'Access token validation failure. Invalid audience.'],
  ])(
    'when %s is sent, then it answers 401 InvalidAuthenticationToken',
    async (_label, sent, message) => {
      const answer = await graph(emulator, sent, 'GET', '/me');

      expectGraphError(answer, 401, 'InvalidAuthenticationToken');
      expect(answer.body.error.message).toBe(message);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /);
    },
  );

  it('when the token has expired, then it answers 401 and nothing is created', async () => {
    clock.advance(3600 * 1000);

    const answer = await create();

    expectGraphError(answer, 401, 'InvalidAuthenticationToken');
    expect(emulator.microsoft.events(recruiterMail())).toEqual([]);
  });

  it('when the token lacks Calendars.ReadWrite, then writing answers 403 ErrorAccessDenied', async () => {
    const readOnly = await connectMicrosoftUser(
      emulator,
      emulator.microsoft.seeded.interviewer.id,
      {
        scope: 'offline_access User.Read Calendars.Read',
      },
    );

    const answer = await graph(
      emulator,
      readOnly.access_token,
      'POST',
      '/me/events',
      interviewEvent(),
    );

    expectGraphError(answer, 403, 'ErrorAccessDenied');
  });
});

describe('calendarView', () => {
  async function seedDay(count: number) {
    for (let i = 0; i < count; i++) {
      emulator.microsoft.seedEvent(recruiterMail(), {
        subject: `予定 ${i}`,
        start: `2025-10-02T${String(8 + i).padStart(2, '0')}:00:00+09:00`,
        end: `2025-10-02T${String(8 + i).padStart(2, '0')}:30:00+09:00`,
      });
    }
  }

  it('when more events than $top fall in the window, then pages follow @odata.nextLink until none is left', async () => {
    await seedDay(12);
    emulator.microsoft.seedEvent(recruiterMail(), {
      subject: 'outside',
      start: '2025-10-05T10:00:00+09:00',
      end: '2025-10-05T11:00:00+09:00',
    });

    const first = await graph(
      emulator,
      token,
      'GET',
      '/me/calendarView?startDateTime=2025-10-01T15:00:00Z&endDateTime=2025-10-02T15:00:00Z',
      undefined,
      TOKYO,
    );

    expect(first.status).toBe(200);
    expectValid(validView, first.body);
    expect(first.body.value).toHaveLength(10);
    expect(first.body.value[0]).toMatchObject({
      subject: '予定 0',
      start: { dateTime: '2025-10-02T08:00:00.0000000', timeZone: 'Tokyo Standard Time' },
    });
    const next = first.body['@odata.nextLink'] as string;
    expect(next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/microsoft\/graph\/v1\.0\/me\/calendarView\?/);
    const second = await graph(emulator, token, 'GET', next);
    expect(second.status).toBe(200);
    expectValid(validView, second.body);
    expect(second.body.value.map((e: { subject: string }) => e.subject)).toEqual([
      '予定 10',
      '予定 11',
    ]);
    expect(second.body['@odata.nextLink']).toBeUndefined();
  });

  it('when $top is given, then pages have that size', async () => {
    await seedDay(3);

    const answer = await graph(
      emulator,
      token,
      'GET',
      '/me/calendarView?startDateTime=2025-10-01T15:00:00Z&endDateTime=2025-10-02T15:00:00Z&$top=2',
    );

    expect(answer.body.value).toHaveLength(2);
    expect(answer.body['@odata.nextLink']).toContain('%24top=2');
  });

  it('when the window is missing, then it answers 400', async () => {
    const answer = await graph(
      emulator,
      token,
      'GET',
      '/me/calendarView?startDateTime=2025-10-01T00:00:00Z',
    );

    expectGraphError(answer, 400, 'ErrorInvalidRequest');
  });
});
