import type { Connection } from '@ats-zoom/contract';
import type { ComponentPropsWithoutRef } from 'react';
import {
  type UseGoogleCalendarConnectionOptions,
  useGoogleCalendarConnection,
} from '../connection/use-google-calendar-connection';
import { type LinkButtonPart, ProviderLinkButton } from '../link-button/provider-link-button';

/**
 * Every styleable part of `GoogleCalendarLinkButton`; each renders with
 * `data-slot="<part in kebab-case>"` (the root: `google-calendar-link-button`).
 */
export type GoogleCalendarLinkButtonPart = LinkButtonPart;

export interface GoogleCalendarLinkButtonProps
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
  classNames?: Partial<Record<GoogleCalendarLinkButtonPart, string>>;
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
  timing?: Pick<
    UseGoogleCalendarConnectionOptions,
    'pollIntervalMs' | 'popupCheckIntervalMs' | 'maxWaitMs'
  >;
}

/**
 * Links the signed-in ATS user's Google account, whose primary calendar receives the interview
 * events (予定を登録). The same machinery as `ZoomLinkButton`: popup connect, disconnect with
 * confirmation, re-link after a revoked or moved grant; Google has no pre-approval step. State
 * is exposed as `data-state` on the root: `loading`, `not_connected`, `connecting`,
 * `connected`, `needs_reauth`, `moved` or `error`.
 */
export function GoogleCalendarLinkButton({
  onConnected,
  onDisconnected,
  timing,
  ...rest
}: GoogleCalendarLinkButtonProps) {
  const google = useGoogleCalendarConnection({ onConnected, onDisconnected, ...timing });
  return (
    <ProviderLinkButton
      {...rest}
      link={google}
      slot="google-calendar-link-button"
      prefix="googleCalendarLinkButton"
    />
  );
}
