import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  authorizeParams,
  CLIENT,
  connectUser,
  consent,
  getMe,
  hiddenFields,
  postAuthorizeForm,
  postForm,
  startTestEmulator,
  type TestClock,
  tokenRequest,
} from '../../test/zoom-oauth-driver';
import { type RunningProviderEmulator, signZoomWebhook } from '../index';

const SECRET_TOKEN = 'webhook-secret-token';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

/** A stand-in for the BFF's webhook endpoint that records what arrives. */
async function startReceiver(
  status: number,
): Promise<{ url: string; deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/webhooks/zoom`, deliveries, server };
}

let emulator: RunningProviderEmulator;
let clock: TestClock;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
  receiver = await startReceiver(204);
  ({ emulator, clock } = await startTestEmulator({
    webhook: { url: receiver.url, secretToken: SECRET_TOKEN },
  }));
});
afterEach(async () => {
  await emulator.close();
  receiver.server.closeAllConnections();
  await new Promise((resolve) => receiver.server.close(resolve));
});

describe('app_deauthorized webhook', () => {
  it('when a user is deauthorized, then a signed app_deauthorized reaches the receiver and the grant is dead', async () => {
    const { managedApproved } = emulator.zoom.seeded;
    const tokens = await connectUser(emulator, managedApproved.id);

    const status = await emulator.zoom.sendDeauthorization(managedApproved.id);

    expect(status).toBe(204);
    expect(receiver.deliveries).toHaveLength(1);
    const [delivery] = receiver.deliveries;
    if (!delivery) throw new Error('no delivery');
    const timestamp = String(delivery.headers['x-zm-request-timestamp']);
    expect(timestamp).toBe(String(Math.floor(clock.now() / 1000)));
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['x-zm-signature']).toBe(
      signZoomWebhook(SECRET_TOKEN, timestamp, delivery.rawBody),
    );
    expect(delivery.headers['x-zm-signature']).not.toBe(
      signZoomWebhook('another-secret', timestamp, delivery.rawBody),
    );
    expect(JSON.parse(delivery.rawBody)).toEqual({
      event: 'app_deauthorized',
      event_ts: clock.now(),
      payload: {
        account_id: managedApproved.account_id,
        user_id: managedApproved.id,
        signature: expect.stringMatching(/^[0-9a-f]{64}$/),
        deauthorization_time: new Date(clock.now()).toISOString(),
        client_id: CLIENT.clientId,
        user_data_retention: 'false',
      },
    });
    expect(emulator.zoom.liveGrantCount(managedApproved.id)).toBe(0);
    expect((await getMe(emulator, tokens.access_token)).status).toBe(401);
    const refresh = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('when the user has no live grant, then nothing is sent and it rejects', async () => {
    await expect(
      emulator.zoom.sendDeauthorization(emulator.zoom.seeded.personal.id),
    ).rejects.toThrow(/no live grant/);
    expect(receiver.deliveries).toHaveLength(0);
  });
});

describe('signZoomWebhook', () => {
  it('when given a timestamp and body, then it answers v0= and the hex HMAC-SHA256 of v0:timestamp:body', () => {
    // Known answer computed once with `openssl dgst -sha256 -hmac key` over "v0:1:{}".
    expect(signZoomWebhook('key', 1, '{}')).toBe(
      'v0=236beeb373582a83005d170cf7966f7bc1bc3d8e39280320817c04d7ea3fab6e',
    );
    expect(signZoomWebhook('key', '1', '{}')).toBe(signZoomWebhook('key', 1, '{}'));
  });
});

describe('admin page', () => {
  it('when the admin approves a pending company on the page, then its members get a code', async () => {
    const { managedPending } = emulator.zoom.seeded;
    const prompt = await consent(emulator, managedPending.id, authorizeParams());
    await postAuthorizeForm(emulator, {
      ...hiddenFields(await prompt.text()),
      decision: 'request_preapproval',
    });

    const page = await (await fetch(new URL(emulator.zoom.paths.admin, emulator.url))).text();
    expect(page).toContain(managedPending.email);
    expect(page).toContain(`name="account_id" value="${managedPending.account_id}"`);

    const approve = await postForm(emulator, '/zoom/admin/pre-approve', {
      account_id: managedPending.account_id,
    });

    expect(approve.status).toBe(303);
    expect(approve.headers.get('location')).toBe('/zoom/admin');
    expect(emulator.zoom.listPreApprovalRequests()[0]?.approved).toBe(true);
    const allow = await consent(emulator, managedPending.id, authorizeParams());
    expect(allow.status).toBe(302);
  });

  it('when the admin presses Deauthorize for a live grant, then the webhook goes out and the page reports the receiver’s status', async () => {
    const { personal2 } = emulator.zoom.seeded;
    await connectUser(emulator, personal2.id);
    const page = await (await fetch(new URL(emulator.zoom.paths.admin, emulator.url))).text();
    expect(page).toContain('Deauthorize (send app_deauthorized)');
    expect(page).toContain(`name="user_id" value="${personal2.id}"`);

    const response = await fetch(new URL('/zoom/admin/deauthorize', emulator.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_id: personal2.id }),
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('the receiver answered HTTP 204');
    expect(receiver.deliveries).toHaveLength(1);
    expect(emulator.zoom.liveGrantCount(personal2.id)).toBe(0);
  });
});
