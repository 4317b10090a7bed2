import { createHmac } from 'node:crypto';
import { signZoomWebhook } from '@ats-zoom/provider-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  type Harness,
  runConnect,
  startHarness,
  tenantAUser,
  WEBHOOK_SECRET,
} from './harness';

const alice = tenantAUser('Alice', 'recruiter');

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function deliver(rawBody: string, options: { timestamp?: number; signature?: string } = {}) {
  const timestamp = options.timestamp ?? Math.floor(h.clock.nowMs / 1000);
  return h.api('POST', '/v1/webhooks/zoom', {
    rawBody,
    headers: {
      'x-zm-request-timestamp': String(timestamp),
      'x-zm-signature': options.signature ?? signZoomWebhook(WEBHOOK_SECRET, timestamp, rawBody),
    },
  });
}

function deauthorization(userId: string, clientId = CLIENT_ID) {
  return JSON.stringify({
    event: 'app_deauthorized',
    event_ts: h.clock.nowMs,
    payload: {
      account_id: 'acct',
      user_id: userId,
      signature: 'unused',
      deauthorization_time: new Date(h.clock.nowMs).toISOString(),
      client_id: clientId,
      user_data_retention: 'false',
    },
  });
}

describe('Zoom webhooks', () => {
  it('when Zoom sends a signed app_deauthorized, then the connection is revoked and its tokens deleted', async () => {
    const zoomUser = h.emulator.zoom.seeded.personal;
    await runConnect(h, alice, zoomUser);
    const status = await h.emulator.zoom.sendDeauthorization(zoomUser.id);
    expect(status).toBe(200);
    const me = await h.api('GET', '/v1/connections/me', { user: alice });
    expect(me.json.zoom.status).toBe('revoked');
    const row = await h.store.connections.findById(me.json.zoom.id);
    expect(row?.tokenCiphertext).toBeNull();
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.filter((e) => e.action === 'connection.deauthorized')).toHaveLength(1);
  });

  it('when the same delivery arrives three times, then each gets 200 and it is handled once', async () => {
    const zoomUser = h.emulator.zoom.seeded.personal;
    await runConnect(h, alice, zoomUser);
    const body = deauthorization(zoomUser.id);
    for (let i = 0; i < 3; i += 1) expect((await deliver(body)).status).toBe(200);
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.filter((e) => e.action === 'connection.deauthorized')).toHaveLength(1);
  });

  it('when the signature is wrong or a character short, then 401 and nothing changes', async () => {
    const zoomUser = h.emulator.zoom.seeded.personal;
    await runConnect(h, alice, zoomUser);
    const body = deauthorization(zoomUser.id);
    const timestamp = Math.floor(h.clock.nowMs / 1000);
    const good = signZoomWebhook(WEBHOOK_SECRET, timestamp, body);
    const flipped = `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`;
    for (const signature of [
      flipped,
      good.slice(0, -1),
      signZoomWebhook('other', timestamp, body),
    ]) {
      const answer = await deliver(body, { timestamp, signature });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.json.code).toBe('webhook_signature_invalid');
    }
    expect((await h.api('GET', '/v1/connections/me', { user: alice })).json.zoom.status).toBe(
      'active',
    );
  });

  it('when the timestamp is more than 300 seconds away, then 401', async () => {
    const body = deauthorization('nobody');
    const now = Math.floor(h.clock.nowMs / 1000);
    expect((await deliver(body, { timestamp: now - 301 })).status).toBe(401);
    expect((await deliver(body, { timestamp: now + 301 })).status).toBe(401);
    expect((await deliver(body, { timestamp: now - 299 })).status).toBe(200);
  });

  it("when a deauthorization names another app's client_id, then it is acknowledged and ignored", async () => {
    const zoomUser = h.emulator.zoom.seeded.personal;
    await runConnect(h, alice, zoomUser);
    expect((await deliver(deauthorization(zoomUser.id, 'someone-else'))).status).toBe(200);
    expect((await h.api('GET', '/v1/connections/me', { user: alice })).json.zoom.status).toBe(
      'active',
    );
  });

  it('when Zoom validates the endpoint URL, then the answer is the HMAC of the plain token', async () => {
    const body = JSON.stringify({
      event: 'endpoint.url_validation',
      payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
      event_ts: h.clock.nowMs,
    });
    const answer = await deliver(body);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
      encryptedToken: createHmac('sha256', WEBHOOK_SECRET)
        .update('qgg8vlvZRS6UYooatFL8Aw')
        .digest('hex'),
    });
  });

  it('when the body is over 64 KB, then 413 before any signature check', async () => {
    const answer = await deliver(JSON.stringify({ event: 'x', pad: 'a'.repeat(70 * 1024) }), {
      signature: 'v0=bad',
    });
    expect(answer.status).toBe(413);
    expect(answer.json.code).toBe('body_too_large');
  });
});
