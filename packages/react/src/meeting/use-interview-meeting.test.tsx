import { meetingScenarios } from '@ats-zoom/msw';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, testQueryClient } from '../../test/render-with-provider';
import { ja } from '../locales/ja';
import { AtsZoomProvider } from '../provider/ats-zoom-provider';
import { useDeleteInterviewMeeting } from './use-delete-interview-meeting';
import { useInterviewMeeting } from './use-interview-meeting';

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

describe('useInterviewMeeting', () => {
  it('when the interview has no meeting, then it succeeds with meeting null instead of failing', async () => {
    server.use(...meetingScenarios.meetingNone({ baseUrl: bffUrl }));

    const { result } = renderHook(() => useInterviewMeeting('int_1'), { wrapper });

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.meeting).toBeNull();
    expect(result.current.isError).toBe(false);
  });

  it('when the meeting is issued, then it is returned', async () => {
    server.use(...meetingScenarios.meetingIssued({ baseUrl: bffUrl }));

    const { result } = renderHook(() => useInterviewMeeting('int_9'), { wrapper });

    await waitFor(() => expect(result.current.meeting?.interviewId).toBe('int_9'));
  });
});

describe('useDeleteInterviewMeeting', () => {
  it('when the meeting is cancelled, then the meeting reads null', async () => {
    server.use(...meetingScenarios.meetingIssued({ baseUrl: bffUrl }));
    const { result } = renderHook(
      () => ({ meeting: useInterviewMeeting('int_1'), remove: useDeleteInterviewMeeting('int_1') }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.meeting.meeting).not.toBeNull());

    await act(() => result.current.remove.mutateAsync());

    // The cache takes the answer in the mutation's settle step, after the promise resolves.
    await waitFor(() => expect(result.current.meeting.meeting).toBeNull());
    expect(result.current.remove.isSuccess).toBe(true);
  });
});
