import express, { type Request, type Response, Router } from 'express';
import { pickStringParams, redirectWithQuery } from '../shared/oauth-params';
import { escapeHtml, hiddenInputs, renderGooglePage } from './google-html';
import type { GoogleOAuthState } from './google-oauth-state';
import type { GoogleClientRegistration, GoogleUser } from './google-types';

const SCOPE_PREFIX = 'https://www.googleapis.com/auth/';

/** Google accepts the short names and answers with the long ones. */
const SCOPE_ALIASES: Record<string, string> = {
  email: `${SCOPE_PREFIX}userinfo.email`,
  profile: `${SCOPE_PREFIX}userinfo.profile`,
};

const KNOWN_SCOPES = new Set([
  'openid',
  ...[
    'userinfo.email',
    'userinfo.profile',
    'calendar',
    'calendar.readonly',
    'calendar.events',
    'calendar.events.readonly',
    'calendar.events.owned',
    'calendar.events.owned.readonly',
    'calendar.freebusy',
    'calendar.events.freebusy',
    'calendar.app.created',
  ].map((s) => SCOPE_PREFIX + s),
]);

const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'access_type',
  'prompt',
  'include_granted_scopes',
  'login_hint',
  'nonce',
  'code_challenge',
  'code_challenge_method',
] as const;

type AuthorizeParams = Partial<Record<(typeof AUTHORIZE_PARAMS)[number], string>>;

function pick(source: unknown): AuthorizeParams {
  return pickStringParams(source, AUTHORIZE_PARAMS);
}

const words = (value: string | undefined) => (value ?? '').split(/\s+/).filter(Boolean);

type Checked =
  | { kind: 'error-page'; error: string; message: string }
  | { kind: 'redirect-error'; redirectUri: string; error: string; description: string }
  | {
      kind: 'ok';
      client: GoogleClientRegistration;
      redirectUri: string;
      scopes: string[];
      prompt: string[];
    };

/** Google shows "Error 400: …" pages until client and redirect URI are known good. */
function check(state: GoogleOAuthState, params: AuthorizeParams): Checked {
  const client = state.findClient(params.client_id);
  if (!client) {
    return {
      kind: 'error-page',
      error: 'invalid_client',
      message: 'The OAuth client was not found.',
    };
  }
  const redirectUri = params.redirect_uri;
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    return {
      kind: 'error-page',
      error: 'redirect_uri_mismatch',
      message: `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri ?? ''}`,
    };
  }
  const scopes = words(params.scope).map((s) => SCOPE_ALIASES[s] ?? s);
  if (scopes.length === 0) {
    return {
      kind: 'error-page',
      error: 'invalid_request',
      message: 'Missing required parameter: scope',
    };
  }
  const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
  if (unknown.length > 0) {
    return {
      kind: 'error-page',
      error: 'invalid_scope',
      message: `Some requested scopes were invalid. {invalid=[${unknown.join(', ')}]}`,
    };
  }
  const invalid = (description: string) =>
    ({ kind: 'redirect-error', redirectUri, error: 'invalid_request', description }) as const;
  if (params.response_type !== 'code') {
    return {
      kind: 'redirect-error',
      redirectUri,
      error: 'unsupported_response_type',
      description: 'Invalid response_type',
    };
  }
  if (params.access_type !== undefined && !['online', 'offline'].includes(params.access_type)) {
    return invalid(`Invalid access_type: ${params.access_type}`);
  }
  const method = params.code_challenge_method;
  if (
    method !== undefined &&
    (params.code_challenge === undefined || !['S256', 'plain'].includes(method))
  ) {
    return invalid('Invalid code_challenge_method');
  }
  const prompt = words(params.prompt);
  if (
    prompt.some((p) => !['none', 'consent', 'select_account'].includes(p)) ||
    (prompt.includes('none') && prompt.length > 1)
  ) {
    return invalid(`Invalid prompt: ${params.prompt}`);
  }
  return { kind: 'ok', client, redirectUri, scopes, prompt };
}

function sendPage(res: Response, status: number, title: string, body: string): void {
  res.status(status).type('html').send(renderGooglePage(title, body));
}

function errorPage(res: Response, error: string, message: string): void {
  sendPage(
    res,
    400,
    'Access blocked',
    `<h1>Access blocked: authorization error</h1><p class="error" role="alert">Error 400: ${escapeHtml(error)}</p><p>${escapeHtml(message)}</p>`,
  );
}

/** Answers a rejected authorize request (error page or error redirect); the check when it passed. */
function checkOrReject(
  state: GoogleOAuthState,
  res: Response,
  params: AuthorizeParams,
): Extract<Checked, { kind: 'ok' }> | undefined {
  const checked = check(state, params);
  if (checked.kind === 'error-page') {
    errorPage(res, checked.error, checked.message);
    return undefined;
  }
  if (checked.kind === 'redirect-error') {
    redirectWithQuery(res, checked.redirectUri, {
      error: checked.error,
      error_description: checked.description,
      state: params.state,
    });
    return undefined;
  }
  return checked;
}

/** The consent form posts back to the authorize path, under whatever prefix it was served at. */
const authorizeAction = (req: Request) => `${req.baseUrl}/o/oauth2/v2/auth`;

function consentPage(
  state: GoogleOAuthState,
  client: GoogleClientRegistration,
  params: AuthorizeParams,
  scopes: string[],
  action: string,
): string {
  const radios = state.users
    .map((user) => {
      const id = `account-${user.sub}`;
      const checked =
        params.login_hint && state.findUser(params.login_hint) === user ? ' checked' : '';
      return `<label for="${id}"><input type="radio" id="${id}" name="account" value="${escapeHtml(user.sub)}" required${checked}> ${escapeHtml(`${user.name} <${user.email}>`)}</label>`;
    })
    .join('\n');
  const list = scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return `<h1>Sign in with Google</h1>
<p><strong>${escapeHtml(client.clientId)}</strong> wants to access your Google Account.</p>
<ul aria-label="Requested access">${list}</ul>
<form method="post" action="${escapeHtml(action)}">
${hiddenInputs(params)}
<fieldset>
<legend>Choose an account</legend>
${radios}
</fieldset>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="cancel" formnovalidate>Cancel</button>
</form>`;
}

/** Client credentials from HTTP Basic or the form body (client_secret_basic / _post). */
function clientCredentials(req: Request): { id?: string; secret?: string } {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      return {
        id: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      };
    }
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { id: str(body.client_id), secret: str(body.client_secret) };
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** Userinfo claims are limited to what the token's scopes allow. */
function userinfoClaims(user: GoogleUser, scopes: string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: user.sub };
  if (scopes.includes(SCOPE_ALIASES.profile ?? '')) {
    Object.assign(claims, {
      name: user.name,
      given_name: user.given_name,
      family_name: user.family_name,
    });
  }
  if (scopes.includes(SCOPE_ALIASES.email ?? '')) {
    Object.assign(claims, { email: user.email, email_verified: user.email_verified });
  }
  if (user.hd) claims.hd = user.hd;
  return claims;
}

export function createGoogleOAuthRouter(state: GoogleOAuthState): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false });

  router.get('/o/oauth2/v2/auth', (req, res) => {
    const params = pick(req.query);
    const checked = checkOrReject(state, res, params);
    if (!checked) return;
    if (checked.prompt.includes('none')) {
      // No browser session exists here: only a login_hint with a grant covering the scopes can pass silently.
      const user = state.findUser(params.login_hint);
      if (!user)
        return redirectWithQuery(res, checked.redirectUri, {
          error: 'interaction_required',
          state: params.state,
        });
      if (state.needsConsent(user.sub, checked.client.clientId, checked.scopes, [])) {
        return redirectWithQuery(res, checked.redirectUri, {
          error: 'consent_required',
          state: params.state,
        });
      }
      return approveAndRedirect(res, checked, params, user);
    }
    sendPage(
      res,
      200,
      'Sign in',
      consentPage(state, checked.client, params, checked.scopes, authorizeAction(req)),
    );
  });

  function approveAndRedirect(
    res: Response,
    checked: Extract<Checked, { kind: 'ok' }>,
    params: AuthorizeParams,
    user: GoogleUser,
  ): void {
    const consentShown = state.needsConsent(
      user.sub,
      checked.client.clientId,
      checked.scopes,
      checked.prompt,
    );
    const { code, scopes } = state.approve({
      client: checked.client,
      redirectUri: checked.redirectUri,
      user,
      scopes: checked.scopes,
      offline: params.access_type === 'offline',
      prompt: checked.prompt,
      includeGrantedScopes: params.include_granted_scopes === 'true',
      challenge: params.code_challenge,
      challengeMethod: params.code_challenge_method,
      nonce: params.nonce,
    });
    redirectWithQuery(res, checked.redirectUri, {
      state: params.state,
      code,
      scope: scopes.join(' '),
      authuser: '0',
      ...(user.hd ? { hd: user.hd } : {}),
      prompt: consentShown ? 'consent' : 'none',
    });
  }

  router.post('/o/oauth2/v2/auth', form, (req, res) => {
    const params = pick(req.body);
    const checked = checkOrReject(state, res, params);
    if (!checked) return;
    const body = req.body as Record<string, unknown>;
    if (body.decision !== 'allow') {
      return redirectWithQuery(res, checked.redirectUri, {
        error: 'access_denied',
        state: params.state,
      });
    }
    const user = state.findUser(typeof body.account === 'string' ? body.account : undefined);
    if (!user) {
      return sendPage(
        res,
        400,
        'Sign in',
        `<p class="error" role="alert">Choose an account.</p>${consentPage(state, checked.client, params, checked.scopes, authorizeAction(req))}`,
      );
    }
    approveAndRedirect(res, checked, params, user);
  });

  router.post('/token', form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const { id, secret } = clientCredentials(req);
    const answer = (status: number, payload: object) => {
      res
        .status(status)
        .set('Cache-Control', 'no-cache, no-store, max-age=0, must-revalidate')
        .json(payload);
    };
    const client = state.authenticateClient(id, secret);
    if (!client.ok) return answer(client.status, client.body);
    const outcome =
      body.grant_type === 'authorization_code'
        ? state.exchangeCode(client.value, body)
        : body.grant_type === 'refresh_token'
          ? state.refresh(client.value, body.refresh_token)
          : ({
              ok: false,
              status: 400,
              body: {
                error: 'unsupported_grant_type',
                error_description: `Invalid grant_type: ${body.grant_type ?? ''}`,
              },
            } as const);
    if (!outcome.ok) return answer(outcome.status, outcome.body);
    answer(200, outcome.value);
  });

  router.post('/revoke', form, (req, res) => {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const token = fromQuery ?? (req.body as Record<string, string | undefined> | undefined)?.token;
    if (!state.revoke(token)) {
      res
        .status(400)
        .json({ error: 'invalid_token', error_description: 'Token expired or revoked' });
      return;
    }
    res.status(200).end();
  });

  router.get('/oauth2/v3/userinfo', (req, res) => {
    const token = bearer(req);
    const record = token ? state.accessToken(token) : undefined;
    const user = record ? state.findUser(record.sub) : undefined;
    if (!record || !user) {
      res
        .status(401)
        .set(
          'WWW-Authenticate',
          'Bearer realm="https://accounts.google.com/", error="invalid_token"',
        )
        .json({ error: 'invalid_request', error_description: 'Invalid Credentials' });
      return;
    }
    res.json(userinfoClaims(user, record.scopes));
  });

  // The keys live as long as the process, so clients may cache them as they do Google's.
  const certsCacheControl = 'public, max-age=21600, must-revalidate, no-transform';
  router.get('/oauth2/v3/certs', (_req, res) => {
    res.set('Cache-Control', certsCacheControl).json(state.jwks());
  });
  router.get('/oauth2/v1/certs', async (_req, res) => {
    res.set('Cache-Control', certsCacheControl).json(await state.pemCertificates());
  });

  return router;
}

export { bearer, SCOPE_PREFIX };
