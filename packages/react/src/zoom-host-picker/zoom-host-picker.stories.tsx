import { type HostScenarioName, hostScenarios } from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { mswGroups, storyBffUrl, withStoryProvider } from '../../test/story-provider';
import { ZoomHostPicker } from './zoom-host-picker';

function scenario(name: HostScenarioName) {
  return mswGroups({ hosts: hostScenarios[name]({ baseUrl: storyBffUrl }) });
}

const meta = {
  title: 'Components/ZoomHostPicker',
  component: ZoomHostPicker,
  decorators: [withStoryProvider],
  args: {
    start: '2025-04-10T14:00:00+09:00',
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
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);
    await userEvent.click(
      await canvas.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' }),
    );
    const busy = await page.findByRole('option', { name: /佐藤 花子/ });
    await expect(busy).toHaveTextContent('予定あり');
    await expect(busy).toHaveAccessibleDescription(
      '予定あり 重なる予定: 13:30〜14:30、14:45〜15:45',
    );
    await expect(page.getByRole('option', { name: /鈴木 一郎/ })).toHaveTextContent(
      '確認できません',
    );
    const reauth = page.getByRole('option', { name: /高橋 美咲/ });
    await expect(reauth).toHaveTextContent('要再連携');
    await expect(reauth).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByRole('option', { name: /伊藤 健/ })).toHaveTextContent(
      '別のアカウントに移動',
    );
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
  },
};

/** No Zoom account is connected in the tenant: where to connect one. */
export const Empty: Story = {
  parameters: scenario('hostsEmpty'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(/通知・連携/)).toBeVisible();
    await expect(canvas.queryByRole('combobox')).toBeNull();
  },
};

/** Waiting for the host list. */
export const Loading: Story = {
  parameters: scenario('hostsLoading'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent(
      'Zoom アカウントを読み込んでいます…',
    );
  },
};

/** The list failed: the message says what to do, with 再試行. */
export const ErrorState: Story = {
  name: 'Error',
  parameters: scenario('hostsError'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      'サーバーで問題が発生しました',
    );
    await expect(canvas.getByRole('button', { name: '再試行' })).toBeVisible();
  },
};

/** Keyboard only: Tab to the picker, ArrowDown to open, ArrowDown to move, Enter to choose. */
export const KeyboardSelect: Story = {
  parameters: scenario('hostsMixed'),
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);
    const trigger = await canvas.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' });
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

/** A host busy only in its owner's Google Calendar: the conflict says whose calendar it is. */
export const GoogleConflict: Story = {
  parameters: scenario('hostsGoogleConflict'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);
    await userEvent.click(
      await canvas.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' }),
    );
    const google = await page.findByRole('option', { name: /山本 さくら/ });
    await expect(google).toHaveTextContent('予定あり');
    await expect(google).toHaveAccessibleDescription(
      '予定あり 重なる予定: 13:45〜14:45（山本 さくら さんの Google カレンダー）',
    );
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
  },
};
