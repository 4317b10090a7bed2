import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, Router } from 'express';
import { pickStringParams, redirectWithQuery } from '../shared/oauth-params';
import { escapeHtml, hiddenInputs, renderMicrosoftPage } from './microsoft-html';
import {
  AADSTS,
  KNOWN_SCOPES,
  type MicrosoftOAuthState,
  normalizeScope,
} from './microsoft-oauth-state';
import type { MicrosoftClientRegistration, MicrosoftUser } from './microsoft-types';

const AUTHORIZE_PARAMS = [
  'client_id',
  'response_type',
  'redirect_uri',
  'response_mode',
  'scope',
  'state',
  'prompt',
  'login_hint',
  'domain_hint',
  'code_challenge',
  'code_challenge_method',
] as const;

type AuthorizeParams = Partial<Record<(typeof AUTHORIZE_PARAMS)[number], string>>;

type Checked =
  | { kind: 'error-page'; message: string }
  | { kind: 'redirect-error'; redirectUri: string; error: string; description: string }
  | {
      kind: 'ok';
      client: MicrosoftClientRegistration;
      redirectUri: string;
      scopes: string[];
      users: MicrosoftUser[];
    };

/** Microsoft shows an error page until tenant, client and redirect URI are known good. */
function check(state: MicrosoftOAuthState, authority: string, params: AuthorizeParams): Checked {
  const users = state.usersForAuthority(authority);
  if (!users) {
    return {
      kind: 'error-page',
      message: `AADSTS90002: Tenant '${authority}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    };
  }
  const client = state.findClient(params.client_id);
  if (!client) {
    return {
      kind: 'error-page',
      message: `AADSTS700016: Application with identifier '${params.client_id ?? ''}' was not found in the directory '${authority}'.`,
    };
  }
  const redirectUri = params.redirect_uri;
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    return {
      kind: 'error-page',
      message: `AADSTS50011: The redirect URI '${redirectUri ?? ''}' specified in the request does not match the redirect URIs configured for the application '${client.clientId}'.`,
    };
  }
  const fail = (error: string, description: string) =>
    ({ kind: 'redirect-error', redirectUri, error, description }) as const;
  if (params.response_type !== 'code') {
    return fail(
      'unsupported_response_type',
      `AADSTS700054: response_type '${params.response_type ?? ''}' is not enabled for the application.`,
    );
  }
  if (params.response_mode !== undefined && params.response_mode !== 'query') {
    return fail(
      'invalid_request',
      `AADSTS900144: The emulator answers response_mode=query only, not '${params.response_mode}'.`,
    );
  }
  const scopes = [
    ...new Set((params.scope ?? '').split(/\s+/).filter(Boolean).map(normalizeScope)),
  ];
  if (scopes.length === 0) {
    return fail(
      'invalid_request',
      "AADSTS900144: The request body must contain the following parameter: 'scope'.",
    );
  }
  const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
  if (unknown.length > 0) {
    return fail(
      'invalid_scope',
      `AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope '${unknown.join(' ')}' is not valid.`,
    );
  }
  const method = params.code_challenge_method;
  if (
    method !== undefined &&
    (params.code_challenge === undefined || !['S256', 'plain'].includes(method))
  ) {
    return fail('invalid_request', 'AADSTS501491: Invalid size of Code_Challenge parameter.');
  }
  return { kind: 'ok', client, redirectUri, scopes, users };
}

function sendPage(res: Response, status: number, title: string, body: string): void {
  res.status(status).type('html').send(renderMicrosoftPage(title, body));
}

function checkOrReject(
  state: MicrosoftOAuthState,
  req: Request,
  res: Response,
  params: AuthorizeParams,
): Extract<Checked, { kind: 'ok' }> | undefined {
  const checked = check(state, String(req.params.tenant), params);
  if (checked.kind === 'error-page') {
    sendPage(
      res,
      400,
      'Sign in',
      `<h1>サインインできません / Sorry, but we’re having trouble signing you in.</h1><p class="error" role="alert">${escapeHtml(checked.message)}</p>`,
    );
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

function consentPage(
  state: MicrosoftOAuthState,
  checked: Extract<Checked, { kind: 'ok' }>,
  params: AuthorizeParams,
  action: string,
): string {
  const hint = state.findUser(params.login_hint);
  const radios = checked.users
    .map((user) => {
      const tenant = state.tenantOf(user);
      const note =
        tenant.consentPolicy === 'user'
          ? 'ユーザー同意可 / users may consent'
          : state.hasAdminConsent(tenant.key)
            ? '管理者が承認済み / admin consent granted'
            : '管理者の承認が必要 / needs admin approval';
      const id = `account-${user.id}`;
      const checkedAttr = hint === user ? ' checked' : '';
      return `<label for="${id}"><input type="radio" id="${id}" name="account" value="${escapeHtml(user.id)}" required${checkedAttr}> ${escapeHtml(`${user.displayName} <${user.userPrincipalName}>`)} — ${escapeHtml(tenant.displayName)} (${note})</label>`;
    })
    .join('\n');
  const list = checked.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return `<h1>アクセス許可の要求 / Permissions requested</h1>
<p><strong>${escapeHtml(checked.client.clientId)}</strong> が次のアクセス許可を求めています / wants these permissions:</p>
<ul aria-label="Requested permissions">${list}</ul>
<form method="post" action="${escapeHtml(action)}">
${hiddenInputs(params)}
<fieldset>
<legend>アカウントを選択 / Pick an account</legend>
${radios}
</fieldset>
<button type="submit" name="decision" value="allow">承諾 / Accept</button>
<button type="submit" name="decision" value="cancel" formnovalidate>キャンセル / Cancel</button>
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

const BASE = '/:tenant/oauth2/v2.0';

export function createMicrosoftOAuthRouter(state: MicrosoftOAuthState): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false });
  const action = (req: Request) => `${req.baseUrl}${req.path}`;

  router.get(`${BASE}/authorize`, (req, res) => {
    const params = pickStringParams(req.query, AUTHORIZE_PARAMS);
    const checked = checkOrReject(state, req, res, params);
    if (!checked) return;
    if (params.prompt === 'none') {
      // No browser session exists here, so a silent request can never pass.
      return redirectWithQuery(res, checked.redirectUri, {
        error: 'login_required',
        error_description:
          'AADSTS50058: A silent sign-in request was sent but no user is signed in.',
        state: params.state,
      });
    }
    sendPage(res, 200, 'Sign in', consentPage(state, checked, params, action(req)));
  });

  router.post(`${BASE}/authorize`, form, (req, res) => {
    const params = pickStringParams(req.body, AUTHORIZE_PARAMS);
    const checked = checkOrReject(state, req, res, params);
    if (!checked) return;
    const body = req.body as Record<string, unknown>;
    if (body.decision !== 'allow') {
      return redirectWithQuery(res, checked.redirectUri, {
        error: 'access_denied',
        error_description: AADSTS.declined,
        state: params.state,
      });
    }
    const named = state.findUser(typeof body.account === 'string' ? body.account : undefined);
    const user = checked.users.find((u) => u === named);
    if (!user) {
      return sendPage(
        res,
        400,
        'Sign in',
        `<p class="error" role="alert">アカウントを選択してください / Pick an account.</p>${consentPage(state, checked, params, action(req))}`,
      );
    }
    if (!state.mayConsent(user)) {
      state.counters.adminConsentRefusals++;
      return redirectWithQuery(res, checked.redirectUri, {
        error: 'access_denied',
        error_description: AADSTS.adminConsentRequired,
        state: params.state,
      });
    }
    const code = state.approve({
      client: checked.client,
      redirectUri: checked.redirectUri,
      user,
      scopes: checked.scopes,
      challenge: params.code_challenge,
      challengeMethod: params.code_challenge_method,
    });
    redirectWithQuery(res, checked.redirectUri, {
      code,
      state: params.state,
      session_state: randomUUID(),
    });
  });

  router.post(`${BASE}/token`, form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const answer = (status: number, payload: object) => {
      res.status(status).set('Cache-Control', 'no-store, no-cache').json(payload);
    };
    if (!state.usersForAuthority(String(req.params.tenant))) {
      const tenantError = state.error(
        400,
        'invalid_request',
        `AADSTS90002: Tenant '${String(req.params.tenant)}' not found.`,
        90002,
      );
      if (!tenantError.ok) return answer(tenantError.status, tenantError.body);
    }
    const { id, secret } = clientCredentials(req);
    const client = state.authenticateClient(id, secret);
    if (!client.ok) return answer(client.status, client.body);
    const outcome =
      body.grant_type === 'authorization_code'
        ? state.exchangeCode(client.value, body)
        : body.grant_type === 'refresh_token'
          ? state.refresh(client.value, body.refresh_token)
          : state.error(
              400,
              'unsupported_grant_type',
              `AADSTS70003: The app requested an unsupported grant type '${body.grant_type ?? ''}'.`,
              70003,
            );
    if (!outcome.ok) return answer(outcome.status, outcome.body);
    answer(200, outcome.value);
  });

  return router;
}
