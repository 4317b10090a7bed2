/** Tokens of one provider grant, as the OAuth adapter returns them. */
export interface ProviderTokenSet {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  scopes: string[];
}

/** A grant fresh from the code exchange. */
export interface ExchangedGrant {
  tokens: ProviderTokenSet;
  /**
   * The subject the provider's (validated) ID token names, when it sends one: the identity
   * read next must be of that subject.
   */
  subject: string | null;
}

/**
 * A provider's OAuth endpoints (authorization code + PKCE). Some providers rotate refresh
 * tokens (each refresh answers a new one; the old one dies), others answer the one they were
 * given. Errors: `ProviderInvalidGrantError` when the provider refuses a code, a refresh token
 * or a revoke of a dead grant; `ProviderRateLimitedError`; `ProviderUnavailableError` for
 * anything else; never the upstream body.
 */
export interface ProviderOAuthPort {
  /** The consent page URL for one attempt (redirect_uri comes from config, never a request). */
  buildAuthorizationUrl(input: { state: string; codeVerifier: string }): Promise<string>;
  exchangeCode(input: {
    code: string;
    state: string;
    codeVerifier: string;
  }): Promise<ExchangedGrant>;
  refresh(refreshToken: string): Promise<ProviderTokenSet>;
  /** Revokes the whole grant with `token` (which token: the registry entry's `revokeWith`). */
  revoke(token: string): Promise<void>;
}
