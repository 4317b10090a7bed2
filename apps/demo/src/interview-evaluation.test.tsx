import {
  createScenarioHandlers,
  hostFixtures,
  type MeetingScenarioName,
  problemResponse,
  routeHandler,
  type ScenarioHandlersOptions,
} from '@ats-zoom/msw';
import { AtsZoomProvider } from '@ats-zoom/react';
import { en } from '@ats-zoom/react/locales/en';
import { ja } from '@ats-zoom/react/locales/ja';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
// The react package's MSW server: the jsdom project's setup file starts and resets it.
import { server } from '../../../packages/react/test/msw-server';
import { demoText } from './demo-text';
import { acmeInterviewer, acmeRecruiter } from './demo-users.fixture';
import { InterviewPage } from './interview-page';
import type { DemoInterview, InterviewSchedule } from './interviews-api';

const bffUrl = 'http://bff.test';
const meetingUrl = `${bffUrl}/v1/interviews/:interviewId/meeting`;

let observer: MutationObserver | undefined;
afterEach(() => observer?.disconnect());

/** Every text `pattern` matched in the page from now on, however briefly it was shown. */
function watchFor(pattern: RegExp): string[] {
  const seen: string[] = [];
  const check = () => {
    const match = document.body.textContent?.match(pattern);
    if (match) seen.push(match[0]);
  };
  observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  return seen;
}

/**
 * The mock ATS's interview (cancelled and rescheduled by its own routes) with the BFF as one MSW
 * world in `meeting`'s state; `first` handlers go before it. `calls` lists the writes in order.
 */
function renderEvaluation(
  meeting: MeetingScenarioName,
  first: RequestHandler[] = [],
  language: 'ja' | 'en' = 'ja',
  world: Pick<ScenarioHandlersOptions, 'google' | 'outlook' | 'hosts'> = {},
) {
  const calls: string[] = [];
  const putBodies: Record<string, unknown>[] = [];
  let interview: DemoInterview = {
    id: 'iv-acme-001',
    tenantId: 'acme',
    candidateId: 'cand-acme-001',
    candidateName: '山本 さくら',
    position: 'バックエンドエンジニア',
    stage: '一次面接',
    status: 'scheduled',
    schedule: {
      date: '2030-04-10',
      startTime: '14:00',
      durationMinutes: 60,
      format: 'zoom',
      joinBeforeHost: false,
    },
  };
  server.use(
    http.delete(meetingUrl, () => {
      calls.push('DELETE meeting');
    }),
    http.put(meetingUrl, async ({ request }) => {
      calls.push('PUT meeting');
      putBodies.push((await request.clone().json()) as Record<string, unknown>);
    }),
    ...first,
    ...createScenarioHandlers({ baseUrl: bffUrl, meeting, ...world }),
    http.get('*/host-api/interviews/:interviewId', () => HttpResponse.json(interview)),
    http.get('*/host-api/interviews', () => HttpResponse.json({ interviews: [interview] })),
    http.post('*/host-api/interviews/:interviewId/cancel', async () => {
      calls.push('ATS cancel');
      // Slow enough that a "not issued yet" in between would be on screen for a while.
      await delay(50);
      interview = { ...interview, status: 'cancelled' };
      return HttpResponse.json(interview);
    }),
    http.put('*/host-api/interviews/:interviewId/schedule', async ({ request }) => {
      calls.push('ATS schedule');
      interview = {
        ...interview,
        status: 'scheduled',
        schedule: (await request.json()) as InterviewSchedule,
      };
      return HttpResponse.json(interview);
    }),
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <AtsZoomProvider
        locale={language === 'ja' ? ja : en}
        bffUrl={bffUrl}
        getToken={() => 'token'}
      >
        <InterviewPage
          interviewId={interview.id}
          tab="evaluation"
          user={acmeRecruiter}
          colleagues={[acmeRecruiter, acmeInterviewer]}
          locale={language}
          text={demoText[language]}
          navigate={vi.fn()}
        />
      </AtsZoomProvider>
    </QueryClientProvider>,
  );
  return { calls, putBodies };
}

async function cancelInterview(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: '面接を取り消す' }));
  await user.click(screen.getByRole('button', { name: '取り消す' }));
}

describe('面接・評価', () => {
  it("when the meeting's time was changed in Zoom and the recruiter takes Zoom's time, then the ATS records that time on its interview", async () => {
    const user = userEvent.setup();
    const { calls } = renderEvaluation('meetingChangedInZoom');
    const link = await screen.findByRole('group', { name: 'Zoom ミーティング' });
    expect(await within(link).findByRole('alert')).toHaveTextContent('日時が一致しません');

    await user.click(
      within(link).getByRole('button', { name: 'Zoom の日時に合わせる（面接を変更）' }),
    );

    await within(link).findByText('面接の日時を Zoom の日時に合わせました。');
    expect(calls).toEqual(['PUT meeting', 'ATS schedule']);
    // The scenario's meeting is at 14:00 Japan time; Zoom moved it to 16:00 for 30 minutes.
    const summary = screen.getByRole('heading', { name: '面接・評価' }).closest('section');
    expect(summary).toHaveTextContent(/日時\d{4}\/\d{2}\/\d{2} 16:00（30 分）/);
  });

  it('when a recruiter cancels the interview, then the ATS records it first and the link goes straight to cancelled, never "not issued yet"', async () => {
    const user = userEvent.setup();
    const { calls } = renderEvaluation('meetingIssued');
    const link = await screen.findByRole('group', { name: 'Zoom ミーティング' });
    expect(await within(link).findByRole('link')).toBeVisible();
    const flashes = watchFor(/まだ発行されていません/);

    await cancelInterview(user);

    expect(await screen.findByText('面接を取り消しました。')).toBeVisible();
    expect(
      await within(link).findByText('この面接は取り消されたため、Zoom URL はありません。'),
    ).toBeVisible();
    expect(screen.getByText('取り消し済み')).toBeVisible();
    expect(flashes).toEqual([]);
    expect(calls).toEqual(['ATS cancel', 'DELETE meeting']);
    expect(screen.queryByRole('button', { name: '日時を変更' })).not.toBeInTheDocument();
  });

  it('when the host removed the app at Zoom, then the warning names the host, change host and cancel are offered, and cancelling says the meeting goes when the host reconnects', async () => {
    const user = userEvent.setup();
    const { calls } = renderEvaluation('meetingHostRevoked');
    const link = await screen.findByRole('group', { name: 'Zoom ミーティング' });
    expect(await within(link).findByRole('alert')).toHaveTextContent(
      'ホスト（田中 太郎 さん）の Zoom 連携が Zoom 側で解除されました。',
    );
    expect(screen.getByRole('button', { name: 'ホストを変更' })).toBeVisible();

    await user.click(screen.getByRole('button', { name: '面接を取り消す' }));
    const leftAtZoom =
      'ホスト（田中 太郎 さん）の Zoom 連携が解除されているため、Zoom ミーティングはすぐには削除できません。取り消しは記録され、田中 太郎 さんが Zoom を再連携すると自動で削除されます。';
    expect(screen.getByText(leftAtZoom)).toBeVisible();
    await user.click(screen.getByRole('button', { name: '取り消す' }));

    expect(await screen.findByText(`面接を取り消しました。 ${leftAtZoom}`)).toBeVisible();
    expect(calls).toEqual(['ATS cancel', 'DELETE meeting']);
  });

  it('when the link is broken, then 日時を変更, ホストを変更 and 面接を取り消す are offered, and cancelling deletes the meeting', async () => {
    const user = userEvent.setup();
    const { calls } = renderEvaluation('meetingBroken');
    const link = await screen.findByRole('group', { name: 'Zoom ミーティング' });
    expect(await within(link).findByText('URL が無効です')).toBeVisible();
    expect(screen.getByRole('button', { name: '日時を変更' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'ホストを変更' })).toBeVisible();
    const flashes = watchFor(/まだ発行されていません/);

    await cancelInterview(user);

    expect(await screen.findByText('面接を取り消しました。')).toBeVisible();
    expect(
      within(link).getByText('この面接は取り消されたため、Zoom URL はありません。'),
    ).toBeVisible();
    expect(flashes).toEqual([]);
    expect(calls).toEqual(['ATS cancel', 'DELETE meeting']);
  });

  it('when the meeting cannot be deleted at Zoom, then the interview stays cancelled, the reason shows and the link offers the delete again', async () => {
    const user = userEvent.setup();
    renderEvaluation('meetingBroken', [
      http.delete(meetingUrl, () => problemResponse('needs_reauth')),
    ]);
    const link = await screen.findByRole('group', { name: 'Zoom ミーティング' });
    await within(link).findByText('URL が無効です');

    await cancelInterview(user);

    expect(
      await within(link).findByRole('button', { name: 'Zoom ミーティングを削除' }),
    ).toBeEnabled();
    expect(link).toHaveAttribute('data-state', 'cancelled');
    expect(screen.getByText('取り消し済み')).toBeVisible();
    const cancelDialog = screen.getByRole('region', { name: '面接を取り消す' });
    expect(within(cancelDialog).getByRole('alert')).toHaveTextContent(/Zoom/);
    expect(screen.queryByText('面接を取り消しました。')).not.toBeInTheDocument();
  });

  it('when the event is on the scheduler’s Outlook calendar, then 面接・評価 names Outlook 予定表 and a reschedule keeps the event there', async () => {
    const user = userEvent.setup();
    const { putBodies } = renderEvaluation('meetingOutlookCalendarRegistered', [], 'ja', {
      outlook: 'connected',
    });
    const link = await screen.findByRole('group', { name: 'Zoom ミーティング' });
    expect(await within(link).findByText('Outlook 予定表に登録済み')).toBeVisible();
    expect(within(link).queryByText(/Google カレンダー/)).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '日時を変更' }));
    await user.clear(screen.getByLabelText('開始時刻'));
    await user.type(screen.getByLabelText('開始時刻'), '16:00');
    await user.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('日時を変更しました。URL は変わりません。')).toBeVisible();
    // The reschedule names no calendar: the BFF keeps the event on the one holding it.
    expect(putBodies[0]?.calendar).toMatchObject({ register: true });
    expect(putBodies[0]?.calendar).not.toMatchObject({ provider: 'google' });
    expect(await within(link).findByText('Outlook 予定表に登録済み')).toBeVisible();
  });

  it('when a broken link is rescheduled, then the meeting is issued again and the recruiter is told to send the new URL', async () => {
    const user = userEvent.setup();
    const { calls } = renderEvaluation('meetingBroken');
    const link = await screen.findByRole('group', { name: 'Zoom ミーティング' });
    await within(link).findByText('URL が無効です');

    await user.click(screen.getByRole('button', { name: '日時を変更' }));
    await user.clear(screen.getByLabelText('開始時刻'));
    await user.type(screen.getByLabelText('開始時刻'), '15:00');
    await user.click(screen.getByRole('button', { name: '保存' }));

    expect(
      await screen.findByText(
        '日時を変更しました。URL が新しくなったため、新しい URL を候補者に送ってください。',
      ),
    ).toBeVisible();
    expect(await within(link).findByRole('link')).toBeVisible();
    expect(calls).toEqual(['PUT meeting', 'ATS schedule']);
  });

  it('when the host of a broken link is changed, then the new meeting takes the ATS time, not what the broken meeting says', async () => {
    const user = userEvent.setup();
    const { calls, putBodies } = renderEvaluation('meetingBroken');
    const link = await screen.findByRole('group', { name: 'Zoom ミーティング' });
    await within(link).findByText('URL が無効です');

    await user.click(screen.getByRole('button', { name: 'ホストを変更' }));
    await user.click(await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' }));
    await user.click(await screen.findByRole('option', { name: /鈴木 一郎/ }));
    await user.click(screen.getByRole('button', { name: '保存' }));

    expect(
      await screen.findByText('ホストを変更しました。新しい URL を候補者に送ってください。'),
    ).toBeVisible();
    expect(putBodies).toEqual([
      expect.objectContaining({
        hostConnectionId: 'conn_host_unknown',
        startTime: '2030-04-10T14:00:00+09:00',
        durationMinutes: 60,
      }),
    ]);
    expect(calls).toEqual(['PUT meeting', 'ATS schedule']);
  });

  it.each([
    ['ja', '2030/04/10 14:00（60 分）', / \d{4}\/\d{2}\/\d{2} \d/],
    ['en', 'Apr 10, 2030, 2:00 PM（60 min）', / [A-Z][a-z]{2} \d{1,2}, \d{4}, \d/],
  ] as const)(
    'in %s, the schedule uses the date format of the kit’s meeting link (one format per language)',
    async (language, label, kitFormat) => {
      renderEvaluation('meetingIssued', [], language);
      const schedule = await screen.findByText(language === 'ja' ? '日時' : 'Date and time', {
        selector: 'dt',
      });
      expect(await within(schedule.parentElement as HTMLElement).findByText(label)).toBeVisible();
      const link = await screen.findByRole('group', { name: /Zoom/ });
      const times = await within(link).findAllByText(kitFormat);
      expect(times.length).toBeGreaterThan(0);
    },
  );

  it('when a recruiter changes the host, then the picker marks the meeting’s current host 現在のホスト', async () => {
    const user = userEvent.setup();
    renderEvaluation('meetingIssued');
    await user.click(await screen.findByRole('button', { name: 'ホストを変更' }));
    await user.click(await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' }));

    const current = await screen.findByRole('option', { name: /現在のホスト/ });
    expect(current).toHaveAccessibleName(/^田中 太郎 /);
    expect(
      screen
        .getAllByRole('option')
        .filter((option) => /現在のホスト/.test(option.textContent ?? '')),
    ).toHaveLength(1);
  });

  it('when 自動で選ぶ picked the host, then 面接・評価 says why and names the interviewers who can start the meeting as alternative hosts', async () => {
    renderEvaluation('meetingAutoPicked', [], 'ja', { hosts: 'hostsAutoInterviewerFree' });
    const link = await screen.findByRole('group', { name: 'Zoom ミーティング' });

    expect(
      await within(link).findByText('ホスト: 小林 直樹（naoki.kobayashi@acme-corp.example.com）'),
    ).toBeVisible();
    expect(
      within(link).getByText('自動で選択: 面接官の 小林 直樹 さんは空いていました'),
    ).toBeVisible();
    expect(
      within(link).getByText(
        '代替ホスト: 佐藤 花子 — Zoom にサインインして参加 URL から開始できます',
      ),
    ).toBeVisible();
  });

  it('when the host 自動で選ぶ picked is changed to a chosen one, then the save names that host only, and keeps the interviewers', async () => {
    const user = userEvent.setup();
    const { putBodies } = renderEvaluation('meetingAutoPicked', [], 'ja', {
      hosts: 'hostsAutoInterviewerFree',
    });
    await screen.findByText('自動で選択: 面接官の 小林 直樹 さんは空いていました');

    await user.click(screen.getByRole('button', { name: 'ホストを変更' }));
    await user.click(await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' }));
    await user.click(await screen.findByRole('option', { name: /^田中 太郎 / }));
    // The preview asks who could start the meeting with the new host.
    const preview = await screen.findByRole('region', { name: '候補者に届く内容' });
    expect(
      await within(preview).findByRole('list', { name: 'ミーティングを開始できる人' }),
    ).toBeVisible();
    await user.click(screen.getByRole('button', { name: '保存' }));

    expect(
      await screen.findByText('ホストを変更しました。新しい URL を候補者に送ってください。'),
    ).toBeVisible();
    expect(putBodies).toHaveLength(1);
    // The scheduler's own Zoom link, no longer the one 自動で選ぶ picked.
    expect(putBodies[0]?.hostConnectionId).toEqual(expect.any(String));
    expect(putBodies[0]?.hostConnectionId).not.toBe(hostFixtures.colleagueHost.connectionId);
    expect(putBodies[0]).not.toHaveProperty('host');
    expect(putBodies[0]?.interviewers).toEqual(
      expect.arrayContaining([
        { userId: hostFixtures.busyHost.ownerUserId, name: '佐藤 花子' },
        { userId: hostFixtures.colleagueHost.ownerUserId, name: '小林 直樹' },
      ]),
    );
    expect(await screen.findByText(/^ホスト: 田中 太郎（/)).toBeVisible();
    expect(screen.queryByText(/自動で選択/)).not.toBeInTheDocument();
  });

  it('when Zoom is rate limiting a reschedule, then the alert says how many seconds to wait', async () => {
    const user = userEvent.setup();
    renderEvaluation('meetingIssued');
    server.use(
      routeHandler('saveInterviewMeeting', { baseUrl: bffUrl }, () =>
        problemResponse('provider_rate_limited', { headers: { 'Retry-After': '30' } }),
      ),
    );
    await user.click(await screen.findByRole('button', { name: '日時を変更' }));
    await user.click(screen.getByRole('button', { name: '保存' }));

    expect(
      await screen.findByText('Zoom が混み合っています。30 秒後にもう一度お試しください。'),
    ).toHaveAttribute('role', 'alert');
  });
});
