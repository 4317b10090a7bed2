import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meetingRequest, zoomApi } from '../../test/zoom-api-driver';
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

  it('when a meeting of one of them names the other two as alternative hosts, then the admin page lists them beside the host', async () => {
    const { managedApproved5 } = emulator.zoom.seeded;
    const token = (await connectUser(emulator, managedApproved5.id))?.access_token ?? '';

    const created = await zoomApi(
      emulator,
      token,
      'POST',
      '/users/me/meetings',
      meetingRequest({
        settings: { alternative_hosts: 'kenichi.ogawa@acme.example;mao.ishii@acme.example' },
      }),
    );
    const page = await (await fetch(new URL(emulator.zoom.paths.admin, emulator.url))).text();

    expect(created.status).toBe(201);
    const row = page.split('<tr>').find((each) => each.includes(`<td>${created.body.id}</td>`));
    expect(row).toContain(
      '<td>sho.okada@acme.example</td><td>kenichi.ogawa@acme.example<br>mao.ishii@acme.example</td>',
    );
  });
});
