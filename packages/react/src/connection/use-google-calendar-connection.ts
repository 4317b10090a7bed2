import {
  type ProviderConnectionState,
  type UseProviderConnectionOptions,
  type UseProviderConnectionResult,
  useProviderConnection,
} from './use-provider-connection';

/** Every state the Google Calendar link can be in: Zoom's, less the pre-approval steps. */
export type GoogleCalendarConnectionState = Exclude<
  ProviderConnectionState,
  'unfinished' | 'awaiting_approval'
>;

export type UseGoogleCalendarConnectionOptions = UseProviderConnectionOptions;

export type UseGoogleCalendarConnectionResult =
  UseProviderConnectionResult<GoogleCalendarConnectionState>;

/**
 * Headless Google Calendar link (the calendar interview events are registered on): the signed-in
 * user's Google connection and the same popup OAuth flow as Zoom. `GoogleCalendarLinkButton` is
 * built on it.
 */
export function useGoogleCalendarConnection(
  options?: UseGoogleCalendarConnectionOptions,
): UseGoogleCalendarConnectionResult {
  // The Google flow never enters `unfinished` or `awaiting_approval`: a popup closed while
  // pending is abandoned, and no wait is ever recorded for Google.
  return useProviderConnection('google', options) as UseGoogleCalendarConnectionResult;
}
