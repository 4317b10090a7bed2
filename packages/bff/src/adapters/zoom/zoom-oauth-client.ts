import * as oauth from 'oauth4webapi';
import type { Clock, ProviderOAuthPort, ProviderTokenSet } from '../../core/ports';
import { ProviderUnavailableError } from '../../core/shared/errors';
import { type OAuthOperation, translateOAuthErrors } from '../oauth/oauth-errors';

/** Per-attempt limit on every call to Zoom. */
export const ZOOM_TIMEOUT_MS = 10_000;

export interface ZoomOAuthConfig {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** Our callback, byte-exact as registered with Zoom. */
  redirectUri: string;
  scopes: string[];
}

/** Zoom's OAuth endpoints through oauth4webapi (PKCE S256, client_secret_basic). */
export function createZoomOAuthClient(
  config: ZoomOAuthConfig,
  options: { fetch?: typeof fetch; clock: Clock },
): ProviderOAuthPort {
  const as: oauth.AuthorizationServer = {
    issuer: new URL(config.authorizeUrl).origin,
    authorization_endpoint: config.authorizeUrl,
    token_endpoint: config.tokenUrl,
    revocation_endpoint: config.revokeUrl,
  };
  const client: oauth.Client = { client_id: config.clientId };
  const clientAuth = oauth.ClientSecretBasic(config.clientSecret);
  const requestOptions = (url: string) => ({
    signal: () => AbortSignal.timeout(ZOOM_TIMEOUT_MS),
    // Plain http is allowed only for a loopback emulator configured as such; Zoom is https.
    ...(new URL(url).protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(options.fetch ? { [oauth.customFetch]: options.fetch } : {}),
  });

  const toTokenSet = (response: oauth.TokenEndpointResponse): ProviderTokenSet => {
    if (!response.refresh_token) throw new ProviderUnavailableError('Zoom sent no refresh token.');
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token,
      accessTokenExpiresAt: new Date(
        options.clock.now().getTime() + (response.expires_in ?? 3600) * 1000,
      ),
      scopes: response.scope ? response.scope.split(/\s+/).filter(Boolean) : [],
    };
  };

  return {
    async buildAuthorizationUrl({ state, codeVerifier }) {
      const url = new URL(config.authorizeUrl);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', config.redirectUri);
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
      url.searchParams.set('code_challenge_method', 'S256');
      if (config.scopes.length > 0) url.searchParams.set('scope', config.scopes.join(' '));
      return url.href;
    },

    async exchangeCode({ code, state, codeVerifier }) {
      return translateOAuthErrors('Zoom', 'grant', zoomDeadGrant, async () => {
        const params = oauth.validateAuthResponse(
          as,
          client,
          new URLSearchParams({ code, state }),
          state,
        );
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          clientAuth,
          params,
          config.redirectUri,
          codeVerifier,
          requestOptions(config.tokenUrl),
        );
        const tokens = toTokenSet(
          await oauth.processAuthorizationCodeResponse(as, client, response),
        );
        // Zoom sends no ID token: the account is read from `GET /users/me` afterwards.
        return { tokens, subject: null };
      });
    },

    async refresh(refreshToken) {
      return translateOAuthErrors('Zoom', 'grant', zoomDeadGrant, async () => {
        const response = await oauth.refreshTokenGrantRequest(
          as,
          client,
          clientAuth,
          refreshToken,
          requestOptions(config.tokenUrl),
        );
        return toTokenSet(await oauth.processRefreshTokenResponse(as, client, response));
      });
    },

    async revoke(accessToken) {
      return translateOAuthErrors('Zoom', 'revoke', zoomDeadGrant, async () => {
        const response = await oauth.revocationRequest(
          as,
          client,
          clientAuth,
          accessToken,
          requestOptions(config.revokeUrl),
        );
        await oauth.processRevocationResponse(response);
      });
    },
  };
}

// Zoom answers a dead code or refresh token with 400 {"error":"invalid_grant"}.
const zoomDeadGrant = (error: oauth.ResponseBodyError, operation: OAuthOperation) =>
  operation === 'grant' && (error.error === 'invalid_grant' || error.error === 'invalid_request');
