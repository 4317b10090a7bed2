import { afterEach, describe, expect, it } from 'vitest';
import { openTokens } from '../src/core/shared/token-vault';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  type Harness,
  runConnect,
  startHarness,
  tenantAUser,
} from './harness';

const alice = tenantAUser('Alice', 'interviewer');
const bob = tenantAUser('Bob', 'interviewer');

let h: Harness;
afterEach(async () => {
  await h.close();
});

async function storedTokens(connectionId: string) {
  const row = await h.store.connections.findById(connectionId);
  if (!row?.tokenCiphertext) throw new Error('no tokens stored');
  return openTokens(h.cipher, { ...row, tokenCiphertext: row.tokenCiphertext });
}

async function refreshByHand(
  refreshToken: string,
): Promise<{ status: number; body: { error?: string } }> {
  const response = await fetch(`${h.emulator.url}${h.emulator.zoom.paths.token}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as { error?: string } };
}

describe('disconnecting (連携解除)', () => {
  it('when the owner disconnects, then the grant is revoked at Zoom, the row is gone and the audit says so', async () => {
    h = await startHarness();
    const zoomUser = h.emulator.zoom.seeded.personal;
    await runConnect(h, alice, zoomUser);
    const { id } = (await h.api('GET', '/v1/connections/me', { user: alice })).json.zoom;

    const deleted = await h.api('DELETE', `/v1/connections/${id}`, { user: alice });
    expect(deleted.status).toBe(204);
    expect(h.emulator.zoom.stats().revocations).toBe(1);
    expect(h.emulator.zoom.liveGrantCount(zoomUser.id)).toBe(0);
    expect(await h.store.connections.findById(id)).toBeUndefined();
    expect((await h.api('GET', '/v1/connections/me', { user: alice })).json.zoom).toBeNull();
    expect((await h.store.audit.listForTenant('tenant-a')).map((e) => e.action)).toContain(
      'connection.disconnected',
    );
  });

  it("when another user, or a user of another tenant, deletes someone's connection, then it is 404 and nothing changes", async () => {
    h = await startHarness();
    await runConnect(h, alice, h.emulator.zoom.seeded.personal);
    const { id } = (await h.api('GET', '/v1/connections/me', { user: alice })).json.zoom;
    const byBob = await h.api('DELETE', `/v1/connections/${id}`, { user: bob });
    expect(byBob.status).toBe(404);
    expect(byBob.json.code).toBe('not_found');
    const otherTenant = await h.api('DELETE', `/v1/connections/${id}`, {
      user: { ...alice, tid: 'tenant-b' },
    });
    expect(otherTenant.status).toBe(404);
    expect(h.emulator.zoom.stats().revocations).toBe(0);
    expect((await h.store.connections.findById(id))?.status).toBe('active');
  });

  it('when the access token is about to expire, then disconnect refreshes once first, and the old refresh token is dead', async () => {
    h = await startHarness({ accessTokenTtlSeconds: 600 });
    const zoomUser = h.emulator.zoom.seeded.personal;
    await runConnect(h, alice, zoomUser);
    const { id } = (await h.api('GET', '/v1/connections/me', { user: alice })).json.zoom;
    const before = await storedTokens(id);
    // Leave 4 minutes of validity: inside the 5-minute refresh margin.
    h.clock.advance(6 * 60 * 1000);
    // Make the revoke fail so the rotated grant survives and the rotation itself can be checked.
    h.setFetchInterceptor((url, init) =>
      url.includes(h.emulator.zoom.paths.revoke) ? { ...init, body: new URLSearchParams() } : init,
    );

    const deleted = await h.api('DELETE', `/v1/connections/${id}`, { user: alice });
    expect(deleted.status).toBe(204);
    expect(h.emulator.zoom.stats().tokenRequests.refresh_token).toBe(1);
    expect(await h.store.connections.findById(id)).toBeUndefined();
    expect(h.logLines.some((l) => l.includes('zoom revoke failed'))).toBe(true);

    const replayOld = await refreshByHand(before.refreshToken);
    expect(replayOld.status).toBeGreaterThanOrEqual(400);
    expect(replayOld.body.error).toBe('invalid_grant');
  });

  it('when the refresh token was killed at Zoom, then disconnect still deletes locally without looping', async () => {
    h = await startHarness({ accessTokenTtlSeconds: 600 });
    const zoomUser = h.emulator.zoom.seeded.personal;
    await runConnect(h, alice, zoomUser);
    const { id } = (await h.api('GET', '/v1/connections/me', { user: alice })).json.zoom;
    const before = await storedTokens(id);
    // Someone rotated the pair behind our back: ours is now dead (invalid_grant).
    expect((await refreshByHand(before.refreshToken)).status).toBe(200);
    h.clock.advance(6 * 60 * 1000);

    const deleted = await h.api('DELETE', `/v1/connections/${id}`, { user: alice });
    expect(deleted.status).toBe(204);
    expect(h.emulator.zoom.stats().tokenRequests.refresh_token).toBe(2);
    expect(await h.store.connections.findById(id)).toBeUndefined();
  });
});
