import { createConnectionHandlers } from '@ats-zoom/msw';
import { screen, waitFor, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { server } from '../../test/msw-server';
import {
  bffUrl,
  openFakePopups,
  postOAuthResult,
  type RenderOptions,
  recordAttemptIds,
  renderWithProvider,
  waitForAuthorizationPage,
} from '../../test/render-with-provider';
import { ZoomLinkButton } from '../zoom-link-button';
import {
  GoogleCalendarLinkButton,
  type GoogleCalendarLinkButtonProps,
} from './google-calendar-link-button';

// Long enough that only the message or the popup check can settle a flow within a test.
const messageOnly = { pollIntervalMs: 60_000 };

function renderButton(
  googleScenario: RenderOptions['googleScenario'],
  props: GoogleCalendarLinkButtonProps = {},
  options: RenderOptions = {},
) {
  return renderWithProvider(<GoogleCalendarLinkButton timing={messageOnly} {...props} />, {
    ...options,
    googleScenario,
  });
}

function root() {
  return screen.getByRole('group', { name: 'Google カレンダー' });
}

async function expectStatus(text: string) {
  await waitFor(() => expect(within(root()).getByRole('status')).toHaveTextContent(text));
}

async function startConnecting(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Google カレンダーを連携' }));
  expect(
    await screen.findByRole('button', { name: 'Google カレンダーの連携をキャンセル' }),
  ).toBeVisible();
}

describe('GoogleCalendarLinkButton', () => {
  it('when the connection is loading, then a busy skeleton with accessible text is shown', () => {
    renderButton('loading');

    expect(screen.getByRole('status')).toHaveTextContent(
      'Google カレンダーの連携状態を読み込んでいます…',
    );
    expect(root()).toHaveAttribute('data-state', 'loading');
    expect(root()).toHaveAttribute('aria-busy', 'true');
    expect(root()).toHaveAttribute('data-slot', 'google-calendar-link-button');
  });

  it('when the user connects and the popup posts its result, then the Google e-mail and 連携解除 are shown', async () => {
    const { open, popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const onConnected = vi.fn();
    const { user } = renderButton('notConnected', { onConnected });
    await expectStatus('未連携');

    await startConnecting(user);
    expect(open).toHaveBeenCalledWith('', 'atz-oauth-google', 'popup,width=600,height=720');
    expect(root()).toHaveAttribute('data-state', 'connecting');
    expect(screen.getByText(/カレンダーへのアクセスにチェックを入れて許可/)).toBeVisible();
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));

    postOAuthResult({ source: popups[0], attemptId: attemptIds[0] ?? '', provider: 'google' });

    expect(
      await screen.findByText('Google アカウント: tanaka@acme-corp.example.com'),
    ).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('連携済み');
    expect(popups[0]?.close).toHaveBeenCalled();
    expect(onConnected).toHaveBeenCalledWith(
      expect.objectContaining({ provider: 'google', status: 'active' }),
    );
    await waitFor(() => expect(screen.getByRole('button', { name: '連携解除' })).toHaveFocus());
  });

  it('when a Zoom result or a wrong origin arrives, then the Google flow ignores it', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderButton('notConnected');
    await startConnecting(user);
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));
    const attemptId = attemptIds[0] ?? '';

    postOAuthResult({ source: popups[0], attemptId, provider: 'zoom' });
    postOAuthResult({
      source: popups[0],
      attemptId,
      provider: 'google',
      origin: 'http://evil.test',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(root()).toHaveAttribute('data-state', 'connecting');

    postOAuthResult({ source: popups[0], attemptId, provider: 'google' });
    await expectStatus('連携済み');
  });

  it('when the consent window is closed unanswered, then it is back to 未連携 without pre-approval talk', async () => {
    const { popups } = openFakePopups();
    const { user } = renderButton('consentPending');
    await startConnecting(user);
    await waitForAuthorizationPage(popups[0]);

    if (popups[0]) popups[0].closed = true;
    window.dispatchEvent(new Event('focus'));

    await expectStatus('未連携');
    expect(screen.queryByText(/承認/)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Google カレンダーを連携' })).toHaveFocus(),
    );
  });

  it('when the user declines or unticks calendar access, then 未連携 says so in Google terms', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderButton('connectDenied');
    await startConnecting(user);
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));

    postOAuthResult({
      source: popups[0],
      attemptId: attemptIds[0] ?? '',
      provider: 'google',
      ok: false,
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Google で許可されなかったか、カレンダーへのアクセス');
    expect(alert).not.toHaveTextContent('Zoom');
    expect(screen.getByRole('status')).toHaveTextContent('未連携');
  });

  it('when the browser blocks the popup, then the message names Google and 再試行 opens it again', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValueOnce(null);
    const { user } = renderButton('notConnected');

    await user.click(await screen.findByRole('button', { name: 'Google カレンダーを連携' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'ポップアップがブロックされたため、Google の画面を開けませんでした',
    );
    const retry = screen.getByRole('button', { name: '再試行' });
    await waitFor(() => expect(retry).toHaveFocus());
    open.mockReturnValueOnce({ closed: false, location: { href: '' }, close: vi.fn() } as never);
    await user.click(retry);
    expect(open).toHaveBeenCalledTimes(2);
    await expectStatus('連携中…');
  });

  it('when the user cancels a running connect, then the popup closes and 連携 is offered again', async () => {
    const { popups } = openFakePopups();
    const { user } = renderButton('notConnected');
    await startConnecting(user);

    await user.click(screen.getByRole('button', { name: 'Google カレンダーの連携をキャンセル' }));

    expect(popups[0]?.close).toHaveBeenCalled();
    expect(screen.getByRole('status')).toHaveTextContent('未連携');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Google カレンダーを連携' })).toHaveFocus(),
    );
  });

  it('when the user disconnects, then a confirm step explains what stops working and the link goes after it', async () => {
    const onDisconnected = vi.fn();
    const { user } = renderButton('connected', { onDisconnected });
    expect(
      await screen.findByText('Google アカウント: tanaka@acme-corp.example.com'),
    ).toBeVisible();
    expect(root().querySelector('[data-slot="account-type"]')).toBeNull();

    await user.click(screen.getByRole('button', { name: '連携解除' }));
    expect(
      screen.getByText(/面接の予定をこの Google カレンダーに登録できなくなります/),
    ).toBeVisible();
    await user.click(screen.getByRole('button', { name: '解除する' }));

    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Google カレンダーを連携' })).toHaveFocus(),
    );
    expect(screen.getByRole('status')).toHaveTextContent('未連携');
    expect(onDisconnected).toHaveBeenCalledTimes(1);
  });

  it('when disconnecting fails at Google, then the link stays and the message says what to do', async () => {
    const { user } = renderButton('disconnectFails');
    await user.click(await screen.findByRole('button', { name: '連携解除' }));
    await user.click(screen.getByRole('button', { name: '解除する' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Google カレンダーに接続できませんでした。',
    );
    expect(screen.getByRole('status')).toHaveTextContent('連携済み');
  });

  it('when the grant needs re-authorization, then 要再連携 explains it and 再連携 opens the popup', async () => {
    const { open } = openFakePopups();
    const { user } = renderButton('needsReauth');

    expect(await screen.findByText(/Google カレンダーの認可が切れています/)).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'needs_reauth');
    expect(screen.getByRole('status')).toHaveTextContent('要再連携');
    await user.click(screen.getByRole('button', { name: 'Google カレンダーを再連携' }));
    expect(open).toHaveBeenCalledWith('', 'atz-oauth-google', expect.any(String));
    await expectStatus('連携中…');
  });

  it('when the link moved to a colleague or another organization, then who holds it is said where allowed', async () => {
    renderButton('movedSameTenant');
    expect(
      await screen.findByText(
        /この Google アカウントは 佐藤 花子 さんの ATS アカウントに連携し直されました/,
      ),
    ).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'moved');
  });

  it('when the link moved to another organization, then no name is shown', async () => {
    renderButton('movedOtherTenant');

    expect(await screen.findByText(/別の組織の ATS アカウントに連携し直されました/)).toBeVisible();
    expect(screen.queryByText(/さんの/)).not.toBeInTheDocument();
  });

  it('when the link was moved in from a colleague, then the connected view says from whom', async () => {
    renderButton('connectedMovedIn');

    expect(
      await screen.findByText(/佐藤 花子 さんの ATS アカウントから移されました/),
    ).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('連携済み');
  });

  it('when loading fails on the server, then the error is explained and 再試行 loads again', async () => {
    const { user } = renderButton('serverError');

    expect(await screen.findByRole('alert')).toHaveTextContent('サーバーで問題が発生しました');
    server.use(...createConnectionHandlers({ baseUrl: bffUrl, google: 'connected' }));
    await user.click(screen.getByRole('button', { name: '再試行' }));

    await expectStatus('連携済み');
  });

  it('when only the keyboard is used, then Tab and Enter connect, and Enter disconnects through the confirm step', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderButton('notConnected');
    await screen.findByRole('button', { name: 'Google カレンダーを連携' });

    await user.tab();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Google カレンダーを連携' })).toHaveFocus(),
    );
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Google カレンダーの連携をキャンセル' }),
      ).toHaveFocus(),
    );
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));
    postOAuthResult({ source: popups[0], attemptId: attemptIds[0] ?? '', provider: 'google' });
    await waitFor(() => expect(screen.getByRole('button', { name: '連携解除' })).toHaveFocus());

    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('button', { name: '解除する' })).toHaveFocus());
    await user.keyboard('{Enter}');

    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Google カレンダーを連携' })).toHaveFocus(),
    );
  });

  it('when the Zoom and Google buttons share a page, then each shows and changes its own link', async () => {
    const { user } = renderWithProvider(
      <>
        <ZoomLinkButton />
        <GoogleCalendarLinkButton />
      </>,
      { scenario: 'connected', googleScenario: 'connected' },
    );
    const zoom = within(await screen.findByRole('group', { name: 'Zoom Meeting' }));
    const google = within(screen.getByRole('group', { name: 'Google カレンダー' }));
    await google.findByText('Google アカウント: tanaka@acme-corp.example.com');

    await user.click(google.getByRole('button', { name: '連携解除' }));
    await user.click(google.getByRole('button', { name: '解除する' }));

    expect(await google.findByRole('button', { name: 'Google カレンダーを連携' })).toBeVisible();
    expect(zoom.getByText('Zoom アカウント: tanaka.taro@example.com')).toBeVisible();
    expect(zoom.getByRole('status')).toHaveTextContent('連携済み');
  });

  it('when the locale is en, then every text is English', async () => {
    renderButton('connected', {}, { locale: 'en' });

    expect(await screen.findByText('Google account: tanaka@acme-corp.example.com')).toBeVisible();
    expect(screen.getByRole('group', { name: 'Google Calendar' })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Connected');
    expect(screen.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  });

  it('when class names are given, then the root and each part carry them next to data-slot', async () => {
    renderButton('notConnected', {
      className: 'host-root',
      classNames: { connectButton: 'host-button', status: 'host-status' },
    });

    const button = await screen.findByRole('button', { name: 'Google カレンダーを連携' });
    expect(button).toHaveClass('host-button');
    expect(button).toHaveAttribute('data-slot', 'connect-button');
    expect(screen.getByRole('status')).toHaveClass('host-status');
    expect(root()).toHaveClass('atz-root', 'host-root');
  });
});
