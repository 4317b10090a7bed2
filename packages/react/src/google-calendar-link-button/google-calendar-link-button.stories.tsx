import { fixtures, googleConnectionScenarios } from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { connectionScenario, fastTiming, linkButtonStories } from '../../test/link-button-stories';
import { fakePopupWindow, storyMessages, withStoryProvider } from '../../test/story-provider';
import { GoogleCalendarLinkButton } from './google-calendar-link-button';

const scenario = connectionScenario(googleConnectionScenarios);

const meta = {
  title: 'Components/GoogleCalendarLinkButton',
  component: GoogleCalendarLinkButton,
  decorators: [withStoryProvider],
  args: { onConnected: fn(), onDisconnected: fn(), timing: fastTiming },
  parameters: { layout: 'padded', ...scenario('notConnected') },
} satisfies Meta<typeof GoogleCalendarLinkButton>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The stories `ZoomLinkButton` has too (see test/link-button-stories). */
const shared = linkButtonStories({
  provider: 'google',
  prefix: 'googleCalendarLinkButton',
  scenarios: googleConnectionScenarios,
  // The consent screen left unanswered.
  pendingScenario: 'consentPending',
  account: fixtures.googleConnection,
  longAccount: fixtures.googleConnection,
  unavailable: 'calendar_unavailable',
  english: { account: 'Google account: tanaka@acme-corp.example.com', group: 'Google Calendar' },
});

/** 未連携: the user connects; the fake BFF completes the attempt on the first poll. */
export const NotConnected: Story = shared.NotConnected;

/** 連携中: the consent window is open and Google has not answered yet. */
export const Connecting: Story = shared.Connecting;

/** The consent window was closed unanswered: back to 未連携 quietly (Google has no pre-approval step). */
export const ClosedUnanswered: Story = {
  parameters: scenario('consentPending'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const { popups } = fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('googleCalendarLinkButton.connectAria') }),
    );
    await waitFor(() => expect(popups[0]?.location.href).toBe('about:blank'));
    if (popups[0]) popups[0].closed = true;
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(
        t('googleCalendarLinkButton.status.notConnected'),
      ),
    );
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

/** 連携済み: the Google e-mail, and 連携解除 through the confirm step. */
export const Connected: Story = shared.Connected;

/** 連携済み, taken over from a colleague at connect time. */
export const MovedIn: Story = shared.MovedIn;

/** 要再連携: Google refused the refresh token (access removed, password changed). */
export const NeedsReauth: Story = shared.NeedsReauth;

/** 要再連携: a colleague of the same organization linked this Google account since. */
export const MovedSameTenant: Story = shared.MovedSameTenant;

/** 要再連携: someone in another organization linked this Google account since (never named). */
export const MovedOtherTenant: Story = shared.MovedOtherTenant;

/** 未連携 again after the user declined, or unticked calendar access, with the reason. */
export const Denied: Story = shared.Denied;

/** Waiting for the BFF: a skeleton with accessible text. */
export const Loading: Story = shared.Loading;

/** The BFF failed: the message says what to do, with 再試行. */
export const ServerError: Story = shared.ServerError;

/** Disconnecting fails because Google is down: the link stays and the user is told. */
export const DisconnectFails: Story = shared.DisconnectFails;

/** Keyboard only: Tab and Enter connect; Enter, then Enter again in the confirm step, disconnect. */
export const KeyboardOnly: Story = shared.KeyboardOnly;

/** Long names: a 100-character e-mail and a long colleague's name wrap instead of overflowing. */
export const LongNames: Story = shared.LongNames;

/** Narrow width: the long account and the disconnect confirmation in a 320 px column. */
export const Narrow: Story = shared.Narrow;

/** Phone width: the same in a 375 px column on a 375 px screen. */
export const Phone: Story = shared.Phone;

/** In a table cell: the last column of a host's settings table on a 320 px phone; 未連携 stays one badge. */
export const InTableCell: Story = shared.InTableCell;

/** Slow network: every BFF answer takes 2.5 s, so the loading state shows before the account. */
export const SlowNetwork: Story = shared.SlowNetwork;

/** The English catalogue. */
export const English: Story = shared.English;
