import * as oauth from 'oauth4webapi';
import {
  DomainError,
  ProviderInvalidGrantError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
} from '../../core/shared/errors';

export type OAuthOperation = 'grant' | 'revoke';

/**
 * Re-wraps oauth4webapi and fetch errors into domain errors that carry neither the upstream
 * body nor the request (which holds the client secret and tokens), so they are safe to log.
 * `isDeadGrant` says which provider answers mean the code or refresh token is gone for good.
 */
export async function translateOAuthErrors<T>(
  /** The vendor's name, as the error messages say it. */
  provider: string,
  operation: OAuthOperation,
  isDeadGrant: (error: oauth.ResponseBodyError, operation: OAuthOperation) => boolean,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof oauth.ResponseBodyError) {
      if (isDeadGrant(error, operation)) {
        throw new ProviderInvalidGrantError(`${provider} refused the grant (${error.error}).`);
      }
      if (error.status === 429) throw new ProviderRateLimitedError();
      throw new ProviderUnavailableError(`${provider}'s OAuth endpoint answered ${error.status}.`);
    }
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new ProviderUnavailableError(`${provider}'s OAuth endpoint timed out.`);
    }
    throw new ProviderUnavailableError(`${provider}'s OAuth endpoint could not be used.`);
  }
}
