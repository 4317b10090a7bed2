import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AtsUser, type Harness, HOST_ORIGIN, runConnect, startHarness } from './harness';

const recruiter: AtsUser = {
  sub: 'u-recruiter-1',
  tid: 'tenant-a',
  role: 'recruiter',
  name: '佐藤 花子',
  email: 'hanako@ats.example',
};

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('connecting a Zoom account', () => {
  it('when a personal Zoom user allows, then the popup posts ok to the exact host origin and the connection is active', async () => {
    const personal = h.emulator.zoom.seeded.personal;
    const run = await runConnect(h, recruiter, personal);

    expect(run.final.status).toBe(200);
    expect(run.final.headers.get('content-type')).toMatch(/^text\/html/);
    // A same-origin COOP anywhere on the popup's way (the start redirect included) cuts the
    // opener link: the host page would think the popup closed while the user is at Zoom.
    expect(run.start.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    expect(run.final.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    expect(run.final.headers.get('referrer-policy')).toBe('no-referrer');
    expect(run.final.headers.get('cache-control')).toBe('no-store');
    const csp = run.final.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(run.final.text).toContain(`<script nonce="${nonce}">`);
    expect(run.final.text).toContain(
      `postMessage({"type":"ats-zoom:oauth-result","provider":"zoom","attemptId":"${run.attemptId}","ok":true},"${HOST_ORIGIN}")`,
    );
    expect(run.final.text).toContain('history.replaceState');
    expect(run.final.text).not.toContain("'*'");
    expect(run.final.text).not.toMatch(/\s(src|href)=/);

    const me = await h.api('GET', '/v1/connections/me', { user: recruiter });
    expect(me.status).toBe(200);
    expect(me.json.zoom).toMatchObject({
      provider: 'zoom',
      status: 'active',
      email: personal.email,
      displayName: personal.display_name,
      accountType: 'personal',
      movedFrom: null,
      movedTo: null,
    });

    const attempt = await h.api('GET', `/v1/oauth/attempts/${run.attemptId}`, { user: recruiter });
    expect(attempt.status).toBe(200);
    expect(attempt.json).toMatchObject({
      attemptId: run.attemptId,
      status: 'succeeded',
      errorCode: null,
      connection: { id: me.json.zoom.id, status: 'active' },
    });
    expect(h.emulator.zoom.liveGrantCount(personal.id)).toBe(1);
  });

  it('when the start redirects to Zoom, then it uses PKCE S256, the configured redirect_uri and an HttpOnly Lax cookie', async () => {
    const started = await h.api('POST', '/v1/connections/zoom/authorize', {
      user: recruiter,
      body: {},
    });
    expect(started.status).toBe(201);
    expect(started.json.authorizationUrl.startsWith(`${h.bffUrl}/v1/oauth/zoom/start?`)).toBe(true);
    const browser = h.newBrowser();
    const start = await browser.get(started.json.authorizationUrl);
    expect(start.status).toBe(302);
    const zoomUrl = new URL(start.location ?? '');
    expect(zoomUrl.searchParams.get('redirect_uri')).toBe(`${h.bffUrl}/v1/oauth/zoom/callback`);
    expect(zoomUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(zoomUrl.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(zoomUrl.searchParams.get('response_type')).toBe('code');
    expect(zoomUrl.searchParams.get('state')?.length).toBeGreaterThanOrEqual(22);
    const setCookie = start.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/^atz_oauth=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);

    const replay = await h.newBrowser().get(started.json.authorizationUrl);
    expect(replay.status).toBe(400);
    expect(replay.location).toBeNull();
  });

  it('when a managed account is not pre-approved, then Zoom shows its pre-approval page, the attempt stays pending, and 認可 after approval connects', async () => {
    const pending = h.emulator.zoom.seeded.managedPending;
    const first = await runConnect(h, recruiter, pending);
    expect(first.final.status).toBe(200);
    expect(first.final.location).toBeNull();
    expect(first.final.text).toMatch(/pre-approv/i);
    const attempt = await h.api('GET', `/v1/oauth/attempts/${first.attemptId}`, {
      user: recruiter,
    });
    expect(attempt.json).toMatchObject({ status: 'pending', connection: null });
    expect((await h.api('GET', '/v1/connections/me', { user: recruiter })).json.zoom).toBeNull();

    h.emulator.zoom.preApprove(pending.account_id);
    const second = await runConnect(h, recruiter, pending);
    expect(second.final.status).toBe(200);
    const me = await h.api('GET', '/v1/connections/me', { user: recruiter });
    expect(me.json.zoom).toMatchObject({
      status: 'active',
      email: pending.email,
      accountType: 'managed',
    });
  });

  it('when the pending attempt outlives ten minutes, then polling reports it expired', async () => {
    const pending = h.emulator.zoom.seeded.managedPending;
    const run = await runConnect(h, recruiter, pending);
    h.clock.advance(10 * 60 * 1000 + 1);
    const attempt = await h.api('GET', `/v1/oauth/attempts/${run.attemptId}`, { user: recruiter });
    expect(attempt.json.status).toBe('expired');
  });

  it('when the user declines at Zoom, then the attempt fails with oauth_access_denied and nothing is connected', async () => {
    const run = await runConnect(h, recruiter, h.emulator.zoom.seeded.personal, {
      decision: 'deny',
    });
    expect(run.final.status).toBe(400);
    expect(run.final.text).toContain(`"ok":false},"${HOST_ORIGIN}")`);
    const attempt = await h.api('GET', `/v1/oauth/attempts/${run.attemptId}`, { user: recruiter });
    expect(attempt.json).toMatchObject({ status: 'failed', errorCode: 'oauth_access_denied' });
    expect((await h.api('GET', '/v1/connections/me', { user: recruiter })).json.zoom).toBeNull();
    expect(h.emulator.zoom.stats().tokenRequests.authorization_code).toBe(0);
  });

  it('when the code verifier sent to Zoom does not match the challenge, then Zoom refuses, the attempt fails and nothing is connected', async () => {
    h.setFetchInterceptor((_url, init) => {
      if (!(init?.body instanceof URLSearchParams) || !init.body.has('code_verifier')) return init;
      const body = new URLSearchParams(init.body);
      body.set('code_verifier', 'x'.repeat(43));
      return { ...init, body };
    });
    const personal = h.emulator.zoom.seeded.personal;
    const run = await runConnect(h, recruiter, personal);
    expect(run.final.status).toBe(502);
    expect(run.final.text).toContain('"ok":false');
    expect(h.emulator.zoom.stats().tokenRequests.authorization_code).toBe(1);
    const attempt = await h.api('GET', `/v1/oauth/attempts/${run.attemptId}`, { user: recruiter });
    expect(attempt.json).toMatchObject({ status: 'failed', errorCode: 'oauth_exchange_failed' });
    expect((await h.api('GET', '/v1/connections/me', { user: recruiter })).json.zoom).toBeNull();
    expect(h.emulator.zoom.liveGrantCount(personal.id)).toBe(0);
  });

  it('when the authorize request comes from a page origin not on the allowlist, then it is refused with 403 and no attempt is made', async () => {
    const refused = await h.api('POST', '/v1/connections/zoom/authorize', {
      user: recruiter,
      body: {},
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.json.code).toBe('origin_not_allowed');
    expect(refused.json.detail).toContain('"https://evil.example"');
    expect(refused.json.detail).toMatch(/allowed origins/);
    expect(await attemptCount()).toBe(0);
  });

  it('when a server-side caller sends the authorize request without an Origin header, then 403 origin_not_allowed says to send Origin set to an allowed origin, and no attempt is made', async () => {
    // Straight fetch: Node sends no Origin header of its own, as a backend job would not.
    const response = await fetch(`${h.bffUrl}/v1/connections/zoom/authorize`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await h.token(recruiter)}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await response.json();
    expect(problem).toMatchObject({ status: 403, code: 'origin_not_allowed' });
    expect(problem.detail).toMatch(
      /needs an Origin header set to one of the BFF's allowed origins/,
    );
    expect(problem.detail).toMatch(/server-side caller must set it/);
    expect(await attemptCount()).toBe(0);

    // The same request with an allowed Origin starts the attempt.
    const allowed = await h.api('POST', '/v1/connections/zoom/authorize', {
      user: recruiter,
      body: {},
      headers: { origin: HOST_ORIGIN },
    });
    expect(allowed.status).toBe(201);
    expect(await attemptCount()).toBe(1);
  });
});

/** Attempts in the store: deleteExpired with a far-future cut-off counts (and clears) them. */
async function attemptCount() {
  return h.store.oauthAttempts.deleteExpired(new Date(8.64e15));
}
