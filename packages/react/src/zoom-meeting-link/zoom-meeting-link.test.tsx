import type { SaveMeetingBody } from '@ats-zoom/contract';
import { saveBodyOfMeeting } from '@ats-zoom/contract/core';
import {
  failedCalendar,
  hostFixtures,
  issuedMeeting,
  type MeetingScenarioName,
  meetingScenarios,
  passcodeNotEmbeddedMeeting,
  problemResponse,
  registeredCalendar,
  routeHandler,
  routeResponse,
} from '@ats-zoom/msw';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, type RenderOptions, renderWithProvider } from '../../test/render-with-provider';
import { useInterviewMeeting } from '../meeting/use-interview-meeting';
import { useSaveInterviewMeeting } from '../meeting/use-save-interview-meeting';
import { meetingLinkEn } from '../meeting-link/locales/en';
import { meetingLinkJa } from '../meeting-link/locales/ja';
import { ZoomMeetingLink, type ZoomMeetingLinkProps } from './zoom-meeting-link';

// The scenarios' clock (13:00 JST on 2025-04-10): the issued meeting is three days later at 14:00
// JST, and a failed calendar step retries by itself five minutes later (13:05 JST).
const now = () => new Date('2025-04-10T04:00:00.000Z');

function renderLink(
  scenario: MeetingScenarioName,
  props: Partial<ZoomMeetingLinkProps> = {},
  options: RenderOptions = {},
) {
  // The link's texts in the provider's language, as a host passes them.
  const locale = options.locale === 'en' ? meetingLinkEn : meetingLinkJa;
  return renderWithProvider(<ZoomMeetingLink interviewId="int_1" locale={locale} {...props} />, {
    ...options,
    handlers: meetingScenarios[scenario]({ baseUrl: bffUrl, now }),
  });
}

function calendarPart() {
  const calendar = root().querySelector<HTMLElement>('[data-slot="calendar"]');
  if (!calendar) throw new Error('no calendar part');
  return calendar;
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

/** A host app's ホストを変更: saves the meeting at another host through the kit's hooks. */
function ChangeHost() {
  const { meeting } = useInterviewMeeting('int_1');
  const save = useSaveInterviewMeeting('int_1');
  return (
    <button
      type="button"
      onClick={() =>
        meeting &&
        save.mutate({
          ...saveBodyOfMeeting(meeting),
          hostConnectionId: hostFixtures.busyHost.connectionId,
        })
      }
    >
      change host
    </button>
  );
}

describe('ZoomMeetingLink', () => {
  it('when the meeting is loading, then the group is busy and says so', () => {
    renderWithProvider(<ZoomMeetingLink interviewId="int_1" locale={meetingLinkJa} />, {
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
    expect(screen.getByText('日時: 2025/04/13 14:00〜15:00')).toBeVisible();
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

  it('when the URL does not carry the passcode, then the passcode is shown and its own button copies it', async () => {
    const { user } = renderWithProvider(
      <ZoomMeetingLink interviewId="int_1" locale={meetingLinkJa} />,
      {
        handlers: [
          routeHandler('getInterviewMeeting', { baseUrl: bffUrl }, () =>
            routeResponse('getInterviewMeeting', passcodeNotEmbeddedMeeting('int_1', {}, now())),
          ),
        ],
      },
    );
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);

    expect(
      await screen.findByText(/パスコード: Tk4mP9qa（URL に含まれません。候補者に伝えてください）/),
    ).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'パスコードをコピー' }));

    expect(writeText).toHaveBeenCalledWith('Tk4mP9qa');
    expect(screen.getByRole('status')).toHaveTextContent('パスコードをコピーしました。');
  });

  it('when the passcode is in the URL, then no passcode is shown and there is no passcode button', async () => {
    renderLink('meetingIssued');

    expect(
      await screen.findByText('パスコード: URL に埋め込み済み（ワンクリックで参加）'),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: 'パスコードをコピー' })).not.toBeInTheDocument();
  });

  it('when the clipboard refuses, then the status says to copy by hand', async () => {
    const { user } = renderLink('meetingIssued');
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));

    await user.click(await screen.findByRole('button', { name: 'URL をコピー' }));

    expect(screen.getByRole('status')).toHaveTextContent('コピーできませんでした。');
  });

  it('when no meeting was issued, then it says so without an error, and no request fails (no 404 in the console)', async () => {
    const answers: string[] = [];
    server.events.on('response:mocked', ({ request, response }) => {
      answers.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
    });
    renderLink('meetingNone');

    expect(await screen.findByText('この面接の Zoom URL はまだ発行されていません。')).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'none');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(answers).toContain('GET /v1/interviews/int_1/meeting 200');
    expect(answers.filter((answer) => !answer.endsWith(' 200'))).toEqual([]);
  });

  it('when the host cancelled the interview and its meeting is gone, then it says cancelled, not "not issued yet"', async () => {
    renderLink('meetingNone', { cancelled: true });

    expect(
      await screen.findByText('この面接は取り消されたため、Zoom URL はありません。'),
    ).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'cancelled');
    expect(screen.queryByText(/まだ発行されていません/)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('when a cancelled interview still has its meeting at Zoom, then it warns, hides the link and deletes it on request', async () => {
    const deletes: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'DELETE') deletes.push(new URL(request.url).pathname);
    });
    const { user } = renderLink('meetingIssued', { cancelled: true });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      '面接は取り消し済みです この Zoom ミーティングはまだ削除されておらず、候補者が参加できます。',
    );
    expect(root()).toHaveAttribute('data-state', 'cancelled');
    // Never one click away from a mail: no link, no copy, no re-issue.
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'URL をコピー' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'URL を再発行' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Zoom ミーティングを削除' }));

    expect(
      await screen.findByText('この面接は取り消されたため、Zoom URL はありません。'),
    ).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Zoom ミーティングを削除しました。');
    expect(deletes).toEqual(['/v1/interviews/int_1/meeting']);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('when the host removed the app at Zoom, then it says so naming the host, what still works and what to do; the URL stays usable', async () => {
    renderLink('meetingHostRevoked');

    const warning = await screen.findByRole('alert');
    expect(warning).toHaveAttribute('data-slot', 'host-link');
    expect(warning).toHaveTextContent(
      'ホスト（田中 太郎 さん）の Zoom 連携が Zoom 側で解除されました。参加 URL はまだ使えますが、日時の変更や再発行はできません。ホストを変更するか、田中 太郎 さんに Zoom の再連携を依頼してください。',
    );
    expect(warning).not.toHaveTextContent('「連携」を押してください');
    expect(root()).toHaveAttribute('data-state', 'active');
    expect(screen.getByRole('link', { name: /^https:\/\/us05web\.zoom\.us\/j\// })).toBeVisible();
    expect(screen.getByRole('button', { name: 'URL をコピー' })).toBeVisible();
  });

  it('when the host removed the app at Zoom and the interview is cancelled, then only the cancellation is said', async () => {
    renderLink('meetingHostRevoked', { cancelled: true });

    expect(await screen.findByRole('alert')).toHaveTextContent('面接は取り消し済みです');
    expect(screen.queryByText(/Zoom 連携が Zoom 側で解除されました/)).not.toBeInTheDocument();
  });

  it('when an earlier meeting could not be deleted at Zoom, then it is reported with its id and who must reconnect', async () => {
    renderLink('meetingPendingDeletion');

    const report = await screen.findByText(/前のホスト（佐藤 花子 さん）の Zoom ミーティング/);
    expect(report).toHaveAttribute('data-slot', 'pending-deletion');
    expect(report).toHaveTextContent(
      '前のホスト（佐藤 花子 さん）の Zoom ミーティング（ID: 84111222333）を削除できませんでした。佐藤 花子 さんが Zoom を再連携すると削除されます。',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('when the host link was revoked and the host is changed, then the warning goes and the old meeting is reported', async () => {
    const { user } = renderWithProvider(
      <>
        <ZoomMeetingLink interviewId="int_1" locale={meetingLinkJa} />
        <ChangeHost />
      </>,
      { handlers: meetingScenarios.meetingHostRevoked({ baseUrl: bffUrl, now }) },
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Zoom 側で解除されました');

    await user.click(screen.getByRole('button', { name: 'change host' }));

    expect(
      await screen.findByText(
        /前のホスト（田中 太郎 さん）の Zoom ミーティング（ID: 81234567890）/,
      ),
    ).toBeVisible();
    expect(screen.queryByText(/Zoom 側で解除されました/)).not.toBeInTheDocument();
  });

  it("when a cancelled interview's meeting was deleted in Zoom, then it offers deleting, never re-issuing", async () => {
    renderLink('meetingBroken', { cancelled: true });

    expect(await screen.findByRole('button', { name: 'Zoom ミーティングを削除' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'URL を再発行' })).not.toBeInTheDocument();
    expect(screen.queryByText(/再発行してください/)).not.toBeInTheDocument();
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

  it("when the meeting's time was changed in Zoom, then both times are said in words, the URL still works, and no broken URL is claimed", async () => {
    renderLink('meetingChangedInZoom');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('日時が一致しません。');
    expect(alert).toHaveTextContent('面接: 2025/04/13 14:00〜15:00、Zoom: 2025/04/13 16:00〜16:30');
    expect(root()).toHaveAttribute('data-state', 'mismatch');
    expect(screen.getByRole('link', { name: /^https:\/\/us05web\.zoom\.us\/j\// })).toBeVisible();
    expect(screen.getByRole('button', { name: 'URL をコピー' })).toBeVisible();
    expect(screen.queryByText(/URL が無効です/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'URL を再発行' })).not.toBeInTheDocument();
  });

  it("when the interview's time is kept, then the save sends the interview's time and the host gets the saved meeting at that time", async () => {
    const bodies: SaveMeetingBody[] = [];
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'PUT') bodies.push(await request.clone().json());
    });
    const onSaved = vi.fn();
    const { user } = renderLink('meetingChangedInZoom', { onSaved });

    await user.click(
      await screen.findByRole('button', { name: '面接の日時に合わせる（Zoom を戻す）' }),
    );

    await waitFor(() => expect(root()).toHaveAttribute('data-state', 'active'));
    expect(bodies).toMatchObject([
      { startTime: '2025-04-13T14:00:00+09:00', durationMinutes: 60, calendar: { register: true } },
    ]);
    expect(screen.getByText('日時: 2025/04/13 14:00〜15:00')).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Zoom のミーティングを面接の日時に戻しました。',
      ),
    );
    await waitFor(() => expect(screen.getByRole('button', { name: 'URL をコピー' })).toHaveFocus());
    expect(onSaved).toHaveBeenCalledWith(
      expect.objectContaining({ startTime: '2025-04-13T14:00:00+09:00', zoomTime: null }),
    );
  });

  it("when Zoom's time is taken, then the save sends Zoom's time and the host gets the saved meeting to update its interview", async () => {
    const onSaved = vi.fn();
    const { user } = renderLink('meetingChangedInZoom', { onSaved });

    await user.click(
      await screen.findByRole('button', { name: 'Zoom の日時に合わせる（面接を変更）' }),
    );

    await waitFor(() =>
      expect(onSaved).toHaveBeenCalledWith(
        expect.objectContaining({
          startTime: '2025-04-13T07:00:00.000Z',
          durationMinutes: 30,
          zoomTime: null,
        }),
      ),
    );
    expect(await screen.findByText('日時: 2025/04/13 16:00〜16:30')).toBeVisible();
    expect(root()).toHaveAttribute('data-state', 'active');
    expect(screen.getByRole('status')).toHaveTextContent(
      '面接の日時を Zoom の日時に合わせました。',
    );
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

  it('when Zoom is rate limiting a re-issue, then the message says how many seconds to wait (Retry-After)', async () => {
    const { user } = renderLink('meetingSaveRateLimited');

    await user.click(await screen.findByRole('button', { name: 'URL を再発行' }));

    expect(
      await screen.findByText('Zoom が混み合っています。2 秒後にもう一度お試しください。'),
    ).toHaveAttribute('role', 'alert');
    expect(root()).toHaveAttribute('data-state', 'broken');
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
    const { user } = renderWithProvider(
      <ZoomMeetingLink interviewId="int_1" locale={meetingLinkJa} />,
      {
        handlers: [
          routeHandler('getInterviewMeeting', { baseUrl: bffUrl }, () =>
            problemResponse('internal_error'),
          ),
        ],
      },
    );

    expect(await screen.findByRole('alert')).toHaveTextContent('サーバーで問題が発生しました。');
    server.use(...meetingScenarios.meetingIssued({ baseUrl: bffUrl }));
    await user.click(screen.getByRole('button', { name: '再試行' }));

    expect(await screen.findByRole('link')).toBeVisible();
  });

  it('when the locale is en, then texts and the time are English', async () => {
    renderLink('meetingIssued', {}, { locale: 'en' });

    expect(await screen.findByRole('button', { name: 'Copy URL' })).toBeVisible();
    expect(screen.getByText('When: Apr 13, 2025, 2:00 PM–3:00 PM')).toBeVisible();
    expect(screen.getByText('Host: 田中 太郎 (tanaka.taro@example.com)')).toBeVisible();
  });

  it('when the host overrides one of its texts, then that text changes and the others stay the language’s', async () => {
    renderLink('meetingIssued', { messages: { 'zoomMeetingLink.copy': '面接 URL をコピー' } });

    expect(await screen.findByRole('button', { name: '面接 URL をコピー' })).toBeVisible();
    expect(root()).toBeVisible();
    expect(screen.queryByRole('button', { name: 'URL をコピー' })).toBeNull();
  });

  it('when the meeting was saved without 予定を登録, then a quiet line says it is not on Google Calendar', async () => {
    renderLink('meetingCalendarNotRequested');

    expect(await screen.findByText('Google カレンダーには登録していません。')).toBeVisible();
    expect(calendarPart()).toHaveAttribute('data-state', 'not_requested');
    expect(screen.queryByRole('button', { name: /再試行/ })).not.toBeInTheDocument();
  });

  it('when the event is registered, then the owner, the attendee count and a link to the event are shown', async () => {
    renderLink('meetingCalendarRegistered');

    expect(await screen.findByText('Google カレンダーに登録済み')).toBeVisible();
    expect(calendarPart()).toHaveAttribute('data-state', 'registered');
    expect(
      screen.getByText('登録先: 田中 太郎 さんのカレンダー（tanaka@acme-corp.example.com）'),
    ).toBeVisible();
    expect(screen.getByText('出席者: 2 名')).toBeVisible();
    const event = screen.getByRole('link', { name: 'Google カレンダーで予定を開く' });
    expect(event).toHaveAttribute(
      'href',
      expect.stringMatching(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/),
    );
    expect(event).toHaveAttribute('target', '_blank');
  });

  it('when the calendar step failed, then the reason, the automatic retry time and 今すぐ再試行 are shown; retrying registers it and says so', async () => {
    const { user } = renderLink('meetingCalendarFailed');

    expect(await screen.findByText('Google カレンダーに登録できませんでした')).toBeVisible();
    expect(calendarPart()).toHaveAttribute('data-state', 'failed');
    expect(
      screen.getByText(
        'Google カレンダーに接続できませんでした。しばらくしてからもう一度お試しください。',
      ),
    ).toBeVisible();
    expect(screen.getByText('2025/04/10 13:05ごろに自動で再試行します。')).toBeVisible();
    // The Zoom link is kept and usable.
    expect(screen.getByRole('link', { name: /^https:\/\/us05web\.zoom\.us\/j\// })).toBeVisible();
    const retry = screen.getByRole('button', { name: 'Google カレンダーへの登録を今すぐ再試行' });
    expect(retry).toHaveTextContent('今すぐ再試行');
    expect(retry).toHaveAccessibleDescription(/Google カレンダーに接続できませんでした/);

    await user.click(retry);

    expect(await screen.findByText('Google カレンダーに登録済み')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Google カレンダーに登録しました。');
    await waitFor(() =>
      expect(screen.getByRole('link', { name: 'Google カレンダーで予定を開く' })).toHaveFocus(),
    );
  });

  it('when the event is on the Outlook calendar, then the calendar part names Outlook and links to Outlook on the web', async () => {
    renderLink('meetingOutlookCalendarRegistered');

    expect(await screen.findByText('Outlook 予定表に登録済み')).toBeVisible();
    expect(
      screen.getByText(
        '登録先: 田中 太郎 さんのカレンダー（tanaka.taro@acme-corp.example.onmicrosoft.com）',
      ),
    ).toBeVisible();
    expect(screen.getByRole('link', { name: 'Outlook 予定表で予定を開く' })).toHaveAttribute(
      'href',
      expect.stringMatching(/^https:\/\/outlook\.office365\.com\/owa\/\?itemid=/),
    );
    expect(calendarPart()).not.toHaveTextContent('Google');
  });

  it('when the Outlook step failed with calendar_unavailable, then the reason and 今すぐ再試行 name Outlook; retrying registers it there', async () => {
    const { user } = renderLink('meetingOutlookCalendarFailed');

    expect(await screen.findByText('Outlook 予定表に登録できませんでした')).toBeVisible();
    expect(
      screen.getByText(
        'Outlook 予定表に接続できませんでした。しばらくしてからもう一度お試しください。',
      ),
    ).toBeVisible();
    const retry = screen.getByRole('button', { name: 'Outlook 予定表への登録を今すぐ再試行' });
    expect(calendarPart()).not.toHaveTextContent('Google');

    await user.click(retry);

    expect(await screen.findByText('Outlook 予定表に登録済み')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Outlook 予定表に登録しました。');
  });

  it('when the locale is en and the meeting is on Outlook, then the English texts name Outlook Calendar', async () => {
    renderLink('meetingOutlookCalendarFailed', {}, { locale: 'en' });

    expect(await screen.findByText('Could not add to Outlook Calendar')).toBeVisible();
    expect(
      screen.getByText('Outlook Calendar could not be reached. Try again in a moment.'),
    ).toBeVisible();
  });

  it('when a retry fails again, then the live region says it is still not registered and why, and the button stays focused', async () => {
    const { user } = renderLink('meetingCalendarRetryFails');
    const retry = await screen.findByRole('button', {
      name: 'Google カレンダーへの登録を今すぐ再試行',
    });

    await user.click(retry);

    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'まだ登録できていません。Google カレンダーに接続できませんでした。',
      ),
    );
    expect(calendarPart()).toHaveAttribute('data-state', 'failed');
    expect(retry).toHaveFocus();
    expect(retry).not.toHaveAttribute('aria-disabled', 'true');
  });

  it('when Google refused the calendar, then the permission problem is explained and nothing retries by itself', async () => {
    renderLink('meetingCalendarForbidden');

    expect(await screen.findByText(/このカレンダーに予定を登録する権限がありません/)).toBeVisible();
    expect(screen.getByText(/自動では再試行しません/)).toBeVisible();
    expect(screen.queryByText(/ごろに自動で再試行します/)).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Google カレンダーへの登録を今すぐ再試行' }),
    ).toBeVisible();
  });

  it('when the event was deleted in Google Calendar, then the reason says so, nothing retries by itself, and 今すぐ再試行 by keyboard registers a new event', async () => {
    const puts = countPuts();
    const retries: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST' && request.url.endsWith('/meeting/calendar/retry')) {
        retries.push(request.url);
      }
    });
    const { user } = renderLink('meetingCalendarEventDeleted');

    expect(await screen.findByText('Google カレンダーに登録できませんでした')).toBeVisible();
    expect(calendarPart()).toHaveAttribute('data-state', 'failed');
    expect(
      screen.getByText(/^Google カレンダーの予定が、カレンダー側で削除されています。/),
    ).toBeVisible();
    expect(screen.getByText(/自動では再試行しません。原因を解消してから/)).toBeVisible();
    expect(screen.queryByText(/ごろに自動で再試行します/)).not.toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Google カレンダーで予定を開く' }),
    ).not.toBeInTheDocument();
    const retry = screen.getByRole('button', { name: 'Google カレンダーへの登録を今すぐ再試行' });
    expect(retry).toHaveAccessibleDescription(/カレンダー側で削除されています/);

    await user.tab();
    await user.tab();
    await user.tab();
    expect(retry).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(await screen.findByText('Google カレンダーに登録済み')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Google カレンダーに登録しました。');
    await waitFor(() =>
      expect(screen.getByRole('link', { name: 'Google カレンダーで予定を開く' })).toHaveFocus(),
    );
    expect(retries).toEqual([`${bffUrl}/v1/interviews/int_1/meeting/calendar/retry`]);
    expect(puts).toEqual([]);
  });

  it('when the event was deleted and the locale is en, then the English reason names Google Calendar', async () => {
    renderLink('meetingCalendarEventDeleted', {}, { locale: 'en' });

    expect(
      await screen.findByText(
        'The event was deleted in Google Calendar. A deleted event is not brought back by itself. To register it again, choose Retry now (it is added as a new event).',
      ),
    ).toBeVisible();
  });

  it('when the retry itself is refused, then the alert explains it and the meeting is read again', async () => {
    let gets = 0;
    const failed = issuedMeeting('int_1', {
      calendar: failedCalendar('calendar_unavailable', '2025-04-10T04:00:00.000Z'),
    });
    const { user } = renderWithProvider(
      <ZoomMeetingLink interviewId="int_1" locale={meetingLinkJa} />,
      {
        handlers: [
          routeHandler('getInterviewMeeting', { baseUrl: bffUrl }, () => {
            gets += 1;
            return routeResponse(
              'getInterviewMeeting',
              gets === 1 ? failed : issuedMeeting('int_1'),
            );
          }),
          routeHandler('retryMeetingCalendar', { baseUrl: bffUrl }, () =>
            problemResponse('calendar_not_requested'),
          ),
        ],
      },
    );

    await user.click(
      await screen.findByRole('button', { name: 'Google カレンダーへの登録を今すぐ再試行' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'この面接は Google カレンダーに登録する設定になっていません。',
    );
    expect(await screen.findByText('Google カレンダーには登録していません。')).toBeVisible();
  });

  it('when a broken link with a registered event is re-issued, then the PUT keeps the calendar registration', async () => {
    const bodies: SaveMeetingBody[] = [];
    const broken = issuedMeeting('int_1', {
      linkStatus: 'broken',
      brokenReason: 'deleted_in_zoom',
      calendar: registeredCalendar('int_1', '2025-04-10T04:00:00.000Z', {
        attendees: [
          { email: 'hanako.sato@acme-corp.example.com', name: '佐藤 花子' },
          { email: 'no-name@example.com', name: null },
        ],
        sendUpdates: 'all',
      }),
    });
    const { user } = renderWithProvider(
      <ZoomMeetingLink interviewId="int_1" locale={meetingLinkJa} />,
      {
        handlers: [
          routeHandler('getInterviewMeeting', { baseUrl: bffUrl }, () =>
            routeResponse('getInterviewMeeting', broken),
          ),
          routeHandler('saveInterviewMeeting', { baseUrl: bffUrl }, ({ body }) => {
            bodies.push(body);
            return routeResponse('saveInterviewMeeting', { ...broken, linkStatus: 'active' });
          }),
        ],
      },
    );

    await user.click(await screen.findByRole('button', { name: 'URL を再発行' }));

    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]?.calendar).toEqual({
      register: true,
      attendees: [
        { email: 'hanako.sato@acme-corp.example.com', name: '佐藤 花子' },
        { email: 'no-name@example.com' },
      ],
      sendUpdates: 'all',
    });
  });

  it('when a broken link without a calendar is re-issued, then the PUT asks for no calendar', async () => {
    const bodies: unknown[] = [];
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'PUT') bodies.push(await request.clone().json());
    });
    const { user } = renderLink('meetingBroken');

    await user.click(await screen.findByRole('button', { name: 'URL を再発行' }));

    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).not.toHaveProperty('calendar');
  });

  it('when the locale is en, then the calendar part is English with the retry time', async () => {
    renderLink('meetingCalendarFailed', {}, { locale: 'en' });

    expect(await screen.findByText('Could not add to Google Calendar')).toBeVisible();
    expect(
      screen.getByText('It will be retried automatically around Apr 10, 2025, 1:05 PM.'),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Retry now: add to Google Calendar' })).toBeVisible();
  });

  it('when class names are given for calendar parts, then they sit next to their data-slot', async () => {
    renderLink('meetingCalendarFailed', {
      classNames: { calendar: 'host-calendar', calendarRetryButton: 'host-retry' },
    });

    const retry = await screen.findByRole('button', {
      name: 'Google カレンダーへの登録を今すぐ再試行',
    });
    expect(retry).toHaveClass('host-retry');
    expect(retry).toHaveAttribute('data-slot', 'calendar-retry-button');
    expect(calendarPart()).toHaveClass('host-calendar');
  });
});

describe('ZoomMeetingLink: 自動で選ぶ and alternative hosts', () => {
  it('when the host was picked automatically, then it says why and lists the alternative hosts, who start from the join URL', async () => {
    renderLink('meetingAutoPicked');

    expect(
      await screen.findByText('ホスト: 小林 直樹（naoki.kobayashi@acme-corp.example.com）'),
    ).toBeVisible();
    expect(screen.getByText('自動で選択: 面接官の 小林 直樹 さんは空いていました')).toHaveAttribute(
      'data-slot',
      'host-choice',
    );
    expect(
      screen.getByText('代替ホスト: 佐藤 花子 — Zoom にサインインして参加 URL から開始できます'),
    ).toHaveAttribute('data-slot', 'alternative-hosts');
  });

  it('when the locale is en, then the automatic pick and the alternative hosts are in English', async () => {
    renderLink('meetingAutoPicked', {}, { locale: 'en' });

    expect(
      await screen.findByText('Picked automatically: Interviewer 小林 直樹 was free'),
    ).toBeVisible();
    expect(
      screen.getByText(
        'Alternative hosts: 佐藤 花子 — they can start the meeting from the join URL, signed in to Zoom',
      ),
    ).toBeVisible();
  });

  it('when the host was chosen by the scheduler, then neither line shows', async () => {
    renderLink('meetingIssued');

    await screen.findByText(/^ホスト: /);
    expect(screen.queryByText(/自動で選択/)).toBeNull();
    expect(screen.queryByText(/代替ホスト/)).toBeNull();
  });
});

describe('ZoomMeetingLink: re-issuing with 自動で選ぶ when nobody is free', () => {
  it('when the re-issue is refused with no_host_available, then the alert lists who was busy and what to do', async () => {
    const { user } = renderLink('meetingSaveNoHostAvailable');
    const reissue = await screen.findByRole('button', { name: 'URL を再発行' });

    reissue.focus();
    await user.keyboard('{Enter}');

    const alert = await screen.findByText(/^この時間に空いているホストがいないため/);
    expect(alert).toHaveAttribute('role', 'alert');
    expect(alert).toHaveTextContent('佐藤 花子 さん（予定あり）');
    expect(reissue).toHaveAccessibleDescription(
      expect.stringContaining('佐藤 花子 さん（予定あり）'),
    );
  });
});
