import { type PreviewScenarioName, previewScenarios } from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { mswGroups, storyBffUrl, withStoryProvider } from '../../test/story-provider';
import { ZoomMeetingPreview } from './zoom-meeting-preview';

function scenario(name: PreviewScenarioName) {
  return mswGroups({ preview: previewScenarios[name]({ baseUrl: storyBffUrl }) });
}

const meta = {
  title: 'Components/ZoomMeetingPreview',
  component: ZoomMeetingPreview,
  decorators: [withStoryProvider],
  args: {
    hostConnectionId: 'conn_host_free',
    start: '2025-04-10T14:00:00+09:00',
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
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('URL に埋め込み（ワンクリックで参加）')).toBeVisible();
    await expect(canvas.getByText('希望: オン / 実際: オン')).toBeVisible();
    await expect(canvas.getByText('問題は見つかりませんでした。')).toBeVisible();
  },
};

/** Join before host asked for without a passcode: Zoom keeps the waiting room on; the fix is shown. */
export const JoinBeforeHostNeedsPasscode: Story = {
  parameters: scenario('previewJoinBeforeHostNeedsPasscode'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const warnings = await canvas.findByRole('list', { name: '注意' });
    await expect(warnings).toHaveTextContent('Zoom が待機室をオンにします');
    await expect(warnings).toHaveTextContent('招待リンクにパスコードを埋め込む');
    await expect(canvas.getByText('希望: オン / 実際: オフ')).toBeVisible();
  },
};

/** The host has few meeting creates/updates left today. */
export const QuotaLow: Story = {
  parameters: scenario('previewQuotaLow'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('4 / 100 回')).toBeVisible();
    await expect(canvas.getByRole('list', { name: '注意' })).toHaveTextContent(
      'このホストは本日あと 4 回しか',
    );
  },
};
