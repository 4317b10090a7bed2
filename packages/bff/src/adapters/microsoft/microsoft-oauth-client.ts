import * as oauth from 'oauth4webapi';
import type { Clock, ProviderTokenSet } from '../../core/ports';
import {
  DomainError,
  ProviderInvalidGrantError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
} from '../../core/shared/errors';
import { sendBearerJson } from '../http/bearer-json';
import { AdminConsentRequiredError, needsAdminConsent } from './microsoft-errors';
import type { MicrosoftOAuthPort, MicrosoftUserProfile } from './microsoft-ports';

/** Per-attempt limit on every call to the identity platform and to `/me`. */
export const MICROSOFT_OAUTH_TIMEOUT_MS = 10_000;

export const MICROSOFT_AUTHORITY = 'https://login.microsoftonline.com';
export const MICROSOFT_GRAPH_BASE = 'https://graph.microsoft.com/v1.0';

/**
 * Sign-in and the account's identity, a refresh token, and the Graph permissions the calendar
 * step needs (Calendars.ReadWrite is the narrowest that creates events; getSchedule needs only
 * read). All are user-consentable unless the tenant turned user consent off.
 */
export const DEFAULT_MICROSOFT_SCOPES = [
  'openid',
  'email',
  'offline_access',
  'User.Read',
  'Calendars.ReadWrite',
] as const;

/** The Graph permissions a grant must hold; the OpenID scopes are not echoed reliably. */
const GRAPH_PERMISSIONS = ['User.Read', 'Calendars.ReadWrite'] as const;

const GRAPH_RESOURCE = 'https://graph.microsoft.com/';

/**
 * A scope as the BFF compares them: Graph permissions may come back as
 * `https://graph.microsoft.com/Calendars.ReadWrite` and in any case (scopes are case-insensitive).
 */
export function normalizeMicrosoftScope(scope: string): string {
  const short = scope.toLowerCase().startsWith(GRAPH_RESOURCE)
    ? scope.slice(GRAPH_RESOURCE.length)
    : scope;
  const known = [...DEFAULT_MICROSOFT_SCOPES].find((s) => s.toLowerCase() === short.toLowerCase());
  return known ?? short;
}

export interface MicrosoftOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Identity platform base; `{base}/{tenant}/oauth2/v2.0/authorize|token`. @default MICROSOFT_AUTHORITY */
  authorityBaseUrl?: string;
  /**
   * `organizations` (work or school accounts: Microsoft 365), `common` (also personal
   * accounts), or one tenant's id or domain. @default 'organizations'
   */
  tenant?: string;
  /** Graph base for `/me`. @default MICROSOFT_GRAPH_BASE */
  graphBaseUrl?: string;
  /** Our callback, byte-exact as registered in the app registration. */
  redirectUri: string;
  /** @default DEFAULT_MICROSOFT_SCOPES */
  scopes?: readonly string[];
}

// Tenants that stand for many: the ID token's issuer names the user's own tenant instead.
const MULTI_TENANT = new Set(['organizations', 'common', 'consumers']);

/**
 * The Microsoft identity platform v2 through oauth4webapi: authorization code with PKCE S256
 * and the client secret (client_secret_post), `response_mode=query`, `offline_access` for a
 * refresh token. Refresh tokens rotate: every refresh answers a new one, which replaces the old.
 * No `prompt=consent`: it would force a user consent screen even where only an admin may consent.
 */
export function createMicrosoftOAuthClient(
  config: MicrosoftOAuthConfig,
  options: { fetch?: typeof fetch; clock: Clock },
): MicrosoftOAuthPort {
  const scopes = [...(config.scopes ?? DEFAULT_MICROSOFT_SCOPES)];
  const authority = (config.authorityBaseUrl ?? MICROSOFT_AUTHORITY).replace(/\/+$/, '');
  const tenant = config.tenant ?? 'organizations';
  const graphBase = (config.graphBaseUrl ?? MICROSOFT_GRAPH_BASE).replace(/\/+$/, '');
  const authorizeUrl = `${authority}/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize`;
  const tokenUrl = `${authority}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
  const issuerOf = (tenantId: string) => `${authority}/${tenantId}/v2.0`;
  const serverFor = (issuer: string): oauth.AuthorizationServer => ({
    issuer,
    authorization_endpoint: authorizeUrl,
    token_endpoint: tokenUrl,
  });
  // ID token timestamps are checked against the injected clock, not the machine's.
  const client = (): oauth.Client => ({
    client_id: config.clientId,
    [oauth.clockSkew]: Math.round((options.clock.now().getTime() - Date.now()) / 1000),
  });
  const clientAuth = oauth.ClientSecretPost(config.clientSecret);
  const doFetch = options.fetch ?? fetch;
  const requestOptions = (url: string) => ({
    signal: () => AbortSignal.timeout(MICROSOFT_OAUTH_TIMEOUT_MS),
    // Plain http is allowed only for a loopback emulator configured as such.
    ...(new URL(url).protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(options.fetch ? { [oauth.customFetch]: options.fetch } : {}),
  });

  /**
   * The issuer the ID token must name. With `organizations` or `common` it is the user's own
   * tenant (`{authority}/{tid}/v2.0`), known only from the token: read `tid` from the answer
   * first, then oauth4webapi checks `iss` (and aud, exp...) against it.
   */
  async function issuerFor(response: Response): Promise<string> {
    if (!MULTI_TENANT.has(tenant.toLowerCase())) return issuerOf(tenant);
    const body = (await response
      .clone()
      .json()
      .catch(() => undefined)) as { id_token?: unknown } | undefined;
    const tid = typeof body?.id_token === 'string' ? claimOf(body.id_token, 'tid') : undefined;
    return issuerOf(tid ?? tenant);
  }

  const toTokenSet = (
    response: oauth.TokenEndpointResponse,
    previousRefreshToken: string | null,
  ): ProviderTokenSet => {
    // Microsoft answers every refresh with a new refresh token; the old one is not revoked
    // but is dropped by the BFF. Without one at all the grant lacks offline_access.
    const refreshToken = response.refresh_token ?? previousRefreshToken;
    if (!refreshToken) throw new ProviderUnavailableError('Microsoft sent no refresh token.');
    return {
      accessToken: response.access_token,
      refreshToken,
      accessTokenExpiresAt: new Date(
        options.clock.now().getTime() + (response.expires_in ?? 3600) * 1000,
      ),
      scopes: response.scope
        ? response.scope.split(/\s+/).filter(Boolean).map(normalizeMicrosoftScope)
        : [],
    };
  };

  async function readProfile(accessToken: string): Promise<MicrosoftUserProfile> {
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await sendBearerJson(doFetch, {
        method: 'GET',
        url: `${graphBase}/me`,
        token: accessToken,
        query: { $select: 'id,mail,userPrincipalName,displayName' },
        signal: AbortSignal.timeout(MICROSOFT_OAUTH_TIMEOUT_MS),
      }));
    } catch {
      throw new ProviderUnavailableError('Microsoft Graph could not be reached for /me.');
    }
    if (response.status === 429) throw new ProviderRateLimitedError();
    if (!response.ok) throw new ProviderUnavailableError(`Graph /me answered ${response.status}.`);
    const me = safeJson(text) as Record<string, unknown> | undefined;
    if (typeof me?.id !== 'string') throw new ProviderUnavailableError('Graph /me sent no id.');
    const nonEmpty = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);
    return {
      id: me.id,
      email: nonEmpty(me.mail) ?? nonEmpty(me.userPrincipalName),
      displayName: nonEmpty(me.displayName),
    };
  }

  return {
    requiredScopes: GRAPH_PERMISSIONS.filter((p) =>
      scopes.some((s) => normalizeMicrosoftScope(s) === p),
    ),

    async buildAuthorizationUrl({ state, codeVerifier }) {
      const url = new URL(authorizeUrl);
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('redirect_uri', config.redirectUri);
      url.searchParams.set('response_mode', 'query');
      url.searchParams.set('scope', scopes.join(' '));
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
      url.searchParams.set('code_challenge_method', 'S256');
      return url.href;
    },

    async exchangeCode({ code, state, codeVerifier }) {
      return translateMicrosoftErrors(async () => {
        const current = client();
        const params = oauth.validateAuthResponse(
          serverFor(issuerOf(tenant)),
          current,
          new URLSearchParams({ code, state }),
          state,
        );
        const response = await oauth.authorizationCodeGrantRequest(
          serverFor(issuerOf(tenant)),
          current,
          clientAuth,
          params,
          config.redirectUri,
          codeVerifier,
          requestOptions(tokenUrl),
        );
        const processed = await oauth.processAuthorizationCodeResponse(
          serverFor(await issuerFor(response)),
          current,
          response,
        );
        const tokens = toTokenSet(processed, null);
        return { tokens, profile: await readProfile(tokens.accessToken) };
      });
    },

    async refresh(refreshToken) {
      return translateMicrosoftErrors(async () => {
        const current = client();
        const response = await oauth.refreshTokenGrantRequest(
          serverFor(issuerOf(tenant)),
          current,
          clientAuth,
          refreshToken,
          // v2 refreshes name the scopes again; the grant's own are answered anyway.
          { ...requestOptions(tokenUrl), additionalParameters: { scope: scopes.join(' ') } },
        );
        return toTokenSet(
          await oauth.processRefreshTokenResponse(
            serverFor(await issuerFor(response)),
            current,
            response,
          ),
          refreshToken,
        );
      });
    },

    /**
     * Microsoft has no endpoint that revokes one delegated grant of one app (Graph's
     * `revokeSignInSessions` signs the user out of everything; removing the consent needs the
     * user's My Apps page or an admin). So disconnecting forgets the tokens on our side, and the
     * refresh token expires unused after 90 days. Nothing is sent.
     */
    async revoke() {},
  };
}

/** One claim of a JWT's payload, unverified: only to pick the issuer that is then checked. */
function claimOf(jwt: string, name: string): string | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const value = (
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
    )[name];
    return typeof value === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * oauth4webapi and fetch errors as domain errors without the upstream body or the request (it
 * holds the client secret and tokens). Consent answers are checked before `invalid_grant`:
 * AADSTS65001 arrives as `invalid_grant` too.
 */
async function translateMicrosoftErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof oauth.ResponseBodyError) {
      if (needsAdminConsent(error.error, error.error_description)) {
        throw new AdminConsentRequiredError();
      }
      if (error.error === 'invalid_grant') {
        throw new ProviderInvalidGrantError('Microsoft refused the grant (invalid_grant).');
      }
      if (error.status === 429) throw new ProviderRateLimitedError();
      throw new ProviderUnavailableError(`Microsoft's token endpoint answered ${error.status}.`);
    }
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof Response && cause.status === 429) throw new ProviderRateLimitedError();
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new ProviderUnavailableError("Microsoft's token endpoint timed out.");
    }
    throw new ProviderUnavailableError("Microsoft's token endpoint could not be used.");
  }
}
