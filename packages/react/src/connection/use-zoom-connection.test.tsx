import { zoomConnectionScenarios } from '@ats-zoom/msw';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, openFakePopups, testQueryClient } from '../../test/render-with-provider';
import { ja } from '../locales/ja';
import { AtsZoomProvider } from '../provider/ats-zoom-provider';
import { type UseZoomConnectionOptions, useZoomConnection } from './use-zoom-connection';

function renderConnection(
  scenario: keyof typeof zoomConnectionScenarios,
  options: UseZoomConnectionOptions,
  delay = 0,
) {
  server.use(...zoomConnectionScenarios[scenario]({ baseUrl: bffUrl, delay }));
  const queryClient = testQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AtsZoomProvider
      locale={ja}
      bffUrl={bffUrl}
      getToken={() => 'host-token'}
      queryClient={queryClient}
    >
      {children}
    </AtsZoomProvider>
  );
  return renderHook(() => useZoomConnection(options), { wrapper });
}

function countAttemptPolls() {
  const polls = { count: 0 };
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname.startsWith('/v1/oauth/attempts/')) polls.count += 1;
  });
  return polls;
}

describe('useZoomConnection', () => {
  it('when the popup lost its opener, then polling the attempt still completes the link', async () => {
    openFakePopups();
    const { result } = renderConnection('notConnected', { pollIntervalMs: 20 });
    await waitFor(() => expect(result.current.state).toBe('not_connected'));

    act(() => result.current.connect());
    expect(result.current.state).toBe('connecting');

    await waitFor(() => expect(result.current.state).toBe('connected'));
    expect(result.current.connection?.email).toBe('tanaka.taro@example.com');
    expect(result.current.error).toBeNull();
  });

  it('when the attempt stays pending past the maximum wait, then it stops and asks (unfinished), not awaiting approval', async () => {
    const { popups } = openFakePopups();
    const polls = countAttemptPolls();
    const { result } = renderConnection('preApprovalPage', { pollIntervalMs: 10, maxWaitMs: 60 });
    await waitFor(() => expect(result.current.state).toBe('not_connected'));

    act(() => result.current.connect());

    await waitFor(() => expect(result.current.state).toBe('unfinished'));
    expect(result.current.approvalWait).toBeUndefined();
    expect(popups[0]?.closed).toBe(false);
    const pollsWhenStopped = polls.count;
    await act(() => new Promise((resolve) => setTimeout(resolve, 60)));
    expect(polls.count).toBe(pollsWhenStopped);
  });

  it('when the component unmounts mid-flow, then polling and listeners stop', async () => {
    openFakePopups();
    const polls = countAttemptPolls();
    const { result, unmount } = renderConnection('preApprovalPage', { pollIntervalMs: 10 });
    await waitFor(() => expect(result.current.state).toBe('not_connected'));
    act(() => result.current.connect());
    await waitFor(() => expect(polls.count).toBeGreaterThan(0));

    unmount();
    const pollsAtUnmount = polls.count;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(polls.count).toBeLessThanOrEqual(pollsAtUnmount + 1);
  });

  it('when the popup closes without a result and the user requested pre-approval, then the wait is recorded and awaiting_approval stays until withdrawn', async () => {
    const { popups } = openFakePopups();
    const { result } = renderConnection('preApprovalPage', { popupCheckIntervalMs: 10 });
    await waitFor(() => expect(result.current.state).toBe('not_connected'));
    act(() => result.current.connect());
    await waitFor(() => expect(popups[0]?.location.href).toBe('about:blank'));
    if (popups[0]) popups[0].closed = true;
    await waitFor(() => expect(result.current.state).toBe('unfinished'));

    await act(() => result.current.requestedApproval());

    expect(result.current.state).toBe('awaiting_approval');
    expect(result.current.approvalWait?.since).toEqual(expect.any(String));
    expect(result.current.error).toBeNull();

    await act(() => result.current.withdrawApproval());

    expect(result.current.state).toBe('not_connected');
    expect(result.current.approvalWait).toBeUndefined();
  });

  it('when the popup is closed before the BFF answered, then the flow ends quietly', async () => {
    const { popups } = openFakePopups();
    const { result } = renderConnection('notConnected', { popupCheckIntervalMs: 10 }, 200);
    await waitFor(() => expect(result.current.state).toBe('not_connected'));

    act(() => result.current.connect());
    expect(result.current.state).toBe('connecting');
    if (popups[0]) popups[0].closed = true;

    await waitFor(() => expect(result.current.state).toBe('not_connected'));
    expect(result.current.error).toBeNull();
  });
});
