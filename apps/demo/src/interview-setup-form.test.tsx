import type { SaveMeetingBody } from '@ats-zoom/contract';
import {
  createHostHandlers,
  createMeetingHandlers,
  createPreviewHandlers,
  type MeetingScenarioName,
} from '@ats-zoom/msw';
import { AtsZoomProvider } from '@ats-zoom/react';
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
import { InterviewSetupForm } from './interview-setup-form';
import type { DemoInterview, InterviewSchedule } from './interviews-api';

const bffUrl = 'http://bff.test';
// 2030-04-09 12:00 in Tokyo: the form proposes the next day.
const now = () => Date.parse('2030-04-09T03:00:00Z');

const interview: DemoInterview = {
  id: 'iv-acme-001',
  tenantId: 'acme',
  candidateId: 'cand-acme-001',
  candidateName: '山本 さくら',
  position: 'バックエンドエンジニア',
  stage: '一次面接',
  status: 'unscheduled',
  schedule: null,
};

function renderForm(meetingScenario: MeetingScenarioName, user = acmeRecruiter) {
  const savedBodies: SaveMeetingBody[] = [];
  const savedSchedules: InterviewSchedule[] = [];
  server.use(
    http.put(`${bffUrl}/v1/interviews/:interviewId/meeting`, async ({ request }) => {
      savedBodies.push((await request.clone().json()) as SaveMeetingBody);
      // Fall through to the scenario's own PUT handler.
      return undefined;
    }),
    ...createMeetingHandlers({ baseUrl: bffUrl, scenario: meetingScenario }),
    ...createHostHandlers({ baseUrl: bffUrl, scenario: 'hostsMixed' }),
    ...createPreviewHandlers({ baseUrl: bffUrl, scenario: 'previewEmbedded' }),
    http.put('*/host-api/interviews/:interviewId/schedule', async ({ request, params }) => {
      const schedule = (await request.json()) as InterviewSchedule;
      savedSchedules.push(schedule);
      return HttpResponse.json({
        ...interview,
        id: params.interviewId,
        status: 'scheduled',
        schedule,
      });
    }),
  );
  const onSaved = vi.fn();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <AtsZoomProvider
        locale={ja}
        bffUrl={bffUrl}
        getToken={() => 'token'}
        queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      >
        <InterviewSetupForm
          interview={interview}
          user={user}
          colleagues={[acmeRecruiter, acmeInterviewer]}
          text={demoText.ja}
          onSaved={onSaved}
          now={now}
        />
      </AtsZoomProvider>
    </QueryClientProvider>,
  );
  return { user: userEvent.setup(), onSaved, savedBodies, savedSchedules };
}

async function chooseHost(user: ReturnType<typeof userEvent.setup>, name: RegExp) {
  await user.click(await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' }));
  await user.click(await screen.findByRole('option', { name }));
}

describe('InterviewSetupForm', () => {
  it('when a recruiter picks a host and saves, then the meeting is issued in Tokyo time and the ATS records the schedule', async () => {
    const { user, onSaved, savedBodies, savedSchedules } = renderForm('meetingNone');

    expect(screen.getByLabelText('日付')).toHaveValue('2030-04-10');
    await user.clear(screen.getByLabelText('開始時刻'));
    await user.type(screen.getByLabelText('開始時刻'), '14:30');
    await user.selectOptions(screen.getByLabelText('所要時間'), '45');
    await chooseHost(user, /tanaka\.taro@example\.com/);
    await user.click(screen.getByRole('checkbox', { name: 'ホストより前の参加を許可' }));
    await user.click(screen.getByRole('button', { name: '保存' }));

    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(savedBodies).toEqual([
      {
        candidateId: 'cand-acme-001',
        hostConnectionId: 'conn_host_free',
        topic: '面接: 山本 さくら',
        startTime: '2030-04-10T14:30:00+09:00',
        durationMinutes: 45,
        timezone: 'Asia/Tokyo',
        joinBeforeHost: true,
        calendar: { register: false, attendees: [], sendUpdates: 'none' },
      },
    ]);
    expect(savedSchedules).toEqual([
      {
        date: '2030-04-10',
        startTime: '14:30',
        durationMinutes: 45,
        format: 'zoom',
        joinBeforeHost: true,
      },
    ]);
  });

  it('when 予定を登録 is ticked with an interviewer, then the save asks for the event with that attendee', async () => {
    const { user, onSaved, savedBodies } = renderForm('meetingNone');
    await chooseHost(user, /tanaka\.taro@example\.com/);

    expect(screen.queryByRole('group', { name: '参加者（面接官）' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: '予定を登録（Google カレンダー）' }));
    const attendees = screen.getByRole('group', { name: '参加者（面接官）' });
    await user.click(within(attendees).getByRole('checkbox', { name: /鈴木 一郎/ }));
    await user.click(screen.getByRole('button', { name: '保存' }));

    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(savedBodies[0]?.calendar).toEqual({
      register: true,
      attendees: [{ email: acmeInterviewer.email, name: acmeInterviewer.name }],
      sendUpdates: 'none',
    });
  });

  it('when the scheduler has not connected Google, then the BFF’s reason shows and the ATS keeps its old schedule', async () => {
    const { user, onSaved, savedSchedules } = renderForm('meetingNone');
    server.use(
      http.put(`${bffUrl}/v1/interviews/:interviewId/meeting`, () =>
        HttpResponse.json(
          {
            type: 'urn:ats-zoom:problem:calendar_not_connected',
            title: 'Connect Google Calendar first.',
            status: 409,
            code: 'calendar_not_connected',
          },
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    await chooseHost(user, /tanaka\.taro@example\.com/);
    await user.click(screen.getByRole('checkbox', { name: '予定を登録（Google カレンダー）' }));
    await user.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'まず「マイアカウント > 通知・連携」で Google カレンダーを連携してください。',
    );
    expect(savedSchedules).toEqual([]);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('when saving without a host, then the form asks for one and sends nothing', async () => {
    const { user, onSaved, savedBodies, savedSchedules } = renderForm('meetingNone');
    await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' });

    await user.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('ホストを選択してください。');
    expect(savedBodies).toEqual([]);
    expect(savedSchedules).toEqual([]);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('when the host’s daily Zoom quota is used up, then the quota message shows and the ATS keeps its old schedule', async () => {
    const { user, onSaved, savedSchedules } = renderForm('meetingSaveQuota');
    await chooseHost(user, /tanaka\.taro@example\.com/);

    await user.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'このホストは本日の Zoom ミーティング作成・更新の上限（100 回）に達しました。',
    );
    expect(savedSchedules).toEqual([]);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('when an interviewer opens the set-up, then it is read-only with the reason and no form', () => {
    renderForm('meetingNone', { ...acmeRecruiter, id: 'acme-interviewer', role: 'interviewer' });

    expect(
      screen.getByText('面接官の権限では面接を設定できません。', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '保存' })).not.toBeInTheDocument();
  });
});
