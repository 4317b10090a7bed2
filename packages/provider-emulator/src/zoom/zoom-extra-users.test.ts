import { afterEach, describe, expect, it } from 'vitest';
import {
  authorizeParams,
  CLIENT,
  connectUser,
  createTestClock,
  getAuthorizePage,
  getMe,
  hiddenFields,
} from '../../test/zoom-oauth-driver';
import { type RunningProviderEmulator, startProviderEmulator } from '../index';

let emulator: RunningProviderEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(extraUsers?: number): Promise<RunningProviderEmulator> {
  emulator = await startProviderEmulator({
    zoom: { clients: [CLIENT], ...(extraUsers === undefined ? {} : { extraUsers }) },
    now: createTestClock().now,
  });
  return emulator;
}

describe('extraUsers', () => {
  it('when no extra users are asked for, then only the nine named accounts exist', async () => {
    const running = await start();

    expect(running.zoom.extraUsers).toEqual([]);
    const page = await getAuthorizePage(running, authorizeParams());
    const radios = (await page.text()).match(/type="radio"/g) ?? [];
    expect(radios).toHaveLength(9);
  });

  it('when 3 extra users are seeded, then each is a distinct personal account offered on the consent page', async () => {
    const running = await start(3);
    const extra = running.zoom.extraUsers;

    expect(extra.map((u) => u.email)).toEqual([
      'user0001@extra.example',
      'user0002@extra.example',
      'user0003@extra.example',
    ]);
    expect(new Set(extra.map((u) => u.id)).size).toBe(3);
    expect(new Set(extra.map((u) => u.account_id)).size).toBe(3);
    for (const user of extra) {
      expect(user.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(user.kind).toBe('personal');
    }
    const page = await getAuthorizePage(running, authorizeParams());
    const html = await page.text();
    expect(html.match(/type="radio"/g) ?? []).toHaveLength(12);
    expect(hiddenFields(html).client_id).toBe(CLIENT.clientId);
    for (const user of extra) expect(html).toContain(`value="${user.id}"`);
  });

  it('when an extra user authorizes, then its token reads that user and its locked passcode policy', async () => {
    const running = await start(2);
    const second = running.zoom.extraUsers[1];
    if (!second) throw new Error('two extra users were seeded');

    const tokens = await connectUser(running, second.id);
    const me = await getMe(running, tokens.access_token);

    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      id: second.id,
      email: second.email,
      account_id: second.account_id,
    });
    expect(running.zoom.meetingSettings(second.id)).toMatchObject({
      passcodeRequired: true,
      passcodeLocked: true,
    });
    expect(running.zoom.meetings(second.id)).toEqual([]);
  });

  it('when two emulators seed extra users, then the ids are the same on every run', async () => {
    const first = (await start(2)).zoom.extraUsers.map((u) => u.id);
    await emulator?.close();
    const again = (await start(2)).zoom.extraUsers.map((u) => u.id);

    expect(again).toEqual(first);
  });

  it('when a negative count is given, then the emulator refuses to start', async () => {
    await expect(
      startProviderEmulator({ zoom: { clients: [CLIENT], extraUsers: -1 } }),
    ).rejects.toThrow(/extraUsers/);
  });
});
