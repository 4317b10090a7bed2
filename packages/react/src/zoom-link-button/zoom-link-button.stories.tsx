import type { Connection } from '@ats-zoom/contract';
import {
  fixtures,
  routeHandler,
  routeResponse,
  type ZoomConnectionScenarioName,
  zoomConnectionScenarios,
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
import { ZoomLinkButton } from './zoom-link-button';

function scenario(name: ZoomConnectionScenarioName, options: { delay?: number } = {}) {
  return mswGroups({
    connections: zoomConnectionScenarios[name]({ baseUrl: storyBffUrl, ...options }),
  });
}

/** A managed account with a very long e-mail, taken over from a colleague with a very long name. */
const longConnection: Connection = {
  ...fixtures.managedConnection,
  email: longNames.email,
  displayName: longNames.personName,
  movedFrom: { scope: 'same_tenant', userName: longNames.personName },
};

/** `connected`, with the long account answered first by `GET /connections/me`. */
const longAccountScenario = mswGroups({
  connections: [
    routeHandler('getMyConnections', { baseUrl: storyBffUrl }, () =>
      routeResponse('getMyConnections', { zoom: longConnection, google: null }),
    ),
    ...zoomConnectionScenarios.connected({ baseUrl: storyBffUrl }),
  ],
});

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
  play: async ({ canvasElement, args, ...context }) => {
    const t = storyMessages(context);
    const { open } = fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('zoomLinkButton.connectAria') }),
    );
    await expect(open).toHaveBeenCalledWith('', 'atz-oauth-zoom', 'popup,width=600,height=720');
    await expect(
      await canvas.findByText(
        t('zoomLinkButton.email', { email: fixtures.personalConnection.email ?? '' }),
        {},
        { timeout: 5000 },
      ),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('zoomLinkButton.status.connected'),
    );
    await waitFor(() => expect(args.onConnected).toHaveBeenCalled());
  },
};

/** 連携中: the popup is open and Zoom has not answered yet. */
export const Connecting: Story = {
  parameters: scenario('awaitingApproval'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('zoomLinkButton.connectAria') }),
    );
    await expect(
      await canvas.findByRole('button', { name: t('zoomLinkButton.cancelAria') }),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('zoomLinkButton.status.connecting'),
    );
  },
};

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
export const Connected: Story = {
  parameters: scenario('connected'),
  play: async ({ canvasElement, args, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(
        t('zoomLinkButton.email', { email: fixtures.personalConnection.email ?? '' }),
      ),
    ).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: t('zoomLinkButton.disconnect') }));
    await expect(canvas.getByText(t('zoomLinkButton.disconnectConfirm'))).toBeVisible();
    await userEvent.click(
      canvas.getByRole('button', { name: t('zoomLinkButton.disconnectConfirmAction') }),
    );
    await expect(
      await canvas.findByRole('button', { name: t('zoomLinkButton.connectAria') }),
    ).toBeVisible();
    await waitFor(() => expect(args.onDisconnected).toHaveBeenCalled());
  },
};

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
export const MovedIn: Story = {
  parameters: scenario('connectedMovedIn'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(t('zoomLinkButton.movedFromSameTenant', { name: '佐藤 花子' })),
    ).toBeVisible();
  },
};

/** 要再連携: the grant was lost at Zoom. */
export const NeedsReauth: Story = {
  parameters: scenario('needsReauth'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByRole('button', { name: t('zoomLinkButton.reconnectAria') }),
    ).toBeVisible();
  },
};

/** 要再連携: a colleague of the same organization linked this Zoom account since. */
export const MovedSameTenant: Story = {
  parameters: scenario('movedSameTenant'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(t('zoomLinkButton.movedToSameTenant', { name: '佐藤 花子' })),
    ).toBeVisible();
  },
};

/** 要再連携: someone in another organization linked this Zoom account since (never named). */
export const MovedOtherTenant: Story = {
  parameters: scenario('movedOtherTenant'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomLinkButton.movedToOtherTenant'))).toBeVisible();
  },
};

/** 未連携 again after the user declined at Zoom, with the reason. */
export const Denied: Story = {
  parameters: scenario('connectDenied'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('zoomLinkButton.connectAria') }),
    );
    await expect(await canvas.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(
      storyErrorMessage(context, 'oauth_access_denied', 'zoomLinkButton'),
    );
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('zoomLinkButton.status.notConnected'),
    );
  },
};

/** Waiting for the BFF: a skeleton with accessible text. */
export const Loading: Story = {
  parameters: scenario('loading'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent(t('zoomLinkButton.status.loading'));
  },
};

/** The BFF failed: the message says what to do, with 再試行. */
export const ServerError: Story = {
  parameters: scenario('serverError'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(t('error.internal_error'));
    await expect(canvas.getByRole('button', { name: t('zoomLinkButton.retry') })).toBeVisible();
  },
};

/** Disconnecting fails because Zoom is down: the link stays and the user is told. */
export const DisconnectFails: Story = {
  parameters: scenario('disconnectFails'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('zoomLinkButton.disconnect') }),
    );
    await userEvent.click(
      canvas.getByRole('button', { name: t('zoomLinkButton.disconnectConfirmAction') }),
    );
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      storyErrorMessage(context, 'provider_unavailable', 'zoomLinkButton'),
    );
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('zoomLinkButton.status.connected'),
    );
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

/** Long names: a 100-character e-mail and a long colleague's name wrap instead of overflowing. */
export const LongNames: Story = {
  parameters: longAccountScenario,
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(t('zoomLinkButton.email', { email: longNames.email })),
    ).toBeVisible();
    await expect(
      canvas.getByText(t('zoomLinkButton.movedFromSameTenant', { name: longNames.personName })),
    ).toBeVisible();
  },
};

/** Narrow width: the long account in a 320 px column (a phone) stays inside it. */
export const Narrow: Story = {
  ...narrowWidth,
  parameters: longAccountScenario,
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await canvas.findByText(t('zoomLinkButton.email', { email: longNames.email }));
    await expect(overflowsSideways(canvasElement)).toBe(false);
  },
};

/** Slow network: every BFF answer takes 2.5 s, so the loading state shows before the account. */
export const SlowNetwork: Story = {
  parameters: scenario('connected', { delay: 2500 }),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent(t('zoomLinkButton.status.loading'));
    await expect(canvasElement.querySelector('[data-slot="zoom-link-button"]')).toHaveAttribute(
      'aria-busy',
      'true',
    );
    await expect(
      await canvas.findByText(
        t('zoomLinkButton.email', { email: fixtures.personalConnection.email ?? '' }),
        {},
        { timeout: 15000 },
      ),
    ).toBeVisible();
  },
};

/** Keyboard only: Tab and Enter connect; Enter, then Enter again in the confirm step, disconnect. */
export const KeyboardOnly: Story = {
  args: { timing: { pollIntervalMs: 200, popupCheckIntervalMs: 100 } },
  parameters: scenario('notConnected'),
  play: async ({ canvasElement, args, ...context }) => {
    const t = storyMessages(context);
    fakePopupWindow();
    const canvas = within(canvasElement);
    const connect = await canvas.findByRole('button', { name: t('zoomLinkButton.connectAria') });
    await userEvent.tab();
    await expect(connect).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(
      canvas.getByRole('button', { name: t('zoomLinkButton.cancelAria') }),
    ).toHaveFocus();
    const disconnect = () => canvas.getByRole('button', { name: t('zoomLinkButton.disconnect') });
    await waitFor(() => expect(disconnect()).toHaveFocus(), { timeout: 5000 });
    await waitFor(() => expect(args.onConnected).toHaveBeenCalled());
    await userEvent.keyboard('{Enter}');
    await expect(
      canvas.getByRole('button', { name: t('zoomLinkButton.disconnectConfirmAction') }),
    ).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(canvas.getByRole('button', { name: t('zoomLinkButton.connectAria') })).toHaveFocus(),
    );
    await waitFor(() => expect(args.onDisconnected).toHaveBeenCalled());
  },
};

/** Keyboard only, 承認待ち: Enter on 事前承認をとる shows the steps; Tab reaches 認可. */
export const KeyboardPreApproval: Story = {
  args: { timing: { pollIntervalMs: 200, popupCheckIntervalMs: 100 } },
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
