import {
  type MeetingScenarioName,
  meetingScenarios,
  problemResponse,
  routeHandler,
} from '@ats-zoom/msw';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, type RenderOptions, renderWithProvider } from '../../test/render-with-provider';
import { ZoomMeetingLink, type ZoomMeetingLinkProps } from './zoom-meeting-link';

function renderLink(
  scenario: MeetingScenarioName,
  props: Partial<ZoomMeetingLinkProps> = {},
  options: RenderOptions = {},
) {
  return renderWithProvider(<ZoomMeetingLink interviewId="int_1" {...props} />, {
    ...options,
    handlers: meetingScenarios[scenario]({ baseUrl: bffUrl }),
  });
}

function root() {
  return screen.getByRole('group', { name: 'Zoom ミーティング' });
}

function countPuts() {
  const puts: (string | null)[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.method === 'PUT') puts.push(request.headers.get('Idempotency-Key'));
  });
  return puts;
}

describe('ZoomMeetingLink', () => {
  it('when the meeting is loading, then the group is busy and says so', () => {
    renderWithProvider(<ZoomMeetingLink interviewId="int_1" />, {
      handlers: [
        routeHandler('getInterviewMeeting', { baseUrl: bffUrl, delay: 'infinite' }, () =>
          problemResponse('internal_error'),
        ),
      ],
    });

    expect(screen.getByText('Zoom の URL を読み込んでいます…')).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'loading');
    expect(root()).toHaveAttribute('aria-busy', 'true');
  });

  it('when a meeting is issued, then the URL, host, passcode and time are shown', async () => {
    renderLink('meetingIssued');

    const link = await screen.findByRole('link', { name: /^https:\/\/us05web\.zoom\.us\/j\// });
    expect(link).toHaveAttribute('href', expect.stringContaining('?pwd='));
    expect(link).toHaveAttribute('target', '_blank');
    expect(screen.getByText('ホスト: 田中 太郎（tanaka.taro@example.com）')).toBeVisible();
    expect(screen.getByText('パスコード: URL に埋め込み済み（ワンクリックで参加）')).toBeVisible();
    expect(screen.getByText('日時: 2025/04/10 14:00〜15:00')).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'active');
  });

  it('when the URL is copied, then the clipboard gets it and a status announces it', async () => {
    const { user } = renderLink('meetingIssued');
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const link = await screen.findByRole('link');

    await user.click(screen.getByRole('button', { name: 'URL をコピー' }));

    expect(writeText).toHaveBeenCalledWith(link.getAttribute('href'));
    expect(screen.getByRole('status')).toHaveTextContent('URL をコピーしました。');
  });

  it('when the clipboard refuses, then the status says to copy by hand', async () => {
    const { user } = renderLink('meetingIssued');
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));

    await user.click(await screen.findByRole('button', { name: 'URL をコピー' }));

    expect(screen.getByRole('status')).toHaveTextContent('コピーできませんでした。');
  });

  it('when no meeting was issued, then it says so without an error', async () => {
    renderLink('meetingNone');

    expect(await screen.findByText('この面接の Zoom URL はまだ発行されていません。')).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'none');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('when the meeting was deleted in Zoom, then the link is not clickable and re-issuing gives a working URL', async () => {
    const { user } = renderLink('meetingBroken');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Zoom 側でミーティングが削除されたため、この URL では参加できません。',
    );
    expect(root()).toHaveAttribute('data-state', 'broken');
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    const brokenUrl = screen.getByText(/^https:\/\/us05web\.zoom\.us\/j\/81234567890/);

    await user.click(screen.getByRole('button', { name: 'URL を再発行' }));

    const link = await screen.findByRole('link');
    expect(link.getAttribute('href')).not.toBe(brokenUrl.textContent);
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('URL を再発行しました。'),
    );
    expect(root()).toHaveAttribute('data-state', 'active');
    await waitFor(() => expect(screen.getByRole('button', { name: 'URL をコピー' })).toHaveFocus());
  });

  it('when the host handles re-issuing, then onReissue gets the meeting and nothing is saved here', async () => {
    const onReissue = vi.fn();
    const puts = countPuts();
    const { user } = renderLink('meetingBroken', { onReissue });

    await user.click(await screen.findByRole('button', { name: 'URL を再発行' }));

    expect(onReissue).toHaveBeenCalledWith(
      expect.objectContaining({ interviewId: 'int_1', linkStatus: 'broken' }),
    );
    expect(puts).toEqual([]);
  });

  it('when re-issuing hits the daily quota, then the quota message shows, the link stays broken, and a retry reuses the key', async () => {
    const puts = countPuts();
    const { user } = renderLink('meetingSaveQuota');

    await user.click(await screen.findByRole('button', { name: 'URL を再発行' }));

    expect(await screen.findByText(/本日の Zoom ミーティング作成・更新の上限/)).toHaveAttribute(
      'role',
      'alert',
    );
    expect(root()).toHaveAttribute('data-state', 'broken');
    await user.click(screen.getByRole('button', { name: 'URL を再発行' }));
    await waitFor(() => expect(puts).toHaveLength(2));
    expect(puts[1]).toBe(puts[0]);
  });

  it('when loading the meeting fails, then the problem is explained and retry loads it', async () => {
    const { user } = renderWithProvider(<ZoomMeetingLink interviewId="int_1" />, {
      handlers: [
        routeHandler('getInterviewMeeting', { baseUrl: bffUrl }, () =>
          problemResponse('internal_error'),
        ),
      ],
    });

    expect(await screen.findByRole('alert')).toHaveTextContent('サーバーで問題が発生しました。');
    server.use(...meetingScenarios.meetingIssued({ baseUrl: bffUrl }));
    await user.click(screen.getByRole('button', { name: '再試行' }));

    expect(await screen.findByRole('link')).toBeVisible();
  });

  it('when the locale is en, then texts and the time are English', async () => {
    renderLink('meetingIssued', {}, { locale: 'en' });

    expect(await screen.findByRole('button', { name: 'Copy URL' })).toBeVisible();
    expect(screen.getByText('When: Apr 10, 2025, 2:00 PM–3:00 PM')).toBeVisible();
    expect(screen.getByText('Host: 田中 太郎 (tanaka.taro@example.com)')).toBeVisible();
  });
});
