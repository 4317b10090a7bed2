import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createGoogleOAuthClient } from '../src/adapters/google';
import { createZoomOAuthClient } from '../src/adapters/zoom';
import { type AccessTokenSource, createAccessTokenSource } from '../src/core/shared/access-tokens';
import { DomainError } from '../src/core/shared/errors';
import { openTokens } from '../src/core/shared/token-vault';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  connectGoogle,
  GOOGLE_CLIENT_ID,
  GOOGLE_CLIENT_SECRET,
  type Harness,
  type HarnessOptions,
  HOST_ORIGIN,
  runConnect,
  runGoogleConnect,
  startHarness,
  tenantAUser,
} from './harness';

const CALENDAR_EVENTS = 'https://www.googleapis.com/auth/calendar.events.owned';
const FREEBUSY = 'https://www.googleapis.com/auth/calendar.freebusy';
const USERINFO_EMAIL = 'https://www.googleapis.com/auth/userinfo.email';

const alice = tenantAUser('Alice', 'recruiter');
const bob = tenantAUser('Bob', 'interviewer');

let h: Harness;
async function start(options: HarnessOptions = {}) {
  h = await startHarness(options);
  return h;
}
afterEach(async () => {
  await h.close();
});

async function myGoogle(user = alice) {
  return (await h.api('GET', '/v1/connections/me', { user })).json.google;
}

async function storedTokens(connectionId: string) {
  const row = await h.store.connections.findById(connectionId);
  if (!row?.tokenCiphertext) throw new Error('no tokens stored');
  return openTokens(h.cipher, { ...row, tokenCiphertext: row.tokenCiphertext });
}

/** What Google's userinfo says about an access token: 200 while the grant lives. */
async function userinfoStatus(accessToken: string): Promise<number> {
  const response = await fetch(`${h.emulator.url}${h.emulator.google.paths.userinfo}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  await response.arrayBuffer();
  return response.status;
}

/** The token source the Calendar adapter uses, over the harness's store and emulator. */
function tokenSource(logLines: string[] = h.logLines): AccessTokenSource {
  const clock = { now: () => new Date(h.clock.nowMs) };
  const emulator = h.emulator;
  return createAccessTokenSource({
    store: h.store,
    cipher: h.cipher,
    clock,
    logger: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }),
    oauth: {
      zoom: createZoomOAuthClient(
        {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          authorizeUrl: `${emulator.url}${emulator.zoom.paths.authorize}`,
          tokenUrl: `${emulator.url}${emulator.zoom.paths.token}`,
          revokeUrl: `${emulator.url}${emulator.zoom.paths.revoke}`,
          redirectUri: `${h.bffUrl}/v1/oauth/zoom/callback`,
          scopes: [],
        },
        { clock },
      ),
      google: createGoogleOAuthClient(
        {
          clientId: GOOGLE_CLIENT_ID,
          clientSecret: GOOGLE_CLIENT_SECRET,
          authorizeUrl: `${emulator.url}${emulator.google.paths.authorize}`,
          tokenUrl: `${emulator.url}${emulator.google.paths.token}`,
          revokeUrl: `${emulator.url}${emulator.google.paths.revoke}`,
          userinfoUrl: `${emulator.url}${emulator.google.paths.userinfo}`,
          redirectUri: `${h.bffUrl}/v1/oauth/google/callback`,
        },
        {
          clock,
          // The refresh answers feed the leak checks like the BFF's own calls do.
          fetch: async (input, init) => {
            const response = await fetch(input, init);
            const body = (await response.clone().json()) as Record<string, unknown>;
            for (const key of ['access_token', 'refresh_token', 'id_token']) {
              if (typeof body[key] === 'string') h.wire.secrets.add(body[key]);
            }
            return response;
          },
        },
      ),
    },
  });
}

async function rejection(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => 'ok',
    (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
  );
}

describe('connecting Google Calendar', () => {
  it('when a user allows, then the popup posts ok for google to the exact host origin, the link is active and a refresh token was obtained', async () => {
    await start();
    const recruiter = h.emulator.google.seeded.recruiter;
    const run = await runGoogleConnect(h, alice, 'recruiter');

    expect(run.final.status).toBe(200);
    expect(run.start.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    expect(run.final.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    expect(run.final.headers.get('cache-control')).toBe('no-store');
    expect(run.final.text).toContain(
      `postMessage({"type":"ats-zoom:oauth-result","provider":"google","attemptId":"${run.attemptId}","ok":true},"${HOST_ORIGIN}")`,
    );
    expect(run.final.text).toContain('Google カレンダー');
    expect(run.final.text).not.toContain('Zoom');

    const google = await myGoogle();
    expect(google).toMatchObject({
      provider: 'google',
      status: 'active',
      email: recruiter.email,
      accountType: null,
      movedFrom: null,
      movedTo: null,
    });
    const me = await h.api('GET', '/v1/connections/me', { user: alice });
    expect(me.json.zoom).toBeNull();

    const row = await h.store.connections.findById(google.id);
    expect(row).toMatchObject({ provider: 'google', providerUserId: recruiter.sub });
    expect(row?.scopes).toEqual(
      expect.arrayContaining([CALENDAR_EVENTS, FREEBUSY, USERINFO_EMAIL]),
    );
    const tokens = await storedTokens(google.id);
    expect(tokens.refreshToken).toBeTruthy();
    expect(h.emulator.google.liveRefreshTokenCount(recruiter.email, GOOGLE_CLIENT_ID)).toBe(1);
    expect(await userinfoStatus(tokens.accessToken)).toBe(200);

    const attempt = await h.api('GET', `/v1/oauth/attempts/${run.attemptId}`, { user: alice });
    expect(attempt.json).toMatchObject({
      provider: 'google',
      status: 'succeeded',
      connection: { id: google.id, provider: 'google' },
    });
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.find((e) => e.subjectId === google.id)).toMatchObject({
      action: 'connection.connected',
      details: { provider: 'google', providerUserId: recruiter.sub },
    });
  });

  it('when the popup starts, then it goes to Google with offline access, forced consent, incremental scopes, PKCE S256 and the narrowest calendar scopes', async () => {
    await start();
    const started = await h.api('POST', '/v1/connections/google/authorize', {
      user: alice,
      body: {},
    });
    expect(started.status).toBe(201);
    expect(started.json.authorizationUrl.startsWith(`${h.bffUrl}/v1/oauth/google/start?`)).toBe(
      true,
    );
    const browser = h.newBrowser();
    const popup = await browser.get(started.json.authorizationUrl);
    expect(popup.status).toBe(302);
    const url = new URL(popup.location ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(
      `${h.emulator.url}${h.emulator.google.paths.authorize}`,
    );
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      client_id: GOOGLE_CLIENT_ID,
      redirect_uri: `${h.bffUrl}/v1/oauth/google/callback`,
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      code_challenge_method: 'S256',
    });
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.scope?.split(' ')).toEqual(['openid', 'email', CALENDAR_EVENTS, FREEBUSY]);
    expect(browser.cookies.has('atz_oauth_google')).toBe(true);
    expect(popup.headers.getSetCookie().join('\n')).toMatch(/HttpOnly[\s\S]*SameSite=Lax/);
  });

  it('when the user cancels on Google, then the attempt fails with oauth_access_denied and no code is exchanged', async () => {
    await start();
    const run = await runGoogleConnect(h, alice, 'recruiter', { decision: 'cancel' });
    expect(run.final.status).toBe(400);
    expect(run.final.text).toContain(
      `"provider":"google","attemptId":"${run.attemptId}","ok":false}`,
    );
    const attempt = await h.api('GET', `/v1/oauth/attempts/${run.attemptId}`, { user: alice });
    expect(attempt.json).toMatchObject({ status: 'failed', errorCode: 'oauth_access_denied' });
    expect(await myGoogle()).toBeNull();
    expect(h.emulator.google.stats().tokensIssued).toBe(0);
  });

  it('when the user unticks a calendar scope, then the connect fails with oauth_access_denied, nothing is linked and the partial grant is revoked', async () => {
    await start();
    const recruiter = h.emulator.google.seeded.recruiter;
    const run = await runGoogleConnect(h, alice, 'recruiter', {
      grantScopes: ['openid', 'email', FREEBUSY],
    });
    expect(run.final.status).toBe(400);
    expect(run.final.text).toContain('"ok":false');
    const attempt = await h.api('GET', `/v1/oauth/attempts/${run.attemptId}`, { user: alice });
    expect(attempt.json).toMatchObject({ status: 'failed', errorCode: 'oauth_access_denied' });
    expect(await myGoogle()).toBeNull();
    expect(h.emulator.google.stats().tokensIssued).toBe(1);
    expect(h.emulator.google.stats().revocations).toBe(1);
    expect(h.emulator.google.liveRefreshTokenCount(recruiter.email, GOOGLE_CLIENT_ID)).toBe(0);
    expect(h.logLines.some((line) => line.includes(CALENDAR_EVENTS))).toBe(true);

    // Ticking everything the next time connects.
    await connectGoogle(h, alice);
  });

  it('when the callback comes back to another browser, or the code verifier does not match, then nothing is linked', async () => {
    await start();
    const stolen = await runGoogleConnect(h, alice, 'recruiter', { stopBeforeCallback: true });
    const elsewhere = await h.newBrowser().get(stolen.callbackUrl ?? '');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).not.toContain('postMessage');
    expect(h.emulator.google.stats().tokensIssued).toBe(0);

    h.setFetchInterceptor((_url, init) => {
      if (!(init?.body instanceof URLSearchParams) || !init.body.has('code_verifier')) return init;
      const body = new URLSearchParams(init.body);
      body.set('code_verifier', 'x'.repeat(43));
      return { ...init, body };
    });
    const tampered = await runGoogleConnect(h, alice, 'recruiter');
    expect(tampered.final.status).toBe(502);
    const attempt = await h.api('GET', `/v1/oauth/attempts/${tampered.attemptId}`, {
      user: alice,
    });
    expect(attempt.json).toMatchObject({ status: 'failed', errorCode: 'oauth_exchange_failed' });
    expect(await myGoogle()).toBeNull();
  });

  it("when a Google callback carries a Zoom attempt's state, then it is refused before any code exchange", async () => {
    await start();
    const zoomRun = await runConnect(h, alice, h.emulator.zoom.seeded.personal, {
      stopBeforeCallback: true,
    });
    const zoomCallback = new URL(zoomRun.callbackUrl ?? '');
    const crossed = new URL(`${h.bffUrl}/v1/oauth/google/callback`);
    crossed.search = zoomCallback.search;
    // The popup's Zoom cookie, presented under the Google cookie's name too.
    const binding = zoomRun.browser.cookies.get('atz_oauth') ?? '';
    zoomRun.browser.cookies.set('atz_oauth_google', binding);
    const page = await zoomRun.browser.get(crossed.href);
    expect(page.status).toBe(400);
    expect(h.emulator.zoom.stats().tokenRequests.authorization_code).toBe(0);
    expect(h.emulator.google.stats().endpoints['POST /google/token'] ?? 0).toBe(0);
    // The Zoom attempt is untouched and still completes on its own callback.
    expect((await zoomRun.browser.get(zoomRun.callbackUrl ?? '')).status).toBe(200);
  });

  it('when one browser connects Zoom and Google at the same time, then both popups finish', async () => {
    await start();
    const browser = h.newBrowser();
    const zoomRun = await runConnect(h, alice, h.emulator.zoom.seeded.personal, {
      browser,
      stopBeforeCallback: true,
    });
    const googleRun = await runGoogleConnect(h, alice, 'recruiter', {
      browser,
      stopBeforeCallback: true,
    });
    expect((await browser.get(zoomRun.callbackUrl ?? '')).status).toBe(200);
    expect((await browser.get(googleRun.callbackUrl ?? '')).status).toBe(200);
    const me = await h.api('GET', '/v1/connections/me', { user: alice });
    expect(me.json.zoom?.status).toBe('active');
    expect(me.json.google?.status).toBe('active');
  });

  it('when the BFF has no Google configuration, then google is null and authorize answers 404 not_found', async () => {
    await start({ withoutGoogle: true });
    const me = await h.api('GET', '/v1/connections/me', { user: alice });
    expect(me.status).toBe(200);
    expect(me.json).toEqual({ zoom: null, google: null });
    const refused = await h.api('POST', '/v1/connections/google/authorize', {
      user: alice,
      body: {},
    });
    expect(refused.status).toBe(404);
    expect(refused.json.code).toBe('not_found');
  });
});

describe('Google access tokens', () => {
  it('when the access token is due, then it is refreshed once, the refresh token is kept (Google does not rotate) and the new token works', async () => {
    await start({ googleAccessTokenTtlSeconds: 600 });
    const id = await connectGoogle(h, alice);
    const before = await storedTokens(id);
    const tokens = tokenSource();
    const connection = await h.store.connections.findById(id);
    if (!connection) throw new Error('no connection');

    expect(await tokens.getAccessToken(connection)).toBe(before.accessToken);
    expect(h.emulator.google.stats().refreshes).toBe(0);

    h.clock.advance(6 * 60 * 1000);
    const due = await h.store.connections.findById(id);
    if (!due) throw new Error('no connection');
    const [first, second] = await Promise.all([
      tokens.getAccessToken(due),
      tokens.getAccessToken(due),
    ]);
    expect(first).toBe(second);
    expect(first).not.toBe(before.accessToken);
    expect(h.emulator.google.stats().refreshes).toBe(1);
    const after = await storedTokens(id);
    expect(after).toEqual({ accessToken: first, refreshToken: before.refreshToken });
    expect(await userinfoStatus(first)).toBe(200);
    const refreshedLog = h.logLines.find((line) => line.includes('access token refreshed'));
    expect(refreshedLog).toContain('google access token refreshed');
    expect(h.logLines.some((line) => /zoom/i.test(line) && line.includes(id))).toBe(false);
  });

  it('when the user revoked the app at Google, then the next refresh gets invalid_grant and the link needs re-authorization', async () => {
    await start({ googleAccessTokenTtlSeconds: 600 });
    const id = await connectGoogle(h, alice);
    h.emulator.google.revokeGrant(h.emulator.google.seeded.recruiter.email, GOOGLE_CLIENT_ID);
    h.clock.advance(6 * 60 * 1000);
    const connection = await h.store.connections.findById(id);
    if (!connection) throw new Error('no connection');

    expect(await rejection(tokenSource().getAccessToken(connection))).toBe('needs_reauth');
    expect(await myGoogle()).toMatchObject({ id, status: 'needs_reauth' });
    expect((await h.store.connections.findById(id))?.tokenCiphertext).toBeNull();
    expect(h.logLines.some((line) => line.includes('google refused the refresh token'))).toBe(true);

    // 要再連携: connecting again makes the same link active.
    await connectGoogle(h, alice);
    expect(await myGoogle()).toMatchObject({ id, status: 'active' });
  });
});

describe('disconnecting and moving Google links', () => {
  it('when the owner disconnects, then the grant is revoked at Google and the link is gone', async () => {
    await start();
    const recruiter = h.emulator.google.seeded.recruiter;
    const id = await connectGoogle(h, alice);
    const { accessToken } = await storedTokens(id);

    const deleted = await h.api('DELETE', `/v1/connections/${id}`, { user: alice });
    expect(deleted.status).toBe(204);
    expect(h.emulator.google.stats().revocations).toBe(1);
    expect(h.emulator.google.liveRefreshTokenCount(recruiter.email, GOOGLE_CLIENT_ID)).toBe(0);
    expect(await userinfoStatus(accessToken)).toBe(401);
    expect(await myGoogle()).toBeNull();
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.find((e) => e.action === 'connection.disconnected')).toMatchObject({
      details: { provider: 'google', revokedAtProvider: true },
    });
  });

  it("when another user, or a user of another tenant, deletes someone's Google link, then it is 404 and nothing is revoked", async () => {
    await start();
    const id = await connectGoogle(h, alice);

    const byBob = await h.api('DELETE', `/v1/connections/${id}`, { user: bob });
    expect(byBob.status).toBe(404);
    expect(byBob.json.code).toBe('not_found');
    const otherTenant = await h.api('DELETE', `/v1/connections/${id}`, {
      user: { ...alice, tid: 'tenant-b' },
    });
    expect(otherTenant.status).toBe(404);
    expect(h.emulator.google.stats().revocations).toBe(0);
    expect(await myGoogle()).toMatchObject({ id, status: 'active' });
  });

  it('when the grant was already revoked at Google, then disconnecting still deletes the link', async () => {
    await start();
    const id = await connectGoogle(h, alice);
    h.emulator.google.revokeGrant(h.emulator.google.seeded.recruiter.email, GOOGLE_CLIENT_ID);
    const deleted = await h.api('DELETE', `/v1/connections/${id}`, { user: alice });
    expect(deleted.status).toBe(204);
    expect(await myGoogle()).toBeNull();
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.find((e) => e.action === 'connection.disconnected')?.details).toMatchObject({
      revokedAtProvider: false,
    });
  });

  it("when another ATS user connects the same Google account, then the link moves with both sides told, and the new holder's grant is not revoked", async () => {
    await start();
    const recruiter = h.emulator.google.seeded.recruiter;
    const aliceId = await connectGoogle(h, alice);
    const bobId = await connectGoogle(h, bob);

    expect(await myGoogle(alice)).toMatchObject({
      id: aliceId,
      status: 'moved',
      movedTo: { scope: 'same_tenant', userName: 'Bob' },
    });
    expect(await myGoogle(bob)).toMatchObject({
      id: bobId,
      status: 'active',
      email: recruiter.email,
      movedFrom: { scope: 'same_tenant', userName: 'Alice' },
    });
    expect((await h.store.connections.findById(aliceId))?.tokenCiphertext).toBeNull();
    expect(h.emulator.google.stats().revocations).toBe(0);
    expect(await userinfoStatus((await storedTokens(bobId)).accessToken)).toBe(200);
    const actions = (await h.store.audit.listForTenant('tenant-a')).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['connection.moved_out', 'connection.moved_in']),
    );
  });

  it('when the same user connects the same Google account again, then nothing is revoked (it would end the new grant too) and the new tokens work', async () => {
    await start();
    const recruiter = h.emulator.google.seeded.recruiter;
    const id = await connectGoogle(h, alice);
    const first = await storedTokens(id);
    expect(await connectGoogle(h, alice)).toBe(id);
    const second = await storedTokens(id);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(h.emulator.google.stats().revocations).toBe(0);
    expect(h.emulator.google.liveRefreshTokenCount(recruiter.email, GOOGLE_CLIENT_ID)).toBe(2);
    expect(await userinfoStatus(second.accessToken)).toBe(200);
  });

  it("when a user switches to another Google account, then the previous account's grant is revoked", async () => {
    await start();
    const { recruiter, interviewer } = h.emulator.google.seeded;
    const id = await connectGoogle(h, alice, 'recruiter');
    const again = await connectGoogle(h, alice, 'interviewer');
    expect(again).toBe(id);
    expect(await myGoogle()).toMatchObject({ status: 'active', email: interviewer.email });
    expect(h.emulator.google.liveRefreshTokenCount(recruiter.email, GOOGLE_CLIENT_ID)).toBe(0);
    expect(h.emulator.google.liveRefreshTokenCount(interviewer.email, GOOGLE_CLIENT_ID)).toBe(1);
  });
});

describe('Google secrets', () => {
  it('when users connect, move, fail, refresh and disconnect Google, then no token, code, verifier, client secret or state reaches a response or a log line', async () => {
    await start({ googleAccessTokenTtlSeconds: 600 });
    const first = await runGoogleConnect(h, alice, 'recruiter');
    await h.api('GET', `/v1/oauth/attempts/${first.attemptId}`, { user: alice });
    await runGoogleConnect(h, bob, 'recruiter');
    await runGoogleConnect(h, alice, 'interviewer');
    const denied = await runGoogleConnect(h, bob, 'consumer', { decision: 'cancel' });
    await h.api('GET', `/v1/oauth/attempts/${denied.attemptId}`, { user: bob });
    await runGoogleConnect(h, bob, 'interviewer2', { grantScopes: ['openid', 'email'] });
    if (first.callbackUrl) {
      await first.browser.get(first.callbackUrl);
      await h.newBrowser().get(first.callbackUrl.replace(/code=[^&]+/, 'code=zzz'));
    }
    h.setFetchInterceptor((_url, init) => {
      if (!(init?.body instanceof URLSearchParams) || !init.body.has('code_verifier')) return init;
      const body = new URLSearchParams(init.body);
      body.set('code_verifier', 'y'.repeat(43));
      return { ...init, body };
    });
    await runGoogleConnect(h, bob, 'consumer');
    h.setFetchInterceptor(null);

    h.clock.advance(6 * 60 * 1000);
    const tokens = tokenSource();
    for (const user of [alice, bob]) {
      const google = await myGoogle(user);
      const row = google ? await h.store.connections.findById(google.id) : undefined;
      if (row?.status === 'active') await tokens.getAccessToken(row);
    }
    expect(h.emulator.google.stats().refreshes).toBeGreaterThanOrEqual(1);
    for (const user of [alice, bob]) {
      const google = await myGoogle(user);
      if (google) await h.api('DELETE', `/v1/connections/${google.id}`, { user });
    }

    // The capture itself must have seen what it looks for, or this test could not fail.
    const secrets = [...h.wire.secrets];
    expect(secrets.length).toBeGreaterThanOrEqual(12);
    expect(h.wire.states.size).toBeGreaterThanOrEqual(5);
    expect(h.logLines.length).toBeGreaterThan(20);
    for (const response of h.wire.bffResponses) {
      for (const secret of secrets) expect(response).not.toContain(secret);
      const redirectsToGoogle =
        /^location: http:\/\/127\.0\.0\.1:\d+\/google\/o\/oauth2\/v2\/auth\?/m.test(response);
      if (!redirectsToGoogle)
        for (const state of h.wire.states) expect(response).not.toContain(state);
    }
    for (const line of h.logLines) {
      for (const secret of [...secrets, ...h.wire.states]) expect(line).not.toContain(secret);
      // Only Google was used: no message may speak of Zoom.
      expect(JSON.parse(line).msg).not.toMatch(/zoom/i);
    }
  });
});
