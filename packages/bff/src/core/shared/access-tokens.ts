import type { Provider } from '@ats-zoom/contract';
import {
  type Clock,
  type ConnectionRecord,
  type LogPort,
  type ProviderOAuthPort,
  type ProviderTokenSet,
  type Store,
  StoreLockTimeoutError,
  type StoreRepositories,
  type TokenCipher,
} from '../ports';
import { providerLabel } from '../providers';
import {
  isAdminConsentRequired,
  ProviderInvalidGrantError,
  ProviderUnavailableError,
} from './errors';
import { type GrantTokens, openTokens, sealTokens } from './token-vault';

/** Refresh when this little validity remains (Zoom and Google access tokens live one hour). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Limit on one refresh call, so the cross-instance lock is never held longer than this (plus
 * the store's own work); below the lock wait of the other instances (15 s).
 */
export const REFRESH_TIMEOUT_MS = 10_000;

export interface AccessTokenSource {
  /**
   * A usable access token of a live connection of any provider, refreshed first when it expires
   * within five minutes. Throws `ProviderInvalidGrantError` (code `needs_reauth`; the connection is then
   * stored as `needs_reauth`), the provider's `admin_consent_required` error (the organisation
   * requires its administrator's consent: the connection is stored as `needs_reauth` too), or `ProviderUnavailableError` / `ProviderRateLimitedError` when
   * the refresh could not be done now (the next call tries again, once).
   */
  getAccessToken(connection: ConnectionRecord): Promise<string>;
}

export interface AccessTokenDeps {
  store: Store;
  cipher: TokenCipher;
  clock: Clock;
  logger: LogPort;
  /**
   * The token endpoint of each configured provider (the registry's `oauth`); a connection of a
   * provider without one fails its refresh as unavailable.
   */
  oauth: { readonly [P in Provider]?: Pick<ProviderOAuthPort, 'refresh'> };
  /** Limit on one call to a token endpoint. @default REFRESH_TIMEOUT_MS */
  refreshTimeoutMs?: number;
}

/** What a refresh under the lock ended with; errors are thrown only once the lock is released. */
type RefreshOutcome =
  | { kind: 'token'; accessToken: string }
  | { kind: 'no_grant' }
  /** The provider refused the refresh; `error`: a refusal that says why (admin consent). */
  | { kind: 'refused'; error?: unknown }
  | { kind: 'failed'; error: unknown };

type LiveConnection = ConnectionRecord & { tokenCiphertext: string };

/**
 * Zoom rotates refresh tokens: the newest one must always be used, and a refresh sent with a
 * rotated-away token is refused (`invalid_grant`). So two refreshes of one connection must
 * never run at once, in this process (callers share one in-flight refresh per connection) or
 * across BFF instances (the store's connection lock; after getting it, the row is read again,
 * because another instance may have refreshed while we waited). Google does not rotate (its
 * adapter answers the same refresh token again); the same path still saves it a refresh call.
 */
export function createAccessTokenSource(deps: AccessTokenDeps): AccessTokenSource {
  const inFlight = new Map<string, Promise<string>>();
  const timeoutMs = deps.refreshTimeoutMs ?? REFRESH_TIMEOUT_MS;
  /** When a refresh's answer was lost: the next `invalid_grant` is then explained in the log. */
  const unknownOutcomeAt = new Map<string, Date>();

  /** The token endpoint of the connection's provider. */
  function refresher(provider: Provider): (refreshToken: string) => Promise<ProviderTokenSet> {
    const oauth = deps.oauth[provider];
    if (oauth) return (token) => oauth.refresh(token);
    return async () => {
      throw new ProviderUnavailableError(
        `${providerLabel(provider).en} is not configured on this BFF.`,
      );
    };
  }

  async function refreshUnderLock(connectionId: string, provider: Provider): Promise<string> {
    let outcome: RefreshOutcome;
    try {
      outcome = await deps.store.withConnectionLock(connectionId, (tx) =>
        refreshLocked(tx, connectionId),
      );
    } catch (error) {
      if (error instanceof StoreLockTimeoutError) {
        deps.logger.warn(
          { connectionId, provider },
          `${provider} token refresh waited too long for its lock`,
        );
        throw new ProviderUnavailableError(`Another refresh of this ${provider} link is stuck.`);
      }
      throw error;
    }
    switch (outcome.kind) {
      case 'token':
        return outcome.accessToken;
      case 'no_grant':
        throw new ProviderInvalidGrantError('The connection holds no live grant.');
      case 'refused':
        throw (
          outcome.error ??
          new ProviderInvalidGrantError(`The ${provider} token endpoint refused the refresh.`)
        );
      case 'failed':
        throw outcome.error;
      default:
        return outcome satisfies never;
    }
  }

  async function refreshLocked(
    tx: StoreRepositories,
    connectionId: string,
  ): Promise<RefreshOutcome> {
    let current = liveOrUndefined(await tx.connections.findById(connectionId));
    let recovered = false;
    for (;;) {
      if (!current) return { kind: 'no_grant' };
      const sent = openTokens(deps.cipher, current);
      // Another instance (or an earlier caller here) refreshed while we waited for the lock.
      if (isFresh(current, deps.clock)) {
        return { kind: 'token', accessToken: sent.accessToken };
      }

      let rotated: ProviderTokenSet;
      try {
        rotated = await withTimeout(refresher(current.provider)(sent.refreshToken), timeoutMs);
      } catch (error) {
        // The organisation withdrew its consent (or now requires an administrator's): the grant
        // is refused like a dead refresh token, and the caller is told why.
        const adminConsent = isAdminConsentRequired(error);
        if (!(error instanceof ProviderInvalidGrantError) && !adminConsent) {
          // The request may have reached Zoom and rotated the pair (a timeout or a reset after
          // sending), so it is never retried blindly: the next call re-reads and tries once.
          unknownOutcomeAt.set(connectionId, deps.clock.now());
          deps.logger.warn(
            {
              connectionId,
              provider: current.provider,
              error: error instanceof Error ? error.name : 'unknown',
            },
            `${current.provider} token refresh failed; its outcome is unknown and it is not retried`,
          );
          return { kind: 'failed', error };
        }
        // Refused. If someone stored another pair meanwhile (a re-authorization), use that one.
        const reread = liveOrUndefined(await tx.connections.findById(connectionId));
        // Revoked, moved or deleted meanwhile (a webhook, a reconnect elsewhere): that writer's
        // status is the truth; marking `needs_reauth` over it would hide what happened.
        if (reread === undefined) return { kind: 'no_grant' };
        const changed =
          reread !== undefined &&
          openTokens(deps.cipher, reread).refreshToken !== sent.refreshToken;
        if (changed && !recovered) {
          recovered = true;
          current = reread;
          continue;
        }
        if (!changed) await markNeedsReauth(tx, current, adminConsent);
        return adminConsent ? { kind: 'refused', error } : { kind: 'refused' };
      }

      unknownOutcomeAt.delete(connectionId);
      const tokens: GrantTokens = {
        accessToken: rotated.accessToken,
        refreshToken: rotated.refreshToken,
      };
      // Persist before use: an unsaved rotated pair is a lost grant.
      await tx.connections.update(current.id, {
        tokenCiphertext: sealTokens(deps.cipher, current, tokens),
        accessTokenExpiresAt: rotated.accessTokenExpiresAt,
        scopes: rotated.scopes.length > 0 ? rotated.scopes : current.scopes,
        updatedAt: deps.clock.now(),
      });
      deps.logger.info(
        { connectionId, provider: current.provider },
        `${current.provider} access token refreshed`,
      );
      return { kind: 'token', accessToken: rotated.accessToken };
    }
  }

  async function markNeedsReauth(
    tx: StoreRepositories,
    connection: LiveConnection,
    adminConsent = false,
  ) {
    const now = deps.clock.now();
    await tx.connections.update(connection.id, {
      status: 'needs_reauth',
      tokenCiphertext: null,
      accessTokenExpiresAt: null,
      updatedAt: now,
    });
    const lostAnswerAt = unknownOutcomeAt.get(connection.id);
    unknownOutcomeAt.delete(connection.id);
    deps.logger.warn(
      {
        connectionId: connection.id,
        tenantId: connection.tenantId,
        provider: connection.provider,
        ...(lostAnswerAt ? { afterUnansweredRefreshAt: lostAnswerAt.toISOString() } : {}),
      },
      adminConsent
        ? `${connection.provider} requires an administrator's consent; connection needs re-authorization`
        : `${connection.provider} refused the refresh token; connection needs re-authorization`,
    );
  }

  return {
    async getAccessToken(connection) {
      const live = liveOrUndefined(connection);
      if (!live) throw new ProviderInvalidGrantError('The connection holds no live grant.');
      if (isFresh(live, deps.clock)) return openTokens(deps.cipher, live).accessToken;
      const running = inFlight.get(live.id);
      if (running) return running;
      const started = refreshUnderLock(live.id, live.provider).finally(() =>
        inFlight.delete(live.id),
      );
      inFlight.set(live.id, started);
      return started;
    },
  };
}

function liveOrUndefined(connection: ConnectionRecord | undefined): LiveConnection | undefined {
  if (!connection?.tokenCiphertext || connection.status !== 'active') return undefined;
  return { ...connection, tokenCiphertext: connection.tokenCiphertext };
}

function isFresh(connection: ConnectionRecord, clock: Clock): boolean {
  const expiresAt = connection.accessTokenExpiresAt;
  return expiresAt !== null && expiresAt.getTime() - clock.now().getTime() > REFRESH_MARGIN_MS;
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProviderUnavailableError('The token endpoint did not answer in time.')),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
