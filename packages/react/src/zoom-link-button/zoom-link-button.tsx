import type { Connection } from '@ats-zoom/contract';
import type { ComponentPropsWithoutRef } from 'react';
import {
  type UseZoomConnectionOptions,
  useZoomConnection,
} from '../connection/use-zoom-connection';
import {
  type LinkButtonPart,
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

/**
 * Links the signed-in ATS user's Zoom account (design section 7): connect through a popup (which
 * says what to do on Zoom's pre-approval page), then, if Zoom's window closed without a result,
 * asks whether the user requested pre-approval there; 承認待ち is kept by the BFF until the user
 * connects (認可) or withdraws it (取り下げる). Disconnect with confirmation, re-link after a
 * revoked or moved grant. State is exposed as `data-state` on the root.
 */
export function ZoomLinkButton({
  onConnected,
  onDisconnected,
  timing,
  ...rest
}: ZoomLinkButtonProps) {
  const zoom = useZoomConnection({ onConnected, onDisconnected, ...timing });
  return (
    <ProviderLinkButton {...rest} link={zoom} slot="zoom-link-button" prefix="zoomLinkButton" />
  );
}
