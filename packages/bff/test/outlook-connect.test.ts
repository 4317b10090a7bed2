import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMicrosoftOAuthClient } from '../src/adapters/microsoft';
import { createAccessTokenSource } from '../src/core/shared/access-tokens';
import { DomainError } from '../src/core/shared/errors';
import { openTokens } from '../src/core/shared/token-vault';
import {
  connectOutlook,
  type Harness,
  type HarnessOptions,
  HOST_ORIGIN,
  linkZoomAccount,
  MICROSOFT_CLIENT_ID,
  MICROSOFT_CLIENT_SECRET,
  runOutlookConnect,
  startHarness,
  tenantAUser,
} from './harness';
import { fastMeetingTuning } from './meeting-world';

const alice = tenantAUser('Alice', 'recruiter');
const bob = tenantAUser('Bob', 'interviewer');
const haruka = tenantAUser('Haruka', 'coordinator');
const aiko = tenantAUser('Aiko', 'recruiter');

const withOutlook: HarnessOptions = {
  withOutlook: true,
  // Access tokens due for refresh 6 minutes after they are issued.
  microsoftAccessTokenTtlSeconds: 600,
  meetings: {
    ...fastMeetingTuning,
    hostCheckTimeoutMs: 1_500,
    outlookCalendar: { attemptTimeoutMs: 2_000, maxAttempts: 1 },
    calendarRetry: { pollIntervalMs: 0 },
  },
};

let h: Harness;
async function start(options: HarnessOptions = withOutlook) {
  h = await startHarness(options);
  return h;
}
afterEach(async () => {
  await h.close();
});

async function me(user = alice) {
  return (await h.api('GET', '/v1/connections/me', { user })).json;
}

async function storedTokens(connectionId: string) {
  const row = await h.store.connections.findById(connectionId);
  if (!row?.tokenCiphertext) throw new Error('no tokens stored');
  return { row, tokens: openTokens(h.cipher, { ...row, tokenCiphertext: row.tokenCiphertext }) };
}

/** What Graph's `/me` says about an access token: 200 while it is valid. */
async function graphMeStatus(accessToken: string): Promise<number> {
  const response = await fetch(`${h.emulator.url}${h.emulator.microsoft.paths.graphBase}/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  await response.arrayBuffer();
  return response.status;
}

async function attempt(id: string, user = alice) {
  return (await h.api('GET', `/v1/oauth/attempts/${id}`, { user })).json;
}

/** 2030-01-20 10:00-10:30 Tokyo. */
const SLOT = 'start=2030-01-20T01:00:00Z&durationMinutes=30';

interface ListedHost {
  connectionId: string;
  busy: string;
  conflicts: { start: string; end: string; source: string }[];
}
async function hostAt(connectionId: string, query = SLOT): Promise<ListedHost | undefined> {
  const list = await h.api('GET', `/v1/hosts?${query}`, { user: aiko });
  expect(list.status).toBe(200);
  return (list.json.hosts as ListedHost[]).find((each) => each.connectionId === connectionId);
}

describe('connecting Outlook', () => {
  it('when a contoso user accepts, then the popup posts ok for outlook, /me shows the link and its tokens are sealed in the store', async () => {
    await start();
    const recruiter = h.emulator.microsoft.seeded.recruiter;
    const run = await runOutlookConnect(h, alice, 'recruiter');

    // The popup went to Microsoft's authorize with PKCE, offline access and the Graph scopes.
    const authorize = new URL(run.authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(
      `${h.emulator.url}${h.emulator.microsoft.paths.authorize}`,
    );
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: MICROSOFT_CLIENT_ID,
      redirect_uri: `${h.bffUrl}/v1/oauth/outlook/callback`,
      response_type: 'code',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['offline_access', 'User.Read', 'Calendars.ReadWrite']),
    );
    expect(run.start.headers.getSetCookie().join('\n')).toMatch(/^atz_oauth_outlook=/);

    expect(run.final.status).toBe(200);
    expect(run.final.text).toContain(
      `postMessage({"type":"ats-zoom:oauth-result","provider":"outlook","attemptId":"${run.attemptId}","ok":true},"${HOST_ORIGIN}")`,
    );
    expect(run.final.text).toContain('Outlook 予定表');

    const mine = await me();
    expect(mine.outlook).toMatchObject({
      provider: 'outlook',
      status: 'active',
      email: recruiter.mail,
      displayName: recruiter.displayName,
      accountType: null,
    });
    expect(mine.google).toBeNull();
    expect(await attempt(run.attemptId)).toMatchObject({
      provider: 'outlook',
      status: 'succeeded',
      errorCode: null,
      connection: { id: mine.outlook.id, provider: 'outlook' },
    });

    const { row, tokens } = await storedTokens(mine.outlook.id);
    expect(row).toMatchObject({ provider: 'outlook', providerUserId: recruiter.id });
    expect(row.scopes).toEqual(expect.arrayContaining(['User.Read', 'Calendars.ReadWrite']));
    expect(row.tokenCiphertext).not.toContain(tokens.accessToken);
    expect(row.tokenCiphertext).not.toContain(tokens.refreshToken);
    expect(h.wire.secrets.has(tokens.accessToken)).toBe(true);
    expect(h.wire.secrets.has(tokens.refreshToken)).toBe(true);
    expect(await graphMeStatus(tokens.accessToken)).toBe(200);
    expect(h.emulator.microsoft.liveRefreshTokenCount(recruiter.mail, MICROSOFT_CLIENT_ID)).toBe(1);
  });

  it('when a fabrikam user signs in before their admin consented, then the attempt fails with admin_consent_required, the page explains it and nothing is stored; after the admin grants consent they connect', async () => {
    await start();
    const taro = h.emulator.microsoft.seeded.adminConsentUser;
    const refused = await runOutlookConnect(h, alice, 'adminConsentUser');

    expect(refused.final.status).toBe(409);
    expect(refused.final.text).toContain(
      `"provider":"outlook","attemptId":"${refused.attemptId}","ok":false}`,
    );
    expect(refused.final.text).toContain('管理者の承認が必要です');
    expect(refused.final.text).toContain('Microsoft 365 の管理者');
    expect(refused.final.text).toContain(
      'Ask your Microsoft 365 administrator to grant admin consent',
    );
    expect(await attempt(refused.attemptId)).toMatchObject({
      status: 'failed',
      errorCode: 'admin_consent_required',
      connection: null,
    });
    expect((await me()).outlook).toBeNull();
    expect(await h.store.connections.listForTenant('tenant-a', 'outlook')).toEqual([]);
    expect(h.emulator.microsoft.stats().tokensIssued).toBe(0);
    expect(h.emulator.microsoft.stats().adminConsentRefusals).toBe(1);

    h.emulator.microsoft.grantAdminConsent('fabrikam');
    const id = await connectOutlook(h, alice, 'adminConsentUser');
    expect((await me()).outlook).toMatchObject({ id, status: 'active', email: taro.mail });
  });

  it('when the organisation withdraws consent between the redirect and the code exchange, then the attempt fails with admin_consent_required and nothing is stored', async () => {
    await start();
    h.emulator.microsoft.grantAdminConsent('fabrikam');
    const run = await runOutlookConnect(h, alice, 'adminConsentUser', { stopBeforeCallback: true });
    h.emulator.microsoft.revokeAdminConsent('fabrikam');

    const callback = await run.browser.get(run.callbackUrl ?? '');
    expect(callback.status).toBe(409);
    expect(callback.text).toContain('管理者の承認が必要です');
    expect(await attempt(run.attemptId)).toMatchObject({
      status: 'failed',
      errorCode: 'admin_consent_required',
    });
    expect((await me()).outlook).toBeNull();
    expect(h.emulator.microsoft.stats().tokensIssued).toBe(0);
  });

  it('when the user cancels at Microsoft, then the attempt fails with oauth_access_denied (not admin consent)', async () => {
    await start();
    const run = await runOutlookConnect(h, alice, 'recruiter', { decision: 'cancel' });
    expect(run.final.status).toBe(400);
    expect(run.final.text).not.toContain('管理者の承認');
    expect(await attempt(run.attemptId)).toMatchObject({
      status: 'failed',
      errorCode: 'oauth_access_denied',
    });
    expect((await me()).outlook).toBeNull();
  });

  it('when the owner disconnects, then the link and its tokens are gone and the audit says nothing was revoked at Microsoft (it has no per-app revoke)', async () => {
    await start();
    const id = await connectOutlook(h, alice);
    const byBob = await h.api('DELETE', `/v1/connections/${id}`, { user: bob });
    expect(byBob.status).toBe(404);

    const deleted = await h.api('DELETE', `/v1/connections/${id}`, { user: alice });
    expect(deleted.status).toBe(204);
    expect((await me()).outlook).toBeNull();
    expect(await h.store.connections.findById(id)).toBeUndefined();
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.find((e) => e.action === 'connection.disconnected')).toMatchObject({
      subjectId: id,
      details: { provider: 'outlook', revokedAtProvider: false },
    });

    // Connecting again makes a fresh link.
    const again = await connectOutlook(h, alice);
    expect((await me()).outlook).toMatchObject({ id: again, status: 'active' });
  });

  it('when the BFF has no Outlook config, then authorize answers 404, the popup pages answer their error page and /me has no outlook key', async () => {
    await start({});
    const started = await h.api('POST', '/v1/connections/outlook/authorize', {
      user: alice,
      body: {},
    });
    expect(started.status).toBe(404);
    expect(started.json.code).toBe('not_found');
    const popup = await h.newBrowser().get(`${h.bffUrl}/v1/oauth/outlook/start?attempt=x&ticket=y`);
    expect(popup.status).toBe(400);
    expect(popup.text).not.toContain('postMessage');
    const mine = await me();
    expect('outlook' in mine).toBe(false);
    expect(mine.google).toBeNull();
  });
});

describe('Outlook access tokens', () => {
  it('when the access token is due, then the busy check refreshes it once, the rotated refresh token is stored and the new access token works', async () => {
    await start();
    const recruiter = h.emulator.microsoft.seeded.recruiter;
    const host = await linkZoomAccount(h, alice, h.emulator.zoom.seeded.personal);
    const id = await connectOutlook(h, alice);
    const before = (await storedTokens(id)).tokens;

    expect(await hostAt(host)).toMatchObject({ busy: 'free' });
    expect(h.emulator.microsoft.stats().refreshes).toBe(0);

    h.clock.advance(6 * 60 * 1000);
    expect(await hostAt(host, 'start=2030-01-22T01:00:00Z&durationMinutes=30')).toMatchObject({
      busy: 'free',
    });
    expect(h.emulator.microsoft.stats().refreshes).toBe(1);
    const after = (await storedTokens(id)).tokens;
    expect(after.accessToken).not.toBe(before.accessToken);
    // Microsoft rotates: the answer's new refresh token replaced the one sent.
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(h.wire.secrets.has(after.refreshToken)).toBe(true);
    expect(h.emulator.microsoft.liveRefreshTokenCount(recruiter.mail, MICROSOFT_CLIENT_ID)).toBe(2);
    expect(await graphMeStatus(after.accessToken)).toBe(200);
    expect(h.logLines.some((line) => line.includes('outlook access token refreshed'))).toBe(true);
    expect((await me()).outlook).toMatchObject({ id, status: 'active' });
  });

  it("when the organisation withdraws its consent, then the next refresh marks the link needs_reauth and says admin_consent_required for outlook; the host's Outlook part is unknown", async () => {
    await start();
    h.emulator.microsoft.grantAdminConsent('fabrikam');
    const host = await linkZoomAccount(h, alice, h.emulator.zoom.seeded.personal);
    const id = await connectOutlook(h, alice, 'adminConsentUser');
    h.emulator.microsoft.revokeAdminConsent('fabrikam');
    h.clock.advance(6 * 60 * 1000);

    // Over HTTP: the busy check's refresh is refused; nothing else says busy, so unknown.
    expect(await hostAt(host)).toMatchObject({ busy: 'unknown', conflicts: [] });
    expect((await me()).outlook).toMatchObject({ id, status: 'needs_reauth' });
    expect((await h.store.connections.findById(id))?.tokenCiphertext).toBeNull();
    expect(
      h.logLines.some((line) =>
        line.includes(
          "outlook requires an administrator's consent; connection needs re-authorization",
        ),
      ),
    ).toBe(true);

    // Reconnected once the admin consents again; withdrawn again, the token source (every
    // caller's way to a token) answers admin_consent_required for outlook.
    h.emulator.microsoft.grantAdminConsent('fabrikam');
    const relinked = await connectOutlook(h, alice, 'adminConsentUser');
    expect(relinked).toBe(id);
    h.emulator.microsoft.revokeAdminConsent('fabrikam');
    h.clock.advance(6 * 60 * 1000);
    const row = await h.store.connections.findById(id);
    if (!row) throw new Error('no connection');
    const failure = await tokenSource()
      .getAccessToken(row)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({ code: 'admin_consent_required', provider: 'outlook' });
    expect((await me()).outlook).toMatchObject({ id, status: 'needs_reauth' });
  });
});

/** The BFF's token source over the harness's store, with the Outlook OAuth client. */
function tokenSource() {
  const clock = { now: () => new Date(h.clock.nowMs) };
  return createAccessTokenSource({
    store: h.store,
    cipher: h.cipher,
    clock,
    logger: pino({ level: 'debug' }, { write: (line: string) => void h.logLines.push(line) }),
    oauth: {
      outlook: createMicrosoftOAuthClient(
        {
          clientId: MICROSOFT_CLIENT_ID,
          clientSecret: MICROSOFT_CLIENT_SECRET,
          authorityBaseUrl: `${h.emulator.url}${h.emulator.microsoft.paths.loginBase}`,
          graphBaseUrl: `${h.emulator.url}${h.emulator.microsoft.paths.graphBase}`,
          redirectUri: `${h.bffUrl}/v1/oauth/outlook/callback`,
        },
        { clock },
      ),
    },
  });
}

describe('busy badges from Outlook', () => {
  it('when the host owner is busy only in Outlook, then the host shows 予定あり with an outlook conflict; a free time stays free', async () => {
    await start();
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    await connectOutlook(h, haruka, 'interviewer');
    h.emulator.microsoft.seedEvent(h.emulator.microsoft.seeded.interviewer.mail, {
      subject: '歯医者',
      start: '2030-01-20T09:45:00+09:00',
      end: '2030-01-20T10:15:00+09:00',
    });

    expect(await hostAt(host)).toMatchObject({
      busy: 'busy',
      conflicts: [
        { start: '2030-01-20T00:45:00.000Z', end: '2030-01-20T01:15:00.000Z', source: 'outlook' },
      ],
    });
    expect(h.emulator.microsoft.stats().scheduleQueries).toBe(1);
    // Another time of that day is free, from the cached window.
    expect(await hostAt(host, 'start=2030-01-20T05:00:00Z&durationMinutes=30')).toMatchObject({
      busy: 'free',
      conflicts: [],
    });
    expect(h.emulator.microsoft.stats().scheduleQueries).toBe(1);
  });

  it("when getSchedule answers an error for the owner's mailbox (renamed, no longer known), then the host is unknown", async () => {
    await start();
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    const id = await connectOutlook(h, haruka, 'interviewer');
    await h.store.connections.update(id, { email: 'renamed@contoso-hr.example' });
    expect(await hostAt(host)).toMatchObject({ busy: 'unknown', conflicts: [] });
    expect(h.emulator.microsoft.stats().scheduleQueries).toBe(1);
    expect(h.logLines.some((line) => line.includes('host busy check failed'))).toBe(true);
  });

  it('when Graph fails for the owner, then the host is unknown unless something else says busy', async () => {
    await start();
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    await connectOutlook(h, haruka, 'interviewer');
    h.emulator.microsoft.failNext(5, 503, {
      path: `${h.emulator.microsoft.paths.graphBase}/me/calendar/getSchedule`,
    });
    expect(await hostAt(host)).toMatchObject({ busy: 'unknown', conflicts: [] });
  });
});

describe('Outlook secrets', () => {
  it('when users connect, fail, refresh and disconnect Outlook, then no Microsoft token, code, verifier, client secret or state reaches a response or a log line', async () => {
    await start();
    const host = await linkZoomAccount(h, alice, h.emulator.zoom.seeded.personal);
    const first = await runOutlookConnect(h, alice, 'recruiter');
    await h.api('GET', `/v1/oauth/attempts/${first.attemptId}`, { user: alice });
    await runOutlookConnect(h, bob, 'adminConsentUser');
    await runOutlookConnect(h, bob, 'interviewer', { decision: 'cancel' });
    if (first.callbackUrl) {
      await first.browser.get(first.callbackUrl);
      await h.newBrowser().get(first.callbackUrl.replace(/code=[^&]+/, 'code=zzz'));
    }
    await runOutlookConnect(h, bob, 'interviewer2');
    h.clock.advance(6 * 60 * 1000);
    await hostAt(host);
    expect(h.emulator.microsoft.stats().refreshes).toBeGreaterThanOrEqual(1);
    for (const user of [alice, bob]) {
      const outlook = (await me(user)).outlook;
      if (outlook) await h.api('DELETE', `/v1/connections/${outlook.id}`, { user });
    }

    // The capture itself must have seen what it looks for, or this test could not fail.
    const secrets = [...h.wire.secrets];
    expect(secrets).toContain(MICROSOFT_CLIENT_SECRET);
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    expect(h.wire.states.size).toBeGreaterThanOrEqual(4);
    for (const response of h.wire.bffResponses) {
      for (const secret of secrets) expect(response).not.toContain(secret);
      const redirectsToMicrosoft =
        /^location: http:\/\/127\.0\.0\.1:\d+\/microsoft\/organizations\/oauth2\/v2\.0\/authorize\?/m.test(
          response,
        );
      const redirectsToZoom = /^location: http:\/\/127\.0\.0\.1:\d+\/zoom\//m.test(response);
      if (!redirectsToMicrosoft && !redirectsToZoom)
        for (const state of h.wire.states) expect(response).not.toContain(state);
    }
    for (const line of h.logLines) {
      for (const secret of [...secrets, ...h.wire.states]) expect(line).not.toContain(secret);
    }
  });
});
