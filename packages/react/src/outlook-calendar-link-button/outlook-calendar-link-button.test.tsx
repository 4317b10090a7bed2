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
import { GoogleCalendarLinkButton } from '../google-calendar-link-button';
import { outlookEn } from '../outlook/locales/en';
import { outlookJa } from '../outlook/locales/ja';
import {
  OutlookCalendarLinkButton,
  type OutlookCalendarLinkButtonProps,
} from './outlook-calendar-link-button';

// Long enough that only the message or the popup check can settle a flow within a test.
const messageOnly = { pollIntervalMs: 60_000 };

function renderButton(
  outlookScenario: RenderOptions['outlookScenario'],
  props: Partial<OutlookCalendarLinkButtonProps> = {},
  options: RenderOptions = {},
) {
  const locale = options.locale === 'en' ? outlookEn : outlookJa;
  return renderWithProvider(
    <OutlookCalendarLinkButton locale={locale} timing={messageOnly} {...props} />,
    { ...options, outlookScenario },
  );
}

function root() {
  return screen.getByRole('group', { name: 'Outlook 予定表' });
}

async function expectStatus(text: string) {
  await waitFor(() => expect(within(root()).getByRole('status')).toHaveTextContent(text));
}

/** Clicks 連携 (or the given button), waits for the authorization page and returns the popup and attempt. */
async function connectOnce(
  user: ReturnType<typeof userEvent.setup>,
  popups: ReturnType<typeof openFakePopups>['popups'],
  attemptIds: string[],
  name = 'Outlook 予定表を連携',
) {
  const count = attemptIds.length;
  await user.click(await screen.findByRole('button', { name }));
  const popup = popups.at(-1);
  await waitForAuthorizationPage(popup);
  await waitFor(() => expect(attemptIds).toHaveLength(count + 1));
  return { popup, attemptId: attemptIds.at(-1) ?? '' };
}

describe('OutlookCalendarLinkButton', () => {
  it('when the connection is loading, then a busy skeleton with accessible text is shown', () => {
    renderButton('loading');

    expect(screen.getByRole('status')).toHaveTextContent(
      'Outlook 予定表の連携状態を読み込んでいます…',
    );
    expect(root()).toHaveAttribute('data-state', 'loading');
    expect(root()).toHaveAttribute('aria-busy', 'true');
    expect(root()).toHaveAttribute('data-slot', 'outlook-calendar-link-button');
  });

  it('when the user connects and the popup posts its result, then the Microsoft e-mail and 連携解除 are shown', async () => {
    const { open, popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const onConnected = vi.fn();
    const { user } = renderButton('notConnected', { onConnected });
    await expectStatus('未連携');

    const { popup, attemptId } = await connectOnce(user, popups, attemptIds);
    expect(open).toHaveBeenCalledWith('', 'atz-oauth-outlook', 'popup,width=600,height=720');
    expect(
      screen.getByText(/Microsoft 365 の職場または学校のアカウントにサインイン/),
    ).toBeVisible();
    // A Google result for the same attempt is not Outlook's.
    postOAuthResult({ source: popup, attemptId, provider: 'google' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(root()).toHaveAttribute('data-state', 'connecting');

    postOAuthResult({ source: popup, attemptId, provider: 'outlook' });

    expect(
      await screen.findByText(
        'Microsoft アカウント: tanaka.taro@acme-corp.example.onmicrosoft.com',
      ),
    ).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('連携済み');
    expect(popup?.close).toHaveBeenCalled();
    expect(onConnected).toHaveBeenCalledWith(
      expect.objectContaining({ provider: 'outlook', status: 'active' }),
    );
    await waitFor(() => expect(screen.getByRole('button', { name: '連携解除' })).toHaveFocus());
  });

  it('when the organization requires admin consent, then 管理者の承認待ち says what to ask for, and 連携をやり直す connects once the admin approved', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderButton('adminConsentRequired');

    const first = await connectOnce(user, popups, attemptIds);
    postOAuthResult({ source: first.popup, attemptId: first.attemptId, provider: 'outlook' });

    await expectStatus('管理者の承認待ち');
    expect(root()).toHaveAttribute('data-state', 'admin_consent_required');
    const alert = within(root()).getByRole('alert');
    expect(alert).toHaveTextContent('管理者の承認（同意）が必要');
    expect(alert).toHaveTextContent('Calendars.ReadWrite');
    expect(alert).toHaveTextContent('User.Read');
    expect(alert).toHaveTextContent('offline_access');
    expect(alert).toHaveTextContent(
      'Microsoft Entra 管理センター > エンタープライズ アプリケーション',
    );
    // One explanation: the failure is not repeated as a second alert.
    expect(within(root()).getAllByRole('alert')).toHaveLength(1);
    const retry = screen.getByRole('button', { name: 'Outlook 予定表の連携をやり直す' });
    await waitFor(() => expect(retry).toHaveFocus());
    expect(retry).toHaveAccessibleDescription(
      '管理者が承認したら「連携をやり直す」を押してください。',
    );
    expect(first.popup?.close).toHaveBeenCalled();

    // The admin approved meanwhile: the next attempt succeeds.
    const second = await connectOnce(user, popups, attemptIds, 'Outlook 予定表の連携をやり直す');
    expect(root()).toHaveAttribute('data-state', 'connecting');
    postOAuthResult({ source: second.popup, attemptId: second.attemptId, provider: 'outlook' });

    await expectStatus('連携済み');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: '連携解除' })).toHaveFocus());
  });

  it('when admin consent is still missing on the retry, then the explanation comes back', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderButton('adminConsentNeverGiven');

    const first = await connectOnce(user, popups, attemptIds);
    postOAuthResult({ source: first.popup, attemptId: first.attemptId, provider: 'outlook' });
    await expectStatus('管理者の承認待ち');
    const second = await connectOnce(user, popups, attemptIds, 'Outlook 予定表の連携をやり直す');
    postOAuthResult({ source: second.popup, attemptId: second.attemptId, provider: 'outlook' });

    await expectStatus('管理者の承認待ち');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Outlook 予定表の連携をやり直す' })).toHaveFocus(),
    );
  });

  it('when starting is refused with a 409 admin_consent_required problem, then the same explanation shows', async () => {
    openFakePopups();
    const { user } = renderButton('notConnected');
    const { routeHandler, problemResponse } = await import('@ats-zoom/msw');
    server.use(
      routeHandler('startAuthorization', { baseUrl: bffUrl }, () =>
        problemResponse('admin_consent_required', { provider: 'outlook' }),
      ),
    );

    await user.click(await screen.findByRole('button', { name: 'Outlook 予定表を連携' }));

    await expectStatus('管理者の承認待ち');
    expect(within(root()).getByRole('alert')).toHaveTextContent('Calendars.ReadWrite');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Outlook 予定表の連携をやり直す' })).toHaveFocus(),
    );
  });

  it('when the grant needs re-authorization, then 要再連携 explains it and 再連携 opens the Outlook popup', async () => {
    const { open } = openFakePopups();
    const { user } = renderButton('needsReauth');

    expect(await screen.findByText(/Outlook 予定表の認可が切れています/)).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'needs_reauth');
    await user.click(screen.getByRole('button', { name: 'Outlook 予定表を再連携' }));
    expect(open).toHaveBeenCalledWith('', 'atz-oauth-outlook', expect.any(String));
    await expectStatus('連携中…');
  });

  it('when the access was removed at Microsoft, then 要再連携 says so', async () => {
    renderButton('revokedAtMicrosoft');

    expect(
      await screen.findByText(/Microsoft 側でこのアプリへのアクセスが取り消されました/),
    ).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'needs_reauth');
  });

  it('when the user declines at Microsoft, then 未連携 says so in Microsoft terms', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderButton('connectDenied');
    const { popup, attemptId } = await connectOnce(user, popups, attemptIds);

    postOAuthResult({ source: popup, attemptId, provider: 'outlook', ok: false });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Microsoft で許可されなかったため');
    expect(alert).not.toHaveTextContent('Google');
    expect(screen.getByRole('status')).toHaveTextContent('未連携');
  });

  it('when the user disconnects, then the confirm step names Outlook and the link goes after it', async () => {
    const onDisconnected = vi.fn();
    const { user } = renderButton('connected', { onDisconnected });
    await screen.findByText('Microsoft アカウント: tanaka.taro@acme-corp.example.onmicrosoft.com');

    await user.click(screen.getByRole('button', { name: '連携解除' }));
    expect(screen.getByText(/面接の予定をこの Outlook 予定表に登録できなくなります/)).toBeVisible();
    await user.click(screen.getByRole('button', { name: '解除する' }));

    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Outlook 予定表を連携' })).toHaveFocus(),
    );
    expect(onDisconnected).toHaveBeenCalledTimes(1);
  });

  it('when disconnecting fails at Microsoft, then the link stays and the message names Outlook', async () => {
    const { user } = renderButton('disconnectFails');
    await user.click(await screen.findByRole('button', { name: '連携解除' }));
    await user.click(screen.getByRole('button', { name: '解除する' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Outlook 予定表に接続できませんでした',
    );
    expect(screen.getByRole('status')).toHaveTextContent('連携済み');
  });

  it('when only the keyboard is used, then Tab and Enter connect, retry after admin consent, and disconnect', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderButton('adminConsentRequired');
    await expectStatus('未連携');

    await user.tab();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Outlook 予定表を連携' })).toHaveFocus(),
    );
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Outlook 予定表の連携をキャンセル' }),
      ).toHaveFocus(),
    );
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));
    postOAuthResult({ source: popups[0], attemptId: attemptIds[0] ?? '', provider: 'outlook' });

    const retry = await screen.findByRole('button', { name: 'Outlook 予定表の連携をやり直す' });
    await waitFor(() => expect(retry).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitForAuthorizationPage(popups[1]);
    await waitFor(() => expect(attemptIds).toHaveLength(2));
    postOAuthResult({ source: popups[1], attemptId: attemptIds[1] ?? '', provider: 'outlook' });

    await waitFor(() => expect(screen.getByRole('button', { name: '連携解除' })).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('button', { name: '解除する' })).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Outlook 予定表を連携' })).toHaveFocus(),
    );
  });

  it('when Google and Outlook share a page, then each shows its own link and texts', async () => {
    renderWithProvider(
      <>
        <GoogleCalendarLinkButton />
        <OutlookCalendarLinkButton locale={outlookJa} />
      </>,
      { googleScenario: 'connected', outlookScenario: 'notConnected' },
    );

    const google = within(await screen.findByRole('group', { name: 'Google カレンダー' }));
    expect(
      await google.findByText('Google アカウント: tanaka@acme-corp.example.com'),
    ).toBeVisible();
    await expectStatus('未連携');
    expect(within(root()).getByRole('button', { name: 'Outlook 予定表を連携' })).toBeVisible();
  });

  it('when the locale is en, then every text is English, admin consent included', async () => {
    const { popups } = openFakePopups();
    const attemptIds = recordAttemptIds();
    const { user } = renderButton('adminConsentRequired', {}, { locale: 'en' });
    const group = await screen.findByRole('group', { name: 'Outlook Calendar' });
    await user.click(await screen.findByRole('button', { name: 'Connect Outlook Calendar' }));
    await waitForAuthorizationPage(popups[0]);
    await waitFor(() => expect(attemptIds).toHaveLength(1));
    postOAuthResult({ source: popups[0], attemptId: attemptIds[0] ?? '', provider: 'outlook' });

    await waitFor(() =>
      expect(within(group).getByRole('status')).toHaveTextContent('Awaiting admin approval'),
    );
    expect(within(group).getByRole('alert')).toHaveTextContent(
      'requires an administrator to approve',
    );
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Connect again to Outlook Calendar' }),
      ).toHaveFocus(),
    );
  });

  it('when the host overrides a message, then that text changes and the others stay', async () => {
    renderButton('notConnected', {
      messages: { 'outlookCalendarLinkButton.connect': 'Outlook とつなぐ' },
    });

    expect(await screen.findByRole('button', { name: 'Outlook 予定表を連携' })).toHaveTextContent(
      'Outlook とつなぐ',
    );
  });

  it('when the BFF has no Outlook configured, then connecting says Outlook is not set up in this ATS', async () => {
    openFakePopups();
    const { user } = renderButton(undefined);
    await expectStatus('未連携');

    await user.click(screen.getByRole('button', { name: 'Outlook 予定表を連携' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'この ATS では Outlook 予定表の連携が設定されていません',
    );
  });

  it('when loading fails on the server, then the error is explained and 再試行 loads again', async () => {
    const { user } = renderButton('serverError');

    expect(await screen.findByRole('alert')).toHaveTextContent('サーバーで問題が発生しました');
    server.use(...createConnectionHandlers({ baseUrl: bffUrl, outlook: 'connected' }));
    await user.click(screen.getByRole('button', { name: '再試行' }));

    await expectStatus('連携済み');
  });
});
