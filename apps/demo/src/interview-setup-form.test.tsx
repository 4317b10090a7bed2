import type { SaveMeetingBody } from '@ats-zoom/contract';
import {
  createConnectionHandlers,
  createHostHandlers,
  createMeetingHandlers,
  createPreviewHandlers,
  type GoogleConnectionScenarioName,
  type HostScenarioName,
  hostFixtures,
  interviewerFixtures,
  type MeetingScenarioName,
  type OutlookConnectionScenarioName,
  type PreviewScenarioName,
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
import { type DemoLocale, demoText } from './demo-text';
import { acmeInterviewer, acmeRecruiter } from './demo-users.fixture';
import type { DemoUserSummary } from './host-session';
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

interface RenderOptions {
  user?: DemoUserSummary;
  /** The scheduler's Google Calendar link. @default 'connected' */
  google?: GoogleConnectionScenarioName;
  /** The scheduler's Outlook link; left out, the BFF has no Outlook configured. */
  outlook?: OutlookConnectionScenarioName;
  locale?: DemoLocale;
  /** The tenant's hosts. @default 'hostsMixed' */
  hosts?: HostScenarioName;
  /** @default 'previewEmbedded' */
  preview?: PreviewScenarioName;
  /** The tenant's users, who can be ticked as interviewers. */
  colleagues?: DemoUserSummary[];
}

// The interviewers of the fake BFF's `meetingAutoPicked`, in its order, as colleagues of the
// scheduler: 佐藤 花子 (busy), 小林 直樹 (free, in her company Zoom account), 加藤 由美 (Basic),
// 鈴木 一郎 (own account), 渡辺 翔 (no Zoom link).
const ownerNames = new Map(
  Object.values(hostFixtures).map(({ ownerUserId, ownerName }) => [ownerUserId, ownerName]),
);
const panel: DemoUserSummary[] = interviewerFixtures.map(({ userId, name }, index) => ({
  ...acmeInterviewer,
  id: userId,
  name: name ?? ownerNames.get(userId) ?? userId,
  email: `interviewer${index + 1}@acme-hr.example`,
}));

function renderForm(
  meetingScenario: MeetingScenarioName,
  {
    user = acmeRecruiter,
    google = 'connected',
    outlook,
    locale = 'ja',
    hosts = 'hostsMixed',
    preview = 'previewEmbedded',
    colleagues = [acmeRecruiter, acmeInterviewer],
  }: RenderOptions = {},
) {
  const savedBodies: SaveMeetingBody[] = [];
  const savedSchedules: InterviewSchedule[] = [];
  server.use(
    http.put(`${bffUrl}/v1/interviews/:interviewId/meeting`, async ({ request }) => {
      savedBodies.push((await request.clone().json()) as SaveMeetingBody);
      // Fall through to the scenario's own PUT handler.
      return undefined;
    }),
    ...createMeetingHandlers({ baseUrl: bffUrl, scenario: meetingScenario }),
    ...createConnectionHandlers({ baseUrl: bffUrl, google, ...(outlook ? { outlook } : {}) }),
    ...createHostHandlers({ baseUrl: bffUrl, scenario: hosts }),
    ...createPreviewHandlers({ baseUrl: bffUrl, scenario: preview }),
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
        locale={locale === 'en' ? en : ja}
        bffUrl={bffUrl}
        getToken={() => 'token'}
        queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      >
        <InterviewSetupForm
          interview={interview}
          user={user}
          colleagues={colleagues}
          text={demoText[locale]}
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
        interviewers: [],
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

  it('when an interviewer is ticked and 予定を登録 too, then the save names them as the interviewer and asks for the event with them as attendee', async () => {
    const { user, onSaved, savedBodies } = renderForm('meetingNone');
    await chooseHost(user, /tanaka\.taro@example\.com/);

    const interviewers = screen.getByRole('group', { name: '面接官' });
    await user.click(within(interviewers).getByRole('checkbox', { name: /鈴木 一郎/ }));
    await user.click(screen.getByRole('checkbox', { name: '予定を登録（Google カレンダー）' }));
    await user.click(screen.getByRole('button', { name: '保存' }));

    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(savedBodies[0]?.interviewers).toEqual([
      { userId: acmeInterviewer.id, name: acmeInterviewer.name },
    ]);
    expect(savedBodies[0]?.calendar).toEqual({
      register: true,
      attendees: [{ email: acmeInterviewer.email, name: acmeInterviewer.name }],
      sendUpdates: 'none',
      provider: 'google',
    });
    // A BFF without Outlook: Google is the only calendar, so there is nothing to choose.
    expect(screen.queryByRole('group', { name: '登録先のカレンダー' })).not.toBeInTheDocument();
  });

  it('when two interviewers are ticked and 自動で選ぶ is picked, then the picker names the free interviewer and why, the preview says who can start, and the save asks for an automatic host with the interviewers in order', async () => {
    const [hanako, naoki] = panel;
    const { user, onSaved, savedBodies } = renderForm('meetingNone', {
      hosts: 'hostsAutoInterviewerFree',
      preview: 'previewAlternativeHosts',
      colleagues: panel,
    });

    const interviewers = screen.getByRole('group', { name: '面接官' });
    await user.click(within(interviewers).getByRole('checkbox', { name: /佐藤 花子/ }));
    await user.click(within(interviewers).getByRole('checkbox', { name: /小林 直樹/ }));
    await user.click(await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' }));
    const auto = await screen.findByRole('option', { name: /^自動で選ぶ / });
    expect(auto).toHaveTextContent(
      '面接官の 小林 直樹 さんは空いています。見送り: 佐藤 花子 さん（予定あり）',
    );
    await user.click(auto);
    const preview = screen.getByRole('region', { name: '候補者に届く内容' });
    const canStart = await within(preview).findByRole('list', {
      name: 'ミーティングを開始できる人',
    });
    expect(
      within(canStart)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      '佐藤 花子: 代替ホスト（Zoom にサインインして参加 URL から開始できます）',
      '小林 直樹: ホスト',
    ]);
    await user.click(screen.getByRole('button', { name: '保存' }));

    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(savedBodies).toHaveLength(1);
    expect(savedBodies[0]).toMatchObject({
      host: { auto: true, prefer: [] },
      interviewers: [
        { userId: hanako?.id, name: '佐藤 花子' },
        { userId: naoki?.id, name: '小林 直樹' },
      ],
    });
    expect(savedBodies[0]).not.toHaveProperty('hostConnectionId');
  });

  it('when the meeting’s host was picked by 自動で選ぶ, then the form opens on 自動で選ぶ with its interviewers ticked, and saving again keeps both', async () => {
    const { user, onSaved, savedBodies } = renderForm('meetingAutoPicked', { colleagues: panel });

    const picker = await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' });
    await vi.waitFor(() => expect(picker).toHaveTextContent('自動で選ぶ'));
    const interviewers = screen.getByRole('group', { name: '面接官' });
    for (const colleague of panel) {
      expect(
        within(interviewers).getByRole('checkbox', { name: new RegExp(colleague.name) }),
      ).toBeChecked();
    }
    await user.click(screen.getByRole('button', { name: '保存' }));

    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(savedBodies[0]).toMatchObject({
      host: { auto: true, prefer: [] },
      interviewers: panel.map(({ id, name }) => ({ userId: id, name })),
    });
    expect(savedBodies[0]).not.toHaveProperty('hostConnectionId');
  });

  it('when the screen is in English, then 面接官 and 自動で選ぶ are too', async () => {
    const { user } = renderForm('meetingNone', {
      hosts: 'hostsAutoInterviewerFree',
      colleagues: panel,
      locale: 'en',
    });

    const interviewers = screen.getByRole('group', { name: 'Interviewers' });
    expect(interviewers).toHaveAccessibleDescription(/^“Choose automatically” makes the first/);
    await user.click(within(interviewers).getByRole('checkbox', { name: /小林 直樹/ }));
    await user.click(await screen.findByRole('combobox', { name: /Host/ }));
    expect(await screen.findByRole('option', { name: /^Choose automatically / })).toHaveTextContent(
      'Interviewer 小林 直樹 is free',
    );
  });

  it('when only Outlook is connected, then 予定を登録 goes to Outlook 予定表 and Google cannot be chosen', async () => {
    const { user, onSaved, savedBodies } = renderForm('meetingNone', {
      google: 'notConnected',
      outlook: 'connected',
    });
    await chooseHost(user, /tanaka\.taro@example\.com/);

    const register = await screen.findByRole('checkbox', { name: '予定を登録（Outlook 予定表）' });
    expect(register).toHaveAccessibleDescription(
      /登録先: tanaka\.taro@acme-corp\.example\.onmicrosoft\.com$/,
    );
    await user.click(register);
    const target = screen.getByRole('group', { name: '登録先のカレンダー' });
    expect(
      within(target).getByRole('radio', {
        name: 'Outlook 予定表（tanaka.taro@acme-corp.example.onmicrosoft.com）',
      }),
    ).toBeChecked();
    expect(
      within(target).getByRole('radio', { name: 'Google カレンダー（未連携）' }),
    ).toBeDisabled();
    await user.click(screen.getByRole('button', { name: '保存' }));

    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(savedBodies[0]?.calendar).toEqual({
      register: true,
      attendees: [],
      sendUpdates: 'none',
      provider: 'outlook',
    });
  });

  it('when both calendars are connected and Outlook 予定表 is picked, then the save asks for the event on Outlook', async () => {
    const { user, onSaved, savedBodies } = renderForm('meetingNone', { outlook: 'connected' });
    await chooseHost(user, /tanaka\.taro@example\.com/);

    await user.click(
      await screen.findByRole('checkbox', { name: '予定を登録（Google カレンダー）' }),
    );
    const target = screen.getByRole('group', { name: '登録先のカレンダー' });
    expect(
      within(target).getByRole('radio', {
        name: 'Google カレンダー（tanaka@acme-corp.example.com）',
      }),
    ).toBeChecked();
    await user.click(within(target).getByRole('radio', { name: /^Outlook 予定表/ }));
    expect(screen.getByRole('checkbox', { name: '予定を登録（Outlook 予定表）' })).toBeChecked();
    const interviewers = screen.getByRole('group', { name: '面接官' });
    await user.click(within(interviewers).getByRole('checkbox', { name: /鈴木 一郎/ }));
    await user.click(screen.getByRole('button', { name: '保存' }));

    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(savedBodies[0]?.calendar).toEqual({
      register: true,
      attendees: [{ email: acmeInterviewer.email, name: acmeInterviewer.name }],
      sendUpdates: 'none',
      provider: 'outlook',
    });
  });

  it('when no calendar is connected, then the choice is disabled with the reason and a link to 通知・連携', async () => {
    const { user } = renderForm('meetingNone', { google: 'notConnected', outlook: 'notConnected' });
    await chooseHost(user, /tanaka\.taro@example\.com/);

    await user.click(await screen.findByRole('checkbox', { name: /^予定を登録/ }));
    const target = await screen.findByRole('group', { name: '登録先のカレンダー' });
    expect(target).toBeDisabled();
    expect(target).toHaveAccessibleDescription(
      '連携済みのカレンダーがありません。「マイアカウント > 通知・連携」で Google カレンダーか Outlook 予定表を連携してください。',
    );
    expect(
      within(target).getByRole('radio', { name: 'Google カレンダー（未連携）' }),
    ).toBeDisabled();
    expect(within(target).getByRole('radio', { name: 'Outlook 予定表（未連携）' })).toBeDisabled();
    expect(
      screen.getByRole('link', { name: 'カレンダーを連携する（通知・連携）' }),
    ).toHaveAttribute('href', '#/integrations');
  });

  it('when the meeting’s event is on Outlook, then the form keeps Outlook as the target even if its link must be reconnected', async () => {
    const { user, onSaved, savedBodies } = renderForm('meetingOutlookCalendarRegistered', {
      google: 'connected',
      outlook: 'needsReauth',
    });
    await chooseHost(user, /tanaka\.taro@example\.com/);

    expect(
      await screen.findByRole('checkbox', { name: '予定を登録（Outlook 予定表）' }),
    ).toBeChecked();
    const target = screen.getByRole('group', { name: '登録先のカレンダー' });
    expect(within(target).getByRole('radio', { name: /^Outlook 予定表/ })).toBeChecked();
    expect(within(target).getByRole('radio', { name: /^Outlook 予定表/ })).toBeEnabled();
    await user.click(screen.getByRole('button', { name: '保存' }));

    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(savedBodies[0]?.calendar?.provider).toBe('outlook');
  });

  it('when Outlook is refused because it is not connected, then the message names Outlook 予定表', async () => {
    const { user, onSaved } = renderForm('meetingNone', { outlook: 'connected' });
    server.use(
      http.put(`${bffUrl}/v1/interviews/:interviewId/meeting`, () =>
        HttpResponse.json(
          {
            type: 'urn:ats-zoom:problem:calendar_not_connected',
            title: 'Connect the calendar first.',
            status: 409,
            code: 'calendar_not_connected',
            provider: 'outlook',
          },
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    await chooseHost(user, /tanaka\.taro@example\.com/);
    await user.click(await screen.findByRole('checkbox', { name: /^予定を登録/ }));
    await user.click(screen.getByRole('radio', { name: /^Outlook 予定表/ }));
    await user.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'まず「マイアカウント > 通知・連携」で Outlook 予定表を連携してください。',
    );
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('when 自動で選ぶ finds nobody free at save time, then the alert names who was busy and the ATS keeps its old schedule', async () => {
    const { user, onSaved, savedSchedules } = renderForm('meetingNone', {
      hosts: 'hostsAutoInterviewerFree',
      preview: 'previewAlternativeHosts',
      colleagues: panel,
    });
    server.use(
      http.put(`${bffUrl}/v1/interviews/:interviewId/meeting`, () =>
        HttpResponse.json(
          {
            type: 'urn:ats-zoom:problem:no_host_available',
            title: 'No host is free at this slot.',
            status: 409,
            code: 'no_host_available',
            passedOver: [
              {
                connectionId: 'con_hanako',
                ownerUserId: 'user_hanako',
                ownerName: '佐藤 花子',
                role: 'interviewer',
                reason: 'busy',
              },
              {
                connectionId: 'con_naoki',
                ownerUserId: 'user_naoki',
                ownerName: '小林 直樹',
                role: 'interviewer',
                reason: 'unknown',
              },
            ],
          },
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    await user.click(await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' }));
    await user.click(await screen.findByRole('option', { name: /^自動で選ぶ / }));
    await user.click(screen.getByRole('button', { name: '保存' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('佐藤 花子 さん（予定あり）');
    expect(alert).toHaveTextContent('小林 直樹 さん');
    expect(alert.textContent).not.toContain('{hosts}');
    expect(savedSchedules).toEqual([]);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('when the screen is in English, then the calendar choice is too', async () => {
    const { user } = renderForm('meetingNone', { outlook: 'connected', locale: 'en' });
    await user.click(await screen.findByRole('combobox', { name: /Host/ }));
    await user.click(await screen.findByRole('option', { name: /tanaka\.taro@example\.com/ }));

    await user.click(
      await screen.findByRole('checkbox', { name: 'Register event (Google Calendar)' }),
    );
    const target = screen.getByRole('group', { name: 'Calendar to register on' });
    await user.click(
      within(target).getByRole('radio', {
        name: 'Outlook Calendar (tanaka.taro@acme-corp.example.onmicrosoft.com)',
      }),
    );
    expect(
      screen.getByRole('checkbox', { name: 'Register event (Outlook Calendar)' }),
    ).toBeChecked();
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
    renderForm('meetingNone', {
      user: { ...acmeRecruiter, id: 'acme-interviewer', role: 'interviewer' },
    });

    expect(
      screen.getByText('面接官の権限では面接を設定できません。', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '保存' })).not.toBeInTheDocument();
  });
});
