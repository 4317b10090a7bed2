import {
  type ProviderConnectionState,
  type UseProviderConnectionOptions,
  type UseProviderConnectionResult,
  useProviderConnection,
} from '../connection/use-provider-connection';

/**
 * Every state the Outlook Calendar link can be in: Google's, plus `admin_consent_required`: the
 * user's Microsoft 365 organization lets only an administrator consent to the app, so the last
 * connect attempt failed with `admin_consent_required` (承認待ち until the admin approves and
 * the user connects again).
 */
export type OutlookCalendarConnectionState =
  | Exclude<ProviderConnectionState, 'unfinished' | 'awaiting_approval'>
  | 'admin_consent_required';

export type UseOutlookCalendarConnectionOptions = UseProviderConnectionOptions;

export interface UseOutlookCalendarConnectionResult
  extends Omit<UseProviderConnectionResult, 'state'> {
  state: OutlookCalendarConnectionState;
}

/**
 * Headless Outlook (Microsoft 365) calendar link: the signed-in user's Outlook connection and
 * the same popup OAuth flow as Google. A connect attempt refused because the organization
 * requires an administrator's consent (`admin_consent_required`, from the attempt or the start)
 * is a state of its own, `admin_consent_required`, left by `connect()` (連携をやり直す) once
 * the admin has approved. `OutlookCalendarLinkButton` is built on it.
 */
export function useOutlookCalendarConnection(
  options?: UseOutlookCalendarConnectionOptions,
): UseOutlookCalendarConnectionResult {
  const link = useProviderConnection('outlook', options) as UseOutlookCalendarConnectionResult;
  // Only a connect can fail so. It leaves the link as it was (未連携, 要再連携…) with the failure
  // beside it, or `error` when the start itself was refused: either way the admin's consent is
  // what is missing, until the next connect.
  return link.error?.code === 'admin_consent_required'
    ? { ...link, state: 'admin_consent_required', error: null }
    : link;
}
