import type { Host } from '@ats-zoom/contract';
import {
  autoHostPick,
  conflictsAround,
  type HostScenarioName,
  hostFixtures,
  hostScenarios,
  routeHandler,
  routeResponse,
  tokyoSlotStart,
} from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import {
  longNames,
  mswGroups,
  narrowLayoutProblems,
  narrowWidth,
  phoneWidth,
  storyBffUrl,
  storyLocaleOf,
  storyMessages,
  withStoryProvider,
} from '../../test/story-provider';
import { AUTO_HOST } from '../meeting/auto-host';
import { ZoomHostPicker } from './zoom-host-picker';

function scenario(name: HostScenarioName, options: { delay?: number } = {}) {
  return mswGroups({ hosts: hostScenarios[name]({ baseUrl: storyBffUrl, ...options }) });
}

type HostWithoutConflicts = Omit<Host, 'conflicts'>;

/** The stories' slot: 14:00 in Tokyo three days ahead, so it never falls into the past. */
const slotStart = tokyoSlotStart(3);

/**
 * "13:30〜14:30" on the stories' slot day in Tokyo, in the story's language, formatted as the
 * picker formats conflicts (`Intl`, hour and minute).
 */
function slotTimeRange(context: Parameters<typeof storyMessages>[0]) {
  const t = storyMessages(context);
  const format = new Intl.DateTimeFormat(storyLocaleOf(context), {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'Asia/Tokyo',
  });
  const day = slotStart.slice(0, 10);
  const time = (hhmm: string) => format.format(new Date(`${day}T${hhmm}:00+09:00`));
  return (start: string, end: string) => t('time.range', { start: time(start), end: time(end) });
}

/** `GET /hosts` answering these hosts; the busy ones get conflicts around the slot asked about. */
function hostsAnswer(hosts: readonly HostWithoutConflicts[]) {
  return mswGroups({
    hosts: [
      routeHandler('listHosts', { baseUrl: storyBffUrl }, ({ query }) => {
        const start = new Date(query.start);
        const end = new Date(start.getTime() + query.durationMinutes * 60_000);
        return routeResponse('listHosts', {
          hosts: hosts.map((host) => ({
            ...host,
            conflicts: host.busy === 'busy' ? conflictsAround(start, query.durationMinutes) : [],
          })),
          slot: { start: start.toISOString(), end: end.toISOString() },
          auto: autoHostPick(hosts, {
            prefer: query.prefer ?? [],
            interviewers: query.interviewers ?? [],
            schedulerUserId: null,
          }),
          checkedAt: new Date().toISOString(),
        });
      }),
    ],
  });
}

const familyNames = [
  '田中',
  '佐藤',
  '鈴木',
  '高橋',
  '伊藤',
  '渡辺',
  '山本',
  '中村',
  '小林',
  '加藤',
];
const givenNames = ['太郎', '花子', '一郎'];

/** 30 hosts, as in a large recruiting team: mostly free, every 4th busy, every 7th unknown, one to re-link. */
const manyHosts: HostWithoutConflicts[] = Array.from({ length: 30 }, (_, index) => {
  const number = String(index + 1).padStart(2, '0');
  const familyName = familyNames[index % familyNames.length] ?? '';
  const givenName = givenNames[Math.floor(index / familyNames.length)] ?? '';
  let state: Pick<HostWithoutConflicts, 'busy' | 'selectable' | 'unavailableReason'> = {
    busy: 'free',
    selectable: true,
    unavailableReason: null,
  };
  if (index === 12)
    state = { busy: 'unknown', selectable: false, unavailableReason: 'needs_reauth' };
  else if (index % 4 === 1) state = { ...state, busy: 'busy' };
  else if (index % 7 === 3) state = { ...state, busy: 'unknown' };
  return {
    ...hostFixtures.freeHost,
    ...state,
    connectionId: `conn_host_${number}`,
    ownerUserId: `user_host_${number}`,
    ownerName: `${familyName} ${givenName}`,
    zoomEmail: `recruiter${number}@acme-corp.example.com`,
  };
});

/** A host whose owner name and Zoom e-mail are longer than any layout expects, busy at that time. */
const longNamedHost: HostWithoutConflicts = {
  ...hostFixtures.busyHost,
  connectionId: 'conn_host_long',
  ownerUserId: 'user_host_long',
  ownerName: longNames.personName,
  zoomEmail: longNames.email,
};

const longNamesAnswer = hostsAnswer([longNamedHost, hostFixtures.freeHost]);

const meta = {
  title: 'Components/ZoomHostPicker',
  component: ZoomHostPicker,
  decorators: [withStoryProvider],
  args: {
    start: slotStart,
    durationMinutes: 60,
    timeZone: 'Asia/Tokyo',
    onValueChange: fn(),
  },
  parameters: { layout: 'padded', ...scenario('hostsMixed') },
} satisfies Meta<typeof ZoomHostPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every kind of host: free, 予定あり with the overlapping times, 確認できません, and two that need re-linking. */
export const Mixed: Story = {
  parameters: scenario('hostsMixed'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);
    await userEvent.click(await canvas.findByRole('combobox', { name: t('zoomHostPicker.label') }));
    const busy = await page.findByRole('option', { name: /佐藤 花子/ });
    const range = slotTimeRange(context);
    await expect(busy).toHaveTextContent(t('zoomHostPicker.busy'));
    await expect(busy).toHaveAccessibleName(
      expect.stringContaining(
        `${t('zoomHostPicker.busy')} ${t('zoomHostPicker.conflicts', {
          times: [range('13:30', '14:30'), range('14:45', '15:45')].join(t('list.separator')),
        })}`,
      ),
    );
    await expect(page.getByRole('option', { name: /鈴木 一郎/ })).toHaveTextContent(
      t('zoomHostPicker.unknown'),
    );
    const reauth = page.getByRole('option', { name: /高橋 美咲/ });
    await expect(reauth).toHaveTextContent(t('zoomHostPicker.unavailable.needs_reauth'));
    await expect(reauth).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByRole('option', { name: /伊藤 健/ })).toHaveTextContent(
      t('zoomHostPicker.unavailable.moved'),
    );
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
  },
};

/** The list open, as a designer looks at it: every kind of host, the 予定あり and unavailable items. */
export const ListOpen: Story = {
  parameters: {
    ...scenario('hostsMixed'),
    // With the list open axe checks the items (their names hold every visible text) and the page
    // Radix hides (the trigger leaves the tab order while the list is open).
  },
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const page = within(canvasElement.ownerDocument.body);
    const trigger = await within(canvasElement).findByRole('combobox', {
      name: t('zoomHostPicker.label'),
    });
    await waitFor(() => expect(trigger).toBeEnabled());
    await userEvent.click(trigger);
    await expect(await page.findByRole('listbox')).toBeVisible();
    await expect(page.getAllByRole('option')).toHaveLength(5);
  },
};

/** Changing the host: the interview's current host is marked 現在のホスト, as text and in its name. */
export const CurrentHost: Story = {
  args: { currentHostConnectionId: hostFixtures.busyHost.connectionId },
  parameters: scenario('hostsMixed'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const page = within(canvasElement.ownerDocument.body);
    const trigger = await within(canvasElement).findByRole('combobox', {
      name: t('zoomHostPicker.label'),
    });
    await waitFor(() => expect(trigger).toBeEnabled());
    await userEvent.click(trigger);
    const current = await page.findByRole('option', { name: /佐藤 花子/ });
    await expect(within(current).getByText(t('zoomHostPicker.current'))).toBeVisible();
    await expect(current).toHaveAccessibleName(
      expect.stringContaining(`${t('zoomHostPicker.current')} ${t('zoomHostPicker.busy')}`),
    );
    await expect(page.getByRole('option', { name: /田中 太郎/ })).not.toHaveTextContent(
      t('zoomHostPicker.current'),
    );
  },
};

/** No Zoom account is connected in the tenant: where to connect one. */
export const Empty: Story = {
  parameters: scenario('hostsEmpty'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomHostPicker.empty'))).toBeVisible();
    await expect(canvas.queryByRole('combobox')).toBeNull();
  },
};

/** Waiting for the host list. */
export const Loading: Story = {
  parameters: scenario('hostsLoading'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent(t('zoomHostPicker.loading'));
  },
};

/** The list failed: the message says what to do, with 再試行. */
export const ErrorState: Story = {
  name: 'Error',
  parameters: scenario('hostsError'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(t('error.internal_error'));
    await expect(canvas.getByRole('button', { name: t('zoomHostPicker.retry') })).toBeVisible();
  },
};

/** Keyboard only: Tab to the picker, ArrowDown to open, ArrowDown to move, Enter to choose. */
export const KeyboardSelect: Story = {
  parameters: scenario('hostsMixed'),
  play: async ({ canvasElement, args, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);
    const trigger = await canvas.findByRole('combobox', { name: t('zoomHostPicker.label') });
    await userEvent.tab();
    await expect(trigger).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => expect(page.getByRole('option', { name: /田中 太郎/ })).toHaveFocus());
    await userEvent.keyboard('{ArrowDown}');
    await expect(page.getByRole('option', { name: /佐藤 花子/ })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
    await expect(trigger).toHaveTextContent('佐藤 花子');
    await expect(args.onValueChange).toHaveBeenCalledWith(
      'conn_host_busy',
      expect.objectContaining({ busy: 'busy' }),
    );
  },
};

/** A story of a host busy only in its owner's `calendar` (Google or Outlook): the conflict names it. */
function calendarConflict(
  scenarioName: 'hostsGoogleConflict' | 'hostsOutlookConflict',
  owner: string,
  calendar: 'google' | 'outlook',
): Story {
  return {
    parameters: scenario(scenarioName),
    play: async ({ canvasElement, ...context }) => {
      const t = storyMessages(context);
      const canvas = within(canvasElement);
      const page = within(canvasElement.ownerDocument.body);
      await userEvent.click(
        await canvas.findByRole('combobox', { name: t('zoomHostPicker.label') }),
      );
      const option = await page.findByRole('option', { name: new RegExp(owner) });
      const range = slotTimeRange(context);
      await expect(option).toHaveTextContent(t('zoomHostPicker.busy'));
      await expect(option).toHaveAccessibleName(
        expect.stringContaining(
          `${t('zoomHostPicker.busy')} ${t('zoomHostPicker.conflicts', {
            times: t(`zoomHostPicker.conflict.${calendar}`, {
              time: range('13:45', '14:45'),
              name: owner,
            }),
          })}`,
        ),
      );
      await userEvent.keyboard('{Escape}');
      await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
    },
  };
}

/** A host busy only in its owner's Google Calendar: the conflict says whose calendar it is. */
export const GoogleConflict: Story = calendarConflict(
  'hostsGoogleConflict',
  '山本 さくら',
  'google',
);

/** A host busy only in its owner's Outlook calendar (Microsoft 365): the conflict names Outlook. */
export const OutlookConflict: Story = calendarConflict(
  'hostsOutlookConflict',
  '中村 陽介',
  'outlook',
);

/** Idle: no slot chosen yet, so there is nothing to ask about; the picker waits, disabled. */
export const Idle: Story = {
  args: { start: '' },
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const trigger = canvas.getByRole('combobox', { name: t('zoomHostPicker.label') });
    await expect(trigger).toBeDisabled();
    await expect(trigger).toHaveTextContent(t('zoomHostPicker.placeholder'));
    await expect(canvasElement.querySelector('[data-slot="zoom-host-picker"]')).toHaveAttribute(
      'data-state',
      'idle',
    );
  },
};

/** A host already chosen (`defaultValue`): the trigger shows its name and e-mail. */
export const Chosen: Story = {
  args: { defaultValue: hostFixtures.freeHost.connectionId },
  parameters: scenario('hostsMixed'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const trigger = await canvas.findByRole('combobox', { name: t('zoomHostPicker.label') });
    await waitFor(() => expect(trigger).toBeEnabled());
    await expect(trigger).toHaveTextContent(hostFixtures.freeHost.ownerName);
    await expect(trigger).toHaveTextContent(hostFixtures.freeHost.zoomEmail ?? '');
  },
};

/** Disabled by the host page (e.g. while its form saves): the list loads but cannot be opened. */
export const Disabled: Story = {
  args: { disabled: true, defaultValue: hostFixtures.freeHost.connectionId },
  parameters: scenario('hostsMixed'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const trigger = await canvas.findByRole('combobox', { name: t('zoomHostPicker.label') });
    await waitFor(() => expect(trigger).toHaveTextContent(hostFixtures.freeHost.ownerName));
    await expect(trigger).toBeDisabled();
  },
};

/** Many hosts: 30 accounts scroll inside the list; Home and End reach both ends by keyboard. */
export const ManyHosts: Story = {
  parameters: hostsAnswer(manyHosts),
  play: async ({ canvasElement, args, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);
    const trigger = await canvas.findByRole('combobox', { name: t('zoomHostPicker.label') });
    await waitFor(() => expect(trigger).toBeEnabled());
    await userEvent.tab();
    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => expect(page.getAllByRole('option')).toHaveLength(30));
    await userEvent.keyboard('{End}');
    const last = page.getByRole('option', { name: /加藤 一郎/ });
    await waitFor(() => expect(last).toHaveFocus());
    await expect(last).toBeVisible();
    await userEvent.keyboard('{Home}');
    await waitFor(() => expect(page.getByRole('option', { name: /田中 太郎/ })).toHaveFocus());
    await userEvent.keyboard('{End}{Enter}');
    await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
    await expect(trigger).toHaveTextContent('加藤 一郎');
    await expect(args.onValueChange).toHaveBeenCalledWith('conn_host_30', expect.anything());
  },
};

/** Long names: a long owner name and e-mail wrap, in the list and in the trigger once chosen. */
export const LongNames: Story = {
  args: { defaultValue: longNamedHost.connectionId },
  parameters: longNamesAnswer,
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);
    const trigger = await canvas.findByRole('combobox', { name: t('zoomHostPicker.label') });
    await waitFor(() => expect(trigger).toHaveTextContent(longNames.personName));
    await userEvent.click(trigger);
    const option = await page.findByRole('option', { name: new RegExp(longNames.personName) });
    await expect(option).toHaveTextContent(longNames.email);
    await expect(option).toHaveTextContent(t('zoomHostPicker.busy'));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
  },
};

/** The long-named host next to every other kind (busy, unknown, to re-link, moved). */
const narrowAnswer = hostsAnswer([longNamedHost, ...Object.values(hostFixtures)]);

/**
 * Narrow width: the long-named host chosen in a 320 px column; the trigger wraps inside it, and
 * the open list with every kind of host stays on screen, its badges on one line each.
 */
export const Narrow: Story = {
  args: { defaultValue: longNamedHost.connectionId },
  ...narrowWidth,
  parameters: narrowAnswer,
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);
    const trigger = await canvas.findByRole('combobox', { name: t('zoomHostPicker.label') });
    await waitFor(() => expect(trigger).toHaveTextContent(longNames.personName));
    await expect(narrowLayoutProblems(canvasElement)).toEqual([]);
    await userEvent.click(trigger);
    await page.findByRole('option', { name: new RegExp(longNames.personName) });
    await expect(narrowLayoutProblems(canvasElement)).toEqual([]);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
  },
};

/** Phone width: the same in a 375 px column on a 375 px screen. */
export const Phone: Story = { ...Narrow, ...phoneWidth };

/** Slow network: the host list takes 2.5 s; the loading text shows, then the picker. */
export const SlowNetwork: Story = {
  parameters: scenario('hostsMixed', { delay: 2500 }),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent(t('zoomHostPicker.loading'));
    const trigger = await canvas.findByRole(
      'combobox',
      { name: t('zoomHostPicker.label') },
      { timeout: 15000 },
    );
    await waitFor(() => expect(trigger).toBeEnabled());
  },
};

const { busyHost, colleagueHost, unknownHost } = hostFixtures;

/** The trigger once the list has loaded (enabled), and the page the list is portalled to. */
async function loadedPicker({
  canvasElement,
  ...context
}: Parameters<NonNullable<Story['play']>>[0]) {
  const t = storyMessages(context);
  const trigger = await within(canvasElement).findByRole('combobox', {
    name: t('zoomHostPicker.label'),
  });
  await waitFor(() => expect(trigger).toBeEnabled());
  return { t, trigger, page: within(canvasElement.ownerDocument.body) };
}

/**
 * 自動で選ぶ, first in the list: the interviewer 佐藤 花子 is busy, so the interviewer 小林 直樹
 * would host; its description says so. Keyboard only: Tab, Enter to open, Enter to choose.
 */
export const AutoInterviewerFree: Story = {
  args: {
    allowAuto: true,
    interviewers: [{ userId: busyHost.ownerUserId }, { userId: colleagueHost.ownerUserId }],
  },
  parameters: scenario('hostsAutoInterviewerFree'),
  play: async (context) => {
    const { t, trigger, page } = await loadedPicker(context);
    await userEvent.tab();
    await userEvent.keyboard('{Enter}');
    const auto = (await page.findAllByRole('option'))[0];
    const who = t('autoHost.role.interviewer', { name: colleagueHost.ownerName });
    const passed = t('autoHost.passed.busy', { name: busyHost.ownerName });
    await expect(auto).toHaveAccessibleName(
      `${t('zoomHostPicker.auto')} ${t('zoomHostPicker.autoFree', { who })}${t('zoomHostPicker.autoPassedOver', { hosts: passed })}`,
    );
    await waitFor(() => expect(auto).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
    await expect(trigger).toHaveTextContent(t('zoomHostPicker.auto'));
    await expect(context.args.onValueChange).toHaveBeenCalledWith(AUTO_HOST, undefined);
  },
};

/** 自動で選ぶ when nobody is free: it says so, and who was passed over and why, in words. */
export const AutoNobodyFree: Story = {
  args: { allowAuto: true, interviewers: [{ userId: unknownHost.ownerUserId }] },
  parameters: scenario('hostsAutoNobodyFree'),
  play: async (context) => {
    const { t, trigger, page } = await loadedPicker(context);
    await userEvent.click(trigger);
    const auto = (await page.findAllByRole('option'))[0];
    await expect(auto).toHaveTextContent(
      t('zoomHostPicker.autoNone', {
        hosts: t('autoHost.passed.unknown', { name: unknownHost.ownerName }),
      }).split(t('list.separator'))[0] ?? '',
    );
    await expect(auto).toHaveTextContent(t('autoHost.passed.busy', { name: busyHost.ownerName }));
    await expect(auto).toHaveAttribute('data-availability', 'busy');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
  },
};
