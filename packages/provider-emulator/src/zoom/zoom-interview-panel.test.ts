import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zoomApi } from '../../test/zoom-api-driver';
import { connectUser, startTestEmulator } from '../../test/zoom-oauth-driver';
import type { RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;

beforeEach(async () => {
  ({ emulator } = await startTestEmulator());
});
afterEach(async () => {
  await emulator.close();
});

describe('the demo’s interview panel in the company account acme', () => {
  it('when each of the three signs in, then Zoom answers a licensed member of acme, as the other acme members', async () => {
    const { managedApproved, managedApproved3, managedApproved4, managedApproved5 } =
      emulator.zoom.seeded;

    const panel = [managedApproved3, managedApproved4, managedApproved5];
    const mes = [];
    for (const member of panel) {
      const token = (await connectUser(emulator, member.id))?.access_token ?? '';
      mes.push((await zoomApi(emulator, token, 'GET', '/users/me')).body);
    }

    expect(mes.map((me) => me.email)).toEqual([
      'kenichi.ogawa@acme.example',
      'mao.ishii@acme.example',
      'sho.okada@acme.example',
    ]);
    for (const me of mes) {
      expect(me).toMatchObject({ type: 2, account_id: managedApproved.account_id });
    }
  });
});
