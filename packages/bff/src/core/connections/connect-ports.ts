import type { Provider } from '@ats-zoom/contract';
import type { ConnectionRecord, ProviderTokenSet } from '../ports';
import {
  type AuthorizeErrorCode,
  type ProviderAccount,
  type ProviderEntryBase,
  providerEntry,
} from '../providers';
import type { CoreDeps } from '../shared/deps';
import { describeError, ProviderInvalidGrantError } from '../shared/errors';
import { type GrantTokens, openTokens } from '../shared/token-vault';

/** The provider account behind a grant, in the fields of a stored link. */
export interface LinkedAccount extends ProviderAccount {
  provider: Provider;
}

/** What the shared connect machinery needs from one provider. */
export interface ProviderConnectPort {
  readonly provider: Provider;
  /** The consent page URL for one attempt. */
  buildAuthorizationUrl(input: { state: string; codeVerifier: string }): Promise<string>;
  /** What the provider's error redirect means for the attempt (see the registry entry). */
  authorizeErrorCode(redirect: {
    error: string;
    errorDescription: string | undefined;
  }): AuthorizeErrorCode;
  /**
   * Exchanges the code and identifies the account. `missingScopes`: required scopes the user
   * did not grant (some consent screens let users untick scopes); the connect is then refused.
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

/** The connect part of a provider, or undefined when the BFF is not configured for it. */
export function connectPortOf(deps: CoreDeps, provider: Provider): ProviderConnectPort | undefined {
  const entry: ProviderEntryBase<Provider> | undefined = providerEntry(deps.providers, provider);
  if (!entry) return undefined;
  switch (entry.revokeWith) {
    case 'access_token':
      return accessTokenRevokingPort(deps, entry);
    case 'refresh_token':
      return refreshTokenRevokingPort(deps, entry);
    case 'none':
      return forgettingPort(entry);
    default:
      return entry.revokeWith satisfies never;
  }
}

function authorizeErrorCodeOf(
  entry: ProviderEntryBase<Provider>,
): ProviderConnectPort['authorizeErrorCode'] {
  return (redirect) =>
    entry.authorizeErrorCode?.(redirect) ??
    (redirect.error === 'access_denied' ? 'oauth_access_denied' : 'oauth_exchange_failed');
}

function exchangeWith(entry: ProviderEntryBase<Provider>): ProviderConnectPort['exchange'] {
  return async (input) => {
    const grant = await entry.oauth.exchangeCode(input);
    const account = await entry.identity.identify(grant);
    return {
      tokens: grant.tokens,
      account: { provider: entry.id, ...account },
      missingScopes: entry.identity.missingScopes(grant),
    };
  };
}

/**
 * A provider that revokes with the access token (Zoom: it kills access and refresh token
 * together). A dead access token is refreshed first, through the token source for a live link
 * (refresh tokens may rotate, so a refresh takes the link's lock).
 */
function accessTokenRevokingPort(
  deps: CoreDeps,
  entry: ProviderEntryBase<Provider>,
): ProviderConnectPort {
  const { oauth, id: provider } = entry;
  return {
    provider,
    buildAuthorizationUrl: (input) => oauth.buildAuthorizationUrl(input),
    authorizeErrorCode: authorizeErrorCodeOf(entry),
    exchange: exchangeWith(entry),
    async revokeUnusedGrant(grant) {
      try {
        await oauth.revoke(grant.accessToken);
      } catch {
        // The access token may have expired; a fresh one from the refresh token revokes the grant.
        try {
          const rotated = await oauth.refresh(grant.refreshToken);
          await oauth.revoke(rotated.accessToken);
        } catch (error) {
          deps.logger.warn(
            { provider, error: describeError(error) },
            `could not revoke the replaced ${provider} grant`,
          );
        }
      }
    },
    async revokeConnection(connection) {
      try {
        const accessToken = await deps.accessTokens.getAccessToken(connection);
        await oauth.revoke(accessToken);
        return true;
      } catch (error) {
        if (!(error instanceof ProviderInvalidGrantError)) {
          deps.logger.warn(
            { connectionId: connection.id, provider, error: describeError(error) },
            `${provider} revoke failed; deleting the connection anyway`,
          );
        }
        return false;
      }
    },
  };
}

/**
 * A provider that revokes with the refresh token (Google revokes per user and client: any
 * token of a grant ends every token of that account for this app; the refresh token does not
 * expire an hour later, so no refresh is needed first).
 */
function refreshTokenRevokingPort(
  deps: CoreDeps,
  entry: ProviderEntryBase<Provider>,
): ProviderConnectPort {
  const { oauth, id: provider } = entry;
  const revokeGrant = async (grant: GrantTokens) => {
    try {
      await oauth.revoke(grant.refreshToken);
      return true;
    } catch (error) {
      // Refused: the grant is already gone at the provider (revoked there, or expired).
      if (error instanceof ProviderInvalidGrantError) return false;
      throw error;
    }
  };
  return {
    provider,
    buildAuthorizationUrl: (input) => oauth.buildAuthorizationUrl(input),
    authorizeErrorCode: authorizeErrorCodeOf(entry),
    exchange: exchangeWith(entry),
    async revokeUnusedGrant(grant) {
      try {
        await revokeGrant(grant);
      } catch (error) {
        deps.logger.warn(
          { provider, error: describeError(error) },
          `could not revoke the ${provider} grant`,
        );
      }
    },
    async revokeConnection(connection) {
      try {
        return await revokeGrant(openTokens(deps.cipher, connection));
      } catch (error) {
        deps.logger.warn(
          { connectionId: connection.id, provider, error: describeError(error) },
          `${provider} revoke failed; deleting the connection anyway`,
        );
        return false;
      }
    },
  };
}

/**
 * A provider with no revocation of one app's grant (Microsoft: consent is removed by the user
 * in My Apps or by an administrator). A grant no link uses, or a disconnected link's, is
 * forgotten: its tokens are dropped with the row and never used again; nothing is sent.
 */
function forgettingPort(entry: ProviderEntryBase<Provider>): ProviderConnectPort {
  const { oauth, id: provider } = entry;
  return {
    provider,
    buildAuthorizationUrl: (input) => oauth.buildAuthorizationUrl(input),
    authorizeErrorCode: authorizeErrorCodeOf(entry),
    exchange: exchangeWith(entry),
    async revokeUnusedGrant() {},
    async revokeConnection() {
      return false;
    },
  };
}
