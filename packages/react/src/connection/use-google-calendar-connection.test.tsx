import { createConnectionHandlers, type GoogleConnectionScenarioName } from '@ats-zoom/msw';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/msw-server';
import {
  bffUrl,
  openFakePopups,
  postOAuthResult,
  recordAttemptIds,
  testQueryClient,
  waitForAuthorizationPage,
} from '../../test/render-with-provider';
import { ja } from '../locales/ja';
import { AtsZoomProvider } from '../provider/ats-zoom-provider';
import {
  type UseGoogleCalendarConnectionOptions,
  useGoogleCalendarConnection,
} from './use-google-calendar-connection';
import { useZoomConnection } from './use-zoom-connection';

function renderConnections(
  google: GoogleConnectionScenarioName,
  options: UseGoogleCalendarConnectionOptions,
) {
  server.use(...createConnectionHandlers({ baseUrl: bffUrl, zoom: 'connected', google }));
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
  return renderHook(
    () => ({ google: useGoogleCalendarConnection(options), zoom: useZoomConnection() }),
    { wrapper },
  );
}

// Long enough that only the message or the popup check can settle a flow within a test.
const messageOnly = { pollIntervalMs: 60_000 };

describe('useGoogleCalendarConnection', () => {
  it('when the user connects, then the Google popup opens and the Google link is stored beside the Zoom one', async () => {
    const { open, popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { result } = renderConnections('notConnected', messageOnly);
    await waitFor(() => expect(result.current.google.state).toBe('not_connected'));
    expect(result.current.zoom.state).toBe('connected');

    act(() => result.current.google.connect());
    expect(open).toHaveBeenCalledWith('', 'atz-oauth-google', 'popup,width=600,height=720');
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));
    postOAuthResult({ source: popups[0], attemptId: attemptIds[0] ?? '', provider: 'google' });

    await waitFor(() => expect(result.current.google.state).toBe('connected'));
    expect(result.current.google.connection).toMatchObject({ provider: 'google' });
    expect(result.current.zoom.connection).toMatchObject({ provider: 'zoom', status: 'active' });
  });

  it('when a result message names Zoom for the Google attempt, then it is ignored', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { result } = renderConnections('notConnected', messageOnly);
    await waitFor(() => expect(result.current.google.state).toBe('not_connected'));
    act(() => result.current.google.connect());
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));

    postOAuthResult({ source: popups[0], attemptId: attemptIds[0] ?? '', provider: 'zoom' });
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));

    expect(result.current.google.state).toBe('connecting');
  });

  it('when the consent window is closed unanswered, then it is back to not connected without an error (no pre-approval step)', async () => {
    const { popups } = openFakePopups();
    const { result } = renderConnections('consentPending', {
      ...messageOnly,
      popupCheckIntervalMs: 10,
    });
    await waitFor(() => expect(result.current.google.state).toBe('not_connected'));
    act(() => result.current.google.connect());
    await waitForAuthorizationPage(popups[0]);

    if (popups[0]) popups[0].closed = true;

    await waitFor(() => expect(result.current.google.state).toBe('not_connected'));
    expect(result.current.google.error).toBeNull();
  });

  it('when the attempt stays pending past the maximum wait, then the popup closes and the attempt is reported expired', async () => {
    const { popups } = openFakePopups();
    const { result } = renderConnections('consentPending', { pollIntervalMs: 10, maxWaitMs: 60 });
    await waitFor(() => expect(result.current.google.state).toBe('not_connected'));

    act(() => result.current.google.connect());

    await waitFor(() => expect(result.current.google.error?.code).toBe('oauth_state_invalid'));
    expect(result.current.google.state).toBe('not_connected');
    expect(popups[0]?.close).toHaveBeenCalled();
  });

  it('when the Google link is disconnected, then the Zoom link stays', async () => {
    const { result } = renderConnections('connected', {});
    await waitFor(() => expect(result.current.google.state).toBe('connected'));

    await act(() => result.current.google.disconnect());

    await waitFor(() => expect(result.current.google.state).toBe('not_connected'));
    expect(result.current.zoom.state).toBe('connected');
  });
});
