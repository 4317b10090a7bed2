import {
  createScenarioHandlers,
  hostFixtures,
  interviewerFixtures,
  type PreviewScenarioName,
  previewScenarios,
  problemResponse,
  routeHandler,
  routeResponse,
  tokyoSlotStart,
} from '@ats-zoom/msw';
import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, type RenderOptions, renderWithProvider } from '../../test/render-with-provider';
import { AUTO_HOST } from '../meeting/auto-host';
import { ZoomMeetingPreview, type ZoomMeetingPreviewProps } from './zoom-meeting-preview';

const MINUTE_MS = 60_000;

const base: ZoomMeetingPreviewProps = {
  hostConnectionId: 'conn_host_free',
  // Three days ahead at 14:00 in Tokyo: never in the past, whatever day the tests run.
  start: tokyoSlotStart(3),
  durationMinutes: 60,
  joinBeforeHost: true,
};

function renderPreview(
  scenario: PreviewScenarioName,
  props: Partial<ZoomMeetingPreviewProps> = {},
  options: RenderOptions = {},
) {
  return renderWithProvider(<ZoomMeetingPreview {...base} {...props} />, {
    ...options,
    handlers: previewScenarios[scenario]({ baseUrl: bffUrl }),
  });
}

/** The value shown next to a setting's name. */
async function setting(name: string) {
  const terms = await screen.findAllByRole('term');
  const match = terms.find((candidate) => candidate.textContent === name);
  return match?.nextElementSibling?.textContent;
}

function region() {
  return screen.getByRole('region', { name: '候補者に届く内容' });
}

/** A form where the scheduler toggles join before host next to the preview. */
function PreviewWithToggle() {
  const [joinBeforeHost, setJoinBeforeHost] = useState(true);
  return (
    <>
      <input
        type="checkbox"
        aria-label="join before host"
        checked={joinBeforeHost}
        onChange={(event) => setJoinBeforeHost(event.target.checked)}
      />
      <ZoomMeetingPreview {...base} joinBeforeHost={joinBeforeHost} />
    </>
  );
}

/** A form where the scheduler moves a slot that is over (yesterday) three days ahead. */
function PreviewWithDate() {
  const [start, setStart] = useState(() => tokyoSlotStart(-1));
  return (
    <>
      <button type="button" onClick={() => setStart(tokyoSlotStart(3))}>
        move ahead
      </button>
      <ZoomMeetingPreview {...base} start={start} />
    </>
  );
}

describe('ZoomMeetingPreview', () => {
  it('when no host is chosen, then it asks for one and calls nothing', async () => {
    const asked = vi.fn();
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname === '/v1/meetings/preview') asked();
    });
    renderPreview('previewEmbedded', { hostConnectionId: '' });

    expect(screen.getByText('ホストを選ぶと、候補者に届く参加方法を確認できます。')).toBeVisible();
    expect(region()).toHaveAttribute('data-state', 'idle');
    expect(asked).not.toHaveBeenCalled();
  });

  it('when the host embeds the passcode, then one-click join, waiting room off and join before host in effect are shown', async () => {
    renderPreview('previewEmbedded');

    expect(await setting('パスコード')).toBe('URL に埋め込み（ワンクリックで参加）');
    expect(await setting('待機室')).toBe('オフ');
    expect(await setting('ホストより前の参加')).toBe('希望: オン / 実際: オン');
    expect(await setting('本日の残り作成・更新回数')).toBe('97 / 100 回');
    expect(screen.getByText('問題は見つかりませんでした。')).toBeVisible();
    expect(region()).toHaveAttribute('data-state', 'ready');
  });

  it('when join before host is asked of a host whose account forces no passcode, then the table and the warning agree: a passcode is added, the waiting room is off, join before host applies', async () => {
    renderPreview('previewJoinBeforeHostNeedsPasscode');

    expect(await setting('ホストより前の参加')).toBe('希望: オン / 実際: オン');
    expect(await setting('待機室')).toBe('オフ');
    expect(await setting('パスコード')).toBe('URL に埋め込み（ワンクリックで参加）');
    const warnings = screen.getByRole('list', { name: '注意' });
    const [warning, ...others] = within(warnings).getAllByRole('listitem');
    expect(others).toEqual([]);
    expect(warning).toHaveTextContent('このミーティングにはパスコードを付けます（待機室はオフ）');
    expect(warnings).not.toHaveTextContent('待機室をオンにします');
    expect(warnings).not.toHaveTextContent('パスコードがないため');
    expect(region()).toHaveAttribute('data-warnings');
  });

  it('when the host does not embed the passcode, then the table says required and the one warning says the candidate types it and how to pass it on', async () => {
    renderPreview('previewPasscodeNotEmbedded', { joinBeforeHost: false });

    expect(await setting('パスコード')).toBe('必要（URL に含まれず、候補者が入力）');
    const warnings = screen.getByRole('list', { name: '注意' });
    const items = within(warnings).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent('候補者は参加時にパスコードを入力する必要があります。');
    expect(items[0]).toHaveTextContent('次のWeb面接・面談のパスコード');
  });

  it('when an answer lists passcode warnings its rows do not show, then the warnings follow the rows', async () => {
    const contradicting = [
      routeHandler('getMeetingPreview', { baseUrl: bffUrl }, () =>
        routeResponse('getMeetingPreview', {
          hostConnectionId: 'conn_host_free',
          // Rows: a required passcode not in the URL, the waiting room on, join before host off.
          passcode: 'required_not_embedded',
          waitingRoom: true,
          joinBeforeHost: { requested: true, effective: false },
          interviewers: [],
          quota: { usedToday: 1, limit: 100, remaining: 99 },
          // Warnings: one the rows contradict, one missing, one about something else.
          warnings: [{ code: 'join_before_host_needs_passcode' }, { code: 'host_busy' }],
        }),
      ),
    ];
    renderWithProvider(<ZoomMeetingPreview {...base} />, { handlers: contradicting });

    const warnings = await screen.findByRole('list', { name: '注意' });
    const codes = within(warnings)
      .getAllByRole('listitem')
      .map((item) => item.getAttribute('data-warning'));
    expect(codes).toEqual(['host_busy', 'passcode_not_embedded']);
  });

  it('when the same host is previewed without join before host, then the warning goes away', async () => {
    const { user } = renderWithProvider(<PreviewWithToggle />, {
      handlers: previewScenarios.previewJoinBeforeHostNeedsPasscode({ baseUrl: bffUrl }),
    });
    await screen.findByRole('list', { name: '注意' });

    await user.click(screen.getByRole('checkbox', { name: 'join before host' }));

    expect(await screen.findByText('問題は見つかりませんでした。')).toBeVisible();
    expect(await setting('ホストより前の参加')).toBe('希望: オフ / 実際: オフ');
  });

  it('when few creates are left today, then the count and a quota warning with its remedy are shown', async () => {
    renderPreview('previewQuotaLow');

    expect(await setting('本日の残り作成・更新回数')).toBe('4 / 100 回');
    const warning = within(screen.getByRole('list', { name: '注意' })).getByRole('listitem');
    expect(warning).toHaveTextContent(
      'このホストは本日あと 4 回しかミーティングを作成・更新できません',
    );
    expect(warning).toHaveTextContent('別のホストを選ぶか');
  });

  it('when the slot has already started, then it warns that the start is in the past and says what to do', async () => {
    renderPreview('previewEmbedded', {
      start: new Date(Date.now() - 30 * MINUTE_MS).toISOString(),
      durationMinutes: 60,
    });

    const warning = within(await screen.findByRole('list', { name: '注意' })).getByRole('listitem');
    expect(warning).toHaveAttribute('data-warning', 'start_in_past');
    expect(warning).toHaveTextContent('開始時刻が過去です。面接はすでに始まっている時間です。');
    expect(warning).toHaveTextContent('対処: 進行中の面接を変更するのでなければ');
    expect(region()).toHaveAttribute('data-warnings');
  });

  it('when the slot is already over, then it warns that it cannot be saved; moving it ahead clears the warning', async () => {
    const { user } = renderWithProvider(<PreviewWithDate />, {
      handlers: previewScenarios.previewEmbedded({ baseUrl: bffUrl }),
    });

    const warning = within(await screen.findByRole('list', { name: '注意' })).getByRole('listitem');
    expect(warning).toHaveAttribute('data-warning', 'meeting_in_past');
    expect(warning).toHaveTextContent(
      '開始時刻が過去です。終了時刻も過ぎているため、この日時では保存できません。',
    );
    await user.click(screen.getByRole('button', { name: 'move ahead' }));

    expect(await screen.findByText('問題は見つかりませんでした。')).toBeVisible();
  });

  it('when the locale is en and the slot is over, then the warning is in English', async () => {
    renderPreview('previewEmbedded', { start: tokyoSlotStart(-2) }, { locale: 'en' });

    expect(await screen.findByRole('list', { name: 'Warnings' })).toHaveTextContent(
      'The start time is in the past, and so is the end: this slot cannot be saved.',
    );
  });

  it('when the preview fails, then the message follows the problem code and retry asks again', async () => {
    const { user } = renderWithProvider(<ZoomMeetingPreview {...base} />, {
      handlers: [
        routeHandler('getMeetingPreview', { baseUrl: bffUrl }, () =>
          problemResponse('needs_reauth'),
        ),
      ],
    });

    expect(await screen.findByRole('alert')).toHaveTextContent('Zoom の認可が切れています。');
    server.use(...previewScenarios.previewEmbedded({ baseUrl: bffUrl }));
    await user.click(screen.getByRole('button', { name: '再試行' }));

    expect(await setting('パスコード')).toBe('URL に埋め込み（ワンクリックで参加）');
  });

  it('when the locale is en, then every text is English', async () => {
    renderPreview('previewJoinBeforeHostNeedsPasscode', {}, { locale: 'en' });

    expect(
      await screen.findByRole('region', { name: 'What the candidate will get' }),
    ).toBeVisible();
    expect(await setting('Join before host')).toBe('Requested: On / Effective: On');
    expect(screen.getByRole('list', { name: 'Warnings' })).toHaveTextContent(
      'the meeting gets a passcode (the waiting room stays off)',
    );
  });
});

describe('ZoomMeetingPreview: who can start the meeting', () => {
  const { colleagueHost } = hostFixtures;
  // One interviewer per status; 渡辺 翔 has no Zoom link here, so only the host app knows his name.
  const interviewers = interviewerFixtures;

  /** The lines of the who-can-start list, once it shows (`name`: its title in the locale). */
  async function hostingLines(name = 'ミーティングを開始できる人') {
    const list = await screen.findByRole('list', { name });
    return within(list)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
  }

  it('when the interviewers have mixed statuses, then the list says who can start it and why the others cannot', async () => {
    renderPreview('previewAlternativeHosts', {
      hostConnectionId: colleagueHost.connectionId,
      interviewers,
    });

    expect(await hostingLines()).toEqual([
      '佐藤 花子: 代替ホスト（Zoom にサインインして参加 URL から開始できます）',
      '小林 直樹: ホスト',
      '加藤 由美: 開始できません（ライセンスなし (Basic)）',
      '鈴木 一郎: 開始できません（別の Zoom アカウント）',
      '渡辺 翔: 開始できません（Zoom 未連携）',
    ]);
  });

  it('when the host is on Basic, then in English every interviewer but the host cannot start it, and why', async () => {
    renderPreview(
      'previewBasicHost',
      { hostConnectionId: colleagueHost.connectionId, interviewers: interviewers.slice(0, 2) },
      { locale: 'en' },
    );

    const list = await screen.findByRole('list', { name: 'Who can start the meeting' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(
      '佐藤 花子: cannot start it (the host is on Basic, so it can have no alternative hosts)',
    );
    expect(items[0]).toHaveAttribute('data-status', 'host_not_licensed');
  });

  it('when 自動で選ぶ is chosen, then the preview is of the host it would pick', async () => {
    renderWithProvider(
      <ZoomMeetingPreview
        {...base}
        hostConnectionId={AUTO_HOST}
        interviewers={interviewers.slice(0, 2)}
      />,
      { handlers: createScenarioHandlers({ baseUrl: bffUrl, hosts: 'hostsAutoInterviewerFree' }) },
    );

    expect(await hostingLines()).toEqual([
      '佐藤 花子: 代替ホスト（Zoom にサインインして参加 URL から開始できます）',
      '小林 直樹: ホスト',
    ]);
    expect(region()).toHaveAttribute('data-state', 'ready');
  });

  it('when 自動で選ぶ finds nobody free, then it says so with who is busy instead of a preview', async () => {
    renderWithProvider(<ZoomMeetingPreview {...base} hostConnectionId={AUTO_HOST} />, {
      handlers: createScenarioHandlers({
        baseUrl: bffUrl,
        hosts: 'hostsAutoNobodyFree',
        zoom: 'notConnected',
      }),
    });

    expect(
      await screen.findByText(/この時間に空いているホストがいないため、自動では選べません/),
    ).toHaveTextContent('佐藤 花子 さん（予定あり）');
    expect(region()).toHaveAttribute('data-state', 'idle');
  });
});
