import type { LinkedAccount } from '../../core/connections/connect-ports';
import type {
  MeetingHostPort,
  MeetingHostUserProfile,
  MeetingHostUsersPort,
  ProviderOAuthPort,
} from '../../core/ports';
import { type MeetingHostProviderEntry, providerDescriptors } from '../../core/providers';
import { ProviderAccessTokenRejectedError } from '../../core/shared/errors';
import { classifyZoomAccount } from './zoom-account-type';

/** A Zoom user as a stored link's account fields. */
export function zoomLinkedAccount(profile: MeetingHostUserProfile): LinkedAccount {
  return {
    provider: 'zoom',
    providerUserId: profile.id,
    providerAccountId: profile.accountId,
    email: profile.email,
    displayName: profile.displayName,
    accountType: classifyZoomAccount(profile),
  };
}

/**
 * Zoom's registry entry: the meeting host. Zoom rotates refresh tokens and revokes a grant with
 * its access token; it answers a token that died early with 401 code 124; the account is read
 * from `GET /users/me` (Zoom sends no ID token), every scope is granted or none.
 */
export function createZoomProvider(parts: {
  oauth: ProviderOAuthPort;
  users: MeetingHostUsersPort;
  meetings: MeetingHostPort;
}): MeetingHostProviderEntry<'zoom'> {
  return {
    ...providerDescriptors.zoom,
    oauth: parts.oauth,
    revokeWith: 'access_token',
    identity: {
      async identify(grant) {
        const { provider: _, ...account } = zoomLinkedAccount(
          await parts.users.getMe(grant.tokens.accessToken),
        );
        return account;
      },
      missingScopes: () => [],
    },
    isTokenRejected: (error) => error instanceof ProviderAccessTokenRejectedError,
    meetingHost: parts.meetings,
    meetingHostUsers: parts.users,
  };
}
