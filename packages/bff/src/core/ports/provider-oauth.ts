import type { GoogleUserProfile } from './meeting-host-users';

/** Tokens of one provider grant, as the OAuth adapter returns them. */
export interface ProviderTokenSet {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  scopes: string[];
}

/**
 * Zoom's OAuth endpoints (authorization code + PKCE, rotating refresh tokens, revoke).
 * Errors: `ProviderInvalidGrantError` when Zoom refuses a code or refresh token,
 * `ProviderUnavailableError` for anything else; never the upstream body.
 */
export interface ZoomOAuthPort {
  /** The consent page URL for one attempt (redirect_uri comes from config, never a request). */
  buildAuthorizationUrl(input: { state: string; codeVerifier: string }): Promise<string>;
  exchangeCode(input: {
    code: string;
    state: string;
    codeVerifier: string;
  }): Promise<ProviderTokenSet>;
  refresh(refreshToken: string): Promise<ProviderTokenSet>;
  /** Revokes the whole grant (Zoom kills access and refresh token together). */
  revoke(accessToken: string): Promise<void>;
}

/**
 * Google's OAuth endpoints (authorization code + PKCE, offline access). Refresh tokens do not
 * rotate: `refresh` answers the refresh token it was given when Google sends none. Revoking
 * any token of a grant ends the whole grant of that Google user and client.
 * Errors: `ProviderInvalidGrantError` when Google refuses a code or refresh token
 * (`invalid_grant`) or a revoke, `ProviderRateLimitedError`, `ProviderUnavailableError`.
 */
export interface GoogleOAuthPort {
  /** Every scope a connect asks for, in Google's long form: a grant without one is refused. */
  readonly requiredScopes: readonly string[];
  buildAuthorizationUrl(input: { state: string; codeVerifier: string }): Promise<string>;
  /** Exchanges the code and reads the account (its `sub` checked against the ID token). */
  exchangeCode(input: {
    code: string;
    state: string;
    codeVerifier: string;
  }): Promise<{ tokens: ProviderTokenSet; profile: GoogleUserProfile }>;
  refresh(refreshToken: string): Promise<ProviderTokenSet>;
  revoke(token: string): Promise<void>;
}
