import type { CalendarProvider, MeetingHostProvider, Provider } from '@ats-zoom/contract';
import type {
  CalendarPort,
  ExchangedGrant,
  MeetingHostPort,
  MeetingHostUsersPort,
  ProviderOAuthPort,
} from '../ports';
import type { ProviderDescriptor } from './descriptors';

/** The provider account behind a grant, in the fields of a stored link. */
export interface ProviderAccount {
  /** The provider's stable user id (Zoom `user_id`, OpenID `sub`): one live link per value. */
  providerUserId: string;
  providerAccountId: string | null;
  email: string | null;
  displayName: string | null;
  /** Personal or company account, where the provider tells (Zoom); else null. */
  accountType: 'personal' | 'managed' | null;
}

/** Who is behind a fresh grant, and whether it holds what the BFF needs. */
export interface ProviderIdentityPort {
  /**
   * Reads the account of a grant right after the code exchange (checked against
   * `grant.subject` when the provider sent an ID token).
   */
  identify(grant: ExchangedGrant): Promise<ProviderAccount>;
  /** Required scopes the user did not grant (some consent screens let users untick them). */
  missingScopes(grant: ExchangedGrant): string[];
}

/** The pieces every configured provider brings, whatever its role. */
export interface ProviderEntryBase<P extends Provider> extends ProviderDescriptor<P> {
  /** Authorization URL, code exchange, refresh and revoke. */
  readonly oauth: ProviderOAuthPort;
  /**
   * Which token `oauth.revoke` is given to end the grant: the access token (Zoom; a dead one is
   * refreshed first) or the refresh token (Google: it outlives the access token). `none`: the
   * provider has no way for an app to end one user's grant (Microsoft); disconnecting then
   * forgets the tokens on the BFF's side only, and the audit says nothing was revoked there.
   */
  readonly revokeWith: 'access_token' | 'refresh_token' | 'none';
  readonly identity: ProviderIdentityPort;
  /**
   * Whether an error thrown by this provider's role adapter means the access token was refused
   * before its expiry (`callWithFreshToken` then refreshes once and repeats the call).
   */
  isTokenRejected(error: unknown): boolean;
  /**
   * What an error on the provider's redirect back to the callback (`error`,
   * `error_description`) means for the connect attempt, where the provider says more than
   * OAuth's `access_denied` (Microsoft: the organisation requires an administrator's consent).
   * Omitted: `access_denied` is `oauth_access_denied`, anything else `oauth_exchange_failed`.
   */
  authorizeErrorCode?(redirect: {
    error: string;
    errorDescription: string | undefined;
  }): AuthorizeErrorCode;
}

/** The attempt's error code after a refused authorization. */
export type AuthorizeErrorCode =
  | 'oauth_access_denied'
  | 'oauth_exchange_failed'
  | 'admin_consent_required';

/** A meeting host (Zoom): issues the interview's online meeting. */
export interface MeetingHostProviderEntry<P extends MeetingHostProvider = MeetingHostProvider>
  extends ProviderEntryBase<P> {
  readonly meetingHost: MeetingHostPort;
  readonly meetingHostUsers: MeetingHostUsersPort;
}

/** A calendar (Google, Outlook): holds the interview's event and the hosts' free/busy. */
export interface CalendarProviderEntry<P extends CalendarProvider = CalendarProvider>
  extends ProviderEntryBase<P> {
  readonly calendar: CalendarPort;
  /**
   * The `calendarId` that names a link's own calendar in `calendar.freeBusy`: Google's
   * `primary` alias, or the link's mailbox address where free/busy is asked per mailbox
   * (Outlook's getSchedule). Null: the link does not say (its free/busy is then unknown).
   */
  ownCalendarId(link: { email: string | null }): string | null;
}

/** The entry type of one provider, by its role. */
export type ProviderEntry<P extends Provider> = P extends MeetingHostProvider
  ? MeetingHostProviderEntry<P>
  : P extends CalendarProvider
    ? CalendarProviderEntry<P>
    : never;

/**
 * The configured providers, keyed by provider id. The meeting host (Zoom) is required; each
 * calendar is optional (absent: not configured on this BFF, so it cannot be connected). An
 * entry missing any piece, or of the wrong role, fails `tsc`.
 */
export type ProviderRegistry = { readonly [P in MeetingHostProvider]: ProviderEntry<P> } & {
  readonly [P in CalendarProvider]?: ProviderEntry<P>;
};

/** The configured entry of a provider, or undefined when this BFF is not configured for it. */
export function providerEntry<P extends Provider>(
  registry: ProviderRegistry,
  provider: P,
): ProviderEntry<P> | undefined {
  return (registry as { readonly [Q in Provider]?: ProviderEntry<Q> })[provider];
}

/** The calendar port of a configured calendar provider. */
export function calendarPortOf(
  registry: ProviderRegistry,
  provider: CalendarProvider,
): CalendarPort | undefined {
  return providerEntry(registry, provider)?.calendar;
}

/** The configured providers, in the contract's order. */
export function configuredProviders(registry: ProviderRegistry): ProviderEntryBase<Provider>[] {
  const entries: (ProviderEntryBase<Provider> | undefined)[] = Object.values(registry);
  return entries.filter((entry): entry is ProviderEntryBase<Provider> => entry !== undefined);
}
