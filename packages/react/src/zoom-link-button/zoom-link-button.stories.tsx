import { fixtures, zoomConnectionScenarios } from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { connectionScenario, fastTiming, linkButtonStories } from '../../test/link-button-stories';
import { fakePopupWindow, storyMessages, withStoryProvider } from '../../test/story-provider';
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
  // A managed account without pre-approval: Zoom never answers.
  pendingScenario: 'awaitingApproval',
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

/** 承認待ち: the popup closed with no result (a managed account without pre-approval). */
export const AwaitingApproval: Story = {
  parameters: scenario('awaitingApproval'),
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
      expect(canvas.getByRole('status')).toHaveTextContent(
        t('zoomLinkButton.status.awaitingApproval'),
      ),
    );
    await userEvent.click(
      canvas.getByRole('button', { name: t('zoomLinkButton.requestPreApproval') }),
    );
    await expect(canvas.getByText(t('zoomLinkButton.preApprovalStep1'))).toBeVisible();
    await expect(
      canvas.getByRole('button', { name: t('zoomLinkButton.authorizeAria') }),
    ).toBeVisible();
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

/** Keyboard only, 承認待ち: Enter on 事前承認をとる shows the steps; Tab reaches 認可. */
export const KeyboardPreApproval: Story = {
  args: { timing: fastTiming },
  parameters: scenario('awaitingApproval'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const { popups } = fakePopupWindow();
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: t('zoomLinkButton.connectAria') });
    await userEvent.tab();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(popups[0]?.location.href).toBe('about:blank'));
    if (popups[0]) popups[0].closed = true;
    const authorize = () => canvas.getByRole('button', { name: t('zoomLinkButton.authorizeAria') });
    // Focus follows the state change onto 認可, the action that now matters.
    await waitFor(() => expect(authorize()).toHaveFocus(), { timeout: 5000 });
    await userEvent.tab({ shift: true });
    const preApproval = canvas.getByRole('button', {
      name: t('zoomLinkButton.requestPreApproval'),
    });
    await expect(preApproval).toHaveFocus();
    await expect(preApproval).toHaveAttribute('aria-expanded', 'false');
    await userEvent.keyboard('{Enter}');
    await expect(preApproval).toHaveAttribute('aria-expanded', 'true');
    await expect(canvas.getByText(t('zoomLinkButton.preApprovalStep2'))).toBeVisible();
    await userEvent.tab();
    await expect(authorize()).toHaveFocus();
  },
};
