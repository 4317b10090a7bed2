import type { Connection } from '@ats-zoom/contract';
import { type ComponentPropsWithoutRef, useEffect, useId, useRef, useState } from 'react';
import {
  type UseZoomConnectionOptions,
  useZoomConnection,
  type ZoomConnectionState,
} from '../connection/use-zoom-connection';
import { useMessages } from '../intl/use-messages';
import { atzRootClassName, partPropsOf } from '../ui/part-props';

/** Every styleable part of `ZoomLinkButton`; each renders with `data-slot="<part in kebab-case>"`. */
export type ZoomLinkButtonPart =
  | 'root'
  | 'header'
  | 'provider'
  | 'status'
  | 'skeleton'
  | 'body'
  | 'hint'
  | 'account'
  | 'email'
  | 'accountType'
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
  | 'retryButton'
  | 'preApprovalButton'
  | 'preApprovalSteps'
  | 'authorizeButton';

export interface ZoomLinkButtonProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'className'> {
  /**
   * Extra class names for the root element (it always has `atz-root`).
   * @default undefined
   */
  className?: string;
  /**
   * Extra class names per part, e.g. `{ connectButton: 'btn btn-primary' }`.
   * @default undefined
   */
  classNames?: Partial<Record<ZoomLinkButtonPart, string>>;
  /**
   * Called once a connect flow has produced an active connection.
   * @default undefined
   */
  onConnected?: (connection: Connection) => void;
  /**
   * Called once the connection has been revoked and deleted.
   * @default undefined
   */
  onDisconnected?: () => void;
  /**
   * Timing of the connect flow (poll interval, popup check, maximum wait), for tests and slow networks.
   * @default { pollIntervalMs: 2000, popupCheckIntervalMs: 500, maxWaitMs: 300000 }
   */
  timing?: Pick<UseZoomConnectionOptions, 'pollIntervalMs' | 'popupCheckIntervalMs' | 'maxWaitMs'>;
}

const slotNames: Record<ZoomLinkButtonPart, string> = {
  root: 'zoom-link-button',
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

const statusKeys = {
  loading: 'zoomLinkButton.status.loading',
  not_connected: 'zoomLinkButton.status.notConnected',
  connecting: 'zoomLinkButton.status.connecting',
  awaiting_approval: 'zoomLinkButton.status.awaitingApproval',
  connected: 'zoomLinkButton.status.connected',
  needs_reauth: 'zoomLinkButton.status.needsReauth',
  moved: 'zoomLinkButton.status.moved',
  error: 'zoomLinkButton.status.error',
} as const satisfies Record<ZoomConnectionState, string>;

/** The control that should hold focus after the user acts and the state changes. */
function primaryPart(state: ZoomConnectionState, confirming: boolean): ZoomLinkButtonPart | null {
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

/**
 * Links the signed-in ATS user's Zoom account (design section 7): connect through a popup,
 * pre-approval guidance for managed accounts, disconnect with confirmation, re-link after a
 * revoked or moved grant. State is exposed as `data-state` on the root.
 */
export function ZoomLinkButton({
  className,
  classNames,
  onConnected,
  onDisconnected,
  timing,
  ...rest
}: ZoomLinkButtonProps) {
  const { t, errorMessage } = useMessages();
  const zoom = useZoomConnection({ onConnected, onDisconnected, ...timing });
  const { state, connection, error } = zoom;
  const [confirming, setConfirming] = useState(false);
  const [showSteps, setShowSteps] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const interactedRef = useRef(false);
  const ids = useId();
  const providerId = `${ids}-provider`;
  const emailId = `${ids}-email`;
  const errorId = `${ids}-error`;
  const stepsId = `${ids}-steps`;

  const part = partPropsOf(slotNames, classNames);
  const act = (action: () => void) => () => {
    interactedRef.current = true;
    action();
  };

  if (state !== 'connected' && confirming) setConfirming(false);
  if (state !== 'awaiting_approval' && showSteps) setShowSteps(false);

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

  const busy = state === 'loading' || state === 'connecting' || zoom.isDisconnecting;
  const errorText = error ? errorMessage(error.code) : null;

  const movedOrReauthHint = () => {
    const movedTo = connection?.movedTo;
    if (state !== 'moved' || !movedTo) return t('zoomLinkButton.needsReauthHint');
    return movedTo.scope === 'same_tenant'
      ? t('zoomLinkButton.movedToSameTenant', { name: movedTo.userName })
      : t('zoomLinkButton.movedToOtherTenant');
  };

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
              aria-label={t('zoomLinkButton.connectAria')}
              aria-describedby={errorText ? errorId : undefined}
              onClick={act(zoom.connect)}
            >
              {t('zoomLinkButton.connect')}
            </button>
          </div>
        );
      case 'connecting':
        return (
          <>
            <p {...part('hint')}>{t('zoomLinkButton.connectingHint')}</p>
            <div {...part('actions')}>
              <button
                {...part('cancelButton')}
                type="button"
                aria-label={t('zoomLinkButton.cancelAria')}
                onClick={act(zoom.cancel)}
              >
                {t('zoomLinkButton.cancel')}
              </button>
            </div>
          </>
        );
      case 'awaiting_approval':
        return (
          <>
            <p {...part('hint')}>{t('zoomLinkButton.awaitingApprovalHint')}</p>
            <div {...part('actions')}>
              <button
                {...part('preApprovalButton')}
                type="button"
                aria-expanded={showSteps}
                aria-controls={stepsId}
                onClick={() => setShowSteps((shown) => !shown)}
              >
                {t('zoomLinkButton.requestPreApproval')}
              </button>
              <button
                {...part('authorizeButton')}
                type="button"
                aria-label={t('zoomLinkButton.authorizeAria')}
                onClick={act(zoom.connect)}
              >
                {t('zoomLinkButton.authorize')}
              </button>
            </div>
            <ol {...part('preApprovalSteps')} id={stepsId} hidden={!showSteps}>
              <li>{t('zoomLinkButton.preApprovalStep1')}</li>
              <li>{t('zoomLinkButton.preApprovalStep2')}</li>
              <li>{t('zoomLinkButton.preApprovalStep3')}</li>
            </ol>
          </>
        );
      case 'connected':
        return (
          <>
            <div {...part('account')}>
              {connection?.email ? (
                <span {...part('email')} id={emailId}>
                  {t('zoomLinkButton.email', { email: connection.email })}
                </span>
              ) : null}
              {connection?.accountType ? (
                <span {...part('accountType')}>
                  {t(
                    connection.accountType === 'managed'
                      ? 'zoomLinkButton.accountType.managed'
                      : 'zoomLinkButton.accountType.personal',
                  )}
                </span>
              ) : null}
            </div>
            {connection?.movedFrom ? (
              <p {...part('notice')}>
                {connection.movedFrom.scope === 'same_tenant'
                  ? t('zoomLinkButton.movedFromSameTenant', { name: connection.movedFrom.userName })
                  : t('zoomLinkButton.movedFromOtherTenant')}
              </p>
            ) : null}
            {confirming ? (
              // biome-ignore lint/a11y/useSemanticElements: a <fieldset> brings UA borders and padding into the host page.
              <div {...part('confirm')} role="group" aria-labelledby={`${ids}-confirm`}>
                <p {...part('confirmText')} id={`${ids}-confirm`}>
                  {t('zoomLinkButton.disconnectConfirm')}
                </p>
                <div {...part('actions')}>
                  <button
                    {...part('confirmButton')}
                    type="button"
                    disabled={zoom.isDisconnecting}
                    data-disabled={zoom.isDisconnecting ? '' : undefined}
                    aria-describedby={connection?.email ? emailId : undefined}
                    onClick={act(() => {
                      void zoom.disconnect().then(() => setConfirming(false));
                    })}
                  >
                    {zoom.isDisconnecting
                      ? t('zoomLinkButton.disconnecting')
                      : t('zoomLinkButton.disconnectConfirmAction')}
                  </button>
                  <button
                    {...part('confirmCancelButton')}
                    type="button"
                    disabled={zoom.isDisconnecting}
                    data-disabled={zoom.isDisconnecting ? '' : undefined}
                    onClick={act(() => setConfirming(false))}
                  >
                    {t('zoomLinkButton.disconnectConfirmCancel')}
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
                  {t('zoomLinkButton.disconnect')}
                </button>
              </div>
            )}
          </>
        );
      case 'needs_reauth':
      case 'moved':
        return (
          <>
            <p {...part('hint')}>{movedOrReauthHint()}</p>
            <div {...part('actions')}>
              <button
                {...part('reconnectButton')}
                type="button"
                aria-label={t('zoomLinkButton.reconnectAria')}
                onClick={act(zoom.connect)}
              >
                {t('zoomLinkButton.reconnect')}
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
              onClick={act(zoom.retry)}
            >
              {t('zoomLinkButton.retry')}
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
      data-slot={slotNames.root}
      data-state={state}
      data-busy={busy ? '' : undefined}
      data-disabled={zoom.isDisconnecting ? '' : undefined}
      className={atzRootClassName(className, classNames?.root)}
    >
      <div {...part('header')}>
        <span {...part('provider')} id={providerId}>
          {t('zoomLinkButton.providerName')}
        </span>
        <span {...part('status')} role="status" aria-live="polite">
          {t(statusKeys[state])}
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
