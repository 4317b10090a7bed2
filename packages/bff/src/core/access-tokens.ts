import { ProviderInvalidGrantError } from './errors';
import type { Clock, ConnectionRecord, LogPort, Store, TokenCipher, ZoomOAuthPort } from './ports';
import { type GrantTokens, openTokens, sealTokens } from './token-vault';

/** Refresh when this little validity remains (Zoom access tokens live one hour). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface AccessTokenSource {
  /**
   * A usable access token of a live connection, refreshed first when it expires within five
   * minutes. Throws `ProviderInvalidGrantError` (the connection is then `needs_reauth`).
   */
  getAccessToken(connection: ConnectionRecord): Promise<string>;
}

interface AccessTokenDeps {
  store: Store;
  cipher: TokenCipher;
  clock: Clock;
  logger: LogPort;
  zoomOAuth: ZoomOAuthPort;
}

/**
 * Zoom rotates refresh tokens and kills the grant when an old one is replayed, so two refreshes
 * of one connection must never run at once: callers in this process share one in-flight
 * refresh per connection.
 */
export function createAccessTokenSource(deps: AccessTokenDeps): AccessTokenSource {
  const inFlight = new Map<string, Promise<string>>();

  async function refresh(connectionId: string): Promise<string> {
    // Re-read: another request may have rotated the pair since the caller loaded the row.
    const current = await deps.store.connections.findById(connectionId);
    if (
      !current?.tokenCiphertext ||
      (current.status !== 'active' && current.status !== 'needs_reauth')
    ) {
      throw new ProviderInvalidGrantError('The connection holds no live grant.');
    }
    const stored = openTokens(deps.cipher, {
      ...current,
      tokenCiphertext: current.tokenCiphertext,
    });
    if (isFresh(current, deps.clock)) return stored.accessToken;

    let rotated: Awaited<ReturnType<ZoomOAuthPort['refresh']>>;
    try {
      rotated = await deps.zoomOAuth.refresh(stored.refreshToken);
    } catch (error) {
      if (error instanceof ProviderInvalidGrantError) {
        await deps.store.connections.update(current.id, {
          status: 'needs_reauth',
          tokenCiphertext: null,
          accessTokenExpiresAt: null,
          updatedAt: deps.clock.now(),
        });
        deps.logger.warn(
          { connectionId: current.id, tenantId: current.tenantId },
          'zoom refused the refresh token; connection needs re-authorization',
        );
      }
      throw error;
    }
    const tokens: GrantTokens = {
      accessToken: rotated.accessToken,
      refreshToken: rotated.refreshToken,
    };
    // Persist before use: if we crashed after using an unsaved pair, the grant would be lost.
    await deps.store.connections.update(current.id, {
      tokenCiphertext: sealTokens(deps.cipher, current, tokens),
      accessTokenExpiresAt: rotated.accessTokenExpiresAt,
      scopes: rotated.scopes.length > 0 ? rotated.scopes : current.scopes,
      updatedAt: deps.clock.now(),
    });
    deps.logger.info({ connectionId: current.id }, 'zoom access token refreshed');
    return rotated.accessToken;
  }

  return {
    async getAccessToken(connection) {
      if (!connection.tokenCiphertext || connection.status !== 'active') {
        throw new ProviderInvalidGrantError('The connection holds no live grant.');
      }
      if (isFresh(connection, deps.clock)) {
        return openTokens(deps.cipher, {
          ...connection,
          tokenCiphertext: connection.tokenCiphertext,
        }).accessToken;
      }
      const running = inFlight.get(connection.id);
      if (running) return running;
      const started = refresh(connection.id).finally(() => inFlight.delete(connection.id));
      inFlight.set(connection.id, started);
      return started;
    },
  };
}

function isFresh(connection: ConnectionRecord, clock: Clock): boolean {
  const expiresAt = connection.accessTokenExpiresAt;
  return expiresAt !== null && expiresAt.getTime() - clock.now().getTime() > REFRESH_MARGIN_MS;
}
