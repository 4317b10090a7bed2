import { type MeetingScenarioName, meetingScenarios } from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, spyOn, userEvent, waitFor, within } from 'storybook/test';
import { mswGroups, storyBffUrl, withStoryProvider } from '../../test/story-provider';
import { ZoomMeetingLink } from './zoom-meeting-link';

function scenario(name: MeetingScenarioName) {
  return mswGroups({ meeting: meetingScenarios[name]({ baseUrl: storyBffUrl }) });
}

const meta = {
  title: 'Components/ZoomMeetingLink',
  component: ZoomMeetingLink,
  decorators: [withStoryProvider],
  args: { interviewId: 'int_story' },
  parameters: { layout: 'padded', ...scenario('meetingIssued') },
} satisfies Meta<typeof ZoomMeetingLink>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The issued URL with the passcode embedded; copying announces itself. */
export const Issued: Story = {
  parameters: scenario('meetingIssued'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const writeText = spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const link = await canvas.findByRole('link');
    await expect(link).toHaveAttribute('href', expect.stringContaining('?pwd='));
    await expect(canvas.getByText('ホスト: 田中 太郎（tanaka.taro@example.com）')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'URL をコピー' }));
    await expect(writeText).toHaveBeenCalledWith(link.getAttribute('href'));
    await expect(canvas.getByRole('status')).toHaveTextContent('URL をコピーしました。');
  },
};

/** The meeting was deleted in Zoom: no dead link, and 再発行 gives a working one. */
export const Broken: Story = {
  parameters: scenario('meetingBroken'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      'Zoom 側でミーティングが削除されたため',
    );
    await expect(canvas.queryByRole('link')).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'URL を再発行' }));
    await expect(await canvas.findByRole('link')).toBeVisible();
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent('URL を再発行しました。'),
    );
  },
};

/** No meeting issued for this interview yet. */
export const None: Story = {
  parameters: scenario('meetingNone'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText('この面接の Zoom URL はまだ発行されていません。'),
    ).toBeVisible();
  },
};

/** Re-issuing fails: the host used up its daily Zoom quota; the message says what to do. */
export const QuotaError: Story = {
  parameters: scenario('meetingSaveQuota'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'URL を再発行' }));
    await expect(
      await canvas.findByText(/本日の Zoom ミーティング作成・更新の上限（100 回）に達しました/),
    ).toBeVisible();
  },
};

/** The event is on the scheduler's Google Calendar: owner, attendees and a link to the event. */
export const CalendarRegistered: Story = {
  parameters: scenario('meetingCalendarRegistered'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('Google カレンダーに登録済み')).toBeVisible();
    await expect(canvas.getByText('出席者: 2 名')).toBeVisible();
    await expect(
      canvas.getByRole('link', { name: 'Google カレンダーで予定を開く' }),
    ).toHaveAttribute('href', expect.stringContaining('https://www.google.com/calendar/event'));
  },
};

/** Google was down when the meeting was saved: why, when it retries, and 今すぐ再試行 (which now works). */
export const CalendarFailed: Story = {
  parameters: scenario('meetingCalendarFailed'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('Google カレンダーに登録できませんでした')).toBeVisible();
    await expect(canvas.getByText(/ごろに自動で再試行します/)).toBeVisible();
    await userEvent.click(
      canvas.getByRole('button', { name: 'Google カレンダーへの登録を今すぐ再試行' }),
    );
    await expect(await canvas.findByText('Google カレンダーに登録済み')).toBeVisible();
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent('Google カレンダーに登録しました。'),
    );
  },
};

/** Retrying while Google is still down: the live region says it is still not registered, and why. */
export const CalendarRetryFails: Story = {
  parameters: scenario('meetingCalendarRetryFails'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const retry = await canvas.findByRole('button', {
      name: 'Google カレンダーへの登録を今すぐ再試行',
    });
    await userEvent.click(retry);
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent('まだ登録できていません。'),
    );
    await expect(retry).toHaveFocus();
  },
};

/** Google refused to write the calendar: the permission problem, and no automatic retry. */
export const CalendarForbidden: Story = {
  parameters: scenario('meetingCalendarForbidden'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(/このカレンダーに予定を登録する権限がありません/),
    ).toBeVisible();
    await expect(canvas.getByText(/自動では再試行しません/)).toBeVisible();
  },
};

/** Saved without 予定を登録: a quiet line. */
export const CalendarNotRequested: Story = {
  parameters: scenario('meetingCalendarNotRequested'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('Google カレンダーには登録していません。')).toBeVisible();
  },
};
