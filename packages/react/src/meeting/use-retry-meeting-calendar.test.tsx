import { hostScenarios, meetingScenarios, tokyoSlotStart } from '@ats-zoom/msw';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, testQueryClient } from '../../test/render-with-provider';
import { ja } from '../locales/ja';
import { AtsZoomProvider } from '../provider/ats-zoom-provider';
import { useInterviewMeeting } from './use-interview-meeting';
import { useRetryMeetingCalendar } from './use-retry-meeting-calendar';
import { useZoomHosts } from './use-zoom-hosts';

// 14:00 in Tokyo three days ahead: the slot never falls into the past.
const slotStart = tokyoSlotStart(3);

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

function renderRetry() {
  return renderHook(
    () => ({
      meeting: useInterviewMeeting('int_1'),
      hosts: useZoomHosts({ start: slotStart, durationMinutes: 60 }),
      retry: useRetryMeetingCalendar('int_1'),
    }),
    { wrapper },
  );
}

function countHostLists() {
  let count = 0;
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname === '/v1/hosts') count += 1;
  });
  return () => count;
}

describe('useRetryMeetingCalendar', () => {
  it('when the retry registers the event, then the cached meeting reads registered and host lists are fetched again', async () => {
    server.use(
      ...meetingScenarios.meetingCalendarFailed({ baseUrl: bffUrl }),
      ...hostScenarios.hostsMixed({ baseUrl: bffUrl }),
    );
    const hostLists = countHostLists();
    const { result } = renderRetry();
    await waitFor(() => expect(result.current.meeting.meeting?.calendar.status).toBe('failed'));
    await waitFor(() => expect(result.current.hosts.isSuccess).toBe(true));

    await act(() => result.current.retry.mutateAsync());

    expect(result.current.meeting.meeting?.calendar).toMatchObject({
      status: 'registered',
      error: null,
    });
    await waitFor(() => expect(hostLists()).toBe(2));
  });

  it('when the retry fails again, then the cached meeting carries the new failure', async () => {
    server.use(
      ...meetingScenarios.meetingCalendarForbidden({ baseUrl: bffUrl }),
      ...hostScenarios.hostsMixed({ baseUrl: bffUrl }),
    );
    const { result } = renderRetry();
    await waitFor(() => expect(result.current.meeting.isSuccess).toBe(true));
    const before = result.current.meeting.meeting?.calendar.updatedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));

    await act(() => result.current.retry.mutateAsync());

    expect(result.current.meeting.meeting?.calendar.status).toBe('failed');
    expect(result.current.meeting.meeting?.calendar.error?.code).toBe('calendar_forbidden');
    expect(result.current.meeting.meeting?.calendar.updatedAt).not.toBe(before);
  });
});
