import { fixtures, outlookConnectionScenarios } from '@ats-zoom/msw';
import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { connectionScenario, fastTiming, linkButtonStories } from '../../test/link-button-stories';
import {
  fakePopupWindow,
  storyCatalogue,
  storyLocaleOf,
  withStoryProvider,
} from '../../test/story-provider';
import type { MessageKey } from '../intl/messages';
import { outlookEn } from '../outlook/locales/en';
import { outlookJa } from '../outlook/locales/ja';
import type { OutlookMessageKey } from './messages';
import { OutlookCalendarLinkButton } from './outlook-calendar-link-button';

const scenario = connectionScenario(outlookConnectionScenarios);
const outlookTexts = { ja: outlookJa.messages, en: outlookEn.messages };

/** An Outlook text in the story's language, by its key without the prefix. */
function outlookText(context: Pick<StoryContext, 'parameters' | 'globals'>) {
  const messages = storyCatalogue(context, outlookTexts);
  return (
    key: OutlookMessageKey extends `outlookCalendarLinkButton.${infer Rest}` ? Rest : never,
  ) => messages[`outlookCalendarLinkButton.${key}` as MessageKey];
}

const meta = {
  title: 'Components/OutlookCalendarLinkButton',
  component: OutlookCalendarLinkButton,
  decorators: [withStoryProvider],
  // The button's texts follow the story's language, as a host passes the one it shows.
  render: (args, context) => (
    <OutlookCalendarLinkButton
      {...args}
      locale={storyLocaleOf(context) === 'en' ? outlookEn : outlookJa}
    />
  ),
  args: { locale: outlookJa, onConnected: fn(), onDisconnected: fn(), timing: fastTiming },
  parameters: { layout: 'padded', ...scenario('notConnected') },
} satisfies Meta<typeof OutlookCalendarLinkButton>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The stories the other link buttons have too (see test/link-button-stories). */
const shared = linkButtonStories({
  provider: 'outlook',
  prefix: 'outlookCalendarLinkButton',
  scenarios: outlookConnectionScenarios,
  // Microsoft's sign-in or consent screen left unanswered.
  pendingScenario: 'consentPending',
  account: fixtures.outlookConnection,
  longAccount: fixtures.outlookConnection,
  unavailable: 'calendar_unavailable',
  english: {
    account: 'Microsoft account: tanaka.taro@acme-corp.example.onmicrosoft.com',
    group: 'Outlook Calendar',
  },
  extraMessages: outlookTexts,
});

/** 未連携: the user connects; the fake BFF completes the attempt on the first poll. */
export const NotConnected: Story = shared.NotConnected;

/** 連携中: the Microsoft window is open and has not answered yet. */
export const Connecting: Story = shared.Connecting;

/**
 * 管理者の承認待ち: the Microsoft 365 organization lets only an administrator consent to the
 * app. The button says what to ask the admin for (the delegated permissions, and where in
 * Microsoft Entra); once they approved, 連携をやり直す connects (keyboard only here).
 */
export const AdminConsentRequired: Story = {
  parameters: scenario('adminConsentRequired'),
  play: async ({ canvasElement, args, ...context }) => {
    const t = outlookText(context);
    fakePopupWindow();
    const canvas = within(canvasElement);
    const connect = await canvas.findByRole('button', { name: t('connectAria') });
    await userEvent.tab();
    await expect(connect).toHaveFocus();
    await userEvent.keyboard('{Enter}');

    const retry = await canvas.findByRole(
      'button',
      { name: t('retryConnectAria') },
      {
        timeout: 5000,
      },
    );
    await expect(canvas.getByRole('status')).toHaveTextContent(t('status.adminConsentRequired'));
    const alert = canvas.getByRole('alert');
    await expect(alert).toHaveTextContent(t('adminConsent.text'));
    await expect(alert).toHaveTextContent('Calendars.ReadWrite');
    await expect(alert).toHaveTextContent('Microsoft Entra');
    await waitFor(() => expect(retry).toHaveFocus());

    // The admin approved: the next attempt links the account.
    await userEvent.keyboard('{Enter}');
    await waitFor(
      () => expect(canvas.getByRole('button', { name: t('disconnect') })).toHaveFocus(),
      { timeout: 5000 },
    );
    await expect(canvas.getByRole('status')).toHaveTextContent(t('status.connected'));
    await expect(canvas.queryByRole('alert')).toBeNull();
    await waitFor(() => expect(args.onConnected).toHaveBeenCalled());
  },
};

/** 管理者の承認待ち, as it stays while the admin has not approved yet: the explanation at rest. */
export const AdminConsentWaiting: Story = {
  parameters: scenario('adminConsentNeverGiven'),
  play: async ({ canvasElement, ...context }) => {
    const t = outlookText(context);
    fakePopupWindow();
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: t('connectAria') }));
    await expect(
      await canvas.findByText(t('adminConsent.permissions'), {}, { timeout: 5000 }),
    ).toBeVisible();
    await expect(canvas.getByText(t('adminConsent.where'))).toBeVisible();
    await expect(canvas.getByRole('button', { name: t('retryConnectAria') })).toBeVisible();
  },
};

/** 連携済み: the Microsoft e-mail, and 連携解除 through the confirm step. */
export const Connected: Story = shared.Connected;

/** 連携済み, taken over from a colleague at connect time. */
export const MovedIn: Story = shared.MovedIn;

/** 要再連携: Microsoft refused the refresh token (password changed, sessions revoked). */
export const NeedsReauth: Story = shared.NeedsReauth;

/** 要再連携: the app's access was removed at Microsoft. */
export const RevokedAtMicrosoft: Story = {
  parameters: scenario('revokedAtMicrosoft'),
  play: async ({ canvasElement, ...context }) => {
    const t = outlookText(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('revokedHint'))).toBeVisible();
    await expect(canvas.getByRole('button', { name: t('reconnectAria') })).toBeVisible();
  },
};

/** 要再連携: a colleague of the same organization linked this Microsoft account since. */
export const MovedSameTenant: Story = shared.MovedSameTenant;

/** 要再連携: someone in another organization linked this Microsoft account since (never named). */
export const MovedOtherTenant: Story = shared.MovedOtherTenant;

/** 未連携 again after the user declined on Microsoft's consent screen, with the reason. */
export const Denied: Story = shared.Denied;

/** Waiting for the BFF: a skeleton with accessible text. */
export const Loading: Story = shared.Loading;

/** The BFF failed: the message says what to do, with 再試行. */
export const ServerError: Story = shared.ServerError;

/** Disconnecting fails because Outlook is down: the link stays and the message names Outlook. */
export const DisconnectFails: Story = shared.DisconnectFails;

/** Keyboard only: Tab and Enter connect; Enter, then Enter again in the confirm step, disconnect. */
export const KeyboardOnly: Story = shared.KeyboardOnly;

/** Long names: a 100-character e-mail and a long colleague's name wrap instead of overflowing. */
export const LongNames: Story = shared.LongNames;

/** Narrow width: the long account and the disconnect confirmation in a 320 px column. */
export const Narrow: Story = shared.Narrow;

/** Phone width: the same in a 375 px column on a 375 px screen. */
export const Phone: Story = shared.Phone;

/** In a table cell: the last column of a host's settings table on a 320 px phone. */
export const InTableCell: Story = shared.InTableCell;

/** Slow network: every BFF answer takes 2.5 s, so the loading state shows before the account. */
export const SlowNetwork: Story = shared.SlowNetwork;

/** The English catalogue (`outlookEn` with the provider's `en`). */
export const English: Story = shared.English;
