import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AtsUser, type Harness, runConnect, startHarness } from './harness';

const alice: AtsUser = {
  sub: 'u-alice',
  tid: 'tenant-a',
  role: 'interviewer',
  name: 'Alice',
  email: 'alice@ats.example',
};
const bob: AtsUser = {
  sub: 'u-bob',
  tid: 'tenant-a',
  role: 'recruiter',
  name: 'Bob',
  email: 'bob@ats.example',
};

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** Runs the popup up to Zoom's redirect back, without following it. */
async function reachCallback(user: AtsUser) {
  const run = await runConnect(h, user, h.emulator.zoom.seeded.personal, {
    stopBeforeCallback: true,
  });
  if (!run.callbackUrl) throw new Error('Zoom did not redirect');
  return { ...run, callbackUrl: run.callbackUrl };
}

function codeExchanges(): number {
  return h.emulator.zoom.stats().tokenRequests.authorization_code;
}

describe('the OAuth callback refuses anything it cannot tie to this browser and attempt', () => {
  it('when the state is missing, then it answers 400 without calling Zoom', async () => {
    const run = await reachCallback(alice);
    const url = new URL(run.callbackUrl);
    url.searchParams.delete('state');
    const page = await run.browser.get(url.href);
    expect(page.status).toBe(400);
    expect(page.text).not.toContain('postMessage');
    expect(codeExchanges()).toBe(0);
  });

  it('when the state was tampered with, then it answers 400 without calling Zoom', async () => {
    const run = await reachCallback(alice);
    const url = new URL(run.callbackUrl);
    const state = url.searchParams.get('state') ?? '';
    url.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    const page = await run.browser.get(url.href);
    expect(page.status).toBe(400);
    expect(codeExchanges()).toBe(0);
  });

  it('when the callback is replayed, then the second answers 400 and Zoom saw one exchange', async () => {
    const run = await reachCallback(alice);
    expect((await run.browser.get(run.callbackUrl)).status).toBe(200);
    const replay = await run.browser.get(run.callbackUrl);
    expect(replay.status).toBe(400);
    expect(codeExchanges()).toBe(1);
  });

  it('when the attempt has expired (more than ten minutes), then it answers 400 without calling Zoom', async () => {
    const run = await reachCallback(alice);
    h.clock.advance(10 * 60 * 1000 + 1);
    const page = await run.browser.get(run.callbackUrl);
    expect(page.status).toBe(400);
    expect(codeExchanges()).toBe(0);
  });

  it("when the browser carries another attempt's cookie, then it answers 400 without calling Zoom", async () => {
    const victim = await reachCallback(alice);
    const attacker = await reachCallback(bob);
    // Bob's browser (bound to Bob's attempt) replays Alice's callback URL.
    const page = await attacker.browser.get(victim.callbackUrl);
    expect(page.status).toBe(400);
    const noCookie = await h.newBrowser().get(victim.callbackUrl);
    expect(noCookie.status).toBe(400);
    expect(codeExchanges()).toBe(0);
    // The rightful browser can still finish.
    expect((await victim.browser.get(victim.callbackUrl)).status).toBe(200);
  });

  it('when the start ticket is older than 60 seconds, then the popup gets 400 and no redirect to Zoom', async () => {
    const started = await h.api('POST', '/v1/connections/zoom/authorize', {
      user: alice,
      body: {},
    });
    h.clock.advance(61 * 1000);
    const start = await h.newBrowser().get(started.json.authorizationUrl);
    expect(start.status).toBe(400);
    expect(start.location).toBeNull();
  });

  it('when another user polls an attempt, or it belongs to another tenant, then it is 404', async () => {
    const run = await reachCallback(alice);
    const other = await h.api('GET', `/v1/oauth/attempts/${run.attemptId}`, { user: bob });
    expect(other.status).toBe(404);
    const otherTenant = await h.api('GET', `/v1/oauth/attempts/${run.attemptId}`, {
      user: { ...alice, tid: 'tenant-b' },
    });
    expect(otherTenant.status).toBe(404);
    expect(otherTenant.json.code).toBe('not_found');
  });
});
