import { approvalWaitSince, fixtures, zoomConnectionScenarios } from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { connectionScenario, fastTiming, linkButtonStories } from '../../test/link-button-stories';
import {
  fakePopupWindow,
  storyLocaleOf,
  storyMessages,
  withStoryProvider,
} from '../../test/story-provider';
import { ZoomLinkButton } from './zoom-link-button';

const scenario = connectionScenario(zoomConnectionScenarios);

const meta = {
  title: 'Components/ZoomLinkButton',
  component: ZoomLinkButton,
  decorators: [withStoryProvider],
  args: { onConnected: fn(), onDisconnected: fn() },
  parameters: { layout: 'padded', ...scenario('notConnected') },
} satisfies Meta<typeof ZoomLinkButton>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The stories `GoogleCalendarLinkButton` has too (see test/link-button-stories). */
const shared = linkButtonStories({
  provider: 'zoom',
  prefix: 'zoomLinkButton',
  scenarios: zoomConnectionScenarios,
  // A managed account without pre-approval: Zoom stays on its pre-approval page.
  pendingScenario: 'preApprovalPage',
  account: fixtures.personalConnection,
  // The long names stretch a managed account.
  longAccount: fixtures.managedConnection,
  unavailable: 'provider_unavailable',
  english: { account: 'Zoom account: tanaka.taro@example.com', group: 'Zoom Meeting' },
});

/** 未連携: the user connects; the fake BFF completes the attempt on the first poll. */
export const NotConnected: Story = shared.NotConnected;

/** 連携中: the popup is open and Zoom has not answered yet. */
export const Connecting: Story = shared.Connecting;

/**
 * 連携中 on a company account: the hint says what to do on Zoom's pre-approval page (press
 * Request pre-approval there, then close the window).
 */
export const ConnectingPreApprovalHint: Story = {
  parameters: scenario('preApprovalPage'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('zoomLinkButton.connectAria') }),
    );
    await expect(await canvas.findByText(t('zoomLinkButton.connectingHint'))).toBeVisible();
  },
};

/**
 * 未完了: Zoom's window closed without a result. The page cannot see Zoom's page, so it asks
 * whether the user requested pre-approval there; nothing says 承認待ち yet.
 */
export const ClosedWithoutResult: Story = {
  parameters: scenario('preApprovalPage'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const { popups } = fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('zoomLinkButton.connectAria') }),
    );
    await waitFor(() => expect(popups[0]?.location.href).toBe('about:blank'));
    if (popups[0]) popups[0].closed = true;
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(t('zoomLinkButton.status.unfinished')),
    );
    await expect(canvas.getByText(t('zoomLinkButton.unfinishedHint'))).toBeVisible();
    await expect(
      canvas.getByRole('button', { name: t('zoomLinkButton.requestedApprovalAria') }),
    ).toBeVisible();
    await expect(
      canvas.getByRole('button', { name: t('zoomLinkButton.cancelAria') }),
    ).toBeVisible();
  },
};

/** 未完了 → リクエストした: the wait is recorded at the BFF and the button says 承認待ち. */
export const RequestedApproval: Story = {
  parameters: scenario('preApprovalPage'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const { popups } = fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('zoomLinkButton.connectAria') }),
    );
    await waitFor(() => expect(popups[0]?.location.href).toBe('about:blank'));
    if (popups[0]) popups[0].closed = true;
    await userEvent.click(
      await canvas.findByRole('button', { name: t('zoomLinkButton.requestedApprovalAria') }),
    );
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(
        t('zoomLinkButton.status.awaitingApproval'),
      ),
    );
  },
};

/**
 * 承認待ち: the user said they requested pre-approval (the BFF keeps it, with the day); 連携 once
 * the admin approved, 取り下げる to stop waiting.
 */
export const AwaitingApproval: Story = {
  parameters: scenario('awaitingApproval'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(
        t('zoomLinkButton.status.awaitingApproval'),
      ),
    );
    const day = new Date(approvalWaitSince).toLocaleDateString(storyLocaleOf(context));
    await expect(
      canvas.getByText(t('zoomLinkButton.awaitingApprovalHint', { since: day })),
    ).toBeVisible();
    await expect(
      canvas.getByRole('button', { name: t('zoomLinkButton.connectAria') }),
    ).toBeVisible();
    await expect(
      canvas.getByRole('button', { name: t('zoomLinkButton.withdrawApprovalAria') }),
    ).toBeVisible();
  },
};

/** 承認待ち → 取り下げる: the wait is withdrawn at the BFF and the button is back to 未連携. */
export const WithdrawApproval: Story = {
  parameters: scenario('awaitingApproval'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('zoomLinkButton.withdrawApprovalAria') }),
    );
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(t('zoomLinkButton.status.notConnected')),
    );
  },
};

/** 連携済み: the user disconnects through the confirm step. */
export const Connected: Story = shared.Connected;

/** 連携済み with a company (managed) Zoom account. */
export const ConnectedManaged: Story = {
  parameters: scenario('connectedManaged'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomLinkButton.accountType.managed'))).toBeVisible();
  },
};

/** 連携済み, taken over from a colleague at connect time. */
export const MovedIn: Story = shared.MovedIn;

/** 要再連携: the grant was lost at Zoom. */
export const NeedsReauth: Story = shared.NeedsReauth;

/** 要再連携: the user removed the app at Zoom (app_deauthorized); the hint says so. */
export const RevokedAtZoom: Story = {
  parameters: scenario('revokedAtZoom'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomLinkButton.revokedHint'))).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('zoomLinkButton.status.needsReauth'),
    );
    await expect(
      canvas.getByRole('button', { name: t('zoomLinkButton.reconnectAria') }),
    ).toBeVisible();
  },
};

/** 要再連携: a colleague of the same organization linked this Zoom account since. */
export const MovedSameTenant: Story = shared.MovedSameTenant;

/** 要再連携: someone in another organization linked this Zoom account since (never named). */
export const MovedOtherTenant: Story = shared.MovedOtherTenant;

/** 未連携 again after the user declined at Zoom, with the reason. */
export const Denied: Story = shared.Denied;

/** Waiting for the BFF: a skeleton with accessible text. */
export const Loading: Story = shared.Loading;

/** The BFF failed: the message says what to do, with 再試行. */
export const ServerError: Story = shared.ServerError;

/** Disconnecting fails because Zoom is down: the link stays and the user is told. */
export const DisconnectFails: Story = shared.DisconnectFails;

/** The English catalogue. */
export const English: Story = shared.English;

/** Long names: a 100-character e-mail and a long colleague's name wrap instead of overflowing. */
export const LongNames: Story = shared.LongNames;

/** Narrow width: the long account in a 320 px column (a phone) stays inside it. */
export const Narrow: Story = shared.Narrow;

/** Phone width: the same in a 375 px column on a 375 px screen. */
export const Phone: Story = shared.Phone;

/** In a table cell: the last column of a host's settings table on a 320 px phone; 未連携 stays one badge. */
export const InTableCell: Story = shared.InTableCell;

/** Slow network: every BFF answer takes 2.5 s, so the loading state shows before the account. */
export const SlowNetwork: Story = shared.SlowNetwork;

/** Keyboard only: Tab and Enter connect; Enter, then Enter again in the confirm step, disconnect. */
export const KeyboardOnly: Story = shared.KeyboardOnly;

/** Keyboard only, 未完了: focus lands on リクエストした; Tab reaches キャンセル; Enter records the wait. */
export const KeyboardPreApproval: Story = {
  args: { timing: fastTiming },
  parameters: scenario('preApprovalPage'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const { popups } = fakePopupWindow();
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: t('zoomLinkButton.connectAria') });
    await userEvent.tab();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(popups[0]?.location.href).toBe('about:blank'));
    if (popups[0]) popups[0].closed = true;
    const requested = () =>
      canvas.getByRole('button', { name: t('zoomLinkButton.requestedApprovalAria') });
    // Focus follows the state change onto リクエストした, the action that now matters.
    await waitFor(() => expect(requested()).toHaveFocus(), { timeout: 5000 });
    await userEvent.tab();
    await expect(
      canvas.getByRole('button', { name: t('zoomLinkButton.cancelAria') }),
    ).toHaveFocus();
    await userEvent.tab({ shift: true });
    await userEvent.keyboard('{Enter}');
    // 承認待ち: focus moves on to 連携.
    await waitFor(() =>
      expect(canvas.getByRole('button', { name: t('zoomLinkButton.connectAria') })).toHaveFocus(),
    );
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('zoomLinkButton.status.awaitingApproval'),
    );
  },
};
