import type { Connection, Provider } from '@ats-zoom/contract';
import {
  type ConnectionScenarioOptions,
  type GoogleConnectionScenarioName,
  type OutlookConnectionScenarioName,
  routeHandler,
  routeResponse,
  type ZoomConnectionScenarioName,
} from '@ats-zoom/msw';
import type { Parameters, StoryContext } from '@storybook/react-vite';
import type { RequestHandler } from 'msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  formatMessage,
  type Locale,
  type MessageKey,
  type MessageKeyIn,
  type MessageValues,
  type UiErrorCode,
} from '../src/intl/messages';
import { slotOf } from '../src/ui/part-props';
import {
  fakePopupWindow,
  longNames,
  mswGroups,
  narrowLayoutProblems,
  narrowWidth,
  phoneWidth,
  storyBffUrl,
  storyCatalogue,
  storyErrorMessage,
  storyMessages,
  withNarrowFrame,
  withSettingsTableCell,
} from './story-provider';

/**
 * The stories `ZoomLinkButton` and `GoogleCalendarLinkButton` share: both wrap
 * `ProviderLinkButton`, so one story serves both, given the provider's scenarios, fixtures and
 * texts. Each stories file re-exports them one by one, with its own description of each.
 */

/** The message prefix of a link button: its texts are `<prefix>.<message>`. */
type LinkButtonPrefix = 'zoomLinkButton' | 'googleCalendarLinkButton' | 'outlookCalendarLinkButton';

/** A message both link buttons have, without the prefix: `connectAria`, `status.connected`… */
type LinkButtonMessage = MessageKeyIn<'zoomLinkButton'> & MessageKeyIn<'googleCalendarLinkButton'>;

/** A named connection state as MSW handlers, e.g. `zoomConnectionScenarios.connected`. */
type ScenarioFactory = (options: ConnectionScenarioOptions) => RequestHandler[];

/** The connection states every provider has scenarios for: those the shared stories show. */
type SharedScenario = ZoomConnectionScenarioName &
  GoogleConnectionScenarioName &
  OutlookConnectionScenarioName;

/** The fake BFF settles an attempt on its first poll: poll often so the stories finish quickly. */
export const fastTiming = { pollIntervalMs: 200, popupCheckIntervalMs: 100 };

/** What a shared play function reads of its story's context: either link button's has it. */
interface PlayContext extends Pick<StoryContext, 'canvasElement' | 'parameters' | 'globals'> {
  args: { onConnected?: unknown; onDisconnected?: unknown };
}

/**
 * A shared story, typed by what it sets and reads rather than by one component's args, so
 * either stories file can assign it to its own `Story` (`decorators`, `globals`: a narrow one's).
 */
export interface LinkButtonStory extends Partial<typeof narrowWidth> {
  args?: { timing: typeof fastTiming };
  parameters: Parameters;
  play: (context: PlayContext) => Promise<void>;
}

/** `parameters.msw` for one named state of a provider's connection (`delay`: ms per answer). */
export function connectionScenario<Name extends string>(scenarios: Record<Name, ScenarioFactory>) {
  return (name: Name, options: { delay?: number } = {}) =>
    mswGroups({ connections: scenarios[name]({ baseUrl: storyBffUrl, ...options }) });
}

export interface LinkButtonStoriesOptions<Name extends string> {
  /** Names the OAuth popup (`atz-oauth-<provider>`) and the field of `GET /connections/me`. */
  provider: Provider;
  /** Where the component's texts come from. */
  prefix: LinkButtonPrefix;
  /** The provider's MSW scenario factories, by name. */
  scenarios: Record<SharedScenario | Name, ScenarioFactory>;
  /** The scenario in which the popup is open and the provider never answers. */
  pendingScenario: Name;
  /** The account connecting produces and `connected` shows. */
  account: Connection;
  /** The account the long-names stories stretch: long e-mail, long names, taken over. */
  longAccount: Connection;
  /** The error code of a disconnect while the provider is down. */
  unavailable: UiErrorCode;
  /** English: the account line and the root group's name. */
  english: { account: string; group: string };
  /** Texts of the button's own entry, per language (Outlook's), merged into the catalogue. */
  extraMessages?: Record<Locale, Record<string, string>>;
}

/** The stories both link buttons have, by export name. */
export function linkButtonStories<Name extends string>({
  provider,
  prefix,
  scenarios,
  pendingScenario,
  account,
  longAccount,
  unavailable,
  english,
  extraMessages,
}: LinkButtonStoriesOptions<Name>) {
  const scenario = connectionScenario(scenarios);
  /** The link button's texts in the story's language, by message without the prefix. */
  const textsOf = (context: Pick<StoryContext, 'parameters' | 'globals'>) => {
    const messages = storyCatalogue(context, extraMessages);
    return (message: LinkButtonMessage, values?: MessageValues) =>
      formatMessage(messages[`${prefix}.${message}` as MessageKey], values);
  };
  /** The text the button shows for an error code, in its own wording where it has one. */
  const errorOf = (context: Pick<StoryContext, 'parameters' | 'globals'>, code: UiErrorCode) =>
    storyErrorMessage(context, code, prefix, {
      calendar: provider === 'outlook' ? 'outlook' : 'google',
      ...(extraMessages ? { extra: extraMessages } : {}),
    });
  const email = account.email ?? '';

  /** `connected`, with the long account answered first by `GET /connections/me`. */
  const longAccountScenario = mswGroups({
    connections: [
      routeHandler('getMyConnections', { baseUrl: storyBffUrl }, () =>
        routeResponse('getMyConnections', {
          zoom: null,
          google: null,
          [provider]: {
            ...longAccount,
            email: longNames.email,
            displayName: longNames.personName,
            movedFrom: { scope: 'same_tenant', userName: longNames.personName },
          },
        }),
      ),
      ...scenarios.connected({ baseUrl: storyBffUrl }),
    ],
  });

  const NotConnected: LinkButtonStory = {
    parameters: scenario('notConnected'),
    play: async ({ canvasElement, args, ...context }) => {
      const t = textsOf(context);
      const { open } = fakePopupWindow();
      const canvas = within(canvasElement);
      await waitFor(() =>
        expect(canvas.getByRole('status')).toHaveTextContent(t('status.notConnected')),
      );
      await userEvent.click(await canvas.findByRole('button', { name: t('connectAria') }));
      await expect(open).toHaveBeenCalledWith(
        '',
        `atz-oauth-${provider}`,
        'popup,width=600,height=720',
      );
      await expect(
        await canvas.findByText(t('email', { email }), {}, { timeout: 5000 }),
      ).toBeVisible();
      await expect(canvas.getByRole('status')).toHaveTextContent(t('status.connected'));
      await waitFor(() => expect(args.onConnected).toHaveBeenCalled());
    },
  };

  const Connecting: LinkButtonStory = {
    parameters: scenario(pendingScenario),
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      fakePopupWindow();
      const canvas = within(canvasElement);
      await userEvent.click(await canvas.findByRole('button', { name: t('connectAria') }));
      await expect(await canvas.findByRole('button', { name: t('cancelAria') })).toBeVisible();
      await expect(canvas.getByRole('status')).toHaveTextContent(t('status.connecting'));
      await expect(canvas.getByText(t('connectingHint'))).toBeVisible();
    },
  };

  const Connected: LinkButtonStory = {
    parameters: scenario('connected'),
    play: async ({ canvasElement, args, ...context }) => {
      const t = textsOf(context);
      const canvas = within(canvasElement);
      await expect(await canvas.findByText(t('email', { email }))).toBeVisible();
      await userEvent.click(canvas.getByRole('button', { name: t('disconnect') }));
      await expect(canvas.getByText(t('disconnectConfirm'))).toBeVisible();
      await userEvent.click(canvas.getByRole('button', { name: t('disconnectConfirmAction') }));
      await expect(await canvas.findByRole('button', { name: t('connectAria') })).toBeVisible();
      await waitFor(() => expect(args.onDisconnected).toHaveBeenCalled());
    },
  };

  /** A story that checks one text shows once the connection has loaded. */
  const showsText = (
    name: SharedScenario,
    text: (t: ReturnType<typeof textsOf>) => string,
  ): LinkButtonStory => ({
    parameters: scenario(name),
    play: async ({ canvasElement, ...context }) => {
      const canvas = within(canvasElement);
      await expect(await canvas.findByText(text(textsOf(context)))).toBeVisible();
    },
  });

  const MovedIn = showsText('connectedMovedIn', (t) =>
    t('movedFromSameTenant', { name: '佐藤 花子' }),
  );

  const NeedsReauth: LinkButtonStory = {
    parameters: scenario('needsReauth'),
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      const canvas = within(canvasElement);
      await expect(await canvas.findByRole('button', { name: t('reconnectAria') })).toBeVisible();
      await expect(canvas.getByText(t('needsReauthHint'))).toBeVisible();
    },
  };

  const MovedSameTenant: LinkButtonStory = {
    parameters: scenario('movedSameTenant'),
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      const canvas = within(canvasElement);
      await expect(
        await canvas.findByText(t('movedToSameTenant', { name: '佐藤 花子' })),
      ).toBeVisible();
      await expect(canvas.getByRole('status')).toHaveTextContent(t('status.moved'));
    },
  };

  const MovedOtherTenant = showsText('movedOtherTenant', (t) => t('movedToOtherTenant'));

  const Denied: LinkButtonStory = {
    parameters: scenario('connectDenied'),
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      fakePopupWindow();
      const canvas = within(canvasElement);
      await userEvent.click(await canvas.findByRole('button', { name: t('connectAria') }));
      await expect(await canvas.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(
        errorOf(context, 'oauth_access_denied'),
      );
      await expect(canvas.getByRole('status')).toHaveTextContent(t('status.notConnected'));
    },
  };

  const Loading: LinkButtonStory = {
    parameters: scenario('loading'),
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      const canvas = within(canvasElement);
      await expect(canvas.getByRole('status')).toHaveTextContent(t('status.loading'));
    },
  };

  const ServerError: LinkButtonStory = {
    parameters: scenario('serverError'),
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      const canvas = within(canvasElement);
      await expect(await canvas.findByRole('alert')).toHaveTextContent(
        storyMessages(context)('error.internal_error'),
      );
      await expect(canvas.getByRole('button', { name: t('retry') })).toBeVisible();
    },
  };

  const DisconnectFails: LinkButtonStory = {
    parameters: scenario('disconnectFails'),
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      const canvas = within(canvasElement);
      await userEvent.click(await canvas.findByRole('button', { name: t('disconnect') }));
      await userEvent.click(canvas.getByRole('button', { name: t('disconnectConfirmAction') }));
      await expect(await canvas.findByRole('alert')).toHaveTextContent(
        errorOf(context, unavailable),
      );
      await expect(canvas.getByRole('status')).toHaveTextContent(t('status.connected'));
    },
  };

  const English: LinkButtonStory = {
    parameters: { ...scenario('connected'), locale: 'en' },
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement);
      await expect(await canvas.findByText(english.account)).toBeVisible();
      await expect(canvas.getByRole('group', { name: english.group })).toBeVisible();
      await expect(canvas.getByRole('button', { name: 'Disconnect' })).toBeVisible();
    },
  };

  const LongNames: LinkButtonStory = {
    parameters: longAccountScenario,
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      const canvas = within(canvasElement);
      await expect(await canvas.findByText(t('email', { email: longNames.email }))).toBeVisible();
      await expect(
        canvas.getByText(t('movedFromSameTenant', { name: longNames.personName })),
      ).toBeVisible();
    },
  };

  const Narrow: LinkButtonStory = {
    ...narrowWidth,
    parameters: longAccountScenario,
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      const canvas = within(canvasElement);
      await canvas.findByText(t('email', { email: longNames.email }));
      // The disconnect confirmation, the widest state, fits too.
      await userEvent.click(canvas.getByRole('button', { name: t('disconnect') }));
      await expect(canvas.getByText(t('disconnectConfirm'))).toBeVisible();
      await expect(narrowLayoutProblems(canvasElement)).toEqual([]);
    },
  };

  const Phone: LinkButtonStory = { ...Narrow, ...phoneWidth };

  const InTableCell: LinkButtonStory = {
    ...narrowWidth,
    decorators: [withSettingsTableCell, withNarrowFrame],
    parameters: scenario('notConnected'),
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      const canvas = within(canvasElement);
      const status = await canvas.findByRole('status');
      await waitFor(() => expect(status).toHaveTextContent(t('status.notConnected')));
      await expect(narrowLayoutProblems(canvasElement)).toEqual([]);
    },
  };

  const SlowNetwork: LinkButtonStory = {
    parameters: scenario('connected', { delay: 2500 }),
    play: async ({ canvasElement, ...context }) => {
      const t = textsOf(context);
      const canvas = within(canvasElement);
      await expect(canvas.getByRole('status')).toHaveTextContent(t('status.loading'));
      await expect(canvasElement.querySelector(`[data-slot="${slotOf(prefix)}"]`)).toHaveAttribute(
        'aria-busy',
        'true',
      );
      await expect(
        await canvas.findByText(t('email', { email }), {}, { timeout: 15000 }),
      ).toBeVisible();
    },
  };

  const KeyboardOnly: LinkButtonStory = {
    args: { timing: fastTiming },
    parameters: scenario('notConnected'),
    play: async ({ canvasElement, args, ...context }) => {
      const t = textsOf(context);
      fakePopupWindow();
      const canvas = within(canvasElement);
      const button = (message: LinkButtonMessage) =>
        canvas.getByRole('button', { name: t(message) });
      const connect = await canvas.findByRole('button', { name: t('connectAria') });
      await userEvent.tab();
      await expect(connect).toHaveFocus();
      await userEvent.keyboard('{Enter}');
      await expect(button('cancelAria')).toHaveFocus();
      await waitFor(() => expect(button('disconnect')).toHaveFocus(), { timeout: 5000 });
      await waitFor(() => expect(args.onConnected).toHaveBeenCalled());
      await userEvent.keyboard('{Enter}');
      await expect(button('disconnectConfirmAction')).toHaveFocus();
      await userEvent.keyboard('{Enter}');
      await waitFor(() => expect(button('connectAria')).toHaveFocus());
      await waitFor(() => expect(args.onDisconnected).toHaveBeenCalled());
    },
  };

  return {
    NotConnected,
    Connecting,
    Connected,
    MovedIn,
    NeedsReauth,
    MovedSameTenant,
    MovedOtherTenant,
    Denied,
    Loading,
    ServerError,
    DisconnectFails,
    English,
    LongNames,
    Narrow,
    Phone,
    InTableCell,
    SlowNetwork,
    KeyboardOnly,
  };
}
