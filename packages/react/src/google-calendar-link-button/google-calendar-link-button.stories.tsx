import type { Connection } from '@ats-zoom/contract';
import {
  createConnectionHandlers,
  fixtures,
  type GoogleConnectionScenarioName,
  routeHandler,
  routeResponse,
} from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import {
  fakePopupWindow,
  longNames,
  mswGroups,
  narrowWidth,
  overflowsSideways,
  storyBffUrl,
  storyErrorMessage,
  storyMessages,
  withStoryProvider,
} from '../../test/story-provider';
import { GoogleCalendarLinkButton } from './google-calendar-link-button';

function scenario(name: GoogleConnectionScenarioName, options: { delay?: number } = {}) {
  return mswGroups({
    connections: createConnectionHandlers({ baseUrl: storyBffUrl, google: name, ...options }),
  });
}

/** A Google account with a very long e-mail, taken over from a colleague with a very long name. */
const longConnection: Connection = {
  ...fixtures.googleConnection,
  email: longNames.email,
  displayName: longNames.personName,
  movedFrom: { scope: 'same_tenant', userName: longNames.personName },
};

/** `connected`, with the long account answered first by `GET /connections/me`. */
const longAccountScenario = mswGroups({
  connections: [
    routeHandler('getMyConnections', { baseUrl: storyBffUrl }, () =>
      routeResponse('getMyConnections', { zoom: null, google: longConnection }),
    ),
    ...createConnectionHandlers({ baseUrl: storyBffUrl, google: 'connected' }),
  ],
});

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
  play: async ({ canvasElement, args, ...context }) => {
    const t = storyMessages(context);
    const { open } = fakePopupWindow();
    const canvas = within(canvasElement);
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(
        t('googleCalendarLinkButton.status.notConnected'),
      ),
    );
    await userEvent.click(
      await canvas.findByRole('button', { name: t('googleCalendarLinkButton.connectAria') }),
    );
    await expect(open).toHaveBeenCalledWith('', 'atz-oauth-google', 'popup,width=600,height=720');
    await expect(
      await canvas.findByText(
        t('googleCalendarLinkButton.email', { email: fixtures.googleConnection.email ?? '' }),
        {},
        { timeout: 5000 },
      ),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('googleCalendarLinkButton.status.connected'),
    );
    await waitFor(() => expect(args.onConnected).toHaveBeenCalled());
  },
};

/** 連携中: the consent window is open and Google has not answered yet. */
export const Connecting: Story = {
  parameters: scenario('consentPending'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('googleCalendarLinkButton.connectAria') }),
    );
    await expect(
      await canvas.findByRole('button', { name: t('googleCalendarLinkButton.cancelAria') }),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('googleCalendarLinkButton.status.connecting'),
    );
    await expect(canvas.getByText(t('googleCalendarLinkButton.connectingHint'))).toBeVisible();
  },
};

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
export const Connected: Story = {
  parameters: scenario('connected'),
  play: async ({ canvasElement, args, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(
        t('googleCalendarLinkButton.email', { email: fixtures.googleConnection.email ?? '' }),
      ),
    ).toBeVisible();
    await userEvent.click(
      canvas.getByRole('button', { name: t('googleCalendarLinkButton.disconnect') }),
    );
    await expect(canvas.getByText(t('googleCalendarLinkButton.disconnectConfirm'))).toBeVisible();
    await userEvent.click(
      canvas.getByRole('button', { name: t('googleCalendarLinkButton.disconnectConfirmAction') }),
    );
    await expect(
      await canvas.findByRole('button', { name: t('googleCalendarLinkButton.connectAria') }),
    ).toBeVisible();
    await waitFor(() => expect(args.onDisconnected).toHaveBeenCalled());
  },
};

/** 連携済み, taken over from a colleague at connect time. */
export const MovedIn: Story = {
  parameters: scenario('connectedMovedIn'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(
        t('googleCalendarLinkButton.movedFromSameTenant', { name: '佐藤 花子' }),
      ),
    ).toBeVisible();
  },
};

/** 要再連携: Google refused the refresh token (access removed, password changed). */
export const NeedsReauth: Story = {
  parameters: scenario('needsReauth'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(t('googleCalendarLinkButton.needsReauthHint')),
    ).toBeVisible();
    await expect(
      canvas.getByRole('button', { name: t('googleCalendarLinkButton.reconnectAria') }),
    ).toBeVisible();
  },
};

/** 要再連携: a colleague of the same organization linked this Google account since. */
export const MovedSameTenant: Story = {
  parameters: scenario('movedSameTenant'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(
        t('googleCalendarLinkButton.movedToSameTenant', { name: '佐藤 花子' }),
      ),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('googleCalendarLinkButton.status.moved'),
    );
  },
};

/** 要再連携: someone in another organization linked this Google account since (never named). */
export const MovedOtherTenant: Story = {
  parameters: scenario('movedOtherTenant'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(t('googleCalendarLinkButton.movedToOtherTenant')),
    ).toBeVisible();
  },
};

/** 未連携 again after the user declined, or unticked calendar access, with the reason. */
export const Denied: Story = {
  parameters: scenario('connectDenied'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('googleCalendarLinkButton.connectAria') }),
    );
    await expect(await canvas.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(
      storyErrorMessage(context, 'oauth_access_denied', 'googleCalendarLinkButton'),
    );
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('googleCalendarLinkButton.status.notConnected'),
    );
  },
};

/** Waiting for the BFF: a skeleton with accessible text. */
export const Loading: Story = {
  parameters: scenario('loading'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('googleCalendarLinkButton.status.loading'),
    );
  },
};

/** The BFF failed: the message says what to do, with 再試行. */
export const ServerError: Story = {
  parameters: scenario('serverError'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(t('error.internal_error'));
    await expect(
      canvas.getByRole('button', { name: t('googleCalendarLinkButton.retry') }),
    ).toBeVisible();
  },
};

/** Disconnecting fails because Google is down: the link stays and the user is told. */
export const DisconnectFails: Story = {
  parameters: scenario('disconnectFails'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('googleCalendarLinkButton.disconnect') }),
    );
    await userEvent.click(
      canvas.getByRole('button', { name: t('googleCalendarLinkButton.disconnectConfirmAction') }),
    );
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      storyErrorMessage(context, 'google_unavailable', 'googleCalendarLinkButton'),
    );
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('googleCalendarLinkButton.status.connected'),
    );
  },
};

/** Keyboard only: Tab and Enter connect; Enter, then Enter again in the confirm step, disconnect. */
export const KeyboardOnly: Story = {
  parameters: scenario('notConnected'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    fakePopupWindow();
    const canvas = within(canvasElement);
    const connect = await canvas.findByRole('button', {
      name: t('googleCalendarLinkButton.connectAria'),
    });
    await userEvent.tab();
    await expect(connect).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(
      canvas.getByRole('button', { name: t('googleCalendarLinkButton.cancelAria') }),
    ).toHaveFocus();
    await waitFor(
      () =>
        expect(
          canvas.getByRole('button', { name: t('googleCalendarLinkButton.disconnect') }),
        ).toHaveFocus(),
      {
        timeout: 5000,
      },
    );
    await userEvent.keyboard('{Enter}');
    await expect(
      canvas.getByRole('button', { name: t('googleCalendarLinkButton.disconnectConfirmAction') }),
    ).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(
        canvas.getByRole('button', { name: t('googleCalendarLinkButton.connectAria') }),
      ).toHaveFocus(),
    );
  },
};

/** Long names: a 100-character e-mail and a long colleague's name wrap instead of overflowing. */
export const LongNames: Story = {
  parameters: longAccountScenario,
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(t('googleCalendarLinkButton.email', { email: longNames.email })),
    ).toBeVisible();
    await expect(
      canvas.getByText(
        t('googleCalendarLinkButton.movedFromSameTenant', { name: longNames.personName }),
      ),
    ).toBeVisible();
  },
};

/** Narrow width: the long account and the disconnect confirmation in a 320 px column. */
export const Narrow: Story = {
  ...narrowWidth,
  parameters: longAccountScenario,
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('googleCalendarLinkButton.disconnect') }),
    );
    await expect(canvas.getByText(t('googleCalendarLinkButton.disconnectConfirm'))).toBeVisible();
    await expect(overflowsSideways(canvasElement)).toBe(false);
  },
};

/** Slow network: every BFF answer takes 2.5 s, so the loading state shows before the account. */
export const SlowNetwork: Story = {
  parameters: scenario('connected', { delay: 2500 }),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('googleCalendarLinkButton.status.loading'),
    );
    await expect(
      await canvas.findByText(
        t('googleCalendarLinkButton.email', { email: fixtures.googleConnection.email ?? '' }),
        {},
        { timeout: 15000 },
      ),
    ).toBeVisible();
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
