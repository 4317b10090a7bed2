import {
  createMeetingHandlers,
  hostScenarios,
  previewScenarios,
  problemResponse,
  routeHandler,
} from '@ats-zoom/msw';
import { AtsZoomProvider } from '@ats-zoom/react';
import { en } from '@ats-zoom/react/locales/en';
import { ja } from '@ats-zoom/react/locales/ja';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
// The react package's MSW server: the jsdom project's setup file starts and resets it.
import { server } from '../../../packages/react/test/msw-server';
import { demoText } from './demo-text';
import { acmeInterviewer, acmeRecruiter } from './demo-users.fixture';
import { InterviewPage } from './interview-page';
import type { DemoInterview } from './interviews-api';

const bffUrl = 'http://bff.test';

/** The mock ATS's interview, cancelled by its own route, with the BFF's meeting as an MSW scenario. */
function renderEvaluation(language: 'ja' | 'en' = 'ja') {
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
    ...createMeetingHandlers({ baseUrl: bffUrl, scenario: 'meetingIssued' }),
    ...hostScenarios.hostsMixed({ baseUrl: bffUrl }),
    ...previewScenarios.previewEmbedded({ baseUrl: bffUrl }),
    http.get('*/host-api/interviews/:interviewId', () => HttpResponse.json(interview)),
    http.post('*/host-api/interviews/:interviewId/cancel', () => {
      interview = { ...interview, status: 'cancelled' };
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
          text={demoText[language]}
          navigate={vi.fn()}
        />
      </AtsZoomProvider>
    </QueryClientProvider>,
  );
}

describe('面接・評価', () => {
  it('when a recruiter cancels the interview, then the link says it is cancelled, not that no URL was ever issued', async () => {
    const user = userEvent.setup();
    renderEvaluation();
    const link = await screen.findByRole('group', { name: 'Zoom ミーティング' });
    expect(await within(link).findByRole('link')).toBeVisible();

    await user.click(screen.getByRole('button', { name: '面接を取り消す' }));
    await user.click(screen.getByRole('button', { name: '取り消す' }));

    expect(await screen.findByText('面接を取り消しました。')).toBeVisible();
    expect(
      await within(link).findByText('この面接は取り消されたため、Zoom URL はありません。'),
    ).toBeVisible();
    expect(screen.getByText('取り消し済み')).toBeVisible();
    expect(screen.queryByText(/まだ発行されていません/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '日時を変更' })).not.toBeInTheDocument();
  });

  it.each([
    ['ja', '2030/04/10 14:00（60 分）', / \d{4}\/\d{2}\/\d{2} \d/],
    ['en', 'Apr 10, 2030, 2:00 PM（60 min）', / [A-Z][a-z]{2} \d{1,2}, \d{4}, \d/],
  ] as const)(
    'in %s, the schedule uses the date format of the kit’s meeting link (one format per language)',
    async (language, label, kitFormat) => {
      renderEvaluation(language);
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
    renderEvaluation();
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

  it('when Zoom is rate limiting a reschedule, then the alert says how many seconds to wait', async () => {
    const user = userEvent.setup();
    renderEvaluation();
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
