import { type ZoomConnectionScenarioName, zoomConnectionScenarios } from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import {
  fakePopupWindow,
  mswGroups,
  storyBffUrl,
  withStoryProvider,
} from '../../test/story-provider';
import { ZoomLinkButton } from './zoom-link-button';

function scenario(name: ZoomConnectionScenarioName) {
  return mswGroups({ connections: zoomConnectionScenarios[name]({ baseUrl: storyBffUrl }) });
}

const meta = {
  title: 'Components/ZoomLinkButton',
  component: ZoomLinkButton,
  decorators: [withStoryProvider],
  args: { onConnected: fn(), onDisconnected: fn() },
  parameters: { layout: 'padded', ...scenario('notConnected') },
} satisfies Meta<typeof ZoomLinkButton>;

export default meta;
type Story = StoryObj<typeof meta>;

/** 未連携: the user connects; the fake BFF completes the attempt on the first poll. */
export const NotConnected: Story = {
  parameters: scenario('notConnected'),
  play: async ({ canvasElement, args }) => {
    const { open } = fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Zoom アカウントを連携' }));
    await expect(open).toHaveBeenCalledWith('', 'atz-oauth-zoom', 'popup,width=600,height=720');
    await expect(
      await canvas.findByText('Zoom アカウント: tanaka.taro@example.com', {}, { timeout: 5000 }),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('連携済み');
    await waitFor(() => expect(args.onConnected).toHaveBeenCalled());
  },
};

/** 連携中: the popup is open and Zoom has not answered yet. */
export const Connecting: Story = {
  parameters: scenario('awaitingApproval'),
  play: async ({ canvasElement }) => {
    fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Zoom アカウントを連携' }));
    await expect(
      await canvas.findByRole('button', { name: 'Zoom の連携をキャンセル' }),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('連携中…');
  },
};

/** 承認待ち: the popup closed with no result (a managed account without pre-approval). */
export const AwaitingApproval: Story = {
  parameters: scenario('awaitingApproval'),
  play: async ({ canvasElement }) => {
    const { popups } = fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Zoom アカウントを連携' }));
    await waitFor(() => expect(popups[0]?.location.href).toBe('about:blank'));
    if (popups[0]) popups[0].closed = true;
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('承認待ち'));
    await userEvent.click(canvas.getByRole('button', { name: '事前承認をとる' }));
    await expect(canvas.getByText(/管理者に事前承認をリクエストします/)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Zoom の認可をもう一度行う' })).toBeVisible();
  },
};

/** 連携済み: the user disconnects through the confirm step. */
export const Connected: Story = {
  parameters: scenario('connected'),
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('Zoom アカウント: tanaka.taro@example.com')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: '連携解除' }));
    await expect(canvas.getByText(/Zoom の連携を解除しますか/)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: '解除する' }));
    await expect(
      await canvas.findByRole('button', { name: 'Zoom アカウントを連携' }),
    ).toBeVisible();
    await waitFor(() => expect(args.onDisconnected).toHaveBeenCalled());
  },
};

/** 連携済み with a company (managed) Zoom account. */
export const ConnectedManaged: Story = {
  parameters: scenario('connectedManaged'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('組織アカウント')).toBeVisible();
  },
};

/** 連携済み, taken over from a colleague at connect time. */
export const MovedIn: Story = {
  parameters: scenario('connectedMovedIn'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(/佐藤 花子 さんの ATS アカウントから移されました/),
    ).toBeVisible();
  },
};

/** 要再連携: the grant was lost at Zoom. */
export const NeedsReauth: Story = {
  parameters: scenario('needsReauth'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByRole('button', { name: 'Zoom アカウントを再連携' }),
    ).toBeVisible();
  },
};

/** 要再連携: a colleague of the same organization linked this Zoom account since. */
export const MovedSameTenant: Story = {
  parameters: scenario('movedSameTenant'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(/佐藤 花子 さんの ATS アカウントに連携し直されました/),
    ).toBeVisible();
  },
};

/** 要再連携: someone in another organization linked this Zoom account since (never named). */
export const MovedOtherTenant: Story = {
  parameters: scenario('movedOtherTenant'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(/別の組織の ATS アカウントに連携し直されました/),
    ).toBeVisible();
  },
};

/** 未連携 again after the user declined at Zoom, with the reason. */
export const Denied: Story = {
  parameters: scenario('connectDenied'),
  play: async ({ canvasElement }) => {
    fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Zoom アカウントを連携' }));
    await expect(await canvas.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(
      'Zoom で許可されなかったため',
    );
    await expect(canvas.getByRole('status')).toHaveTextContent('未連携');
  },
};

/** Waiting for the BFF: a skeleton with accessible text. */
export const Loading: Story = {
  parameters: scenario('loading'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent(
      'Zoom の連携状態を読み込んでいます…',
    );
  },
};

/** The BFF failed: the message says what to do, with 再試行. */
export const ServerError: Story = {
  parameters: scenario('serverError'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      'サーバーで問題が発生しました',
    );
    await expect(canvas.getByRole('button', { name: '再試行' })).toBeVisible();
  },
};

/** Disconnecting fails because Zoom is down: the link stays and the user is told. */
export const DisconnectFails: Story = {
  parameters: scenario('disconnectFails'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: '連携解除' }));
    await userEvent.click(canvas.getByRole('button', { name: '解除する' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('Zoom に接続できませんでした');
    await expect(canvas.getByRole('status')).toHaveTextContent('連携済み');
  },
};

/** The English catalogue. */
export const English: Story = {
  parameters: { ...scenario('connected'), locale: 'en' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('Zoom account: tanaka.taro@example.com')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  },
};
