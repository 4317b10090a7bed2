import { createAtsZoomClient } from '@ats-zoom/client';
import { approvalWaitSince, zoomConnectionScenarios } from '@ats-zoom/msw';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { server } from '../../test/msw-server';
import {
  bffUrl,
  openFakePopups,
  postOAuthResult,
  recordAttemptIds,
  renderWithProvider,
  testQueryClient,
  waitForAuthorizationPage,
} from '../../test/render-with-provider';
import { en } from '../locales/en';
import { ja } from '../locales/ja';
import { AtsZoomProvider } from '../provider/ats-zoom-provider';
import { ZoomLinkButton } from './zoom-link-button';

// Long enough that only the message or the popup check can settle a flow within a test.
const messageOnly = { pollIntervalMs: 60_000 };

function root() {
  return screen.getByRole('group', { name: 'Zoom Meeting' });
}

/** The live status text settles on `text` (it is always present, so wait for its content). */
async function expectStatus(text: string) {
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(text));
}

async function startConnecting(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Zoom アカウントを連携' }));
  expect(await screen.findByRole('button', { name: 'Zoom の連携をキャンセル' })).toBeVisible();
}

describe('ZoomLinkButton', () => {
  it('when the connection is loading, then a busy skeleton with accessible text is shown', () => {
    renderWithProvider(<ZoomLinkButton />, { scenario: 'loading' });

    expect(screen.getByRole('status')).toHaveTextContent('Zoom の連携状態を読み込んでいます…');
    expect(root()).toHaveAttribute('data-state', 'loading');
    expect(root()).toHaveAttribute('aria-busy', 'true');
    expect(root()).toHaveAttribute('data-busy');
    expect(root().querySelector('[data-slot="skeleton"]')).toHaveAttribute('aria-hidden', 'true');
  });

  it('when the user connects and the popup posts its result, then the button shows the linked account', async () => {
    const { open, popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const onConnected = vi.fn();
    const { user } = renderWithProvider(
      <ZoomLinkButton onConnected={onConnected} timing={messageOnly} />,
    );
    expect(await screen.findByText('未連携')).toBeVisible();

    await startConnecting(user);
    expect(open).toHaveBeenCalledWith('', 'atz-oauth-zoom', 'popup,width=600,height=720');
    expect(root()).toHaveAttribute('data-state', 'connecting');
    expect(root()).toHaveAttribute('aria-busy', 'true');
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));

    postOAuthResult({ source: popups[0], attemptId: attemptIds[0] ?? '' });

    expect(await screen.findByText('Zoom アカウント: tanaka.taro@example.com')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('連携済み');
    expect(popups[0]?.close).toHaveBeenCalled();
    expect(onConnected).toHaveBeenCalledWith(
      expect.objectContaining({ email: 'tanaka.taro@example.com', status: 'active' }),
    );
    await waitFor(() => expect(screen.getByRole('button', { name: '連携解除' })).toHaveFocus());
  });

  it('when rendered in StrictMode, then the popup flow still completes once', async () => {
    const { open, popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const onConnected = vi.fn();
    const { user } = renderWithProvider(
      <ZoomLinkButton onConnected={onConnected} timing={messageOnly} />,
      { strict: true },
    );
    await startConnecting(user);
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));

    postOAuthResult({ source: popups[0], attemptId: attemptIds[0] ?? '' });

    await expectStatus('連携済み');
    expect(open).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(onConnected).toHaveBeenCalledTimes(1));
  });

  it('when a result arrives from a wrong origin, a wrong window or for another attempt, then it is ignored', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />);
    await startConnecting(user);
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));
    const attemptId = attemptIds[0] ?? '';

    postOAuthResult({ source: popups[0], attemptId, origin: 'http://evil.test' });
    postOAuthResult({ source: window, attemptId });
    postOAuthResult({ source: popups[0], attemptId: 'attempt_forged' });
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(root()).toHaveAttribute('data-state', 'connecting');

    postOAuthResult({ source: popups[0], attemptId });
    await expectStatus('連携済み');
  });

  it('when the popup is open, then the hint says what to do on Zoom’s pre-approval page', async () => {
    openFakePopups();
    const { user } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />, {
      scenario: 'preApprovalPage',
    });
    await startConnecting(user);

    expect(screen.getByText(/サインインし、許可してください/)).toBeVisible();
    expect(
      screen.getByText(
        /「事前承認をリクエスト」（Request pre-approval）を押してからウィンドウを閉じてください/,
      ),
    ).toBeVisible();
    expect(screen.getByRole('status')).not.toHaveTextContent('承認待ち');
  });

  it('when the popup closes without a result, then the user is asked whether they requested pre-approval, not told 承認待ち', async () => {
    const { popups } = openFakePopups();
    const { user } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />, {
      scenario: 'preApprovalPage',
    });
    await startConnecting(user);
    await waitForAuthorizationPage(popups[0]);

    if (popups[0]) popups[0].closed = true;
    window.dispatchEvent(new Event('focus'));

    await expectStatus('未完了');
    expect(root()).toHaveAttribute('data-state', 'unfinished');
    expect(screen.getByRole('status')).not.toHaveTextContent('承認待ち');
    expect(screen.getByText(/Zoom の連携は完了していません/)).toBeVisible();
    expect(screen.queryByText(/管理者が承認したら/)).not.toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Zoom の管理者に事前承認をリクエストした' }),
      ).toHaveFocus(),
    );

    // Not requested (the window was just closed): back to 未連携, nothing recorded.
    await user.click(screen.getByRole('button', { name: 'Zoom の連携をキャンセル' }));
    await expectStatus('未連携');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Zoom アカウントを連携' })).toHaveFocus(),
    );
    const { getMyConnections } = createAtsZoomClient({ baseUrl: bffUrl, getToken: () => 't' });
    expect(await getMyConnections()).toEqual({ zoom: null, google: null });
  });

  it('when the user says they requested pre-approval, then 承認待ち is recorded at the BFF and a remount reading /connections/me still shows it', async () => {
    const { popups } = openFakePopups();
    const { user, unmount } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />, {
      scenario: 'preApprovalPage',
    });
    await startConnecting(user);
    await waitForAuthorizationPage(popups[0]);
    if (popups[0]) popups[0].closed = true;
    window.dispatchEvent(new Event('focus'));

    await user.click(
      await screen.findByRole('button', { name: 'Zoom の管理者に事前承認をリクエストした' }),
    );

    await expectStatus('承認待ち');
    expect(screen.getByText(/管理者が承認したら「連携」を押してください/)).toBeVisible();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Zoom アカウントを連携' })).toHaveFocus(),
    );

    // A reload: a fresh page and cache read GET /connections/me from the same fake BFF.
    unmount();
    render(
      <AtsZoomProvider
        locale={ja}
        bffUrl={bffUrl}
        getToken={() => 'host-token'}
        queryClient={testQueryClient()}
      >
        <ZoomLinkButton />
      </AtsZoomProvider>,
    );
    await expectStatus('承認待ち');
    const today = new Date().toLocaleDateString('ja');
    expect(screen.getByText(new RegExp(`${today} に Zoom の管理者へ`))).toBeVisible();
  });

  it('when the user withdraws the wait, then it is gone at the BFF and 連携 is offered again', async () => {
    const { user } = renderWithProvider(<ZoomLinkButton />, { scenario: 'awaitingApproval' });
    await expectStatus('承認待ち');
    const day = new Date(approvalWaitSince).toLocaleDateString('ja');
    expect(screen.getByText(new RegExp(`${day} に Zoom の管理者へ`))).toBeVisible();

    await user.click(screen.getByRole('button', { name: '事前承認の待機を取り下げる' }));

    await expectStatus('未連携');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Zoom アカウントを連携' })).toHaveFocus(),
    );
    const { getMyConnections } = createAtsZoomClient({ baseUrl: bffUrl, getToken: () => 't' });
    expect(await getMyConnections()).toEqual({ zoom: null, google: null });
  });

  it('when the admin has approved and the waiting user connects, then the link is active and the wait ends', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />, {
      scenario: 'awaitingApproval',
    });
    await expectStatus('承認待ち');

    await user.click(screen.getByRole('button', { name: 'Zoom アカウントを連携' }));
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));
    postOAuthResult({ source: popups[0], attemptId: attemptIds[0] ?? '' });

    await expectStatus('連携済み');
    expect(screen.getByText('組織アカウント')).toBeVisible();
  });

  it('when recording the wait fails, then the question stays with the reason', async () => {
    const { popups } = openFakePopups();
    const { user } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />, {
      scenario: 'preApprovalPage',
      handlers: [
        http.put(`${bffUrl}/v1/connections/zoom/approval-wait`, () => HttpResponse.error()),
      ],
    });
    await startConnecting(user);
    await waitForAuthorizationPage(popups[0]);
    if (popups[0]) popups[0].closed = true;
    window.dispatchEvent(new Event('focus'));

    await user.click(
      await screen.findByRole('button', { name: 'Zoom の管理者に事前承認をリクエストした' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent('サーバーに接続できませんでした');
    expect(screen.getByRole('status')).toHaveTextContent('未完了');
  });

  it('when the user declines at Zoom, then the button is back to 未連携 with the reason', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />, {
      scenario: 'connectDenied',
    });
    await startConnecting(user);
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));

    postOAuthResult({ source: popups[0], attemptId: attemptIds[0] ?? '', ok: false });

    expect(await screen.findByRole('alert')).toHaveTextContent('Zoom で許可されなかったため');
    expect(screen.getByRole('status')).toHaveTextContent('未連携');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Zoom アカウントを連携' })).toHaveFocus(),
    );
  });

  it('when the browser blocks the popup, then an error explains it and 再試行 opens it again', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValueOnce(null);
    const { user } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />);

    await user.click(await screen.findByRole('button', { name: 'Zoom アカウントを連携' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('ポップアップがブロックされた');
    expect(root()).toHaveAttribute('data-state', 'error');
    const retry = screen.getByRole('button', { name: '再試行' });
    await waitFor(() => expect(retry).toHaveFocus());

    open.mockReturnValueOnce({ closed: false, location: { href: '' }, close: vi.fn() } as never);
    await user.click(retry);
    expect(open).toHaveBeenCalledTimes(2);
    await expectStatus('連携中…');
  });

  it('when the user cancels a running connect, then the popup closes and 連携 is offered again', async () => {
    const { popups } = openFakePopups();
    const { user } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />);
    await startConnecting(user);

    await user.click(screen.getByRole('button', { name: 'Zoom の連携をキャンセル' }));

    expect(popups[0]?.close).toHaveBeenCalled();
    expect(screen.getByRole('status')).toHaveTextContent('未連携');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Zoom アカウントを連携' })).toHaveFocus(),
    );
  });

  it('when the user disconnects, then a confirm step comes first and the link is removed after it', async () => {
    const onDisconnected = vi.fn();
    const { user } = renderWithProvider(<ZoomLinkButton onDisconnected={onDisconnected} />, {
      scenario: 'connected',
    });
    expect(await screen.findByText('Zoom アカウント: tanaka.taro@example.com')).toBeVisible();
    expect(screen.getByText('個人アカウント')).toBeVisible();

    await user.click(screen.getByRole('button', { name: '連携解除' }));
    expect(screen.getByText(/Zoom の連携を解除しますか/)).toBeVisible();
    await waitFor(() => expect(screen.getByRole('button', { name: '解除する' })).toHaveFocus());
    await user.click(screen.getByRole('button', { name: '解除しない' }));
    await waitFor(() => expect(screen.getByRole('button', { name: '連携解除' })).toHaveFocus());
    expect(onDisconnected).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: '連携解除' }));
    await user.click(screen.getByRole('button', { name: '解除する' }));

    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Zoom アカウントを連携' })).toHaveFocus(),
    );
    expect(screen.getByRole('status')).toHaveTextContent('未連携');
    expect(screen.queryByText(/tanaka.taro@example.com/)).not.toBeInTheDocument();
    expect(onDisconnected).toHaveBeenCalledTimes(1);
  });

  it('when disconnecting fails at Zoom, then the link stays and the user is told what to do', async () => {
    const { user } = renderWithProvider(<ZoomLinkButton />, { scenario: 'disconnectFails' });
    await user.click(await screen.findByRole('button', { name: '連携解除' }));
    await user.click(screen.getByRole('button', { name: '解除する' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Zoom に接続できませんでした。しばらくしてからもう一度お試しください。',
    );
    expect(screen.getByRole('status')).toHaveTextContent('連携済み');
    expect(screen.getByText('Zoom アカウント: tanaka.taro@example.com')).toBeVisible();
  });

  it('when the grant needs re-authorization, then 要再連携 and a re-link button are shown', async () => {
    const { open } = openFakePopups();
    const { user } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />, {
      scenario: 'needsReauth',
    });

    expect(await screen.findByText(/Zoom の認可が切れています/)).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'needs_reauth');
    expect(screen.getByRole('status')).toHaveTextContent('要再連携');
    await user.click(screen.getByRole('button', { name: 'Zoom アカウントを再連携' }));
    expect(open).toHaveBeenCalledTimes(1);
    await expectStatus('連携中…');
  });

  it('when the app was removed at Zoom (revoked), then 要再連携 with that reason and a re-link button, not 未連携', async () => {
    const { open } = openFakePopups();
    const { user } = renderWithProvider(<ZoomLinkButton timing={messageOnly} />, {
      scenario: 'revokedAtZoom',
    });

    expect(await screen.findByText(/Zoom 側でこのアプリが削除されたため/)).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'needs_reauth');
    expect(screen.getByRole('status')).toHaveTextContent('要再連携');
    expect(screen.queryByText('未連携')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Zoom アカウントを再連携' }));
    expect(open).toHaveBeenCalledTimes(1);
    await expectStatus('連携中…');
  });

  it('when the link moved to a colleague, then their name is shown with 要再連携', async () => {
    renderWithProvider(<ZoomLinkButton />, { scenario: 'movedSameTenant' });

    expect(
      await screen.findByText(/佐藤 花子 さんの ATS アカウントに連携し直されました/),
    ).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'moved');
    expect(screen.getByRole('status')).toHaveTextContent('要再連携');
    expect(screen.getByRole('button', { name: 'Zoom アカウントを再連携' })).toBeVisible();
  });

  it('when the link moved to another organization, then no name is shown, only 別の組織', async () => {
    renderWithProvider(<ZoomLinkButton />, { scenario: 'movedOtherTenant' });

    expect(await screen.findByText(/別の組織の ATS アカウントに連携し直されました/)).toBeVisible();
    expect(screen.queryByText(/さんの/)).not.toBeInTheDocument();
  });

  it('when the link was moved in from a colleague, then the connected view says from whom', async () => {
    renderWithProvider(<ZoomLinkButton />, { scenario: 'connectedMovedIn' });

    expect(
      await screen.findByText(/佐藤 花子 さんの ATS アカウントから移されました/),
    ).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('連携済み');
  });

  it('when a managed Zoom account is connected, then its type is shown', async () => {
    renderWithProvider(<ZoomLinkButton />, { scenario: 'connectedManaged' });

    expect(await screen.findByText('組織アカウント')).toBeVisible();
    expect(screen.getByText('Zoom アカウント: taro.tanaka@acme-corp.example.com')).toBeVisible();
  });

  it('when loading fails on the server, then the error is explained and 再試行 loads again', async () => {
    const { user } = renderWithProvider(<ZoomLinkButton />, { scenario: 'serverError' });

    expect(await screen.findByRole('alert')).toHaveTextContent('サーバーで問題が発生しました');
    expect(root()).toHaveAttribute('data-state', 'error');

    server.use(...zoomConnectionScenarios.connected({ baseUrl: bffUrl }));
    await user.click(screen.getByRole('button', { name: '再試行' }));
    await expectStatus('連携済み');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('when the locale is en, then every text is English', async () => {
    renderWithProvider(<ZoomLinkButton />, { scenario: 'connected', locale: 'en' });

    expect(await screen.findByText('Zoom account: tanaka.taro@example.com')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Connected');
    expect(screen.getByText('Personal account')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  });

  it('when the host overrides a message, then the override is shown', async () => {
    renderWithProvider(<ZoomLinkButton />, {
      messages: {
        'zoomLinkButton.connectAria': 'Zoom と連携する',
        'zoomLinkButton.connect': '連携する',
      },
    });

    const button = await screen.findByRole('button', { name: 'Zoom と連携する' });
    expect(button).toHaveTextContent('連携する');
  });

  it('when class names are given, then the root and each part carry them next to data-slot', async () => {
    renderWithProvider(
      <ZoomLinkButton className="host-root" classNames={{ connectButton: 'host-button' }} />,
    );

    const button = await screen.findByRole('button', { name: 'Zoom アカウントを連携' });
    expect(button).toHaveClass('host-button');
    expect(button).toHaveAttribute('data-slot', 'connect-button');
    expect(root()).toHaveClass('atz-root', 'host-root');
    expect(root()).toHaveAttribute('data-slot', 'zoom-link-button');
  });

  it('when two providers share a page and a BFF URL, then each keeps its own data', async () => {
    const answer = (zoom: unknown) => async () =>
      new Response(JSON.stringify({ zoom, google: null }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    const connected = createAtsZoomClient({
      baseUrl: bffUrl,
      getToken: () => 'a',
      fetch: answer({
        id: 'conn_a',
        provider: 'zoom',
        status: 'active',
        email: 'a@example.com',
        displayName: 'A',
        accountType: 'personal',
        connectedAt: '2025-04-01T09:00:00.000+09:00',
        updatedAt: '2025-04-01T09:00:00.000+09:00',
        movedFrom: null,
        movedTo: null,
      }),
    });
    const notConnected = createAtsZoomClient({
      baseUrl: bffUrl,
      getToken: () => 'b',
      fetch: answer(null),
    });

    render(
      <>
        <div data-testid="first">
          <AtsZoomProvider locale={ja} bffUrl={bffUrl} getToken={() => 'a'} client={connected}>
            <ZoomLinkButton />
          </AtsZoomProvider>
        </div>
        <div data-testid="second">
          <AtsZoomProvider bffUrl={bffUrl} getToken={() => 'b'} client={notConnected} locale={en}>
            <ZoomLinkButton />
          </AtsZoomProvider>
        </div>
      </>,
    );

    const first = within(screen.getByTestId('first'));
    const second = within(screen.getByTestId('second'));
    expect(await first.findByText('Zoom アカウント: a@example.com')).toBeVisible();
    expect(await second.findByRole('button', { name: 'Connect your Zoom account' })).toBeVisible();
    expect(second.queryByText(/a@example.com/)).not.toBeInTheDocument();
  });
});
