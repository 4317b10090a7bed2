import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  authorizeParams,
  basicAuth,
  CLIENT,
  connectUser,
  consent,
  createTestClock,
  getAuthorizePage,
  getMe,
  hiddenFields,
  pkcePair,
  postAuthorizeForm,
  REDIRECT_URI,
  redirectParams,
  startTestEmulator,
  type TestClock,
  tokenRequest,
} from '../../test/zoom-oauth-driver';
import type { RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
let clock: TestClock;

beforeEach(async () => {
  ({ emulator, clock } = await startTestEmulator({ clock: createTestClock() }));
});
afterEach(async () => {
  await emulator.close();
});

async function codeFor(userId: string, challenge?: string): Promise<string> {
  const extra: Record<string, string> = challenge
    ? { code_challenge: challenge, code_challenge_method: 'S256' }
    : {};
  const code = redirectParams(await consent(emulator, userId, authorizeParams(extra))).get('code');
  if (!code) throw new Error('no code');
  return code;
}

describe('authorize page', () => {
  it('when the request is valid, then it shows an English consent form that carries the request and lists every seeded account', async () => {
    const params = authorizeParams({ code_challenge: 'abc', code_challenge_method: 'S256' });
    const response = await getAuthorizePage(emulator, params);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('<html lang="en">');
    expect(hiddenFields(html)).toEqual(params);
    const { personal, managedApproved, managedPending } = emulator.zoom.seeded;
    expect(html).toContain(
      `<label for="account-${personal.id}"><input type="radio" id="account-${personal.id}" name="account" value="${personal.id}" required> Haruka Sato &lt;haruka.sato@example.com&gt; (personal)</label>`,
    );
    expect(html).toContain(`value="${managedApproved.id}"`);
    expect(html).toContain(`${managedPending.email}&gt; (company)`);
    expect(html).toMatch(/<button type="submit" name="decision" value="allow">Allow<\/button>/);
    expect(html).toMatch(/name="decision" value="deny"[^>]*>Decline<\/button>/);
  });

  it('when the redirect_uri differs from the registered one by a trailing slash, then an error page answers and nothing is redirected', async () => {
    const response = await getAuthorizePage(
      emulator,
      authorizeParams({ redirect_uri: `${REDIRECT_URI}/` }),
    );

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain(`Invalid redirect: ${REDIRECT_URI}/ (4,709)`);
  });

  it('when the client_id is unknown, then an error page answers and nothing is redirected', async () => {
    const response = await getAuthorizePage(
      emulator,
      authorizeParams({ client_id: 'someone-else' }),
    );

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Invalid client_id: someone-else');
  });

  it('when the form is posted with a redirect_uri swapped in, then it is refused without a redirect', async () => {
    const response = await postAuthorizeForm(emulator, {
      ...authorizeParams({ redirect_uri: 'https://evil.example/cb' }),
      account: emulator.zoom.seeded.personal.id,
      decision: 'allow',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('when the user declines, then it redirects with access_denied and the state', async () => {
    const params = authorizeParams();
    const response = await consent(emulator, emulator.zoom.seeded.personal.id, params, 'deny');

    expect(response.status).toBe(302);
    const query = redirectParams(response);
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('state')).toBe(params.state);
    expect(query.get('code')).toBeNull();
  });
});

describe('code flow', () => {
  it('when a personal user allows and the app exchanges the code with the PKCE verifier, then it gets Zoom-shaped tokens that work on the API', async () => {
    const { verifier, challenge } = pkcePair();
    const params = authorizeParams({ code_challenge: challenge, code_challenge_method: 'S256' });
    const redirect = await consent(emulator, emulator.zoom.seeded.personal.id, params);

    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe(params.state);

    const { status, body } = await tokenRequest(emulator, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });

    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      refresh_token: expect.any(String),
      expires_in: 3599,
      scope: expect.stringContaining('meeting:write:meeting'),
      api_url: `${emulator.url}/zoom`,
    });
    expect(body.access_token).not.toBe(body.refresh_token);
    const me = await getMe(emulator, String(body.access_token));
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: emulator.zoom.seeded.personal.id });
    expect(emulator.zoom.liveGrantCount(emulator.zoom.seeded.personal.id)).toBe(1);
    expect(emulator.zoom.stats().tokenRequests.authorization_code).toBe(1);
  });

  it('when the token request carries its parameters in the query string, then it is accepted as at Zoom', async () => {
    const code = await codeFor(emulator.zoom.seeded.personal.id);
    const url = new URL(emulator.zoom.paths.token, emulator.url);
    url.search = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    }).toString();

    const response = await fetch(url, { method: 'POST', headers: { authorization: basicAuth() } });

    expect(response.status).toBe(200);
  });

  it('when the code_verifier does not match the challenge, then invalid_grant', async () => {
    const { challenge } = pkcePair();
    const code = await codeFor(emulator.zoom.seeded.personal.id, challenge);

    const { status, body } = await tokenRequest(emulator, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkcePair().verifier,
    });

    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    expect(emulator.zoom.liveGrantCount(emulator.zoom.seeded.personal.id)).toBe(0);
  });

  it('when a PKCE code is exchanged without a verifier, then invalid_grant', async () => {
    const code = await codeFor(emulator.zoom.seeded.personal.id, pkcePair().challenge);

    const { status, body } = await tokenRequest(emulator, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    });

    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('when the client secret is wrong or missing, then 401 invalid_client', async () => {
    const code = await codeFor(emulator.zoom.seeded.personal.id);
    const params = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI };

    const wrong = await tokenRequest(emulator, params, basicAuth(CLIENT.clientId, 'nope'));
    const missing = await tokenRequest(emulator, params, '');

    const expected = { reason: 'Invalid client_id or client_secret', error: 'invalid_client' };
    expect(wrong).toEqual({ status: 401, body: expected });
    expect(missing).toEqual({ status: 401, body: expected });
  });

  it('when the client credentials are form-urlencoded before base64 (RFC 6749 §2.3.1), then they are accepted', async () => {
    const code = await codeFor(emulator.zoom.seeded.personal.id);
    const params = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI };
    // Encodes even the characters encodeURIComponent leaves alone, as strict clients do.
    const formEncode = (value: string) =>
      encodeURIComponent(value).replace(
        /[-_.!~*'()]/g,
        (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
      );

    const { status } = await tokenRequest(
      emulator,
      params,
      basicAuth(formEncode(CLIENT.clientId), formEncode(CLIENT.clientSecret)),
    );

    expect(formEncode(CLIENT.clientId)).toBe('test%2Dclient');
    expect(status).toBe(200);
  });

  it('when the redirect_uri at the token endpoint differs from the one at authorize, then invalid_grant', async () => {
    const code = await codeFor(emulator.zoom.seeded.personal.id);

    const { status, body } = await tokenRequest(emulator, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1:4999/other',
    });

    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('when a code is used twice, then the second exchange is refused as an invalid code', async () => {
    const code = await codeFor(emulator.zoom.seeded.personal.id);
    const params = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI };

    const first = await tokenRequest(emulator, params);
    const second = await tokenRequest(emulator, params);

    expect(first.status).toBe(200);
    expect(second).toEqual({
      status: 400,
      body: { reason: 'Invalid authorization code', error: 'invalid_grant' },
    });
  });

  it('when a code is exchanged after its 5 minutes, then invalid_grant "Code is expired"', async () => {
    const code = await codeFor(emulator.zoom.seeded.personal.id);
    clock.advance(5 * 60 * 1000);

    const { status, body } = await tokenRequest(emulator, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    });

    expect(status).toBe(400);
    expect(body).toEqual({ reason: 'Code is expired', error: 'invalid_grant' });
  });

  it('when the grant type is unknown, then unsupported_grant_type', async () => {
    const { status, body } = await tokenRequest(emulator, { grant_type: 'password' });

    expect(status).toBe(400);
    expect(body).toEqual({ reason: 'unsupported grant type', error: 'unsupported_grant_type' });
  });
});

describe('company accounts and pre-approval', () => {
  it('when a member of a company that has not pre-approved the app allows, then Zoom keeps them on a pre-approval page and never redirects', async () => {
    const { managedPending } = emulator.zoom.seeded;
    const params = authorizeParams();

    const allow = await consent(emulator, managedPending.id, params);
    const html = await allow.text();

    expect(allow.status).toBe(200);
    expect(allow.headers.get('location')).toBeNull();
    expect(html).toContain('This app requires pre-approval');
    expect(html).toMatch(/name="decision" value="request_preapproval"[^>]*>Request pre-approval</);

    const request = await postAuthorizeForm(emulator, {
      ...hiddenFields(html),
      decision: 'request_preapproval',
    });

    expect(request.status).toBe(200);
    expect(request.headers.get('location')).toBeNull();
    expect(await request.text()).toContain('Request sent. Your admin must approve');
    expect(emulator.zoom.listPreApprovalRequests()).toEqual([
      {
        accountId: managedPending.account_id,
        userId: managedPending.id,
        email: managedPending.email,
        requestedAt: new Date(clock.now()).toISOString(),
        approved: false,
      },
    ]);
  });

  it('when the admin pre-approves the account, then the same member is redirected back with a code', async () => {
    const { managedPending } = emulator.zoom.seeded;
    await consent(emulator, managedPending.id, authorizeParams());

    emulator.zoom.preApprove(managedPending.account_id);
    const allow = await consent(emulator, managedPending.id, authorizeParams());

    expect(allow.status).toBe(302);
    expect(redirectParams(allow).get('code')).toEqual(expect.any(String));
  });

  it('when a member of the pre-approved company allows, then they are redirected with a code at once', async () => {
    const allow = await consent(
      emulator,
      emulator.zoom.seeded.managedApproved.id,
      authorizeParams(),
    );

    expect(allow.status).toBe(302);
    expect(redirectParams(allow).get('code')).toEqual(expect.any(String));
  });

  it('when an unknown account is pre-approved, then it throws', () => {
    expect(() => emulator.zoom.preApprove('initech')).toThrow(/Unknown managed Zoom account/);
  });
});

describe('refresh, second grants and revocation', () => {
  it('when the refresh token is used, then a new pair comes back and the old refresh token dies', async () => {
    const first = await connectUser(emulator, emulator.zoom.seeded.personal.id);

    const refreshed = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    const reused = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });

    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    expect(refreshed.body.access_token).not.toBe(first.access_token);
    expect(reused).toEqual({
      status: 400,
      body: { reason: 'Invalid Token!', error: 'invalid_grant' },
    });
    expect((await getMe(emulator, String(refreshed.body.access_token))).status).toBe(200);
    const again = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: String(refreshed.body.refresh_token),
    });
    expect(again.status).toBe(200);
    expect(emulator.zoom.stats().tokenRequests.refresh_token).toBe(3);
  });

  it('when two refreshes race with the same refresh token, then exactly one wins', async () => {
    const tokens = await connectUser(emulator, emulator.zoom.seeded.personal.id);
    const params = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token };

    const results = await Promise.all([
      tokenRequest(emulator, params),
      tokenRequest(emulator, params),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it('when the access token outlives its expires_in, then the API says it is expired', async () => {
    const tokens = await connectUser(emulator, emulator.zoom.seeded.personal.id);
    clock.advance(3599 * 1000);

    const me = await getMe(emulator, tokens.access_token);

    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ code: 124, message: 'Access token is expired.' });
  });

  it('when the same Zoom user authorizes a second time, then the first grant’s access and refresh tokens are dead', async () => {
    const { managedApproved } = emulator.zoom.seeded;
    const older = await connectUser(emulator, managedApproved.id);
    const newer = await connectUser(emulator, managedApproved.id);

    const oldMe = await getMe(emulator, older.access_token);
    const oldRefresh = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: older.refresh_token,
    });

    expect(oldMe.status).toBe(401);
    expect(await oldMe.json()).toEqual({ code: 124, message: 'Invalid access token.' });
    expect(oldRefresh).toEqual({
      status: 400,
      body: { reason: 'Invalid Token!', error: 'invalid_grant' },
    });
    expect((await getMe(emulator, newer.access_token)).status).toBe(200);
    expect(emulator.zoom.liveGrantCount(managedApproved.id)).toBe(1);
  });

  it('when another Zoom user authorizes, then the first user’s grant stays alive', async () => {
    const first = await connectUser(emulator, emulator.zoom.seeded.managedApproved.id);
    await connectUser(emulator, emulator.zoom.seeded.managedApproved2.id);

    expect((await getMe(emulator, first.access_token)).status).toBe(200);
  });

  it('when the app revokes the access token, then the grant dies for both tokens', async () => {
    const tokens = await connectUser(emulator, emulator.zoom.seeded.personal2.id);

    const response = await fetch(new URL(emulator.zoom.paths.revoke, emulator.url), {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'success' });
    expect((await getMe(emulator, tokens.access_token)).status).toBe(401);
    const refresh = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.body.error).toBe('invalid_grant');
    expect(emulator.zoom.liveGrantCount(emulator.zoom.seeded.personal2.id)).toBe(0);
    expect(emulator.zoom.stats().revocations).toBe(1);
  });

  it('when the revoke call has a wrong client secret, then 401 and the grant lives on', async () => {
    const tokens = await connectUser(emulator, emulator.zoom.seeded.personal2.id);

    const response = await fetch(new URL(emulator.zoom.paths.revoke, emulator.url), {
      method: 'POST',
      headers: {
        authorization: basicAuth(CLIENT.clientId, 'wrong'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: tokens.refresh_token }),
    });

    expect(response.status).toBe(401);
    expect((await getMe(emulator, tokens.access_token)).status).toBe(200);
  });
});
