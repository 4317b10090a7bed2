import type { SaveMeetingInput } from '@ats-zoom/contract';
import {
  hostScenarios,
  meetingScenarios,
  problemResponse,
  routeHandler,
  tokyoSlotStart,
} from '@ats-zoom/msw';
import { act, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, renderWithProvider, testQueryClient } from '../../test/render-with-provider';
import { errorTextOf } from '../intl/error-text';
import { useMessages } from '../intl/use-messages';
import { ja } from '../locales/ja';
import { AtsZoomProvider } from '../provider/ats-zoom-provider';
import { useInterviewMeeting } from './use-interview-meeting';
import { useSaveInterviewMeeting } from './use-save-interview-meeting';
import { useZoomHosts } from './use-zoom-hosts';

const body: SaveMeetingInput = {
  candidateId: 'cand_1',
  hostConnectionId: 'conn_host_free',
  topic: '一次面接',
  // Three days ahead: a slot in the past would be refused (meeting_in_past).
  startTime: tokyoSlotStart(3),
  durationMinutes: 60,
  timezone: 'Asia/Tokyo',
  joinBeforeHost: true,
};

function wrapper({ children }: { children: ReactNode }) {
  return (
    <AtsZoomProvider
      locale={ja}
      bffUrl={bffUrl}
      getToken={() => 'host-token'}
      queryClient={testQueryClient()}
    >
      {children}
    </AtsZoomProvider>
  );
}

/** Records the Idempotency-Key and body of every PUT and how often the host list was asked for. */
function recordRequests() {
  const keys: (string | null)[] = [];
  const bodies: unknown[] = [];
  let hostLists = 0;
  server.events.on('request:start', async ({ request }) => {
    if (request.method === 'PUT') {
      keys.push(request.headers.get('Idempotency-Key'));
      bodies.push(await request.clone().json());
    }
    if (new URL(request.url).pathname === '/v1/hosts') hostLists += 1;
  });
  return { keys, bodies, hostLists: () => hostLists };
}

const calendar: SaveMeetingInput['calendar'] = {
  register: true,
  attendees: [{ email: 'hanako.sato@acme-corp.example.com', name: '佐藤 花子' }],
  sendUpdates: 'all',
};

describe('useSaveInterviewMeeting', () => {
  it('when a failed save is retried with the same body, then the same key is sent; a new body gets a new key', async () => {
    server.use(
      routeHandler('saveInterviewMeeting', { baseUrl: bffUrl }, () =>
        problemResponse('provider_unavailable'),
      ),
    );
    const { keys } = recordRequests();
    const { result } = renderHook(() => useSaveInterviewMeeting('int_1'), { wrapper });

    await act(() => result.current.mutateAsync(body).catch(() => undefined));
    await act(() => result.current.mutateAsync({ ...body }).catch(() => undefined));
    await act(() =>
      result.current.mutateAsync({ ...body, durationMinutes: 45 }).catch(() => undefined),
    );

    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(result.current.error).toMatchObject({ code: 'provider_unavailable' });
  });

  it('when a save succeeds, then the next save of the same body is a new intent with a new key', async () => {
    server.use(...meetingScenarios.meetingNone({ baseUrl: bffUrl }));
    const { keys } = recordRequests();
    const { result } = renderHook(() => useSaveInterviewMeeting('int_1'), { wrapper });

    await act(() => result.current.mutateAsync(body));
    await act(() => result.current.mutateAsync(body));

    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('when a save succeeds, then the meeting reads the saved one and the host list is fetched again', async () => {
    server.use(
      ...meetingScenarios.meetingNone({ baseUrl: bffUrl }),
      ...hostScenarios.hostsMixed({ baseUrl: bffUrl }),
    );
    const requests = recordRequests();
    const { result } = renderHook(
      () => ({
        meeting: useInterviewMeeting('int_1'),
        hosts: useZoomHosts({ start: body.startTime, durationMinutes: 60 }),
        save: useSaveInterviewMeeting('int_1'),
      }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.hosts.isSuccess).toBe(true));
    await waitFor(() => expect(result.current.meeting.isSuccess).toBe(true));
    expect(result.current.meeting.meeting).toBeNull();

    await act(() => result.current.save.mutateAsync(body));

    expect(result.current.meeting.meeting).toMatchObject({ linkStatus: 'active' });
    expect(result.current.meeting.meeting?.joinUrl).toContain('?pwd=');
    await waitFor(() => expect(requests.hostLists()).toBe(2));
  });

  it('when the body asks for 予定を登録, then the calendar part is sent as given and the meeting reads registered', async () => {
    server.use(...meetingScenarios.meetingNone({ baseUrl: bffUrl }));
    const requests = recordRequests();
    const { result } = renderHook(
      () => ({ meeting: useInterviewMeeting('int_1'), save: useSaveInterviewMeeting('int_1') }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.meeting.isSuccess).toBe(true));

    await act(() => result.current.save.mutateAsync({ ...body, calendar }));

    await waitFor(() => expect(requests.bodies).toHaveLength(1));
    expect(requests.bodies[0]).toEqual({ ...body, calendar });
    expect(result.current.meeting.meeting?.calendar).toMatchObject({
      status: 'registered',
      attendees: [{ email: 'hanako.sato@acme-corp.example.com', name: '佐藤 花子' }],
      sendUpdates: 'all',
    });
  });

  it('when a failed save is retried with the same calendar built in another key order, then the key is reused', async () => {
    server.use(
      routeHandler('saveInterviewMeeting', { baseUrl: bffUrl }, () =>
        problemResponse('calendar_unavailable'),
      ),
    );
    const { keys } = recordRequests();
    const { result } = renderHook(() => useSaveInterviewMeeting('int_1'), { wrapper });
    const reordered: SaveMeetingInput['calendar'] = {
      sendUpdates: 'all',
      attendees: [{ name: '佐藤 花子', email: 'hanako.sato@acme-corp.example.com' }],
      register: true,
    };

    await act(() => result.current.mutateAsync({ ...body, calendar }).catch(() => undefined));
    await act(() =>
      result.current.mutateAsync({ ...body, calendar: reordered }).catch(() => undefined),
    );
    await act(() =>
      result.current
        .mutateAsync({ ...body, calendar: { ...calendar, register: false } })
        .catch(() => undefined),
    );

    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });
});

/** A host app's 保存 with 自動で選ぶ: the save's error shown with the kit's texts. */
function SaveWithAutoHost() {
  const save = useSaveInterviewMeeting('int_1');
  const messages = useMessages();
  const { hostConnectionId: _chosen, ...rest } = body;
  return (
    <>
      <button
        type="button"
        onClick={() =>
          save.mutate({
            ...rest,
            host: { auto: true },
            interviewers: [{ userId: 'user_conn_host_busy' }],
          })
        }
      >
        保存
      </button>
      {save.error ? <p role="alert">{errorTextOf(messages, save.error)}</p> : null}
    </>
  );
}

describe('useSaveInterviewMeeting with 自動で選ぶ', () => {
  it('when nobody is free, then the save fails with no_host_available and the message lists who was busy and what to do', async () => {
    const { user } = renderWithProvider(<SaveWithAutoHost />, {
      handlers: meetingScenarios.meetingSaveNoHostAvailable({ baseUrl: bffUrl }),
    });

    await user.tab();
    await user.keyboard('{Enter}');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      /^この時間に空いているホストがいないため、自動では選べませんでした（佐藤 花子 さん（予定あり）、/,
    );
    expect(alert).toHaveTextContent(
      '時間を変えるか、ホストを選んでから、もう一度保存してください。',
    );
  });

  it('when nobody is free and the locale is en, then the message is in English', async () => {
    const { user } = renderWithProvider(<SaveWithAutoHost />, {
      locale: 'en',
      handlers: meetingScenarios.meetingSaveNoHostAvailable({ baseUrl: bffUrl }),
    });

    await user.tab();
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^No host is free at this time, so none could be picked automatically \(佐藤 花子 \(busy\), /,
    );
  });
});
