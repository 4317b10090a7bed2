import type { CalendarPort, ProviderOAuthPort, ProviderTokenSet } from '../../core/ports';
import { type CalendarProviderEntry, providerDescriptors } from '../../core/providers';
import {
  CalendarAccessTokenRejectedError,
  CalendarError,
  CalendarEventGoneError,
  ProviderUnavailableError,
} from '../../core/shared/errors';
import {
  classifyAuthorizeError,
  OutlookAccessTokenRejectedError,
  OutlookCalendarError,
  OutlookEventGoneError,
} from './microsoft-errors';
import type {
  MicrosoftOAuthPort,
  MicrosoftUserProfile,
  OutlookCalendarPort,
} from './microsoft-ports';

/**
 * Outlook's registry entry: a calendar on the Microsoft identity platform and Graph.
 *
 * - Refresh tokens rotate: every refresh answers a new one, which the token source stores under
 *   the link's lock (as Zoom's).
 * - Revoke: Microsoft has no endpoint that ends one app's delegated grant for one user (Graph's
 *   `revokeSignInSessions` signs the user out of everything). Disconnecting therefore forgets
 *   the tokens on the BFF's side (the row and its sealed tokens are deleted) and the refresh
 *   token, never used again, expires at Microsoft after its inactivity lifetime. The user or an
 *   admin removes the consent itself from Microsoft's My Apps / Enterprise applications.
 * - Identity: Graph's `/me` (read by the OAuth client with the fresh token): its `id` (the
 *   user's object id, stable across the tenant) is the provider user id, `mail` or else the
 *   `userPrincipalName` the e-mail; the grant's subject is that id.
 * - The calendar: the signed-in user's default calendar (`/me/events`), so the port's
 *   `calendarId` is not used for events; free/busy is Graph's getSchedule, which names
 *   mailboxes: `ownCalendarId` answers the link's mailbox address.
 * - Admin consent: the authorize redirect's `error_description` (AADSTS90094, AADSTS65001...)
 *   and `AdminConsentRequiredError` (code `admin_consent_required`) from the code exchange or a
 *   refresh say the Microsoft 365 tenant requires an administrator's approval.
 */
export function createOutlookProvider(parts: {
  oauth: MicrosoftOAuthPort;
  calendar: OutlookCalendarPort;
}): CalendarProviderEntry<'outlook'> {
  const { oauth } = parts;
  // The account read during the exchange, until `identify` takes it (by the grant's token set
  // object: nothing is kept once the grant is dropped, and no token is a key).
  const profiles = new WeakMap<ProviderTokenSet, MicrosoftUserProfile>();

  const oauthPort: ProviderOAuthPort = {
    buildAuthorizationUrl: (input) => oauth.buildAuthorizationUrl(input),
    async exchangeCode(input) {
      const { tokens, profile } = await oauth.exchangeCode(input);
      profiles.set(tokens, profile);
      return { tokens, subject: profile.id };
    },
    refresh: (refreshToken) => oauth.refresh(refreshToken),
    revoke: (token) => oauth.revoke(token),
  };

  return {
    ...providerDescriptors.outlook,
    oauth: oauthPort,
    // No per-app revocation at Microsoft (see above): the BFF forgets the tokens.
    revokeWith: 'none',
    identity: {
      async identify(grant) {
        const profile = profiles.get(grant.tokens);
        profiles.delete(grant.tokens);
        if (!profile || profile.id !== grant.subject) {
          throw new ProviderUnavailableError('Microsoft Graph sent no account for this grant.');
        }
        return {
          providerUserId: profile.id,
          providerAccountId: null,
          email: profile.email,
          displayName: profile.displayName,
          accountType: null,
        };
      },
      missingScopes(grant) {
        const granted = new Set(grant.tokens.scopes);
        return oauth.requiredScopes.filter((scope) => !granted.has(scope));
      },
    },
    isTokenRejected: (error) => error instanceof CalendarAccessTokenRejectedError,
    // A tenant that lets only admins consent redirects back with an AADSTS description.
    authorizeErrorCode: (redirect) => classifyAuthorizeError(redirect),
    ownCalendarId: (link) => link.email,
    calendar: outlookCalendarPort(parts.calendar),
  };
}

/**
 * The calendar role over the Graph client, with the core's errors: a rejected token is
 * `CalendarAccessTokenRejectedError`, a gone event `CalendarEventGoneError`, any other Graph
 * failure `CalendarError` with the same vendor-neutral code (and provider `outlook`).
 */
function outlookCalendarPort(client: OutlookCalendarPort): CalendarPort {
  return {
    insertEvent: (token, _calendarId, { idempotencyKey, content, sendUpdates }) =>
      inCoreErrors(() =>
        client.createEvent(token, { transactionId: idempotencyKey, content, sendUpdates }),
      ),
    getEvent: (token, _calendarId, eventId) => inCoreErrors(() => client.getEvent(token, eventId)),
    patchEvent: (token, _calendarId, eventId, input) =>
      inCoreErrors(() => client.patchEvent(token, eventId, input)),
    deleteEvent: (token, _calendarId, eventId) =>
      inCoreErrors(() => client.deleteEvent(token, eventId)),
    async freeBusy(token, { calendarId, timeMin, timeMax, signal }) {
      const [schedule] = await inCoreErrors(() =>
        client.busy(token, {
          emails: [calendarId],
          timeMin,
          timeMax,
          ...(signal ? { signal } : {}),
        }),
      );
      // Graph could not read this mailbox's schedule: not free, unknown (the host shows so).
      if (schedule?.status !== 'known') {
        throw new CalendarError('calendar_unavailable', 'Graph could not read the schedule.', {
          provider: 'outlook',
        });
      }
      return schedule.busy;
    },
  };
}

async function inCoreErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof OutlookAccessTokenRejectedError) {
      throw new CalendarAccessTokenRejectedError({ provider: 'outlook' });
    }
    if (error instanceof OutlookEventGoneError) throw new CalendarEventGoneError(404);
    if (error instanceof OutlookCalendarError) {
      // Graph's Retry-After rides along: the outbox waits at least that long.
      throw new CalendarError(error.code, error.message, {
        provider: 'outlook',
        retryAfterSeconds: error.retryAfterSeconds,
      });
    }
    throw error;
  }
}
