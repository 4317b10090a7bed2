import type { LinkParty } from '@ats-zoom/contract';
import {
  type ComponentPropsWithoutRef,
  type ReactNode,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import type {
  ProviderConnectionState,
  UseProviderConnectionResult,
} from '../connection/use-provider-connection';
import type { UseZoomConnectionResult } from '../connection/use-zoom-connection';
import type { MessageKey, MessageKeyIn, MessageValues } from '../intl/messages';
import { useMessages } from '../intl/use-messages';
import {
  atzRootClassName,
  flag,
  focusLost,
  type PartProps,
  partIn,
  partPropsOf,
} from '../ui/part-props';
import { retryAfterOf } from '../ui/ui-error-code-of';

/** The parts every provider link button has; each renders with `data-slot="<part in kebab-case>"`. */
export type LinkButtonPart =
  | 'root'
  | 'header'
  | 'provider'
  | 'status'
  | 'skeleton'
  | 'body'
  | 'hint'
  | 'account'
  | 'email'
  | 'notice'
  | 'error'
  | 'actions'
  | 'connectButton'
  | 'cancelButton'
  | 'disconnectButton'
  | 'confirm'
  | 'confirmText'
  | 'confirmButton'
  | 'confirmCancelButton'
  | 'reconnectButton'
  | 'retryButton';

/**
 * Zoom's own parts: the account type, リクエストした (after Zoom's window closed without a
 * result) and 取り下げる (while waiting for the admin's pre-approval).
 */
export type ZoomOnlyLinkButtonPart =
  | 'accountType'
  | 'requestedApprovalButton'
  | 'withdrawApprovalButton';

/** Every part but the root (which the component renders itself, with its own slot name). */
type InnerPart = Exclude<LinkButtonPart | ZoomOnlyLinkButtonPart, 'root'>;

/** `part(name)` of a link button, for the provider-specific pieces rendered by its wrapper. */
export type LinkButtonPartProps = (part: InnerPart) => PartProps;

/** Props of a button made by `ButtonOf`, besides its part, text and action. */
type ButtonProps = ComponentPropsWithoutRef<'button'> & {
  [data: `data-${string}`]: string | undefined;
};

/** Renders `<button data-slot=… type="button">text</button>`; clicking it runs `action` as a user action. */
export type ButtonOf = (
  part: InnerPart,
  text: string,
  action: () => void,
  props?: ButtonProps,
) => ReactNode;

/** Translates one of `Message`, a key without the component's prefix. */
type Translate<Message> = (message: Message, values?: MessageValues) => string;

/** The messages both link buttons have (each catalogue has them under both prefixes). */
type LinkButtonMessage = MessageKeyIn<'zoomLinkButton'> & MessageKeyIn<'googleCalendarLinkButton'>;

/** `not_connected` → `notConnected`, as the status message keys spell the states. */
type Camel<S extends string> = S extends `${infer A}_${infer B}`
  ? `${A}${Capitalize<Camel<B>>}`
  : S;

/**
 * The actions of each state but `connected` (the first holds focus after a change): each is its
 * button's message, names its part (`<action>Button`) and its accessible name (`<action>Aria`),
 * and runs the hook's function of that name (再連携: `connect`).
 */
const actionsOf: Partial<Record<ProviderConnectionState, readonly [Action, Action?]>> = {
  not_connected: ['connect'],
  connecting: ['cancel'],
  needs_reauth: ['reconnect'],
  moved: ['reconnect'],
  error: ['retry'],
  // Zoom's window closed without a result: did the user request pre-approval there?
  unfinished: ['requestedApproval', 'cancel'],
  awaiting_approval: ['connect', 'withdrawApproval'],
};
type Action =
  | 'connect'
  | 'cancel'
  | 'reconnect'
  | 'retry'
  | 'requestedApproval'
  | 'withdrawApproval';

interface CommonProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'className'> {
  /** The provider's connection hook result. */
  link: UseProviderConnectionResult & Partial<UseZoomConnectionResult>;
  /** `data-slot` of the root, e.g. `zoom-link-button`. */
  slot: string;
  className?: string;
  classNames?: Partial<Record<LinkButtonPart | ZoomOnlyLinkButtonPart, string>>;
  /** The body of a state of the wrapper's own (Outlook's admin consent), instead of the usual one. */
  children?: ReactNode;
}

/**
 * `prefix`: where the texts come from, `<prefix>.<message>` (and `<prefix>.error.<code>` before
 * `error.<code>`).
 */
export interface ProviderLinkButtonProps extends CommonProps {
  prefix: 'googleCalendarLinkButton' | 'zoomLinkButton' | 'outlookCalendarLinkButton';
}

/**
 * The link button machinery shared by `ZoomLinkButton`, `GoogleCalendarLinkButton` and
 * `OutlookCalendarLinkButton` (`@ats-zoom/react/outlook`): status as
 * live text, connect / cancel / disconnect with confirmation / re-link after a revoked or moved
 * grant / retry, focus kept on the control that matters after each action, `data-state` on the
 * root, and Zoom's account type when the connection has one. The wrappers name their provider's
 * texts.
 */
export function ProviderLinkButton({
  link,
  slot,
  prefix,
  className,
  classNames,
  children,
  ...rest
}: ProviderLinkButtonProps) {
  const { t: translate, errorMessage, locale } = useMessages();
  // Callers name a message of their own component's catalogue (typed with `MessagesOf`).
  // Keys built at run time (status, hints, actions) are cast.
  const t: Translate<LinkButtonMessage> = (message, values) =>
    translate(`${prefix}.${message}` as MessageKey, values);
  const { state, connection, error, isDisconnecting } = link;
  // `not_connected` → `notConnected`, as the message keys spell the states.
  const camel = state.replace(/_(.)/g, (_, c: string) => c.toUpperCase()) as Camel<typeof state>;
  // The state whose disclosure is open: the disconnect confirmation (`connected`). Leaving that
  // state closes it.
  const [openIn, setOpenIn] = useState<ProviderConnectionState | null>(null);
  const open = openIn === state;
  const rootRef = useRef<HTMLDivElement>(null);
  const interactedRef = useRef(false);
  const ids = useId();
  const providerId = `${ids}-provider`;
  const emailId = `${ids}-email`;
  const errorId = `${ids}-error`;
  const confirmId = `${ids}-confirm`;
  const email = connection?.email;
  const accountType = connection?.accountType;

  const part: LinkButtonPartProps = partPropsOf(classNames);
  const button: ButtonOf = (name, text, action, props) => (
    <button
      {...part(name)}
      type="button"
      {...props}
      onClick={() => {
        interactedRef.current = true;
        action();
      }}
    >
      {text}
    </button>
  );

  if (openIn && !open) setOpenIn(null);

  const [action, second] = actionsOf[state] ?? [];
  // The control that should hold focus after the user acts and the state changes.
  const focusTarget: InnerPart | null = action
    ? `${action}Button`
    : state === 'connected'
      ? open
        ? 'confirmButton'
        : 'disconnectButton'
      : null;
  // After the user acts, keep focus on the control that now matters instead of losing it to <body>.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new state re-renders the controls even when the target keeps its name (承認待ち → 未連携: 連携).
  useEffect(() => {
    const root = rootRef.current;
    if (!root || !interactedRef.current || !focusTarget) return;
    if (!focusLost() && !root.contains(document.activeElement)) return;
    // Focusing the element that has focus already does nothing.
    partIn(root, focusTarget)?.focus();
  }, [focusTarget, state]);

  const busy = state === 'loading' || state === 'connecting' || isDisconnecting;
  const errorText = error ? errorMessage(error.code, prefix, retryAfterOf(error.cause)) : null;
  const movedText = (direction: 'To' | 'From', party: LinkParty) =>
    party.scope === 'same_tenant'
      ? t(`moved${direction}SameTenant`, { name: party.userName })
      : t(`moved${direction}OtherTenant`);
  const actions = (first: ReactNode, second?: ReactNode) => (
    <div {...part('actions')}>
      {first}
      {second}
    </div>
  );

  let body: ReactNode;
  if (children) {
    // A state of the wrapper's own: its body as given.
    body = children;
  } else if (action) {
    const movedTo = connection?.movedTo;
    const hint =
      action === 'reconnect'
        ? state === 'moved' && movedTo
          ? movedText('To', movedTo)
          : t(connection?.status === 'revoked' ? 'revokedHint' : 'needsReauthHint')
        : state === 'connecting' || second
          ? // connectingHint, unfinishedHint, awaitingApprovalHint (with the day it was asked).
            t(`${camel}Hint` as LinkButtonMessage, {
              since: new Date(link.approvalWait?.since ?? 0).toLocaleDateString(locale),
            })
          : null;
    const actionButton = (name: Action) =>
      button(
        `${name}Button`,
        t(name as LinkButtonMessage),
        link[name === 'reconnect' ? 'connect' : name] as () => void,
        {
          'aria-label': t(`${name}Aria` as LinkButtonMessage),
          'aria-describedby':
            name === 'retry' || (name === 'connect' && errorText) ? errorId : undefined,
        },
      );
    body = actions(actionButton(action), second && actionButton(second));
    // Without a hint the actions stand alone, so going from 連携 to キャンセル replaces the focused
    // button (focus moves, and is announced) rather than relabelling it.
    if (hint !== null) {
      body = (
        <>
          <p {...part('hint')}>{hint}</p>
          {body}
        </>
      );
    }
  } else if (state === 'connected') {
    const disabled = { disabled: isDisconnecting, 'data-disabled': flag(isDisconnecting) };
    const describedBy = email ? emailId : undefined;
    body = (
      <>
        <div {...part('account')}>
          {email ? (
            <span {...part('email')} id={emailId}>
              {t('email', { email })}
            </span>
          ) : null}
          {/* Zoom's account type (personal or company); Google's connections have none. */}
          {accountType ? (
            <span {...part('accountType')}>
              {t(`accountType.${accountType}` as LinkButtonMessage)}
            </span>
          ) : null}
        </div>
        {connection?.movedFrom ? (
          <p {...part('notice')}>{movedText('From', connection.movedFrom)}</p>
        ) : null}
        {open ? (
          // biome-ignore lint/a11y/useSemanticElements: a <fieldset> brings UA borders and padding into the host page.
          <div {...part('confirm')} role="group" aria-labelledby={confirmId}>
            <p {...part('confirmText')} id={confirmId}>
              {t('disconnectConfirm')}
            </p>
            {actions(
              button(
                'confirmButton',
                t(isDisconnecting ? 'disconnecting' : 'disconnectConfirmAction'),
                () => {
                  void link.disconnect().then(() => setOpenIn(null));
                },
                { ...disabled, 'aria-describedby': describedBy },
              ),
              button(
                'confirmCancelButton',
                t('disconnectConfirmCancel'),
                () => setOpenIn(null),
                disabled,
              ),
            )}
          </div>
        ) : (
          actions(
            button('disconnectButton', t('disconnect'), () => setOpenIn(state), {
              'aria-describedby': describedBy,
            }),
          )
        )}
      </>
    );
  } else {
    body = <span {...part('skeleton')} aria-hidden="true" />;
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> brings UA borders and padding into the host page.
    <div
      {...rest}
      ref={rootRef}
      role="group"
      aria-labelledby={providerId}
      aria-busy={busy}
      data-slot={slot}
      data-state={state}
      data-busy={flag(busy)}
      data-disabled={flag(isDisconnecting)}
      className={atzRootClassName(className, classNames?.root)}
    >
      <div {...part('header')}>
        <span {...part('provider')} id={providerId}>
          {t('providerName')}
        </span>
        <span {...part('status')} role="status" aria-live="polite">
          {t(`status.${camel}` as LinkButtonMessage)}
        </span>
      </div>
      <div {...part('body')}>
        {body}
        {errorText ? (
          <p {...part('error')} id={errorId} role="alert">
            {errorText}
          </p>
        ) : null}
      </div>
    </div>
  );
}
