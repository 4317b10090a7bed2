import {
  hostFixtures,
  hostScenarios,
  interviewerFixtures,
  type PreviewScenarioName,
  previewScenarios,
  problemResponse,
  routeHandler,
  routeUrl,
  tokyoSlotStart,
} from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { http } from 'msw';
import { expect, userEvent, within } from 'storybook/test';
import {
  mswGroups,
  narrowLayoutProblems,
  narrowWidth,
  phoneWidth,
  storyBffUrl,
  storyMessages,
  withStoryProvider,
} from '../../test/story-provider';
import { AUTO_HOST } from '../meeting/auto-host';
import { ZoomMeetingPreview } from './zoom-meeting-preview';

function scenario(name: PreviewScenarioName, options: { delay?: number } = {}) {
  return mswGroups({ preview: previewScenarios[name]({ baseUrl: storyBffUrl, ...options }) });
}

const meta = {
  title: 'Components/ZoomMeetingPreview',
  component: ZoomMeetingPreview,
  decorators: [withStoryProvider],
  args: {
    hostConnectionId: 'conn_host_free',
    // Three days ahead at 14:00 in Tokyo: the stories never show a slot in the past by accident.
    start: tokyoSlotStart(3),
    durationMinutes: 60,
    joinBeforeHost: true,
  },
  parameters: { layout: 'padded', ...scenario('previewEmbedded') },
} satisfies Meta<typeof ZoomMeetingPreview>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The passcode is in the URL: one click joins, the waiting room is off, join before host works. */
export const Embedded: Story = {
  parameters: scenario('previewEmbedded'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomMeetingPreview.passcode.embedded'))).toBeVisible();
    await expect(
      canvas.getByText(
        t('zoomMeetingPreview.joinBeforeHostValue', {
          requested: t('zoomMeetingPreview.on'),
          effective: t('zoomMeetingPreview.on'),
        }),
      ),
    ).toBeVisible();
    await expect(canvas.getByText(t('zoomMeetingPreview.warningsNone'))).toBeVisible();
  },
};

/**
 * Join before host asked of an account that forces no passcode: the BFF adds one, so the waiting
 * room is off and join before host applies; the table and the warning say the same.
 */
export const JoinBeforeHostNeedsPasscode: Story = {
  parameters: scenario('previewJoinBeforeHostNeedsPasscode'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const warnings = await canvas.findByRole('list', {
      name: t('zoomMeetingPreview.warningsTitle'),
    });
    await expect(warnings).toHaveTextContent(
      t('zoomMeetingPreview.warning.join_before_host_needs_passcode'),
    );
    await expect(warnings).toHaveTextContent(
      t('zoomMeetingPreview.remedy.join_before_host_needs_passcode'),
    );
    await expect(
      canvas.getByText(
        t('zoomMeetingPreview.joinBeforeHostValue', {
          requested: t('zoomMeetingPreview.on'),
          effective: t('zoomMeetingPreview.on'),
        }),
      ),
    ).toBeVisible();
    await expect(canvas.getByText(t('zoomMeetingPreview.passcode.embedded'))).toBeVisible();
  },
};

/** The host's company does not embed passcodes: 必要 in the table, and one warning on how to pass it on. */
export const PasscodeNotEmbedded: Story = {
  args: { joinBeforeHost: false },
  parameters: scenario('previewPasscodeNotEmbedded'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(t('zoomMeetingPreview.passcode.required_not_embedded')),
    ).toBeVisible();
    const warnings = canvas.getByRole('list', { name: t('zoomMeetingPreview.warningsTitle') });
    await expect(within(warnings).getAllByRole('listitem')).toHaveLength(1);
    await expect(warnings).toHaveTextContent(t('zoomMeetingPreview.warning.passcode_not_embedded'));
    await expect(warnings).toHaveTextContent(t('zoomMeetingPreview.remedy.passcode_not_embedded'));
  },
};

/** The host has few meeting creates/updates left today. */
export const QuotaLow: Story = {
  parameters: scenario('previewQuotaLow'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(t('zoomMeetingPreview.quotaValue', { remaining: 4, limit: 100 })),
    ).toBeVisible();
    await expect(
      canvas.getByRole('list', { name: t('zoomMeetingPreview.warningsTitle') }),
    ).toHaveTextContent(
      t('zoomMeetingPreview.warning.daily_quota_low', { remaining: 4, limit: 100 }),
    );
  },
};

/** The slot began 30 minutes ago (an interview in progress): it can be saved, with a warning. */
export const StartInPast: Story = {
  args: { start: new Date(Date.now() - 30 * 60_000).toISOString(), durationMinutes: 60 },
  parameters: scenario('previewEmbedded'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const warnings = await canvas.findByRole('list', {
      name: t('zoomMeetingPreview.warningsTitle'),
    });
    await expect(warnings).toHaveTextContent(t('zoomMeetingPreview.warning.start_in_past'));
    await expect(warnings).toHaveTextContent(t('zoomMeetingPreview.remedy.start_in_past'));
  },
};

/** The slot is over (yesterday): the preview says it cannot be saved and to choose a date ahead. */
export const MeetingInPast: Story = {
  args: { start: tokyoSlotStart(-1) },
  parameters: scenario('previewEmbedded'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const warnings = await canvas.findByRole('list', {
      name: t('zoomMeetingPreview.warningsTitle'),
    });
    await expect(warnings).toHaveTextContent(t('zoomMeetingPreview.warning.meeting_in_past'));
    await expect(warnings).toHaveTextContent(t('zoomMeetingPreview.remedy.meeting_in_past'));
  },
};

/** Idle: no host chosen yet; a hint says what the preview will show. */
export const Idle: Story = {
  args: { hostConnectionId: '' },
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByText(t('zoomMeetingPreview.idle'))).toBeVisible();
  },
};

/** Waiting for the host's Zoom settings. */
export const Loading: Story = {
  parameters: mswGroups({
    preview: [
      routeHandler('getMeetingPreview', { baseUrl: storyBffUrl, delay: 'infinite' }, () =>
        problemResponse('internal_error'),
      ),
    ],
  }),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent(t('zoomMeetingPreview.loading'));
  },
};

/** Zoom could not be asked: the message says why, with 再試行. */
export const ErrorState: Story = {
  name: 'Error',
  parameters: mswGroups({
    preview: [
      routeHandler('getMeetingPreview', { baseUrl: storyBffUrl }, () =>
        problemResponse('provider_unavailable'),
      ),
    ],
  }),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      t('error.provider_unavailable'),
    );
    await expect(canvas.getByRole('button', { name: t('zoomMeetingPreview.retry') })).toBeVisible();
  },
};

/** Keyboard only, after a failed answer: Tab to 再試行 and Enter; the second answer shows the preview. */
export const KeyboardRetry: Story = {
  parameters: mswGroups({
    preview: [
      http.get(
        routeUrl(storyBffUrl, 'getMeetingPreview'),
        () => problemResponse('provider_unavailable'),
        { once: true },
      ),
      ...previewScenarios.previewEmbedded({ baseUrl: storyBffUrl }),
    ],
  }),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const retry = await canvas.findByRole('button', { name: t('zoomMeetingPreview.retry') });
    await userEvent.tab();
    await expect(retry).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(await canvas.findByText(t('zoomMeetingPreview.passcode.embedded'))).toBeVisible();
  },
};

/** Narrow width: two warnings with their remedies in a 320 px column. */
export const Narrow: Story = {
  ...narrowWidth,
  args: { joinBeforeHost: true },
  parameters: scenario('previewJoinBeforeHostNeedsPasscode'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await canvas.findByRole('list', { name: t('zoomMeetingPreview.warningsTitle') });
    await expect(narrowLayoutProblems(canvasElement)).toEqual([]);
  },
};

/** Phone width: the same in a 375 px column on a 375 px screen. */
export const Phone: Story = { ...Narrow, ...phoneWidth };

/** Slow network: the host's settings take 2.5 s; the loading text shows first. */
export const SlowNetwork: Story = {
  parameters: scenario('previewEmbedded', { delay: 2500 }),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent(t('zoomMeetingPreview.loading'));
    await expect(
      await canvas.findByText(t('zoomMeetingPreview.warningsNone'), {}, { timeout: 15000 }),
    ).toBeVisible();
  },
};

const { busyHost, colleagueHost } = hostFixtures;
/** One interviewer per status; 渡辺 翔 has no Zoom link here: his name comes from the host app. */
const interviewers = interviewerFixtures;

/**
 * A story whose who-can-start list reads `rows` (`[name, status]`), in order, once it shows; with
 * `rows` a prefix, the lines after it are not checked.
 */
function hostingStory(
  args: Story['args'],
  parameters: Story['parameters'],
  rows: [name: string, status: string][],
): Story {
  return {
    args,
    parameters,
    play: async ({ canvasElement, ...context }) => {
      const t = storyMessages(context);
      const list = await within(canvasElement).findByRole('list', {
        name: t('zoomMeetingPreview.hosting'),
      });
      const lines = within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent);
      await expect(lines.slice(0, rows.length)).toEqual(
        rows.map(([name, status]) =>
          t(`zoomMeetingPreview.hosting.${status}` as Parameters<typeof t>[0], { name }),
        ),
      );
    },
  };
}

/**
 * Who can start the meeting hosted by 小林 直樹: he hosts, 佐藤 花子 is an alternative host, and
 * the others say why they cannot (Basic, another Zoom account, Zoom not connected).
 */
export const AlternativeHosts: Story = hostingStory(
  { hostConnectionId: colleagueHost.connectionId, interviewers },
  scenario('previewAlternativeHosts'),
  [
    ['佐藤 花子', 'alternative_host'],
    ['小林 直樹', 'host'],
    ['加藤 由美', 'not_licensed'],
    ['鈴木 一郎', 'different_account'],
    ['渡辺 翔', 'not_connected'],
  ],
);

/** The host is a Basic user: Zoom gives it no alternative hosts, so only the host can start it. */
export const BasicHost: Story = hostingStory(
  { hostConnectionId: colleagueHost.connectionId, interviewers },
  scenario('previewBasicHost'),
  [
    ['佐藤 花子', 'host_not_licensed'],
    ['小林 直樹', 'host'],
  ],
);

/** 自動で選ぶ: the preview is of the host it would pick now (the interviewer 小林 直樹). */
export const AutoHost: Story = hostingStory(
  { hostConnectionId: AUTO_HOST, interviewers: interviewers.slice(0, 2) },
  mswGroups({
    hosts: hostScenarios.hostsAutoInterviewerFree({ baseUrl: storyBffUrl }),
    preview: previewScenarios.previewAlternativeHosts({ baseUrl: storyBffUrl }),
  }),
  [
    ['佐藤 花子', 'alternative_host'],
    ['小林 直樹', 'host'],
  ],
);

/** 自動で選ぶ when nobody is free: no preview, but why, with who is busy. */
export const AutoNobodyFree: Story = {
  args: { hostConnectionId: AUTO_HOST },
  parameters: mswGroups({
    hosts: hostScenarios.hostsAutoNobodyFree({ baseUrl: storyBffUrl }),
    preview: previewScenarios.previewEmbedded({ baseUrl: storyBffUrl }),
  }),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const [before] = t('zoomMeetingPreview.autoNone', { hosts: '|' }).split('|');
    const status = await canvas.findByText((text) => text.startsWith(before ?? '-'));
    await expect(status).toHaveTextContent(t('autoHost.passed.busy', { name: busyHost.ownerName }));
  },
};
