// The ports the Microsoft adapters implement, kept beside them until the core has role-named
// ports (issue 13): the integrator moves these onto the calendar / connection ports.
import type {
  BusyPeriod,
  CalendarEventContent,
  CalendarEventSummary,
  CalendarSendUpdates,
  ProviderTokenSet,
} from '../../core/ports';

/** The Microsoft account behind a grant, from Graph's `GET /me`. */
export interface MicrosoftUserProfile {
  /** The user's object id: stable across the deployment, one live link per id. */
  id: string;
  /** `mail`, else `userPrincipalName` (accounts without an Exchange address have only a UPN). */
  email: string | null;
  displayName: string | null;
}

/**
 * The Microsoft identity platform v2 (authorization code + PKCE, offline access, rotating
 * refresh tokens). Errors: `AdminConsentRequiredError` when the tenant needs an administrator's
 * approval, `ProviderInvalidGrantError` for a dead code or refresh token,
 * `ProviderRateLimitedError`, `ProviderUnavailableError`; never the upstream body.
 */
export interface MicrosoftOAuthPort {
  /** The Graph permissions a grant must hold (short names, as normalised in `tokens.scopes`). */
  readonly requiredScopes: readonly string[];
  buildAuthorizationUrl(input: { state: string; codeVerifier: string }): Promise<string>;
  /** Exchanges the code, then reads the account from Graph's `/me` with the new token. */
  exchangeCode(input: {
    code: string;
    state: string;
    codeVerifier: string;
  }): Promise<{ tokens: ProviderTokenSet; profile: MicrosoftUserProfile }>;
  /** Answers the rotated refresh token: store it and forget the one sent. */
  refresh(refreshToken: string): Promise<ProviderTokenSet>;
  /** Microsoft offers no revocation of one delegated grant: a no-op (see the adapter). */
  revoke(token: string): Promise<void>;
}

/** Free/busy of one mailbox: `unknown` when Graph could not read that schedule. */
export type MailboxBusy =
  | { email: string; status: 'known'; busy: BusyPeriod[] }
  | { email: string; status: 'unknown' };

/**
 * Outlook events of the signed-in user's default calendar and getSchedule. Errors:
 * `OutlookAccessTokenRejectedError` (401), `OutlookEventGoneError` (404 on an event),
 * `OutlookCalendarError` with the problem code otherwise; never Graph's body or the token.
 */
export interface OutlookCalendarPort {
  /**
   * Creates the event. `transactionId` makes a repeat (ours after a lost answer, or a later
   * retry with the same id) answer the event already made instead of a second one.
   * `sendUpdates` is accepted for symmetry with Google: Outlook always sends invitations to
   * attendees when an organizer saves an event, and Graph has no switch for it.
   */
  createEvent(
    accessToken: string,
    input: {
      transactionId: string;
      content: CalendarEventContent;
      sendUpdates: CalendarSendUpdates;
    },
  ): Promise<CalendarEventSummary>;
  getEvent(accessToken: string, eventId: string): Promise<CalendarEventSummary>;
  /** Writes every field of `content` (attendees replaced). A deleted event stays gone (404). */
  patchEvent(
    accessToken: string,
    eventId: string,
    input: { content: CalendarEventContent; sendUpdates: CalendarSendUpdates },
  ): Promise<CalendarEventSummary>;
  /** Deletes the event; one that is already gone counts as deleted. */
  deleteEvent(accessToken: string, eventId: string): Promise<void>;
  /** Busy periods of each mailbox in [timeMin, timeMax), in the order of `emails`. */
  busy(
    accessToken: string,
    input: {
      emails: readonly string[];
      timeMin: Date;
      timeMax: Date;
      /** Zone the query window is expressed in (IANA). @default 'UTC' */
      timeZone?: string;
      signal?: AbortSignal;
    },
  ): Promise<MailboxBusy[]>;
}
