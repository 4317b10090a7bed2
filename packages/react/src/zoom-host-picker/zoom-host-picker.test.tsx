import {
  type HostScenarioName,
  hostFixtures,
  hostScenarios,
  problemResponse,
  routeHandler,
  tokyoSlotStart,
} from '@ats-zoom/msw';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, type RenderOptions, renderWithProvider } from '../../test/render-with-provider';
import { AUTO_HOST } from '../meeting/auto-host';
import { ZoomHostPicker, type ZoomHostPickerProps } from './zoom-host-picker';

// 14:00 in Tokyo three days ahead: the slot never falls into the past.
const slot = { start: tokyoSlotStart(3), durationMinutes: 60, timeZone: 'Asia/Tokyo' };

function renderPicker(
  scenario: HostScenarioName,
  props: Partial<ZoomHostPickerProps> = {},
  options: RenderOptions = {},
) {
  return renderWithProvider(<ZoomHostPicker {...slot} {...props} />, {
    ...options,
    handlers: hostScenarios[scenario]({ baseUrl: bffUrl }),
  });
}

function root() {
  return screen.getByRole('group', { name: 'ホスト（Zoom アカウント）' });
}

async function trigger() {
  return screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' });
}

describe('ZoomHostPicker', () => {
  it('when the hosts are loading, then a busy status says so', () => {
    renderPicker('hostsLoading');

    expect(screen.getByRole('status')).toHaveTextContent('Zoom アカウントを読み込んでいます…');
    expect(root()).toHaveAttribute('data-state', 'loading');
    expect(root()).toHaveAttribute('aria-busy', 'true');
  });

  it('when the list opens with Enter, then each host shows its name, Zoom e-mail and busy state as text', async () => {
    const { user } = renderPicker('hostsMixed');
    await trigger();

    await user.tab();
    await user.keyboard('{Enter}');

    const listbox = await screen.findByRole('listbox');
    const options = within(listbox).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual([
      expect.stringContaining('田中 太郎 tanaka.taro@example.com'),
      expect.stringContaining('佐藤 花子 hanako.sato@acme-corp.example.com'),
      expect.stringContaining('鈴木 一郎'),
      expect.stringContaining('高橋 美咲'),
      expect.stringContaining('伊藤 健'),
    ]);
    const busy = screen.getByRole('option', {
      name: /^佐藤 花子 hanako\.sato@acme-corp\.example\.com 予定あり/,
    });
    expect(busy).toHaveAccessibleName(
      expect.stringContaining('予定あり 重なる予定: 13:30〜14:30、14:45〜15:45'),
    );
    expect(busy).toHaveAttribute('data-busy');
    expect(within(busy).getByText('予定あり')).toHaveAttribute('data-slot', 'badge');
    const unknown = screen.getByRole('option', { name: /鈴木 一郎/ });
    expect(unknown).toHaveAccessibleName(/確認できません/);
    const free = screen.getByRole('option', { name: /田中 太郎/ });
    expect(free).not.toHaveAttribute('aria-describedby');
  });

  it('when an account needs re-linking or moved, then it is disabled and says why', async () => {
    const { user } = renderPicker('hostsMixed');
    await user.click(await trigger());

    const reauth = await screen.findByRole('option', { name: /高橋 美咲/ });
    const moved = screen.getByRole('option', { name: /伊藤 健/ });

    expect(reauth).toHaveAttribute('aria-disabled', 'true');
    expect(reauth).toHaveAccessibleName(/要再連携/);
    expect(moved).toHaveAttribute('aria-disabled', 'true');
    expect(moved).toHaveAccessibleName(/別のアカウントに移動/);
  });

  it('when choosing by keyboard only, then ArrowDown opens, arrows move past disabled hosts and Enter selects', async () => {
    const onValueChange = vi.fn();
    const { user } = renderPicker('hostsMixed', { onValueChange });
    await trigger();

    await user.tab();
    await user.keyboard('{ArrowDown}');
    await screen.findByRole('listbox');
    await waitFor(() => expect(screen.getByRole('option', { name: /田中 太郎/ })).toHaveFocus());
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByRole('option', { name: /鈴木 一郎/ })).toHaveFocus();
    // The two remaining hosts are disabled: the highlight stays on the last selectable one.
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('option', { name: /鈴木 一郎/ })).toHaveFocus();
    await user.keyboard('{ArrowUp}{Enter}');

    await waitFor(() => expect(screen.queryByRole('listbox')).not.toBeInTheDocument());
    expect(onValueChange).toHaveBeenCalledWith(
      'conn_host_busy',
      expect.objectContaining({ ownerName: '佐藤 花子', busy: 'busy' }),
    );
    expect(await trigger()).toHaveTextContent('佐藤 花子');
    expect(await trigger()).toHaveFocus();
  });

  it('when the picker has a name, then the chosen connection id is posted with the form', async () => {
    const { user, container } = renderWithProvider(
      <form aria-label="interview">
        <ZoomHostPicker {...slot} name="hostConnectionId" defaultValue="conn_host_free" />
      </form>,
      { handlers: hostScenarios.hostsMixed({ baseUrl: bffUrl }) },
    );
    expect(await trigger()).toHaveTextContent('田中 太郎');

    await user.click(await trigger());
    await user.click(await screen.findByRole('option', { name: /鈴木 一郎/ }));

    const form = container.querySelector('form') as HTMLFormElement;
    await waitFor(() =>
      expect(new FormData(form).get('hostConnectionId')).toBe('conn_host_unknown'),
    );
  });

  it('when no Zoom account is connected, then it explains that someone must connect one under 通知・連携', async () => {
    renderPicker('hostsEmpty');

    const empty = await screen.findByText(
      /いずれかのユーザーが「マイアカウント > 通知・連携」で Zoom Meeting を連携してください/,
    );
    expect(empty).toHaveAttribute('role', 'status');
    expect(root()).toHaveAttribute('data-state', 'empty');
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
  });

  it('when the list fails, then the message follows the problem code and retry loads it', async () => {
    const { user } = renderPicker('hostsError');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'サーバーで問題が発生しました。しばらくしてからもう一度お試しください。',
    );
    expect(root()).toHaveAttribute('data-state', 'error');
    server.use(...hostScenarios.hostsMixed({ baseUrl: bffUrl }));
    await user.click(screen.getByRole('button', { name: '再試行' }));

    expect(await trigger()).toBeEnabled();
    expect(root()).toHaveAttribute('data-state', 'ready');
  });

  it.each([
    ['ja', 'Zoom が混み合っています。30 秒後にもう一度お試しください。'],
    ['en', 'Zoom is busy. Try again in 30 seconds.'],
  ] as const)(
    'in %s, when Zoom is rate limiting the list, then the message says how long to wait from Retry-After',
    async (locale, text) => {
      renderWithProvider(<ZoomHostPicker {...slot} />, {
        locale,
        handlers: [
          routeHandler('listHosts', { baseUrl: bffUrl }, () =>
            problemResponse('provider_rate_limited', { headers: { 'Retry-After': '30' } }),
          ),
        ],
      });

      expect(await screen.findByRole('alert')).toHaveTextContent(text);
    },
  );

  it('when a 429 carries no Retry-After, then the message asks to wait a moment', async () => {
    renderWithProvider(<ZoomHostPicker {...slot} />, {
      handlers: [
        routeHandler('listHosts', { baseUrl: bffUrl }, () => problemResponse('rate_limited')),
      ],
    });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'リクエストが多すぎます。少し待ってからもう一度お試しください。',
    );
  });

  it('when the slot is not set yet, then the picker is disabled and asks nothing', async () => {
    const listed = vi.fn();
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname === '/v1/hosts') listed();
    });
    renderPicker('hostsMixed', { start: '' });

    expect(await trigger()).toBeDisabled();
    expect(root()).toHaveAttribute('data-state', 'idle');
    expect(listed).not.toHaveBeenCalled();
  });

  it('when changing the host, then the current host is marked 現在のホスト in its name and as text, and only it', async () => {
    const { user } = renderPicker('hostsMixed', { currentHostConnectionId: 'conn_host_busy' });

    await user.click(await trigger());

    const current = await screen.findByRole('option', {
      name: /^佐藤 花子 hanako\.sato@acme-corp\.example\.com 現在のホスト 予定あり/,
    });
    expect(within(current).getByText('現在のホスト')).toHaveAttribute('data-slot', 'current');
    expect(current).toHaveAttribute('data-current');
    const others = screen.getAllByRole('option').filter((option) => option !== current);
    for (const other of others) {
      expect(other).not.toHaveAccessibleName(/現在のホスト/);
      expect(other).not.toHaveAttribute('data-current');
    }
  });

  it('when the locale is en, then the current host is marked Current host', async () => {
    const { user } = renderPicker(
      'hostsMixed',
      { currentHostConnectionId: 'conn_host_free' },
      { locale: 'en' },
    );

    await user.click(await screen.findByRole('combobox', { name: 'Host (Zoom account)' }));

    expect(await screen.findByRole('option', { name: /田中 太郎/ })).toHaveAccessibleName(
      '田中 太郎 tanaka.taro@example.com Current host',
    );
  });

  it('when the locale is en, then labels, badges and times are English', async () => {
    const { user } = renderPicker('hostsMixed', {}, { locale: 'en' });

    await user.click(await screen.findByRole('combobox', { name: 'Host (Zoom account)' }));

    const busy = await screen.findByRole('option', { name: /佐藤 花子/ });
    expect(busy).toHaveAccessibleName(
      expect.stringContaining('Busy Overlapping: 1:30 PM–2:30 PM, 2:45 PM–3:45 PM'),
    );
    expect(screen.getByRole('option', { name: /鈴木 一郎/ })).toHaveAccessibleName(/Can't check/);
  });

  it('when class names are given, then parts carry them next to their data-slot', async () => {
    const { user } = renderPicker('hostsMixed', {
      className: 'host-field',
      classNames: { trigger: 'form-select', item: 'menu-item', badge: 'tag' },
    });
    const combobox = await trigger();

    expect(root()).toHaveClass('atz-root', 'host-field');
    expect(root()).toHaveAttribute('data-slot', 'zoom-host-picker');
    expect(combobox).toHaveClass('form-select');
    expect(combobox).toHaveAttribute('data-slot', 'trigger');
    await user.click(combobox);
    const option = await screen.findByRole('option', { name: /佐藤 花子/ });
    expect(option).toHaveClass('menu-item');
    expect(within(option).getByText('予定あり')).toHaveClass('tag');
  });

  it("when a host is busy in its owner's Google Calendar, then the conflict says so on focus and for screen readers", async () => {
    const { user } = renderPicker('hostsGoogleConflict');
    await trigger();

    await user.tab();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(screen.getByRole('option', { name: /田中 太郎/ })).toHaveFocus());
    await user.keyboard('{ArrowDown}');

    const google = screen.getByRole('option', { name: /山本 さくら/ });
    expect(google).toHaveFocus();
    expect(google).toHaveAccessibleName(
      expect.stringContaining(
        '予定あり 重なる予定: 13:45〜14:45（山本 さくら さんの Google カレンダー）',
      ),
    );
    expect(google).toHaveAttribute('data-busy');
    const zoomBusy = screen.getByRole('option', { name: /佐藤 花子/ });
    expect(zoomBusy).toHaveAccessibleName(
      expect.stringContaining('予定あり 重なる予定: 13:30〜14:30、14:45〜15:45'),
    );
  });

  it("when the locale is en, then a Google conflict names the owner's Google Calendar", async () => {
    const { user } = renderPicker('hostsGoogleConflict', {}, { locale: 'en' });

    await user.click(await screen.findByRole('combobox', { name: 'Host (Zoom account)' }));

    expect(await screen.findByRole('option', { name: /山本 さくら/ })).toHaveAccessibleName(
      expect.stringContaining("Busy Overlapping: 1:45 PM–2:45 PM (山本 さくら's Google Calendar)"),
    );
  });

  it("when a host is busy in its owner's Outlook calendar, then the conflict names Outlook, not Google", async () => {
    const { user } = renderPicker('hostsOutlookConflict');

    await user.click(await trigger());

    const outlook = await screen.findByRole('option', { name: /中村 陽介/ });
    expect(outlook).toHaveAccessibleName(
      expect.stringContaining(
        '予定あり 重なる予定: 13:45〜14:45（中村 陽介 さんの Outlook 予定表）',
      ),
    );
    expect(outlook).toHaveAttribute('data-busy');
    expect(screen.getByRole('option', { name: /山本 さくら/ })).toHaveAccessibleName(
      expect.stringContaining('（山本 さくら さんの Google カレンダー）'),
    );
  });

  it("when the locale is en, then an Outlook conflict names the owner's Outlook Calendar", async () => {
    const { user } = renderPicker('hostsOutlookConflict', {}, { locale: 'en' });

    await user.click(await screen.findByRole('combobox', { name: 'Host (Zoom account)' }));

    expect(await screen.findByRole('option', { name: /中村 陽介/ })).toHaveAccessibleName(
      expect.stringContaining("Busy Overlapping: 1:45 PM–2:45 PM (中村 陽介's Outlook Calendar)"),
    );
  });
});

describe('ZoomHostPicker with 自動で選ぶ', () => {
  const { busyHost, colleagueHost, unknownHost } = hostFixtures;
  const interviewers = [{ userId: busyHost.ownerUserId }, { userId: colleagueHost.ownerUserId }];

  it('when 自動で選ぶ is chosen with the keyboard, then it reports AUTO_HOST and its name says who would host and why', async () => {
    const onValueChange = vi.fn();
    const { user } = renderPicker('hostsAutoInterviewerFree', {
      allowAuto: true,
      interviewers,
      onValueChange,
    });
    await trigger();

    await user.tab();
    await user.keyboard('{Enter}');
    const options = within(await screen.findByRole('listbox')).getAllByRole('option');
    expect(options[0]).toHaveAccessibleName(
      '自動で選ぶ 面接官の 小林 直樹 さんは空いています。見送り: 佐藤 花子 さん（予定あり）',
    );
    expect(options[0]).toHaveAttribute('data-auto');
    await waitFor(() => expect(options[0]).toHaveFocus());
    await user.keyboard('{Enter}');

    expect(onValueChange).toHaveBeenCalledWith(AUTO_HOST, undefined);
    expect(await trigger()).toHaveTextContent('自動で選ぶ');
  });

  it('when nobody is free, then 自動で選ぶ says so and lists who is busy and why, in words', async () => {
    const { user } = renderPicker(
      'hostsAutoNobodyFree',
      { allowAuto: true, interviewers: [{ userId: unknownHost.ownerUserId }] },
      { locale: 'en' },
    );
    await screen.findByRole('combobox', { name: 'Host (Zoom account)' });

    await user.tab();
    await user.keyboard('{Enter}');

    const auto = within(await screen.findByRole('listbox')).getAllByRole('option')[0];
    expect(auto).toHaveAccessibleName(
      expect.stringMatching(
        /^Choose automatically No host is free: 鈴木 一郎 \(could not be checked\)/,
      ),
    );
    expect(auto).toHaveAccessibleName(expect.stringContaining('佐藤 花子 (busy)'));
    expect(auto).toHaveAccessibleName(expect.stringContaining('高橋 美咲 (Zoom link unusable)'));
    expect(auto).toHaveAttribute('data-availability', 'busy');
  });

  it('when allowAuto is not set, then there is no 自動で選ぶ option', async () => {
    const { user } = renderPicker('hostsAutoInterviewerFree', { interviewers });
    await user.click(await trigger());

    const options = within(await screen.findByRole('listbox')).getAllByRole('option');
    expect(options.map((option) => option.textContent)).not.toContainEqual(
      expect.stringContaining('自動で選ぶ'),
    );
  });
});
