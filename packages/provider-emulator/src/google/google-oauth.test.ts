import { createPublicKey, type JsonWebKey, verify, X509Certificate } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CALENDAR_SCOPES,
  clientSecretPost,
  connectGoogleUser,
  GOOGLE_CLIENT,
  GOOGLE_REDIRECT_URI,
  googleAuthorizeParams,
  googleConsent,
  googleForm,
  startGoogleEmulator,
} from '../../test/google-driver';
import { basicAuth, pkcePair, redirectParams } from '../../test/zoom-oauth-driver';
import type { RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
beforeEach(async () => {
  ({ emulator } = await startGoogleEmulator());
});
afterEach(async () => {
  await emulator.close();
});

const recruiter = () => emulator.google.seeded.recruiter;
const token = (params: Record<string, string>, headers?: Record<string, string>) =>
  googleForm(emulator, emulator.google.paths.token, params, headers);
const refresh = (refreshToken: string) =>
  token({ grant_type: 'refresh_token', refresh_token: refreshToken, ...clientSecretPost });
const userinfo = (accessToken: string) =>
  fetch(`${emulator.url}${emulator.google.paths.userinfo}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });

describe('Google OAuth', () => {
  it('when a user allows with PKCE and access_type=offline, then the code gives access, refresh and id tokens', async () => {
    const { verifier, challenge } = pkcePair();
    const redirect = await googleConsent(
      emulator,
      recruiter().sub,
      googleAuthorizeParams({ code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    const params = redirectParams(redirect);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:4999\/v1\/oauth\/google\/callback\?/,
    );
    expect(params.get('state')).toBe('state-123');
    expect(params.get('scope')).toContain('https://www.googleapis.com/auth/userinfo.email');

    const exchanged = await token(
      {
        grant_type: 'authorization_code',
        code: params.get('code') ?? '',
        redirect_uri: GOOGLE_REDIRECT_URI,
        code_verifier: verifier,
      },
      { authorization: basicAuth(GOOGLE_CLIENT.clientId, GOOGLE_CLIENT.clientSecret) },
    );

    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ expires_in: 3599, token_type: 'Bearer' });
    expect(exchanged.body?.access_token).toEqual(expect.any(String));
    expect(exchanged.body?.refresh_token).toEqual(expect.any(String));
    expect(String(exchanged.body?.scope).split(' ').sort()).toEqual([
      'https://www.googleapis.com/auth/calendar.events.owned',
      'https://www.googleapis.com/auth/calendar.freebusy',
      'https://www.googleapis.com/auth/userinfo.email',
      'openid',
    ]);
    const [, claims] = String(exchanged.body?.id_token).split('.');
    expect(JSON.parse(Buffer.from(claims ?? '', 'base64url').toString())).toMatchObject({
      iss: 'https://accounts.google.com',
      aud: GOOGLE_CLIENT.clientId,
      sub: recruiter().sub,
      email: recruiter().email,
    });
  });

  it('when the verifier does not match the challenge, then the exchange fails with invalid_grant and the code stays usable once', async () => {
    const { challenge } = pkcePair();
    const redirect = await googleConsent(
      emulator,
      recruiter().sub,
      googleAuthorizeParams({ code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    const code = redirectParams(redirect).get('code') ?? '';

    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: GOOGLE_REDIRECT_URI,
      code_verifier: pkcePair().verifier,
      ...clientSecretPost,
    });
    const missing = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: GOOGLE_REDIRECT_URI,
      ...clientSecretPost,
    });

    expect(wrong).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid code verifier.' },
    });
    expect(missing).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Missing code verifier.' },
    });
  });

  it('when a code is used twice or the client secret is wrong, then Google-style errors answer', async () => {
    const redirect = await googleConsent(emulator, recruiter().sub, googleAuthorizeParams());
    const code = redirectParams(redirect).get('code') ?? '';
    const exchange = (extra: Record<string, string>) =>
      token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: GOOGLE_REDIRECT_URI,
        ...extra,
      });

    const badSecret = await exchange({ client_id: GOOGLE_CLIENT.clientId, client_secret: 'nope' });
    const first = await exchange(clientSecretPost);
    const second = await exchange(clientSecretPost);
    const badGrant = await token({ grant_type: 'password', ...clientSecretPost });

    expect(badSecret).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Unauthorized' },
    });
    expect(first.status).toBe(200);
    expect(second.status).toBe(400);
    expect(second.body?.error).toBe('invalid_grant');
    expect(badGrant.body?.error).toBe('unsupported_grant_type');
  });

  it('when the user presses Cancel, then the redirect carries error=access_denied and the state', async () => {
    const redirect = await googleConsent(
      emulator,
      recruiter().sub,
      googleAuthorizeParams(),
      'cancel',
    );

    const params = redirectParams(redirect);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe('state-123');
    expect(params.get('code')).toBeNull();
  });

  it('when the redirect_uri differs by a trailing slash, then an error page shows and nothing is redirected', async () => {
    const url = new URL(emulator.google.paths.authorize, emulator.url);
    url.search = new URLSearchParams(
      googleAuthorizeParams({ redirect_uri: `${GOOGLE_REDIRECT_URI}/` }),
    ).toString();

    const page = await fetch(url, { redirect: 'manual' });

    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(await page.text()).toContain('Error 400: redirect_uri_mismatch');
  });

  it('when the user authorizes again without prompt=consent, then no new refresh token; with prompt=consent, a new one', async () => {
    const first = await connectGoogleUser(emulator, recruiter().sub);
    const again = await connectGoogleUser(emulator, recruiter().sub);
    const forced = await connectGoogleUser(emulator, recruiter().sub, { prompt: 'consent' });

    expect(first.refresh_token).toEqual(expect.any(String));
    expect(again.refresh_token).toBeUndefined();
    expect(forced.refresh_token).toEqual(expect.any(String));
    expect(forced.refresh_token).not.toBe(first.refresh_token);
    expect(emulator.google.liveRefreshTokenCount(recruiter().email, GOOGLE_CLIENT.clientId)).toBe(
      2,
    );
  });

  it('when access_type is online, then no refresh token is issued', async () => {
    const tokens = await connectGoogleUser(emulator, recruiter().sub, { access_type: 'online' });

    expect(tokens.refresh_token).toBeUndefined();
  });

  it('when a token is refreshed twice, then the refresh token is not rotated and keeps working', async () => {
    const { refresh_token: refreshToken = '' } = await connectGoogleUser(emulator, recruiter().sub);

    const one = await refresh(refreshToken);
    const two = await refresh(refreshToken);

    expect(one.status).toBe(200);
    expect(two.status).toBe(200);
    expect(one.body).not.toHaveProperty('refresh_token');
    expect(one.body?.access_token).not.toBe(two.body?.access_token);
    expect((await userinfo(String(two.body?.access_token))).status).toBe(200);
  });

  it('when the refresh token is revoked, then refresh answers invalid_grant and the access token dies', async () => {
    const tokens = await connectGoogleUser(emulator, recruiter().sub);

    const revoked = await fetch(
      `${emulator.url}${emulator.google.paths.revoke}?token=${encodeURIComponent(tokens.refresh_token ?? '')}`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    );
    const again = await googleForm(
      emulator,
      `${emulator.google.paths.revoke}?token=${encodeURIComponent(tokens.refresh_token ?? '')}`,
      {},
    );

    expect(revoked.status).toBe(200);
    expect(await refresh(tokens.refresh_token ?? '')).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    });
    expect((await userinfo(tokens.access_token)).status).toBe(401);
    expect(again.status).toBe(400);
    expect(emulator.google.stats().revocations).toBe(1);
  });

  it('when the grant is revoked from the account page, then a fresh consent mints a refresh token again', async () => {
    const first = await connectGoogleUser(emulator, recruiter().sub);
    emulator.google.revokeGrant(recruiter().email, GOOGLE_CLIENT.clientId);

    const second = await connectGoogleUser(emulator, recruiter().sub);

    expect((await refresh(first.refresh_token ?? '')).body?.error).toBe('invalid_grant');
    expect(second.refresh_token).toEqual(expect.any(String));
  });

  it('when userinfo is called with an email-scoped token, then it answers sub, email and email_verified', async () => {
    const tokens = await connectGoogleUser(emulator, emulator.google.seeded.interviewer.sub);

    const answer = await userinfo(tokens.access_token);

    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      sub: emulator.google.seeded.interviewer.sub,
      email: 'kenji.sato@acme-hr.example',
      email_verified: true,
      hd: 'acme-hr.example',
    });
  });

  it('when profile is requested too, then userinfo also carries the name', async () => {
    const tokens = await connectGoogleUser(emulator, recruiter().sub, {
      scope: `${CALENDAR_SCOPES} profile`,
    });

    const body = await (await userinfo(tokens.access_token)).json();

    expect(body).toMatchObject({ email: recruiter().email, name: 'Aiko Tanaka' });
  });

  it('when include_granted_scopes=true adds a scope, then the new token covers the earlier scopes too', async () => {
    await connectGoogleUser(emulator, recruiter().sub, { scope: 'openid email' });

    const tokens = await connectGoogleUser(emulator, recruiter().sub, {
      scope: 'https://www.googleapis.com/auth/calendar.events.owned',
      include_granted_scopes: 'true',
    });

    expect(tokens.scope.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'https://www.googleapis.com/auth/calendar.events.owned']),
    );
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it('when the certificates are fetched as PEM and as JWK, then both hold the key that signed the id_token', async () => {
    const tokens = await connectGoogleUser(emulator, recruiter().sub);
    const [header = '', claims = '', signature = ''] = String(tokens.id_token).split('.');
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };

    const pemAnswer = await fetch(`${emulator.url}${emulator.google.paths.certsPem}`);
    const jwkAnswer = await fetch(`${emulator.url}${emulator.google.paths.certs}`);

    expect(pemAnswer.status).toBe(200);
    expect(pemAnswer.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const pems = (await pemAnswer.json()) as Record<string, string>;
    expect(Object.keys(pems)).toEqual([kid]);
    const certificate = new X509Certificate(pems[kid] ?? '');
    expect(certificate.subject).toBe('CN=federated-signon.system.gserviceaccount.com');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    const signed = Buffer.from(`${header}.${claims}`);
    expect(
      verify('sha256', signed, certificate.publicKey, Buffer.from(signature, 'base64url')),
    ).toBe(true);
    const { keys } = (await jwkAnswer.json()) as { keys: (JsonWebKey & { kid: string })[] };
    const jwk = keys.find((k) => k.kid === kid);
    expect(jwk).toBeDefined();
    expect(
      createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).equals(certificate.publicKey),
    ).toBe(true);
  });
});
