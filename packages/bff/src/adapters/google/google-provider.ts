import type { CalendarPort } from '../../core/ports';
import { type CalendarProviderEntry, providerDescriptors } from '../../core/providers';
import {
  CalendarAccessTokenRejectedError,
  ProviderUnavailableError,
} from '../../core/shared/errors';
import type { GoogleOAuthClient } from './google-oauth-client';

/**
 * Google's registry entry: a calendar. Refresh tokens do not rotate and revoke the whole
 * grant (so the refresh token, which outlives the access token, is the one revoked); the
 * account is userinfo checked against the ID token's `sub`; users may untick scopes on the
 * consent screen, so a grant without every required scope is refused.
 */
export function createGoogleProvider(parts: {
  oauth: GoogleOAuthClient;
  calendar: CalendarPort;
}): CalendarProviderEntry<'google'> {
  const { oauth } = parts;
  return {
    ...providerDescriptors.google,
    oauth,
    revokeWith: 'refresh_token',
    identity: {
      async identify(grant) {
        if (!grant.subject) throw new ProviderUnavailableError('Google sent no ID token subject.');
        const profile = await oauth.readProfile(grant.tokens.accessToken, grant.subject);
        return {
          providerUserId: profile.sub,
          providerAccountId: null,
          email: profile.email,
          displayName: profile.name,
          accountType: null,
        };
      },
      missingScopes(grant) {
        const granted = new Set(grant.tokens.scopes);
        return oauth.requiredScopes.filter((scope) => !granted.has(scope));
      },
    },
    isTokenRejected: (error) => error instanceof CalendarAccessTokenRejectedError,
    // The signed-in user's own calendar, whatever its address.
    ownCalendarId: () => 'primary',
    calendar: parts.calendar,
  };
}
