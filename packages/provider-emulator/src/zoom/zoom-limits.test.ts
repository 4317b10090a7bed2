import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meetingRequest, zoomApi } from '../../test/zoom-api-driver';
import { connectUser, startTestEmulator, type TestClock } from '../../test/zoom-oauth-driver';
import type { RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
let clock: TestClock;
let acme: string;
let acme2: string;
let personal: string;

beforeEach(async () => {
  // 23:30 UTC, so the daily reset is half an hour away and the access tokens outlive it.
  ({ emulator, clock } = await startTestEmulator());
  clock.advance(23.5 * 3600 * 1000);
  const { managedApproved, managedApproved2 } = emulator.zoom.seeded;
  acme = (await connectUser(emulator, managedApproved.id)).access_token;
  acme2 = (await connectUser(emulator, managedApproved2.id)).access_token;
  personal = (await connectUser(emulator, emulator.zoom.seeded.personal.id)).access_token;
});
afterEach(async () => {
  await emulator.close();
});

const create = (token: string) =>
  zoomApi(emulator, token, 'POST', '/users/me/meetings', meetingRequest());

describe('daily create/update quota (100 per host per UTC day)', () => {
  it('when a host used 100 creates and updates, then the 101st is a 429 with Zoom’s body and the daily headers', async () => {
    const first = await create(acme);
    for (let i = 0; i < 49; i++) await create(acme);
    for (let i = 0; i < 50; i++) {
      const patch = await zoomApi(emulator, acme, 'PATCH', `/meetings/${first.body.id}`, {
        topic: `round ${i}`,
      });
      expect(patch.status).toBe(204);
    }

    const refusedCreate = await create(acme);
    const refusedPatch = await zoomApi(emulator, acme, 'PATCH', `/meetings/${first.body.id}`, {
      topic: 'one more',
    });
    const colleague = await create(acme2);
    const remove = await zoomApi(emulator, acme, 'DELETE', `/meetings/${first.body.id}`);

    for (const refused of [refusedCreate, refusedPatch]) {
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        code: 429,
        message:
          'You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.',
      });
      expect(refused.headers.get('x-ratelimit-type')).toBe('Daily-limit');
      expect(refused.headers.get('retry-after')).toBe('2025-10-02T00:00:00Z');
    }
    // The seeded meeting + 50 created - the one deleted: the refused create added nothing.
    expect(emulator.zoom.meetings(emulator.zoom.seeded.managedApproved.id)).toHaveLength(50);
    expect(colleague.status).toBe(201);
    expect(remove.status).toBe(204);
  });

  it('when the UTC day turns, then the host may create again', async () => {
    for (let i = 0; i < 100; i++) await create(acme);
    expect((await create(acme)).status).toBe(429);

    clock.advance(30 * 60 * 1000);

    expect((await create(acme)).status).toBe(201);
  });
});

describe('per-second rate limits per account and label', () => {
  it('when no limits are configured, then a burst is never refused', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => create(acme)));

    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(answers[0]?.headers.get('x-ratelimit-category')).toBe('Medium');
  });

  it('when Medium allows 2/s, then the third Medium call of the account is refused while Light calls and other accounts pass', async () => {
    emulator.zoom.setRateLimits({ Medium: 2, Light: 10 });

    const ok1 = await create(acme);
    const ok2 = await zoomApi(emulator, acme2, 'GET', '/users/me/meetings');
    const refused = await create(acme);
    const light = await zoomApi(emulator, acme, 'GET', `/meetings/${ok1.body.id}`);
    const otherAccount = await create(personal);

    expect([ok1.status, ok2.status]).toEqual([201, 200]);
    expect(ok1.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      code: 429,
      message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
    });
    expect(refused.headers.get('x-ratelimit-category')).toBe('Medium');
    expect(refused.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(light.status).toBe(200);
    expect(light.headers.get('x-ratelimit-category')).toBe('Light');
    expect(otherAccount.status).toBe(201);
    expect(emulator.zoom.meetings(emulator.zoom.seeded.managedApproved.id)).toHaveLength(2);
  });

  it('when the next second starts, then the account may call again', async () => {
    emulator.zoom.setRateLimits({ Medium: 1 });
    await create(acme);
    expect((await create(acme)).status).toBe(429);

    clock.advance(1000);

    expect((await create(acme)).status).toBe(201);
  });
});
