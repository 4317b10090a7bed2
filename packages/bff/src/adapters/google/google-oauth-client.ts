import * as oauth from 'oauth4webapi';
import type { Clock, ProviderOAuthPort, ProviderTokenSet } from '../../core/ports';
import { ProviderUnavailableError } from '../../core/shared/errors';

/** The Google account behind a grant (OpenID userinfo claims). */
export interface GoogleUserProfile {
  /** Google's stable subject id: one live link per `sub` across the deployment. */
  sub: string;
  email: string | null;
  /** Only with the `profile` scope; null otherwise. */
  name: string | null;
}

/**
 * Google's OAuth endpoints (authorization code + PKCE, offline access). Refresh tokens do not
 * rotate: `refresh` answers the refresh token it was given when Google sends none. Revoking
 * any token of a grant ends the whole grant of that Google user and client.
 * Errors: `ProviderInvalidGrantError` when Google refuses a code or refresh token
 * (`invalid_grant`) or a revoke, `ProviderRateLimitedError`, `ProviderUnavailableError`.
 */
export interface GoogleOAuthClient extends ProviderOAuthPort {
  /** Every scope a connect asks for, in Google's long form: a grant without one is refused. */
  readonly requiredScopes: readonly string[];
  /** The account of a grant from userinfo, checked against the ID token's subject. */
  readProfile(accessToken: string, subject: string): Promise<GoogleUserProfile>;
}

import { type OAuthOperation, translateOAuthErrors } from '../oauth/oauth-errors';

/** Per-attempt limit on every call to Google's OAuth endpoints. */
export const GOOGLE_OAUTH_TIMEOUT_MS = 10_000;

/** The `iss` of Google's ID tokens (the emulator signs with it too). */
export const GOOGLE_ISSUER = 'https://accounts.google.com';

const SCOPE_PREFIX = 'https://www.googleapis.com/auth/';

/**
 * The narrowest scopes that work: the account's identity, events on calendars the user owns
 * (primary included) and free/busy for the busy badges.
 */
export const DEFAULT_GOOGLE_SCOPES = [
  'openid',
  'email',
  `${SCOPE_PREFIX}calendar.events.owned`,
  `${SCOPE_PREFIX}calendar.freebusy`,
] as const;

/** Google takes `email` / `profile` and answers with their long names. */
const SHORT_SCOPES: Record<string, string> = {
  email: `${SCOPE_PREFIX}userinfo.email`,
  profile: `${SCOPE_PREFIX}userinfo.profile`,
};

/** A scope in the form Google's token answers use. */
export function normalizeGoogleScope(scope: string): string {
  return SHORT_SCOPES[scope] ?? scope;
}

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  userinfoUrl: string;
  /** Our callback, byte-exact as registered in the Google Cloud console. */
  redirectUri: string;
  /** @default DEFAULT_GOOGLE_SCOPES */
  scopes?: readonly string[];
}

/**
 * Google's OAuth web-server flow through oauth4webapi: PKCE S256 with the client secret
 * (client_secret_post), offline access with a consent screen every time (so every connect
 * yields a refresh token), incremental scopes, the ID token checked on exchange and the
 * account read from userinfo. Refresh tokens do not rotate.
 */
export function createGoogleOAuthClient(
  config: GoogleOAuthConfig,
  options: { fetch?: typeof fetch; clock: Clock },
): GoogleOAuthClient {
  const scopes = [...(config.scopes ?? DEFAULT_GOOGLE_SCOPES)];
  const as: oauth.AuthorizationServer = {
    issuer: GOOGLE_ISSUER,
    authorization_endpoint: config.authorizeUrl,
    token_endpoint: config.tokenUrl,
    revocation_endpoint: config.revokeUrl,
    userinfo_endpoint: config.userinfoUrl,
  };
  // ID token timestamps are checked against the injected clock, not the machine's.
  const client = (): oauth.Client => ({
    client_id: config.clientId,
    [oauth.clockSkew]: Math.round((options.clock.now().getTime() - Date.now()) / 1000),
  });
  const clientAuth = oauth.ClientSecretPost(config.clientSecret);
  const requestOptions = (url: string) => ({
    signal: () => AbortSignal.timeout(GOOGLE_OAUTH_TIMEOUT_MS),
    // Plain http is allowed only for a loopback emulator configured as such; Google is https.
    ...(new URL(url).protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(options.fetch ? { [oauth.customFetch]: options.fetch } : {}),
  });

  const toTokenSet = (
    response: oauth.TokenEndpointResponse,
    previousRefreshToken: string | null,
  ): ProviderTokenSet => {
    // Google answers a refresh without `refresh_token`: the one sent stays valid.
    const refreshToken = response.refresh_token ?? previousRefreshToken;
    if (!refreshToken) throw new ProviderUnavailableError('Google sent no refresh token.');
    return {
      accessToken: response.access_token,
      refreshToken,
      accessTokenExpiresAt: new Date(
        options.clock.now().getTime() + (response.expires_in ?? 3600) * 1000,
      ),
      scopes: response.scope ? response.scope.split(/\s+/).filter(Boolean) : [],
    };
  };

  async function readProfile(accessToken: string, subject: string): Promise<GoogleUserProfile> {
    const current = client();
    const response = await oauth.userInfoRequest(
      as,
      current,
      accessToken,
      requestOptions(config.userinfoUrl),
    );
    const info = await oauth.processUserInfoResponse(as, current, subject, response);
    return {
      sub: info.sub,
      email: typeof info.email === 'string' ? info.email : null,
      name: typeof info.name === 'string' && info.name.trim() ? info.name : null,
    };
  }

  return {
    requiredScopes: scopes.map(normalizeGoogleScope),

    readProfile: (accessToken, subject) =>
      translateOAuthErrors('Google', 'grant', googleDeadGrant, () =>
        readProfile(accessToken, subject),
      ),

    async buildAuthorizationUrl({ state, codeVerifier }) {
      const url = new URL(config.authorizeUrl);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', config.redirectUri);
      url.searchParams.set('scope', scopes.join(' '));
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
      url.searchParams.set('code_challenge_method', 'S256');
      // A refresh token is only issued with offline access and a consent screen actually shown.
      url.searchParams.set('access_type', 'offline');
      url.searchParams.set('prompt', 'consent');
      url.searchParams.set('include_granted_scopes', 'true');
      return url.href;
    },

    async exchangeCode({ code, state, codeVerifier }) {
      return translateOAuthErrors('Google', 'grant', googleDeadGrant, async () => {
        const current = client();
        const params = oauth.validateAuthResponse(
          as,
          current,
          new URLSearchParams({ code, state }),
          state,
        );
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          current,
          clientAuth,
          params,
          config.redirectUri,
          codeVerifier,
          requestOptions(config.tokenUrl),
        );
        const processed = await oauth.processAuthorizationCodeResponse(as, current, response, {
          requireIdToken: true,
        });
        const tokens = toTokenSet(processed, null);
        const subject = oauth.getValidatedIdTokenClaims(processed)?.sub;
        if (!subject) throw new ProviderUnavailableError('Google sent no ID token subject.');
        return { tokens, subject };
      });
    },

    async refresh(refreshToken) {
      return translateOAuthErrors('Google', 'grant', googleDeadGrant, async () => {
        const current = client();
        const response = await oauth.refreshTokenGrantRequest(
          as,
          current,
          clientAuth,
          refreshToken,
          requestOptions(config.tokenUrl),
        );
        return toTokenSet(
          await oauth.processRefreshTokenResponse(as, current, response),
          refreshToken,
        );
      });
    },

    async revoke(token) {
      return translateOAuthErrors('Google', 'revoke', googleDeadGrant, async () => {
        // Google's revoke endpoint needs no client authentication; the token alone ends the grant.
        const response = await oauth.revocationRequest(
          as,
          client(),
          oauth.None(),
          token,
          requestOptions(config.revokeUrl),
        );
        await oauth.processRevocationResponse(response);
      });
    },
  };
}

// A revoked, expired or unused-for-six-months grant, a reused code: 400 invalid_grant.
const googleDeadGrant = (error: oauth.ResponseBodyError, operation: OAuthOperation) =>
  error.error === 'invalid_grant' || (operation === 'revoke' && error.status === 400);
