import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  connectMicrosoftUser,
  graph,
  MICROSOFT_CLIENT,
  MICROSOFT_REDIRECT_URI,
  microsoftAuthorizeParams,
  microsoftConsent,
  startMicrosoftEmulator,
  tokenCall,
} from '../../test/microsoft-driver';
import { pkcePair, postForm, redirectParams, type TestClock } from '../../test/zoom-oauth-driver';
import type { RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
let clock: TestClock;
beforeEach(async () => {
  ({ emulator, clock } = await startMicrosoftEmulator());
});
afterEach(async () => {
  await emulator.close();
});

const seeded = () => emulator.microsoft.seeded;

async function codeFor(userId: string, overrides: Record<string, string> = {}) {
  const { verifier, challenge } = pkcePair();
  const redirect = await microsoftConsent(
    emulator,
    userId,
    microsoftAuthorizeParams({
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    }),
  );
  return { verifier, params: redirectParams(redirect) };
}

describe('Microsoft identity platform: authorization code with PKCE', () => {
  it('when a contoso user accepts, then the code redeems with the verifier for Bearer tokens that open /me', async () => {
    const { verifier, params } = await codeFor(seeded().recruiter.id);
    expect(params.get('state')).toBe('state-123');

    const answer = await tokenCall(emulator, {
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: MICROSOFT_REDIRECT_URI,
      code_verifier: verifier,
    });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toContain('no-store');
    expect(answer.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'openid email User.Read Calendars.ReadWrite',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const me = await graph(emulator, answer.body.access_token as string, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: seeded().recruiter.id,
      displayName: '佐藤 花子',
      mail: 'hanako.sato@contoso-hr.example',
      userPrincipalName: 'hanako.sato@contoso-hr.example',
    });
  });

  it('when the verifier does not match the challenge, then the token call answers invalid_grant AADSTS501481', async () => {
    const { params } = await codeFor(seeded().recruiter.id);

    const answer = await tokenCall(emulator, {
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: MICROSOFT_REDIRECT_URI,
      code_verifier: pkcePair().verifier,
    });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    expect(answer.body.error_description).toMatch(/^AADSTS501481: /);
  });

  it('when a code is redeemed twice, then the second answers invalid_grant AADSTS54005', async () => {
    const { verifier, params } = await codeFor(seeded().recruiter.id);
    const redeem = () =>
      tokenCall(emulator, {
        grant_type: 'authorization_code',
        code: params.get('code') ?? '',
        redirect_uri: MICROSOFT_REDIRECT_URI,
        code_verifier: verifier,
      });

    expect((await redeem()).status).toBe(200);
    const second = await redeem();
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
  });

  it('when the redirect URI is not registered exactly, then an error page says AADSTS50011 and nothing redirects', async () => {
    const page = await fetch(
      authorizeUrl(
        emulator,
        microsoftAuthorizeParams({ redirect_uri: `${MICROSOFT_REDIRECT_URI}/` }),
      ),
      { redirect: 'manual' },
    );

    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(await page.text()).toContain('AADSTS50011');
  });

  it('when the token call names another redirect URI than the code, then it answers invalid_grant', async () => {
    const { verifier, params } = await codeFor(seeded().recruiter.id);

    const answer = await tokenCall(emulator, {
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: 'http://127.0.0.1:4999/elsewhere',
      code_verifier: verifier,
    });

    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_grant');
  });

  it('when offline_access is not asked for, then no refresh token is issued', async () => {
    // The account may be named by its mail address as well as its object id.
    const tokens = await connectMicrosoftUser(emulator, seeded().recruiter.mail, {
      scope: 'openid User.Read Calendars.ReadWrite',
    });

    expect(tokens.refresh_token).toBeUndefined();
  });

  it('when the tenant segment is a tenant id, then only that tenant’s users are offered; an unknown tenant is an error page', async () => {
    const contoso = emulator.microsoft.tenants.find((t) => t.key === 'contoso');
    const page = await fetch(authorizeUrl(emulator, microsoftAuthorizeParams(), contoso?.id));
    const html = await page.text();
    expect(html).toContain('hanako.sato@contoso-hr.example');
    expect(html).not.toContain('taro.yamada@fabrikam.example');

    const unknown = await fetch(
      authorizeUrl(emulator, microsoftAuthorizeParams(), 'nowhere.example'),
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('AADSTS90002');
  });

  it('when the user presses Cancel, then the redirect carries access_denied AADSTS65004', async () => {
    const redirect = await microsoftConsent(
      emulator,
      seeded().recruiter.id,
      microsoftAuthorizeParams(),
      {
        decision: 'cancel',
      },
    );

    const params = redirectParams(redirect);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toMatch(/^AADSTS65004: /);
    expect(params.get('code')).toBeNull();
  });
});

describe('admin consent (fabrikam requires it)', () => {
  it('when a fabrikam user signs in before the admin consented, then the redirect is access_denied with AADSTS90094', async () => {
    const redirect = await microsoftConsent(
      emulator,
      seeded().adminConsentUser.id,
      microsoftAuthorizeParams(),
    );

    const params = redirectParams(redirect);
    expect(redirect.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:4999\/v1\/oauth\/outlook\/callback\?/,
    );
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toBe(
      'AADSTS90094: The grant requires admin permission.',
    );
    expect(params.get('state')).toBe('state-123');
    expect(params.get('code')).toBeNull();
    expect(emulator.microsoft.stats().adminConsentRefusals).toBe(1);
  });

  it('when the admin grants consent on the admin page, then the fabrikam user connects', async () => {
    const granted = await postForm(emulator, '/microsoft/admin/tenants/fabrikam/grant', {});
    expect(granted.status).toBe(303);
    expect(emulator.microsoft.hasAdminConsent('fabrikam')).toBe(true);

    const tokens = await connectMicrosoftUser(emulator, seeded().adminConsentUser.id);

    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it('when consent is revoked for a tenant, then its users’ refresh tokens answer invalid_grant AADSTS65001 while access tokens live until they expire', async () => {
    emulator.microsoft.grantAdminConsent('fabrikam');
    const tokens = await connectMicrosoftUser(emulator, seeded().adminConsentUser.id);
    const contoso = await connectMicrosoftUser(emulator, seeded().recruiter.id);

    emulator.microsoft.revokeAdminConsent('fabrikam.example');

    const refused = await tokenCall(emulator, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant', error_codes: [65001] });
    expect(refused.body.error_description).toMatch(/^AADSTS65001: /);
    const other = await tokenCall(emulator, {
      grant_type: 'refresh_token',
      refresh_token: contoso.refresh_token ?? '',
    });
    expect(other.status).toBe(200);
    expect((await graph(emulator, tokens.access_token, 'GET', '/me')).status).toBe(200);
    clock.advance(3600 * 1000);
    const expired = await graph(emulator, tokens.access_token, 'GET', '/me');
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toBe('Lifetime validation failed, the token is expired.');
    const again = await microsoftConsent(
      emulator,
      seeded().adminConsentUser.id,
      microsoftAuthorizeParams(),
    );
    expect(redirectParams(again).get('error_description')).toMatch(/^AADSTS90094: /);
  });
});

describe('refresh tokens rotate', () => {
  it('when a refresh token is used, then a new one comes back and the old one keeps working', async () => {
    const tokens = await connectMicrosoftUser(emulator, seeded().recruiter.id);
    const refresh = (token: string) =>
      tokenCall(emulator, {
        grant_type: 'refresh_token',
        refresh_token: token,
        scope: 'offline_access Calendars.ReadWrite',
      });

    const first = await refresh(tokens.refresh_token ?? '');
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toEqual(expect.any(String));
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(first.body.access_token).not.toBe(tokens.access_token);

    const old = await refresh(tokens.refresh_token ?? '');
    expect(old.status).toBe(200);
    expect(
      emulator.microsoft.liveRefreshTokenCount(seeded().recruiter.mail, MICROSOFT_CLIENT.clientId),
    ).toBe(3);
    expect(emulator.microsoft.stats()).toMatchObject({ refreshes: 2, tokensIssued: 3 });
  });

  it('when the user’s grant is revoked, then refresh answers invalid_grant AADSTS50173 (not 65001)', async () => {
    const tokens = await connectMicrosoftUser(emulator, seeded().recruiter.id);
    emulator.microsoft.revokeGrant(seeded().recruiter.mail, MICROSOFT_CLIENT.clientId);

    const answer = await tokenCall(emulator, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
  });

  it('when the client secret is wrong, then the token endpoint answers 401 invalid_client', async () => {
    const tokens = await connectMicrosoftUser(emulator, seeded().recruiter.id);

    const answer = await tokenCall(emulator, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_secret: 'wrong',
    });

    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
  });
});
