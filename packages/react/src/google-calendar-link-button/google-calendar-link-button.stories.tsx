import { createConnectionHandlers, type GoogleConnectionScenarioName } from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import {
  fakePopupWindow,
  mswGroups,
  storyBffUrl,
  withStoryProvider,
} from '../../test/story-provider';
import { GoogleCalendarLinkButton } from './google-calendar-link-button';

function scenario(name: GoogleConnectionScenarioName) {
  return mswGroups({
    connections: createConnectionHandlers({ baseUrl: storyBffUrl, google: name }),
  });
}

// The fake BFF settles an attempt on its first poll: poll often so the stories finish quickly.
const timing = { pollIntervalMs: 200, popupCheckIntervalMs: 100 };

const meta = {
  title: 'Components/GoogleCalendarLinkButton',
  component: GoogleCalendarLinkButton,
  decorators: [withStoryProvider],
  args: { onConnected: fn(), onDisconnected: fn(), timing },
  parameters: { layout: 'padded', ...scenario('notConnected') },
} satisfies Meta<typeof GoogleCalendarLinkButton>;

export default meta;
type Story = StoryObj<typeof meta>;

/** 未連携: the user connects; the fake BFF completes the attempt on the first poll. */
export const NotConnected: Story = {
  parameters: scenario('notConnected'),
  play: async ({ canvasElement, args }) => {
    const { open } = fakePopupWindow();
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('未連携'));
    await userEvent.click(await canvas.findByRole('button', { name: 'Google カレンダーを連携' }));
    await expect(open).toHaveBeenCalledWith('', 'atz-oauth-google', 'popup,width=600,height=720');
    await expect(
      await canvas.findByText(
        'Google アカウント: tanaka@acme-corp.example.com',
        {},
        { timeout: 5000 },
      ),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('連携済み');
    await waitFor(() => expect(args.onConnected).toHaveBeenCalled());
  },
};

/** 連携中: the consent window is open and Google has not answered yet. */
export const Connecting: Story = {
  parameters: scenario('consentPending'),
  play: async ({ canvasElement }) => {
    fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Google カレンダーを連携' }));
    await expect(
      await canvas.findByRole('button', { name: 'Google カレンダーの連携をキャンセル' }),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('連携中…');
    await expect(canvas.getByText(/カレンダーへのアクセスにチェックを入れて/)).toBeVisible();
  },
};

/** The consent window was closed unanswered: back to 未連携 quietly (Google has no pre-approval step). */
export const ClosedUnanswered: Story = {
  parameters: scenario('consentPending'),
  play: async ({ canvasElement }) => {
    const { popups } = fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Google カレンダーを連携' }));
    await waitFor(() => expect(popups[0]?.location.href).toBe('about:blank'));
    if (popups[0]) popups[0].closed = true;
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('未連携'));
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

/** 連携済み: the Google e-mail, and 連携解除 through the confirm step. */
export const Connected: Story = {
  parameters: scenario('connected'),
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText('Google アカウント: tanaka@acme-corp.example.com'),
    ).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: '連携解除' }));
    await expect(canvas.getByText(/Google カレンダーの連携を解除しますか/)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: '解除する' }));
    await expect(
      await canvas.findByRole('button', { name: 'Google カレンダーを連携' }),
    ).toBeVisible();
    await waitFor(() => expect(args.onDisconnected).toHaveBeenCalled());
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

/** 要再連携: Google refused the refresh token (access removed, password changed). */
export const NeedsReauth: Story = {
  parameters: scenario('needsReauth'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(/Google カレンダーの認可が切れています/)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Google カレンダーを再連携' })).toBeVisible();
  },
};

/** 要再連携: a colleague of the same organization linked this Google account since. */
export const MovedSameTenant: Story = {
  parameters: scenario('movedSameTenant'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(/佐藤 花子 さんの ATS アカウントに連携し直されました/),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('要再連携');
  },
};

/** 要再連携: someone in another organization linked this Google account since (never named). */
export const MovedOtherTenant: Story = {
  parameters: scenario('movedOtherTenant'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(/別の組織の ATS アカウントに連携し直されました/),
    ).toBeVisible();
  },
};

/** 未連携 again after the user declined, or unticked calendar access, with the reason. */
export const Denied: Story = {
  parameters: scenario('connectDenied'),
  play: async ({ canvasElement }) => {
    fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Google カレンダーを連携' }));
    await expect(await canvas.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(
      'カレンダーへのアクセスにチェックが入っていなかった',
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
      'Google カレンダーの連携状態を読み込んでいます…',
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

/** Disconnecting fails because Google is down: the link stays and the user is told. */
export const DisconnectFails: Story = {
  parameters: scenario('disconnectFails'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: '連携解除' }));
    await userEvent.click(canvas.getByRole('button', { name: '解除する' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      'Google カレンダーに接続できませんでした',
    );
    await expect(canvas.getByRole('status')).toHaveTextContent('連携済み');
  },
};

/** Keyboard only: Tab and Enter connect; Enter, then Enter again in the confirm step, disconnect. */
export const KeyboardOnly: Story = {
  parameters: scenario('notConnected'),
  play: async ({ canvasElement }) => {
    fakePopupWindow();
    const canvas = within(canvasElement);
    const connect = await canvas.findByRole('button', { name: 'Google カレンダーを連携' });
    await userEvent.tab();
    await expect(connect).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(
      canvas.getByRole('button', { name: 'Google カレンダーの連携をキャンセル' }),
    ).toHaveFocus();
    await waitFor(() => expect(canvas.getByRole('button', { name: '連携解除' })).toHaveFocus(), {
      timeout: 5000,
    });
    await userEvent.keyboard('{Enter}');
    await expect(canvas.getByRole('button', { name: '解除する' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(canvas.getByRole('button', { name: 'Google カレンダーを連携' })).toHaveFocus(),
    );
  },
};

/** The English catalogue. */
export const English: Story = {
  parameters: { ...scenario('connected'), locale: 'en' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText('Google account: tanaka@acme-corp.example.com'),
    ).toBeVisible();
    await expect(canvas.getByRole('group', { name: 'Google Calendar' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  },
};
