import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AtsUser, type Harness, runConnect, startHarness, tenantAUser } from './harness';

const alice = tenantAUser('Alice', 'recruiter');
const bob = tenantAUser('Bob', 'interviewer');

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ accessTokenTtlSeconds: 600 });
});
afterEach(async () => {
  await h.close();
});

describe('secrets never reach the browser or the logs', () => {
  it('when users connect, move, fail, poll, refresh and disconnect, then no token, code, verifier, client secret or state leaks', async () => {
    const zoom = h.emulator.zoom.seeded;
    const first = await runConnect(h, alice, zoom.personal);
    await h.api('GET', `/v1/oauth/attempts/${first.attemptId}`, { user: alice });
    await runConnect(h, bob, zoom.personal);
    await runConnect(h, alice, zoom.personal2);
    const denied = await runConnect(h, bob, zoom.managedApproved, { decision: 'deny' });
    await h.api('GET', `/v1/oauth/attempts/${denied.attemptId}`, { user: bob });
    // A replayed callback and a tampered one.
    if (first.callbackUrl) {
      await first.browser.get(first.callbackUrl);
      await h.newBrowser().get(first.callbackUrl.replace(/code=[^&]+/, 'code=zzz'));
    }
    // A failing exchange (PKCE mismatch) logs its error.
    h.setFetchInterceptor((_url, init) => {
      if (!(init?.body instanceof URLSearchParams) || !init.body.has('code_verifier')) return init;
      const body = new URLSearchParams(init.body);
      body.set('code_verifier', 'y'.repeat(43));
      return { ...init, body };
    });
    await runConnect(h, alice, zoom.managedApproved2);
    h.setFetchInterceptor(null);

    h.clock.advance(6 * 60 * 1000);
    for (const user of [alice, bob]) {
      const me = await h.api('GET', '/v1/connections/me', { user });
      if (me.json.zoom) await h.api('DELETE', `/v1/connections/${me.json.zoom.id}`, { user });
    }
    expect(h.emulator.zoom.stats().tokenRequests.refresh_token).toBeGreaterThanOrEqual(1);

    // The capture itself must have seen what it looks for, or this test could not fail.
    const secrets = [...h.wire.secrets];
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    expect(h.wire.states.size).toBeGreaterThanOrEqual(5);
    expect(h.logLines.length).toBeGreaterThan(20);

    for (const response of h.wire.bffResponses) {
      for (const secret of secrets) expect(response).not.toContain(secret);
      const redirectsToZoom =
        /^location: http:\/\/127\.0\.0\.1:\d+\/zoom\/oauth\/authorize\?/m.test(response);
      if (!redirectsToZoom)
        for (const state of h.wire.states) expect(response).not.toContain(state);
    }
    for (const line of h.logLines) {
      for (const secret of [...secrets, ...h.wire.states]) expect(line).not.toContain(secret);
    }
  });

  it('when meetings are issued, moved, lost and fetched to start, then no start URL, passcode or token reaches the logs or another user', async () => {
    const carol: AtsUser = { ...alice, sub: 'u-carol', role: 'coordinator', name: 'Carol' };
    await runConnect(h, alice, h.emulator.zoom.seeded.personal);
    await runConnect(h, carol, h.emulator.zoom.seeded.managedApproved);
    const hosts = await h.api('GET', '/v1/hosts?start=2030-01-20T01:00:00Z&durationMinutes=30', {
      user: alice,
    });
    // Connected at the same instant: pick each host by its owner, not by list order.
    const hostOf = (owner: AtsUser) =>
      hosts.json.hosts.find((host: { ownerUserId: string }) => host.ownerUserId === owner.sub)
        .connectionId as string;
    const [first, second] = [hostOf(alice), hostOf(carol)];
    const save = (host: string, joinBeforeHost: boolean) =>
      h.api('PUT', '/v1/interviews/iv-s/meeting', {
        user: alice,
        headers: { 'idempotency-key': `k-${host}-${joinBeforeHost}` },
        body: {
          candidateId: 'c-1',
          hostConnectionId: host,
          topic: 'Interview',
          startTime: '2030-01-20T10:00:00+09:00',
          durationMinutes: 30,
          timezone: 'Asia/Tokyo',
          joinBeforeHost,
        },
      });
    expect((await save(first, false)).status).toBe(200);
    h.emulator.zoom.dropNext(1, { path: '/zoom/v2/users/*/meetings', method: 'POST' });
    expect((await save(second, true)).status).toBe(200);
    h.emulator.zoom.failNext(1, 500, { path: '/zoom/v2/meetings/*', method: 'GET' });
    const startUrls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const started = await h.api('GET', '/v1/interviews/iv-s/meeting/start-url', { user: carol });
      expect(started.status).toBe(200);
      startUrls.push(started.json.startUrl);
    }
    const denied = await h.api('GET', '/v1/interviews/iv-s/meeting/start-url', { user: alice });
    expect(denied.status).toBe(403);

    const zaks = startUrls.map((url) => new URL(url).searchParams.get('zak') ?? 'missing');
    const passcodes = h.emulator.zoom
      .allMeetings()
      .flatMap((m) => [m.password, m.encrypted_password])
      .filter((p): p is string => typeof p === 'string');
    expect(passcodes.length).toBeGreaterThanOrEqual(2);
    const secrets = [...zaks, ...passcodes.filter((p) => p.length >= 6), ...h.wire.secrets];
    for (const line of h.logLines) for (const secret of secrets) expect(line).not.toContain(secret);
    const aliceAnswers = h.wire.bffResponses.filter((r) => !r.includes('"startUrl"'));
    for (const answer of aliceAnswers) for (const zak of zaks) expect(answer).not.toContain(zak);
  });
});
