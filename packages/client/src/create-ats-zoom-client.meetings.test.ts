import {
  type HostList,
  type InterviewMeeting,
  type MeetingPreview,
  type ProblemCode,
  problemTypes,
  problemTypeUri,
  routes,
  type SaveMeetingInput,
} from '@ats-zoom/contract';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { baseUrl, setupBffServer } from '../test/bff-server';
import { createAtsZoomClient } from './create-ats-zoom-client';

const server = setupBffServer();

const client = createAtsZoomClient({ baseUrl, getToken: () => 'token-1' });

const hostList: HostList = {
  hosts: [
    {
      connectionId: 'conn_1',
      ownerUserId: 'user_1',
      ownerName: '田中 太郎',
      zoomEmail: 'tanaka@example.com',
      zoomDisplayName: 'Taro Tanaka',
      accountType: 'personal',
      selectable: true,
      unavailableReason: null,
      busy: 'free',
      conflicts: [],
    },
  ],
  slot: { start: '2025-04-10T14:00:00+09:00', end: '2025-04-10T15:00:00+09:00' },
  auto: {
    connectionId: 'conn_1',
    ownerUserId: 'user_1',
    ownerName: '田中 太郎',
    role: 'scheduler',
    passedOver: [],
  },
  checkedAt: '2025-04-09T09:00:00Z',
};

const meeting: InterviewMeeting = {
  interviewId: 'int_1',
  candidateId: 'cand_1',
  host: {
    connectionId: 'conn_1',
    ownerUserId: 'user_1',
    ownerName: '田中 太郎',
    zoomEmail: 'tanaka@example.com',
  },
  hostChoice: { auto: false, prefer: [], role: null, passedOver: [] },
  interviewers: [],
  zoomMeetingId: '81234567890',
  joinUrl: 'https://us05web.zoom.us/j/81234567890?pwd=abc',
  passcodeEmbedded: true,
  hasPasscode: true,
  passcode: null,
  topic: '一次面接',
  startTime: '2025-04-10T14:00:00+09:00',
  durationMinutes: 60,
  timezone: 'Asia/Tokyo',
  joinBeforeHost: false,
  waitingRoom: false,
  linkStatus: 'active',
  brokenReason: null,
  zoomTime: null,
  calendar: {
    status: 'failed',
    provider: 'google',
    owner: { userId: 'user_1', userName: '田中 太郎', email: 'tanaka@example.com' },
    attendees: [{ email: 'sato@example.com', name: '佐藤 花子' }],
    sendUpdates: 'none',
    eventId: null,
    htmlLink: null,
    error: { code: 'calendar_unavailable', at: '2025-04-09T09:00:00Z' },
    nextRetryAt: '2025-04-09T09:02:00Z',
    updatedAt: '2025-04-09T09:00:00Z',
  },
  hostLink: 'active',
  pendingDeletions: [],
  createdAt: '2025-04-09T09:00:00Z',
  updatedAt: '2025-04-09T09:00:00Z',
};

const registered: InterviewMeeting = {
  ...meeting,
  calendar: {
    ...meeting.calendar,
    status: 'registered',
    eventId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    htmlLink: 'https://www.google.com/calendar/event?eid=YTFiMmMz',
    error: null,
    nextRetryAt: null,
  },
};

const body: SaveMeetingInput = {
  candidateId: 'cand_1',
  hostConnectionId: 'conn_1',
  topic: '一次面接',
  startTime: '2025-04-10T14:00:00+09:00',
  durationMinutes: 60,
  timezone: 'Asia/Tokyo',
  joinBeforeHost: false,
  calendar: {
    register: true,
    attendees: [{ email: 'sato@example.com', name: '佐藤 花子' }],
    sendUpdates: 'none',
  },
};

function problem(code: ProblemCode) {
  const { status, title } = problemTypes[code];
  return HttpResponse.json(
    { type: problemTypeUri(code), title, status, code },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

describe('createAtsZoomClient meeting methods', () => {
  it('when listing hosts, then the slot goes in the query string and the list is parsed', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(`${baseUrl}/v1/hosts`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json(hostList);
      }),
    );

    const result = await client.listHosts({
      start: '2025-04-10T14:00:00+09:00',
      durationMinutes: 60,
      excludeInterviewId: 'int_1',
    });

    expect(result).toEqual(hostList);
    expect(Object.fromEntries(urls[0]?.searchParams ?? [])).toEqual({
      start: '2025-04-10T14:00:00+09:00',
      durationMinutes: '60',
      excludeInterviewId: 'int_1',
    });
  });

  it('when asking for a preview, then joinBeforeHost is sent as true or false text', async () => {
    const preview: MeetingPreview = {
      hostConnectionId: 'conn_1',
      passcode: 'none',
      waitingRoom: true,
      joinBeforeHost: { requested: true, effective: false },
      quota: { usedToday: 3, limit: 100, remaining: 97 },
      warnings: [{ code: 'join_before_host_needs_passcode' }],
      interviewers: [],
    };
    const flags: (string | null)[] = [];
    const excluded: (string | null)[] = [];
    server.use(
      http.get(`${baseUrl}/v1/meetings/preview`, ({ request }) => {
        const search = new URL(request.url).searchParams;
        flags.push(search.get('joinBeforeHost'));
        excluded.push(search.get('excludeInterviewId'));
        return HttpResponse.json(preview);
      }),
    );
    const query = { hostConnectionId: 'conn_1', start: body.startTime, durationMinutes: 60 };

    await expect(client.getMeetingPreview({ ...query, joinBeforeHost: true })).resolves.toEqual(
      preview,
    );
    await client.getMeetingPreview({
      ...query,
      joinBeforeHost: false,
      excludeInterviewId: 'int_1',
    });

    expect(flags).toEqual(['true', 'false']);
    expect(excluded).toEqual([null, 'int_1']);
  });

  it('when saving a meeting, then it PUTs the body with the Idempotency-Key header', async () => {
    const seen: { key: string | null; body: unknown; path: string }[] = [];
    server.use(
      http.put(`${baseUrl}/v1/interviews/:interviewId/meeting`, async ({ request }) => {
        seen.push({
          key: request.headers.get('idempotency-key'),
          body: await request.json(),
          path: new URL(request.url).pathname,
        });
        return HttpResponse.json(meeting);
      }),
    );

    const saved = await client.saveInterviewMeeting('int_1', body, { idempotencyKey: 'key-1' });

    expect(saved).toEqual(meeting);
    expect(seen).toEqual([{ key: 'key-1', body, path: '/v1/interviews/int_1/meeting' }]);
  });

  it('when a PUT route is requested without an Idempotency-Key, then nothing is sent', async () => {
    let calls = 0;
    server.use(
      http.put(`${baseUrl}/v1/interviews/:interviewId/meeting`, () => {
        calls += 1;
        return HttpResponse.json(meeting);
      }),
    );
    const input = { params: { interviewId: 'int_1' }, body };

    await expect(client.request('saveInterviewMeeting', input)).rejects.toThrow(/Idempotency-Key/);
    await expect(
      client.request('saveInterviewMeeting', input, { headers: { 'Idempotency-Key': ' ' } }),
    ).rejects.toThrow(TypeError);
    await expect(
      client.saveInterviewMeeting('int_1', body, { idempotencyKey: '' }),
    ).rejects.toThrow(TypeError);

    expect(calls).toBe(0);
  });

  it('when the interview has no meeting yet, then getInterviewMeeting resolves with null, checked against the contract', async () => {
    server.use(
      http.get(`${baseUrl}/v1/interviews/:interviewId/meeting`, () => HttpResponse.json(null)),
    );
    const checked = createAtsZoomClient({
      baseUrl,
      getToken: () => 'token-1',
      validateResponses: routes,
    });

    expect(await client.getInterviewMeeting('int_1')).toBeNull();
    expect(await checked.getInterviewMeeting('int_1')).toBeNull();
  });

  it('when getting the meeting and its start URL, then both answers are parsed', async () => {
    server.use(
      http.get(`${baseUrl}/v1/interviews/:interviewId/meeting`, () => HttpResponse.json(meeting)),
      http.get(`${baseUrl}/v1/interviews/:interviewId/meeting/start-url`, () =>
        HttpResponse.json({ startUrl: 'https://us05web.zoom.us/s/81234567890?zak=z' }),
      ),
    );

    await expect(client.getInterviewMeeting('int_1')).resolves.toEqual(meeting);
    await expect(client.getMeetingStartUrl('int_1')).resolves.toEqual({
      startUrl: 'https://us05web.zoom.us/s/81234567890?zak=z',
    });
  });

  it('when deleting the meeting answers 204, then it resolves with undefined', async () => {
    const paths: string[] = [];
    server.use(
      http.delete(`${baseUrl}/v1/interviews/:interviewId/meeting`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return new HttpResponse(null, { status: 204 });
      }),
    );

    await expect(client.deleteInterviewMeeting('int_1')).resolves.toBeUndefined();
    expect(paths).toEqual(['/v1/interviews/int_1/meeting']);
  });

  it('when retrying the calendar step, then it POSTs without a body and parses the meeting', async () => {
    const seen: { method: string; path: string; body: string; contentType: string | null }[] = [];
    server.use(
      http.post(
        `${baseUrl}/v1/interviews/:interviewId/meeting/calendar/retry`,
        async ({ request }) => {
          seen.push({
            method: request.method,
            path: new URL(request.url).pathname,
            body: await request.text(),
            contentType: request.headers.get('content-type'),
          });
          return HttpResponse.json(registered);
        },
      ),
    );

    const result = await client.retryMeetingCalendar('int_1');

    expect(result.calendar).toMatchObject({ status: 'registered', error: null });
    expect(seen).toEqual([
      {
        method: 'POST',
        path: '/v1/interviews/int_1/meeting/calendar/retry',
        body: '',
        contentType: null,
      },
    ]);
  });

  it('when the interview is not set to be registered, then the retry rejects with calendar_not_requested', async () => {
    server.use(
      http.post(`${baseUrl}/v1/interviews/:interviewId/meeting/calendar/retry`, () =>
        problem('calendar_not_requested'),
      ),
    );

    const error = await client.retryMeetingCalendar('int_1').catch((reason: unknown) => reason);

    expect(error).toMatchObject({ code: 'calendar_not_requested', status: 409 });
  });

  it('when saving hits the daily quota, then the ApiError carries provider_daily_quota and 429', async () => {
    server.use(
      http.put(`${baseUrl}/v1/interviews/:interviewId/meeting`, () =>
        problem('provider_daily_quota'),
      ),
    );

    const error = await client
      .saveInterviewMeeting('int_1', body, { idempotencyKey: 'key-2' })
      .catch((reason: unknown) => reason);

    expect(error).toMatchObject({ code: 'provider_daily_quota', status: 429 });
  });
});
