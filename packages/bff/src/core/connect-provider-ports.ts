import type { Provider } from '@ats-zoom/contract';
import type { CoreDeps } from './deps';
import { describeError, ProviderInvalidGrantError } from './errors';
import type { ConnectionRecord, ProviderTokenSet, ZoomUserProfile } from './ports';
import { type GrantTokens, openTokens } from './token-vault';
import { classifyZoomAccount } from './zoom-account-type';

/** The provider account behind a grant, in the fields of a stored link. */
export interface LinkedAccount {
  provider: Provider;
  /** Zoom `user_id` or Google `sub`: one live link per value across the deployment. */
  providerUserId: string;
  providerAccountId: string | null;
  email: string | null;
  displayName: string | null;
  /** Zoom only. */
  accountType: 'personal' | 'managed' | null;
}

/** What the shared connect machinery needs from one provider. */
export interface ProviderConnectPort {
  readonly provider: Provider;
  /** The consent page URL for one attempt. */
  buildAuthorizationUrl(input: { state: string; codeVerifier: string }): Promise<string>;
  /**
   * Exchanges the code and identifies the account. `missingScopes`: required scopes the user
   * did not grant (Google lets users untick scopes); the connect is then refused.
   */
  exchange(input: { code: string; state: string; codeVerifier: string }): Promise<{
    tokens: ProviderTokenSet;
    account: LinkedAccount;
    missingScopes: string[];
  }>;
  /** Ends a grant that no link uses any more. Best effort: failures are logged. */
  revokeUnusedGrant(grant: GrantTokens): Promise<void>;
  /** 連携解除: ends the grant of a live connection at the provider; false when it could not. */
  revokeConnection(connection: ConnectionRecord & { tokenCiphertext: string }): Promise<boolean>;
}

export function zoomLinkedAccount(profile: ZoomUserProfile): LinkedAccount {
  return {
    provider: 'zoom',
    providerUserId: profile.id,
    providerAccountId: profile.accountId,
    email: profile.email,
    displayName: profile.displayName,
    accountType: classifyZoomAccount(profile),
  };
}

/** The connect part of a provider, or undefined when the BFF is not configured for it. */
export function connectPortOf(deps: CoreDeps, provider: Provider): ProviderConnectPort | undefined {
  switch (provider) {
    case 'zoom':
      return zoomConnectPort(deps);
    case 'google':
      return deps.googleOAuth ? googleConnectPort(deps, deps.googleOAuth) : undefined;
    case 'outlook':
      // Outlook cannot be configured on this BFF yet: its connect answers as for an unconfigured provider.
      return undefined;
    default:
      return provider satisfies never;
  }
}

function zoomConnectPort(deps: CoreDeps): ProviderConnectPort {
  const { zoomOAuth } = deps;
  return {
    provider: 'zoom',
    buildAuthorizationUrl: (input) => zoomOAuth.buildAuthorizationUrl(input),
    async exchange(input) {
      const tokens = await zoomOAuth.exchangeCode(input);
      const profile = await deps.zoomUsers.getMe(tokens.accessToken);
      return { tokens, account: zoomLinkedAccount(profile), missingScopes: [] };
    },
    async revokeUnusedGrant(grant) {
      try {
        await zoomOAuth.revoke(grant.accessToken);
      } catch {
        // The access token may have expired; a fresh one from the refresh token revokes the grant.
        try {
          const rotated = await zoomOAuth.refresh(grant.refreshToken);
          await zoomOAuth.revoke(rotated.accessToken);
        } catch (error) {
          deps.logger.warn(
            { error: describeError(error) },
            'could not revoke the replaced zoom grant',
          );
        }
      }
    },
    async revokeConnection(connection) {
      try {
        // Through the token source: Zoom rotates refresh tokens, so a refresh takes the lock.
        const accessToken = await deps.accessTokens.getAccessToken(connection);
        await zoomOAuth.revoke(accessToken);
        return true;
      } catch (error) {
        if (!(error instanceof ProviderInvalidGrantError)) {
          deps.logger.warn(
            { connectionId: connection.id, error: describeError(error) },
            'zoom revoke failed; deleting the connection anyway',
          );
        }
        return false;
      }
    },
  };
}

/**
 * Google revokes per user and client: revoking any token of a grant ends every token of that
 * Google account for this app. The refresh token does not expire an hour later, so it is the
 * one sent (no refresh needed first).
 */
function googleConnectPort(
  deps: CoreDeps,
  googleOAuth: NonNullable<CoreDeps['googleOAuth']>,
): ProviderConnectPort {
  const revokeGrant = async (grant: GrantTokens) => {
    try {
      await googleOAuth.revoke(grant.refreshToken);
      return true;
    } catch (error) {
      // Refused: the grant is already gone at Google (revoked there, or expired).
      if (error instanceof ProviderInvalidGrantError) return false;
      throw error;
    }
  };
  return {
    provider: 'google',
    buildAuthorizationUrl: (input) => googleOAuth.buildAuthorizationUrl(input),
    async exchange(input) {
      const { tokens, profile } = await googleOAuth.exchangeCode(input);
      const granted = new Set(tokens.scopes);
      return {
        tokens,
        account: {
          provider: 'google',
          providerUserId: profile.sub,
          providerAccountId: null,
          email: profile.email,
          displayName: profile.name,
          accountType: null,
        },
        missingScopes: googleOAuth.requiredScopes.filter((scope) => !granted.has(scope)),
      };
    },
    async revokeUnusedGrant(grant) {
      try {
        await revokeGrant(grant);
      } catch (error) {
        deps.logger.warn({ error: describeError(error) }, 'could not revoke the google grant');
      }
    },
    async revokeConnection(connection) {
      try {
        return await revokeGrant(openTokens(deps.cipher, connection));
      } catch (error) {
        deps.logger.warn(
          { connectionId: connection.id, error: describeError(error) },
          'google revoke failed; deleting the connection anyway',
        );
        return false;
      }
    },
  };
}
