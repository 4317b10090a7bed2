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
import { useMessages } from '../intl/use-messages';
import { atzRootClassName, type PartProps, partPropsOf } from '../ui/part-props';

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

/** Zoom's own parts: the account type and the pre-approval step. */
export type ZoomOnlyLinkButtonPart =
  | 'accountType'
  | 'preApprovalButton'
  | 'preApprovalSteps'
  | 'authorizeButton';

type AnyLinkButtonPart = LinkButtonPart | ZoomOnlyLinkButtonPart;

/** `part(name)` of a link button, for the provider-specific pieces rendered by its wrapper. */
export type LinkButtonPartProps = (part: AnyLinkButtonPart) => PartProps;

/** Message key prefixes of the link buttons; each catalogue has every shared suffix under both. */
type LinkButtonMessagePrefix = 'zoomLinkButton' | 'googleCalendarLinkButton';

type LinkButtonMessage =
  | 'providerName'
  | `status.${'loading' | 'notConnected' | 'connecting' | 'connected' | 'needsReauth' | 'moved' | 'error'}`
  | 'connect'
  | 'connectAria'
  | 'cancel'
  | 'cancelAria'
  | 'connectingHint'
  | 'email'
  | 'disconnect'
  | 'disconnectConfirm'
  | 'disconnectConfirmAction'
  | 'disconnectConfirmCancel'
  | 'disconnecting'
  | 'reconnect'
  | 'reconnectAria'
  | 'needsReauthHint'
  | 'movedToSameTenant'
  | 'movedToOtherTenant'
  | 'movedFromSameTenant'
  | 'movedFromOtherTenant'
  | 'retry';

const slotNames: Record<Exclude<AnyLinkButtonPart, 'root'>, string> = {
  header: 'header',
  provider: 'provider',
  status: 'status',
  skeleton: 'skeleton',
  body: 'body',
  hint: 'hint',
  account: 'account',
  email: 'email',
  accountType: 'account-type',
  notice: 'notice',
  error: 'error',
  actions: 'actions',
  connectButton: 'connect-button',
  cancelButton: 'cancel-button',
  disconnectButton: 'disconnect-button',
  confirm: 'confirm',
  confirmText: 'confirm-text',
  confirmButton: 'confirm-button',
  confirmCancelButton: 'confirm-cancel-button',
  reconnectButton: 'reconnect-button',
  retryButton: 'retry-button',
  preApprovalButton: 'pre-approval-button',
  preApprovalSteps: 'pre-approval-steps',
  authorizeButton: 'authorize-button',
};

const statusMessages = {
  loading: 'status.loading',
  not_connected: 'status.notConnected',
  connecting: 'status.connecting',
  connected: 'status.connected',
  needs_reauth: 'status.needsReauth',
  moved: 'status.moved',
  error: 'status.error',
} as const satisfies Record<
  Exclude<ProviderConnectionState, 'awaiting_approval'>,
  LinkButtonMessage
>;

/** The control that should hold focus after the user acts and the state changes. */
function primaryPart(
  state: ProviderConnectionState,
  confirming: boolean,
): Exclude<AnyLinkButtonPart, 'root'> | null {
  switch (state) {
    case 'not_connected':
      return 'connectButton';
    case 'connecting':
      return 'cancelButton';
    case 'awaiting_approval':
      return 'authorizeButton';
    case 'connected':
      return confirming ? 'confirmButton' : 'disconnectButton';
    case 'needs_reauth':
    case 'moved':
      return 'reconnectButton';
    case 'error':
      return 'retryButton';
    case 'loading':
      return null;
    default:
      return state satisfies never;
  }
}

export interface ProviderLinkButtonProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'className'> {
  /** The provider's connection hook result. */
  link: UseProviderConnectionResult;
  /** `data-slot` of the root, e.g. `zoom-link-button`. */
  rootSlot: string;
  /** Where the texts come from: `<prefix>.<message>`, and `<prefix>.error.<code>` before `error.<code>`. */
  messagePrefix: LinkButtonMessagePrefix;
  className?: string;
  classNames?: Partial<Record<AnyLinkButtonPart, string>>;
  /** Provider-specific lines under the account e-mail (Zoom: the account type). */
  renderAccountDetails?: (part: LinkButtonPartProps) => ReactNode;
  /** Zoom's pre-approval step: its status text and body, with `act` marking a user action. */
  awaitingApproval?: {
    status: string;
    render: (part: LinkButtonPartProps, act: (action: () => void) => () => void) => ReactNode;
  };
}

/**
 * The link button machinery shared by `ZoomLinkButton` and `GoogleCalendarLinkButton`: status as
 * live text, connect / cancel / disconnect with confirmation / re-link after a revoked or moved
 * grant / retry, focus kept on the control that matters after each action, `data-state` on the
 * root. The wrappers add their provider's texts and pieces.
 */
export function ProviderLinkButton({
  link,
  rootSlot,
  messagePrefix,
  className,
  classNames,
  renderAccountDetails,
  awaitingApproval,
  ...rest
}: ProviderLinkButtonProps) {
  const { t: translate, errorMessage } = useMessages();
  const t = (message: LinkButtonMessage, values?: Record<string, string>) =>
    translate(`${messagePrefix}.${message}`, values);
  const { state, connection, error } = link;
  const [confirming, setConfirming] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const interactedRef = useRef(false);
  const ids = useId();
  const providerId = `${ids}-provider`;
  const emailId = `${ids}-email`;
  const errorId = `${ids}-error`;

  const part = partPropsOf({ root: rootSlot, ...slotNames }, classNames);
  const act = (action: () => void) => () => {
    interactedRef.current = true;
    action();
  };

  if (state !== 'connected' && confirming) setConfirming(false);

  const focusTarget = primaryPart(state, confirming);
  // After the user acts, keep focus on the control that now matters instead of losing it to <body>.
  useEffect(() => {
    const root = rootRef.current;
    if (!root || !interactedRef.current || !focusTarget) return;
    const active = document.activeElement;
    const focusLost = !active || active === document.body || !active.isConnected;
    if (!focusLost && !root.contains(active)) return;
    const target = root.querySelector<HTMLElement>(`[data-slot="${slotNames[focusTarget]}"]`);
    if (target && target !== active) target.focus();
  }, [focusTarget]);

  const busy = state === 'loading' || state === 'connecting' || link.isDisconnecting;
  const errorText = error ? errorMessage(error.code, messagePrefix) : null;
  const statusText =
    state === 'awaiting_approval'
      ? (awaitingApproval?.status ?? t('status.connecting'))
      : t(statusMessages[state]);

  const movedOrReauthHint = () => {
    const movedTo = connection?.movedTo;
    if (state !== 'moved' || !movedTo) return t('needsReauthHint');
    return movedTo.scope === 'same_tenant'
      ? t('movedToSameTenant', { name: movedTo.userName })
      : t('movedToOtherTenant');
  };

  const renderConnected = () => (
    <>
      <div {...part('account')}>
        {connection?.email ? (
          <span {...part('email')} id={emailId}>
            {t('email', { email: connection.email })}
          </span>
        ) : null}
        {renderAccountDetails?.(part)}
      </div>
      {connection?.movedFrom ? (
        <p {...part('notice')}>
          {connection.movedFrom.scope === 'same_tenant'
            ? t('movedFromSameTenant', { name: connection.movedFrom.userName })
            : t('movedFromOtherTenant')}
        </p>
      ) : null}
      {confirming ? (
        // biome-ignore lint/a11y/useSemanticElements: a <fieldset> brings UA borders and padding into the host page.
        <div {...part('confirm')} role="group" aria-labelledby={`${ids}-confirm`}>
          <p {...part('confirmText')} id={`${ids}-confirm`}>
            {t('disconnectConfirm')}
          </p>
          <div {...part('actions')}>
            <button
              {...part('confirmButton')}
              type="button"
              disabled={link.isDisconnecting}
              data-disabled={link.isDisconnecting ? '' : undefined}
              aria-describedby={connection?.email ? emailId : undefined}
              onClick={act(() => {
                void link.disconnect().then(() => setConfirming(false));
              })}
            >
              {link.isDisconnecting ? t('disconnecting') : t('disconnectConfirmAction')}
            </button>
            <button
              {...part('confirmCancelButton')}
              type="button"
              disabled={link.isDisconnecting}
              data-disabled={link.isDisconnecting ? '' : undefined}
              onClick={act(() => setConfirming(false))}
            >
              {t('disconnectConfirmCancel')}
            </button>
          </div>
        </div>
      ) : (
        <div {...part('actions')}>
          <button
            {...part('disconnectButton')}
            type="button"
            aria-describedby={connection?.email ? emailId : undefined}
            onClick={act(() => setConfirming(true))}
          >
            {t('disconnect')}
          </button>
        </div>
      )}
    </>
  );

  const renderBody = () => {
    switch (state) {
      case 'loading':
        return <span {...part('skeleton')} aria-hidden="true" />;
      case 'not_connected':
        return (
          <div {...part('actions')}>
            <button
              {...part('connectButton')}
              type="button"
              aria-label={t('connectAria')}
              aria-describedby={errorText ? errorId : undefined}
              onClick={act(link.connect)}
            >
              {t('connect')}
            </button>
          </div>
        );
      case 'connecting':
        return (
          <>
            <p {...part('hint')}>{t('connectingHint')}</p>
            <div {...part('actions')}>
              <button
                {...part('cancelButton')}
                type="button"
                aria-label={t('cancelAria')}
                onClick={act(link.cancel)}
              >
                {t('cancel')}
              </button>
            </div>
          </>
        );
      case 'awaiting_approval':
        return awaitingApproval?.render(part, act) ?? null;
      case 'connected':
        return renderConnected();
      case 'needs_reauth':
      case 'moved':
        return (
          <>
            <p {...part('hint')}>{movedOrReauthHint()}</p>
            <div {...part('actions')}>
              <button
                {...part('reconnectButton')}
                type="button"
                aria-label={t('reconnectAria')}
                onClick={act(link.connect)}
              >
                {t('reconnect')}
              </button>
            </div>
          </>
        );
      case 'error':
        return (
          <div {...part('actions')}>
            <button
              {...part('retryButton')}
              type="button"
              aria-describedby={errorId}
              onClick={act(link.retry)}
            >
              {t('retry')}
            </button>
          </div>
        );
      default:
        return state satisfies never;
    }
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> brings UA borders and padding into the host page.
    <div
      {...rest}
      ref={rootRef}
      role="group"
      aria-labelledby={providerId}
      aria-busy={busy}
      data-slot={rootSlot}
      data-state={state}
      data-busy={busy ? '' : undefined}
      data-disabled={link.isDisconnecting ? '' : undefined}
      className={atzRootClassName(className, classNames?.root)}
    >
      <div {...part('header')}>
        <span {...part('provider')} id={providerId}>
          {t('providerName')}
        </span>
        <span {...part('status')} role="status" aria-live="polite">
          {statusText}
        </span>
      </div>
      <div {...part('body')}>
        {renderBody()}
        {errorText ? (
          <p {...part('error')} id={errorId} role="alert">
            {errorText}
          </p>
        ) : null}
      </div>
    </div>
  );
}
