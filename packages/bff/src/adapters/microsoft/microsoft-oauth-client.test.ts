import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { graphAnswerErrors, graphRequestErrors } from '../../../test/graph-openapi';
import {
  ProviderInvalidGrantError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
} from '../../core/shared/errors';
import { AdminConsentRequiredError, classifyAuthorizeError } from './microsoft-errors';
import { createMicrosoftOAuthClient } from './microsoft-oauth-client';
import type { MicrosoftOAuthPort } from './microsoft-ports';

// A small stand-in for the identity platform (`/{tenant}/oauth2/v2.0/token`) and Graph's `/me`
// over real HTTP; the Microsoft emulator is built separately.

const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const REDIRECT = 'http://127.0.0.1:9/v1/oauth/outlook/callback';
const clock = { now: () => new Date() };

interface TokenRequest {
  path: string;
  form: URLSearchParams;
}
type TokenAnswer = { status: number; body: unknown };

class FakeIdentity {
  base = '';
  tokenRequests: TokenRequest[] = [];
  meRequests: { path: string; query: URLSearchParams; token: string }[] = [];
  answers: TokenAnswer[] = [];
  issuedRefresh = 0;
  /** The `iss` the ID token names; by default the user's own tenant under the base. */
  issuer: (() => string) | undefined;
  me: Record<string, unknown> = {
    id: 'b3f1-user-object-id',
    mail: null,
    userPrincipalName: 'kenji.sato@acme-hr.example',
    displayName: '佐藤 健二',
  };

  reset() {
    this.tokenRequests = [];
    this.meRequests = [];
    this.answers = [];
    this.issuedRefresh = 0;
    this.issuer = undefined;
  }

  async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && url.pathname === '/graph/v1.0/me') {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      this.meRequests.push({ path: '/me', query: url.searchParams, token });
      expect(graphAnswerErrors('GET', '/me', this.me)).toEqual([]);
      return json(200, this.me);
    }
    if (req.method === 'POST' && url.pathname.endsWith('/oauth2/v2.0/token')) {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      this.tokenRequests.push({ path: url.pathname, form });
      const scripted = this.answers.shift();
      if (scripted) return json(scripted.status, scripted.body);
      this.issuedRefresh += 1;
      const now = Math.floor(Date.now() / 1000);
      return json(200, {
        token_type: 'Bearer',
        access_token: `access-${this.issuedRefresh}`,
        refresh_token: `refresh-${this.issuedRefresh}`,
        expires_in: 3600,
        // Graph permissions come back with the resource prefix; offline_access is not echoed.
        scope:
          'openid email https://graph.microsoft.com/User.Read https://graph.microsoft.com/Calendars.ReadWrite',
        id_token: unsignedJwt({
          iss: this.issuer?.() ?? `${this.base}/${TENANT_ID}/v2.0`,
          aud: CLIENT_ID,
          sub: 'pairwise-subject',
          tid: TENANT_ID,
          iat: now,
          nbf: now,
          exp: now + 3600,
        }),
      });
    }
    return json(404, { error: 'not_found' });
  }
}

// The token endpoint's answer travels over TLS from the issuer: its ID token's signature is not
// what the client checks, its claims are.
function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const aadError = (error: string, code: string) => ({
  status: 400,
  body: {
    error,
    error_description: `${code}: The user or administrator has not consented to use the application with ID '${CLIENT_ID}'. Trace ID: secret-trace`,
    error_codes: [Number(code.replace('AADSTS', ''))],
  },
});

describe('the Microsoft OAuth client against an identity stand-in', () => {
  const identity = new FakeIdentity();
  let server: ReturnType<typeof createServer>;
  let client: MicrosoftOAuthPort;

  beforeAll(async () => {
    server = createServer((req, res) => {
      identity.handle(req, res).catch((error: unknown) => res.writeHead(599).end(String(error)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    identity.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/login`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    identity.reset();
    client = createMicrosoftOAuthClient(
      {
        clientId: CLIENT_ID,
        clientSecret: 'client-secret-value',
        authorityBaseUrl: identity.base,
        graphBaseUrl: identity.base.replace(/\/login$/, '/graph/v1.0'),
        redirectUri: REDIRECT,
      },
      { clock },
    );
  });

  it('when the authorization URL is built, then it targets the organizations tenant with PKCE S256, state, response_mode=query and the Outlook scopes', async () => {
    const verifier = 'v'.repeat(64);
    const url = new URL(
      await client.buildAuthorizationUrl({ state: 'st-1', codeVerifier: verifier }),
    );
    expect(url.origin + url.pathname).toBe(`${identity.base}/organizations/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: REDIRECT,
      response_mode: 'query',
      scope: 'openid email offline_access User.Read Calendars.ReadWrite',
      state: 'st-1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    expect(client.requiredScopes).toEqual(['User.Read', 'Calendars.ReadWrite']);
  });

  it('when a code is exchanged, then the token call carries code, verifier and client, and the account is read from /me with the new token', async () => {
    const { tokens, profile } = await client.exchangeCode({
      code: 'auth-code',
      state: 'st-1',
      codeVerifier: 'v'.repeat(64),
    });
    const [request] = identity.tokenRequests;
    expect(request?.path).toBe('/login/organizations/oauth2/v2.0/token');
    expect(Object.fromEntries(request?.form ?? [])).toMatchObject({
      grant_type: 'authorization_code',
      code: 'auth-code',
      code_verifier: 'v'.repeat(64),
      redirect_uri: REDIRECT,
      client_id: CLIENT_ID,
      client_secret: 'client-secret-value',
    });
    expect(tokens).toMatchObject({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      scopes: ['openid', 'email', 'User.Read', 'Calendars.ReadWrite'],
    });
    expect(tokens.accessTokenExpiresAt.getTime() - Date.now()).toBeGreaterThan(3500_000);
    // No mail (no Exchange address on the account): the UPN stands in.
    expect(profile).toEqual({
      id: 'b3f1-user-object-id',
      email: 'kenji.sato@acme-hr.example',
      displayName: '佐藤 健二',
    });
    expect(identity.meRequests.map((r) => r.token)).toEqual(['access-1']);
    for (const me of identity.meRequests) {
      expect(graphRequestErrors({ method: 'GET', ...me, body: undefined })).toEqual([]);
    }
  });

  it('when the ID token names another issuer than the user’s tenant, then the exchange fails', async () => {
    identity.issuer = () => `${identity.base}/another-tenant/v2.0`;
    await expect(
      client.exchangeCode({ code: 'c', state: 's', codeVerifier: 'v'.repeat(64) }),
    ).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(identity.meRequests).toHaveLength(0);
  });

  it('when a refresh token is used, then each refresh answers a new refresh token (rotation) and asks the same scopes', async () => {
    const first = await client.refresh('refresh-0');
    const second = await client.refresh(first.refreshToken);
    expect([first.refreshToken, second.refreshToken]).toEqual(['refresh-1', 'refresh-2']);
    expect(second.accessToken).toBe('access-2');
    expect(identity.tokenRequests.map((r) => Object.fromEntries(r.form))).toEqual([
      expect.objectContaining({
        grant_type: 'refresh_token',
        refresh_token: 'refresh-0',
        scope: 'openid email offline_access User.Read Calendars.ReadWrite',
      }),
      expect.objectContaining({ grant_type: 'refresh_token', refresh_token: 'refresh-1' }),
    ]);
  });

  it.each([
    ['invalid_grant', 'AADSTS65001'],
    ['invalid_grant', 'AADSTS90094'],
    ['consent_required', 'AADSTS90008'],
  ])(
    'when the token endpoint answers %s with %s, then it is AdminConsentRequiredError',
    async (error, code) => {
      identity.answers.push(aadError(error, code));
      const thrown = await client.refresh('refresh-x').catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(AdminConsentRequiredError);
      expect(thrown).toMatchObject({ code: 'admin_consent_required', provider: 'outlook' });
    },
  );

  it('when the code exchange meets a tenant that needs admin consent, then it is AdminConsentRequiredError and /me is not read', async () => {
    identity.answers.push(aadError('invalid_grant', 'AADSTS65001'));
    await expect(
      client.exchangeCode({ code: 'c', state: 's', codeVerifier: 'v'.repeat(64) }),
    ).rejects.toBeInstanceOf(AdminConsentRequiredError);
    expect(identity.meRequests).toHaveLength(0);
  });

  it('when the token endpoint refuses or fails otherwise, then the errors say so without the token, secret or Microsoft’s text', async () => {
    identity.answers.push(
      aadError('invalid_grant', 'AADSTS70008'),
      { status: 429, body: { error: 'temporarily_unavailable' } },
      { status: 503, body: { error: 'temporarily_unavailable' } },
    );
    const errors = [
      await client.refresh('refresh-secret-1').catch((e: unknown) => e),
      await client.refresh('refresh-secret-2').catch((e: unknown) => e),
      await client.refresh('refresh-secret-3').catch((e: unknown) => e),
    ];
    expect(errors[0]).toBeInstanceOf(ProviderInvalidGrantError);
    expect(errors[1]).toBeInstanceOf(ProviderRateLimitedError);
    expect(errors[2]).toBeInstanceOf(ProviderUnavailableError);
    for (const error of errors) {
      const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
      expect(text).not.toMatch(/refresh-secret|client-secret-value|secret-trace|AADSTS/);
    }
  });

  it('when revoke is called, then nothing is sent: Microsoft offers no per-app revocation', async () => {
    await client.revoke('refresh-1');
    expect(identity.tokenRequests).toHaveLength(0);
    expect(identity.meRequests).toHaveLength(0);
  });
});

describe('classifyAuthorizeError', () => {
  it('when the redirect carries an admin-consent answer, then it is admin_consent_required; a plain refusal is oauth_access_denied', () => {
    expect(
      classifyAuthorizeError({
        error: 'access_denied',
        errorDescription: 'AADSTS90094: The grant requires admin permission.',
      }),
    ).toBe('admin_consent_required');
    expect(
      classifyAuthorizeError({
        error: 'invalid_client',
        errorDescription: 'AADSTS65001: The user or administrator has not consented.',
      }),
    ).toBe('admin_consent_required');
    expect(classifyAuthorizeError({ error: 'consent_required' })).toBe('admin_consent_required');
    expect(
      classifyAuthorizeError({
        error: 'access_denied',
        errorDescription: 'AADSTS65004: User declined to consent to access the app.',
      }),
    ).toBe('oauth_access_denied');
    expect(classifyAuthorizeError({ error: 'server_error' })).toBe('oauth_exchange_failed');
  });
});
