import type { Connection } from '@ats-zoom/contract';
import { type ComponentPropsWithoutRef, useId, useState } from 'react';
import {
  type UseZoomConnectionOptions,
  useZoomConnection,
} from '../connection/use-zoom-connection';
import { useMessages } from '../intl/use-messages';
import {
  type LinkButtonPart,
  type LinkButtonPartProps,
  ProviderLinkButton,
  type ZoomOnlyLinkButtonPart,
} from '../link-button/provider-link-button';

/** Every styleable part of `ZoomLinkButton`; each renders with `data-slot="<part in kebab-case>"`. */
export type ZoomLinkButtonPart = LinkButtonPart | ZoomOnlyLinkButtonPart;

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

/** 承認待ち: what pre-approval means, the steps (shown on request), and 認可 to try again. */
function PreApprovalStep({
  part,
  onAuthorize,
}: {
  part: LinkButtonPartProps;
  onAuthorize: () => void;
}) {
  const { t } = useMessages();
  const [showSteps, setShowSteps] = useState(false);
  const stepsId = `${useId()}-steps`;
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
          onClick={onAuthorize}
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
}

/**
 * Links the signed-in ATS user's Zoom account (design section 7): connect through a popup,
 * pre-approval guidance for managed accounts, disconnect with confirmation, re-link after a
 * revoked or moved grant. State is exposed as `data-state` on the root.
 */
export function ZoomLinkButton({
  onConnected,
  onDisconnected,
  timing,
  ...rest
}: ZoomLinkButtonProps) {
  const { t } = useMessages();
  const zoom = useZoomConnection({ onConnected, onDisconnected, ...timing });
  const accountType = zoom.connection?.accountType;
  return (
    <ProviderLinkButton
      {...rest}
      link={zoom}
      rootSlot="zoom-link-button"
      messagePrefix="zoomLinkButton"
      renderAccountDetails={(part) =>
        accountType ? (
          <span {...part('accountType')}>
            {t(
              accountType === 'managed'
                ? 'zoomLinkButton.accountType.managed'
                : 'zoomLinkButton.accountType.personal',
            )}
          </span>
        ) : null
      }
      awaitingApproval={{
        status: t('zoomLinkButton.status.awaitingApproval'),
        render: (part, act) => <PreApprovalStep part={part} onAuthorize={act(zoom.connect)} />,
      }}
    />
  );
}
