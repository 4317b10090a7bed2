import express, { type Request, type Response, Router } from 'express';
import { pickStringParams, redirectWithQuery } from '../shared/oauth-params';
import type { ZoomUserProfile } from './seed-zoom-accounts';
import { escapeHtml, hiddenInputs, renderZoomPage } from './zoom-html';
import type { ZoomOAuthState } from './zoom-oauth-state';
import type { ZoomClientRegistration } from './zoom-types';

/** Parameters of the authorize request that travel through the consent form. */
const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
  'scope',
] as const;

type AuthorizeParams = Partial<Record<(typeof AUTHORIZE_PARAMS)[number], string>>;

function pickAuthorizeParams(source: unknown): AuthorizeParams {
  return pickStringParams(source, AUTHORIZE_PARAMS);
}

function stringParam(source: unknown, name: string): string | undefined {
  return pickStringParams(source, [name])[name];
}

type AuthorizeCheck =
  | { kind: 'error-page'; title: string; message: string }
  | { kind: 'redirect-error'; redirectUri: string; error: string }
  | { kind: 'ok'; client: ZoomClientRegistration; redirectUri: string };

/**
 * Until client and redirect_uri are both known to be registered nothing may be redirected
 * (RFC 6749 §4.1.2.1); Zoom shows its own error page then (4,702 / 4,709).
 */
function checkAuthorizeRequest(state: ZoomOAuthState, params: AuthorizeParams): AuthorizeCheck {
  const client = state.findClient(params.client_id);
  if (!client) {
    return {
      kind: 'error-page',
      title: 'Invalid client_id',
      message: `Invalid client_id: ${params.client_id ?? ''} (4,702)`,
    };
  }
  const redirectUri = params.redirect_uri;
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    return {
      kind: 'error-page',
      title: 'Invalid redirect',
      message: `Invalid redirect: ${redirectUri ?? ''} (4,709)`,
    };
  }
  if (params.response_type !== 'code') {
    return { kind: 'redirect-error', redirectUri, error: 'unsupported_response_type' };
  }
  const method = params.code_challenge_method;
  if (
    (params.code_challenge === undefined && method !== undefined) ||
    (method !== undefined && method !== 'S256' && method !== 'plain')
  ) {
    return { kind: 'redirect-error', redirectUri, error: 'invalid_request' };
  }
  return { kind: 'ok', client, redirectUri };
}

function redirectWith(
  res: Response,
  redirectUri: string,
  state: string | undefined,
  values: Record<string, string>,
): void {
  redirectWithQuery(res, redirectUri, { ...values, state });
}

function sendPage(res: Response, status: number, title: string, body: string): void {
  res.status(status).type('html').send(renderZoomPage(title, body));
}

/** Answers a rejected authorize request (error page or error redirect); the check when it passed. */
function checkOrReject(
  state: ZoomOAuthState,
  res: Response,
  params: AuthorizeParams,
): Extract<AuthorizeCheck, { kind: 'ok' }> | undefined {
  const check = checkAuthorizeRequest(state, params);
  if (check.kind === 'error-page') {
    sendPage(
      res,
      400,
      check.title,
      `<h1>${escapeHtml(check.title)}</h1>
<p class="error" role="alert">${escapeHtml(check.message)}</p>`,
    );
    return undefined;
  }
  if (check.kind === 'redirect-error') {
    redirectWith(res, check.redirectUri, params.state, { error: check.error });
    return undefined;
  }
  return check;
}

function accountLabel(user: ZoomUserProfile): string {
  const kind = user.kind === 'personal' ? '(personal)' : '(company)';
  return `${user.display_name} <${user.email}> ${kind}`;
}

function consentPage(
  state: ZoomOAuthState,
  client: ZoomClientRegistration,
  params: AuthorizeParams,
  error?: string,
): string {
  const radios = state.users
    .map((user) => {
      const id = `account-${user.id}`;
      return `<label for="${id}"><input type="radio" id="${id}" name="account" value="${escapeHtml(user.id)}" required> ${escapeHtml(accountLabel(user))}</label>`;
    })
    .join('\n');
  return `<h1>Allow this app to access your Zoom account?</h1>
<p>The app <strong>${escapeHtml(client.clientId)}</strong> would like to view your profile and manage your meetings.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/zoom/oauth/authorize">
${hiddenInputs(params)}
<fieldset>
<legend>Sign in as</legend>
${radios}
</fieldset>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Decline</button>
</form>`;
}

function preApprovalPage(params: AuthorizeParams, user: ZoomUserProfile): string {
  return `<h1>This app requires pre-approval</h1>
<p>Your Zoom account (${escapeHtml(user.email)}) is managed by your company. An owner or admin of the account must pre-approve this app before you can authorize it.</p>
<form method="post" action="/zoom/oauth/authorize">
${hiddenInputs({ ...params, account: user.id })}
<button type="submit" name="decision" value="request_preapproval" class="primary">Request pre-approval</button>
</form>`;
}

function requestSentPage(user: ZoomUserProfile): string {
  return `<h1>Pre-approval requested</h1>
<p role="status">Request sent. Your admin must approve this app before you can use it. We will let ${escapeHtml(user.email)} know by e-mail. You can close this window.</p>`;
}

/** Zoom answers token-endpoint errors as `{"reason","error"}` JSON. */
function sendTokenJson(res: Response, status: number, body: unknown): void {
  res.status(status).set({ 'cache-control': 'no-store', pragma: 'no-cache' }).json(body);
}

/** Token and revoke read parameters from the form body or the query string, as Zoom does. */
function oauthParams(req: Request): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = {};
  for (const source of [req.query, req.body]) {
    if (typeof source !== 'object' || source === null) continue;
    for (const [name, value] of Object.entries(source)) {
      if (typeof value === 'string') merged[name] = value;
    }
  }
  return merged;
}

function apiUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}/zoom`;
}

const INVALID_CLIENT = { reason: 'Invalid client_id or client_secret', error: 'invalid_client' };

export function createZoomOAuthRouter(state: ZoomOAuthState): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.get('/authorize', (req, res) => {
    const params = pickAuthorizeParams(req.query);
    const check = checkOrReject(state, res, params);
    if (!check) return;
    sendPage(res, 200, 'Authorize app', consentPage(state, check.client, params));
  });

  router.post('/authorize', form, (req, res) => {
    const params = pickAuthorizeParams(req.body);
    const check = checkOrReject(state, res, params);
    if (!check) return;
    const decision = stringParam(req.body, 'decision');
    if (decision === 'deny') {
      redirectWith(res, check.redirectUri, params.state, { error: 'access_denied' });
      return;
    }
    const accountId = stringParam(req.body, 'account');
    const user = accountId ? state.findUser(accountId) : undefined;
    if (!user || (decision !== 'allow' && decision !== 'request_preapproval')) {
      sendPage(
        res,
        400,
        'Authorize app',
        consentPage(state, check.client, params, 'Choose an account, then Allow or Decline.'),
      );
      return;
    }
    if (state.needsPreApproval(user)) {
      // A member of a company account that has not pre-approved the app never goes back to
      // the app: Zoom keeps them on its own pages (research §2).
      if (decision === 'request_preapproval') {
        state.requestPreApproval(user);
        sendPage(res, 200, 'Pre-approval requested', requestSentPage(user));
      } else {
        sendPage(res, 200, 'Pre-approval required', preApprovalPage(params, user));
      }
      return;
    }
    if (decision === 'request_preapproval') {
      sendPage(res, 200, 'Authorize app', consentPage(state, check.client, params));
      return;
    }
    const code = state.issueCode({
      clientId: check.client.clientId,
      redirectUri: check.redirectUri,
      userId: user.id,
      codeChallenge: params.code_challenge ?? null,
      codeChallengeMethod:
        params.code_challenge === undefined
          ? null
          : params.code_challenge_method === 'plain'
            ? 'plain'
            : 'S256',
    });
    redirectWith(res, check.redirectUri, params.state, { code });
  });

  router.post('/token', form, (req, res) => {
    const client = state.authenticateClient(req.get('authorization'));
    if (!client) {
      sendTokenJson(res, 401, INVALID_CLIENT);
      return;
    }
    const params = oauthParams(req);
    const outcome =
      params.grant_type === 'authorization_code'
        ? state.exchangeCode(client, {
            code: params.code,
            redirectUri: params.redirect_uri,
            codeVerifier: params.code_verifier,
          })
        : params.grant_type === 'refresh_token'
          ? state.refresh(client, params.refresh_token)
          : undefined;
    if (!outcome) {
      sendTokenJson(res, 400, {
        reason: 'unsupported grant type',
        error: 'unsupported_grant_type',
      });
      return;
    }
    if (!outcome.ok) {
      sendTokenJson(res, outcome.error.status, outcome.error.body);
      return;
    }
    sendTokenJson(res, 200, { ...outcome.tokens, api_url: apiUrl(req) });
  });

  router.post('/revoke', form, (req, res) => {
    const client = state.authenticateClient(req.get('authorization'));
    if (!client) {
      sendTokenJson(res, 401, INVALID_CLIENT);
      return;
    }
    const token = oauthParams(req).token;
    if (!token) {
      sendTokenJson(res, 400, { reason: 'Invalid Token!', error: 'invalid_request' });
      return;
    }
    // RFC 7009 §2.2: an unknown or already dead token still answers success.
    state.revoke(client, token);
    sendTokenJson(res, 200, { status: 'success' });
  });

  return router;
}
