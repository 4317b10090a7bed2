import { type ConnectionRecord, StoreLockTimeoutError } from '../ports';
import { providerEntry } from '../providers';
import type { CoreDeps } from './deps';
import { DomainError } from './errors';
import { openTokens } from './token-vault';

export interface FreshTokenOptions {
  /**
   * Turns a failure to get a token (the refresh refused: `ProviderInvalidGrantError`, which
   * already marked the link `needs_reauth`; rate limited; unavailable) into the caller's error.
   * @default rethrows it
   */
  mapTokenError?: (error: unknown) => unknown;
  /**
   * What a second rejection (of a token refreshed just now) means. `needs_reauth`: the grant is
   * gone, the link is marked `needs_reauth` (only while it still holds that token) and `error`
   * is thrown; never a refresh loop. Omitted: the provider's error is thrown as it is.
   */
  rejectedAgain?: { markNeedsReauth: true; error: () => Error };
}

/**
 * Runs a provider call with the link's access token, for every provider alike: get a usable
 * token (refreshed when due) → call → when the provider's entry says the token was rejected
 * (it died before its expiry), refresh once and repeat the call. A refused refresh
 * (`invalid_grant`) marks the link `needs_reauth` in the token source.
 */
export async function callWithFreshToken<T>(
  deps: CoreDeps,
  connection: ConnectionRecord,
  call: (accessToken: string) => Promise<T>,
  options: FreshTokenOptions = {},
): Promise<T> {
  try {
    return await callWithRetry(deps, connection, call, options);
  } catch (error) {
    // Whatever failed here failed at (or about) this link's provider: the problem names it.
    if (error instanceof DomainError) error.provider ??= connection.provider;
    throw error;
  }
}

async function callWithRetry<T>(
  deps: CoreDeps,
  connection: ConnectionRecord,
  call: (accessToken: string) => Promise<T>,
  options: FreshTokenOptions,
): Promise<T> {
  const entry = providerEntry(deps.providers, connection.provider);
  const rejected = (error: unknown) => entry?.isTokenRejected(error) === true;
  const token = async (link: ConnectionRecord) => {
    try {
      return await deps.accessTokens.getAccessToken(link);
    } catch (error) {
      throw options.mapTokenError ? options.mapTokenError(error) : error;
    }
  };

  try {
    return await call(await token(connection));
  } catch (error) {
    if (!rejected(error)) throw error;
  }
  const expired = new Date(0);
  await deps.store.connections.update(connection.id, { accessTokenExpiresAt: expired });
  const fresh = await token({ ...connection, accessTokenExpiresAt: expired });
  try {
    return await call(fresh);
  } catch (error) {
    if (!rejected(error) || !options.rejectedAgain) throw error;
    await markRejectedGrant(deps, connection, fresh);
    throw options.rejectedAgain.error();
  }
}

/**
 * Marks the link `needs_reauth` because the provider rejected `rejectedToken`, under the
 * refresh lock and only while the link still holds that token: a reconnect or refresh that
 * stored another grant meanwhile is never overwritten.
 */
async function markRejectedGrant(
  deps: CoreDeps,
  connection: ConnectionRecord,
  rejectedToken: string,
): Promise<void> {
  let marked: boolean;
  try {
    marked = await deps.store.withConnectionLock(connection.id, async (tx) => {
      const current = await tx.connections.findById(connection.id);
      if (current?.status !== 'active' || !current.tokenCiphertext) return false;
      const held = openTokens(deps.cipher, {
        ...current,
        tokenCiphertext: current.tokenCiphertext,
      });
      if (held.accessToken !== rejectedToken) return false;
      await tx.connections.update(connection.id, {
        status: 'needs_reauth',
        tokenCiphertext: null,
        accessTokenExpiresAt: null,
        updatedAt: deps.clock.now(),
      });
      return true;
    });
  } catch (error) {
    // Someone holds the link (a refresh or reconnect): the next call finds the truth.
    if (!(error instanceof StoreLockTimeoutError)) throw error;
    marked = false;
  }
  if (marked) {
    deps.logger.warn(
      { connectionId: connection.id, tenantId: connection.tenantId, provider: connection.provider },
      `${connection.provider} rejected a freshly refreshed token; connection needs re-authorization`,
    );
  }
}
