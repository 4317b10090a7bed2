import type { Connection } from '@ats-zoom/contract';
import { type ComponentPropsWithoutRef, useId } from 'react';
import type { UseProviderConnectionResult } from '../connection/use-provider-connection';
import type { MessageKey, Messages } from '../intl/messages';
import { type LinkButtonPart, ProviderLinkButton } from '../link-button/provider-link-button';
import { AtsZoomContext, useAtsZoomContext } from '../provider/ats-zoom-context';
import { focusLost, partPropsOf } from '../ui/part-props';
import type { OutlookLocaleMessages, OutlookMessageKey, OutlookMessages } from './messages';
import {
  type UseOutlookCalendarConnectionOptions,
  useOutlookCalendarConnection,
} from './use-outlook-calendar-connection';

/** An Outlook message key without its prefix: `adminConsent.text`, `retryConnect`… */
type OutlookMessage = OutlookMessageKey extends `outlookCalendarLinkButton.${infer Rest}`
  ? Rest
  : never;

/**
 * Every styleable part of `OutlookCalendarLinkButton`: the link buttons' parts and those of the
 * admin-consent state (`adminConsent`, `permissions`, `retryConnectButton`; its texts are `hint`s);
 * each renders with `data-slot="<part in kebab-case>"` (the root: `outlook-calendar-link-button`).
 */
export type OutlookCalendarLinkButtonPart =
  | LinkButtonPart
  | 'adminConsent'
  | 'permissions'
  | 'retryConnectButton';

export interface OutlookCalendarLinkButtonProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'className'> {
  /**
   * The button's texts, in the language of `AtsZoomProvider`'s `locale`: `outlookJa` from
   * `@ats-zoom/react/outlook/locales/ja` or `outlookEn` from `@ats-zoom/react/outlook/locales/en`.
   */
  locale: OutlookLocaleMessages;
  /**
   * Overrides for any of its message keys (`outlookCalendarLinkButton.*`).
   * @default undefined
   */
  messages?: Partial<OutlookMessages>;
  /**
   * Extra class names for the root element (it always has `atz-root`).
   * @default undefined
   */
  className?: string;
  /**
   * Extra class names per part, e.g. `{ connectButton: 'btn btn-primary' }`.
   * @default undefined
   */
  classNames?: Partial<Record<OutlookCalendarLinkButtonPart, string>>;
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
    UseOutlookCalendarConnectionOptions,
    'pollIntervalMs' | 'popupCheckIntervalMs' | 'maxWaitMs'
  >;
}

/**
 * Links the signed-in ATS user's Microsoft 365 account, whose Outlook calendar receives the
 * interview events (予定を登録). The same machinery as `GoogleCalendarLinkButton`, plus the state
 * `admin_consent_required`: the organization lets only an administrator consent to the app, so
 * the button says what to ask the admin for (the delegated permissions, and where in Microsoft
 * Entra) and offers 連携をやり直す once they approved. Exported from `@ats-zoom/react/outlook`
 * only, with its texts in `@ats-zoom/react/outlook/locales/*`: a page without Outlook ships none
 * of it. State is exposed as `data-state` on the root: `loading`, `not_connected`, `connecting`,
 * `connected`, `needs_reauth`, `moved`, `admin_consent_required` or `error`.
 */
export function OutlookCalendarLinkButton({
  locale,
  messages: overrides,
  onConnected,
  onDisconnected,
  timing,
  classNames,
  ...rest
}: OutlookCalendarLinkButtonProps) {
  const context = useAtsZoomContext();
  // The provider's catalogue with the Outlook texts in it, for the shared machinery below (a
  // new object per render, as the children render again with this component anyway).
  const value = {
    ...context,
    messages: { ...context.messages, ...locale.messages, ...overrides } as Messages,
  };
  const outlook = useOutlookCalendarConnection({ onConnected, onDisconnected, ...timing });
  const part = partPropsOf(classNames);
  const afterId = `${useId()}-after`;
  const t = (key: OutlookMessage) =>
    value.messages[`outlookCalendarLinkButton.${key}` as MessageKey];
  return (
    <AtsZoomContext.Provider value={value}>
      <ProviderLinkButton
        {...rest}
        classNames={classNames}
        link={outlook as UseProviderConnectionResult}
        slot="outlook-calendar-link-button"
        prefix="outlookCalendarLinkButton"
      >
        {outlook.state === 'admin_consent_required' && (
          // 承認待ち: why connecting failed, what to ask the Microsoft 365 administrator for and
          // where (announced as an alert), and 連携をやり直す, which takes the focus the ended
          // connect flow left behind.
          <>
            <div {...part('adminConsent')} role="alert">
              <p {...part('hint')}>{t('adminConsent.text')}</p>
              <p {...part('hint')}>{t('adminConsent.ask')}</p>
              <ul {...part('permissions')}>
                <li>{t('adminConsent.permissions')}</li>
                <li>{t('adminConsent.where')}</li>
              </ul>
              <p {...part('hint')} id={afterId}>
                {t('adminConsent.after')}
              </p>
            </div>
            <div {...part('actions')}>
              <button
                {...part('retryConnectButton')}
                ref={(button) => {
                  if (focusLost()) button?.focus();
                }}
                type="button"
                aria-label={t('retryConnectAria')}
                aria-describedby={afterId}
                onClick={outlook.connect}
              >
                {t('retryConnect')}
              </button>
            </div>
          </>
        )}
      </ProviderLinkButton>
    </AtsZoomContext.Provider>
  );
}
