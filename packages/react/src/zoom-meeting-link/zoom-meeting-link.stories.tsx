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
