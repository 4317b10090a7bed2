import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meetingRequest, zoomApi } from '../../test/zoom-api-driver';
import { connectUser, postForm, startTestEmulator } from '../../test/zoom-oauth-driver';
import { meetingAnswerValidator } from '../../test/zoom-openapi';
import type { RunningProviderEmulator } from '../index';

const validateCreate = meetingAnswerValidator('/users/{userId}/meetings', 'post', '201');
const validateGet = meetingAnswerValidator('/meetings/{meetingId}', 'get', '200');

let emulator: RunningProviderEmulator;
let tokens: { acme: string; personal: string };

beforeEach(async () => {
  ({ emulator } = await startTestEmulator());
  const { managedApproved, personal } = emulator.zoom.seeded;
  const [acme, own] = await Promise.all([
    connectUser(emulator, managedApproved.id),
    connectUser(emulator, personal.id),
  ]);
  tokens = { acme: acme?.access_token ?? '', personal: own?.access_token ?? '' };
});
afterEach(async () => {
  await emulator.close();
});

const create = (token: string, alternativeHosts: string) =>
  zoomApi(
    emulator,
    token,
    'POST',
    '/users/me/meetings',
    meetingRequest({ settings: { alternative_hosts: alternativeHosts } }),
  );

describe('settings.alternative_hosts', () => {
  it('when a licensed host names a licensed user of its own account (by e-mail or id), then the meeting keeps their e-mails and GET shows them', async () => {
    const { managedApproved2 } = emulator.zoom.seeded;
    const byEmail = await create(tokens.acme, managedApproved2.email.toUpperCase());
    const byId = await create(tokens.acme, ` ${managedApproved2.id} ;`);
    const fetched = await zoomApi(emulator, tokens.acme, 'GET', `/meetings/${byId.body.id}`);

    expect(byEmail.status).toBe(201);
    expect(validateCreate(byEmail.body), JSON.stringify(validateCreate.errors)).toBe(true);
    expect(byEmail.body.settings.alternative_hosts).toBe(managedApproved2.email);
    expect(byId.status).toBe(201);
    expect(validateGet(fetched.body), JSON.stringify(validateGet.errors)).toBe(true);
    expect(fetched.body.settings.alternative_hosts).toBe(managedApproved2.email);
  });

  it('when an alternative host is in another account, unknown, Basic or the host itself, then 400 code 1114 names it and no meeting is made', async () => {
    const { managedApproved, managedApproved2, managedPending } = emulator.zoom.seeded;
    const refusals: [string, string][] = [
      [managedPending.email, "does not belong to the meeting host's account"],
      ['nobody@acme.example', "does not belong to the meeting host's account"],
      [managedApproved.email, 'cannot be its own alternative host'],
    ];
    for (const [value, reason] of refusals) {
      const { status, body } = await create(tokens.acme, `${managedApproved2.email};${value}`);
      expect(status).toBe(400);
      expect(body.code).toBe(1114);
      expect(body.message).toContain(`'${value}'`);
      expect(body.message).toContain(reason);
    }
    emulator.zoom.setUserType(managedApproved2.id, 1);
    const basic = await create(tokens.acme, managedApproved2.email);
    expect(basic.body).toEqual({
      code: 1114,
      message: `Unable to assign '${managedApproved2.email}' as an alternative host: alternative hosts must be licensed users.`,
    });
    expect(emulator.zoom.meetings(managedApproved.id)).toHaveLength(1); // the seeded one only
  });

  it('when the host is Basic, then any alternative host is refused, and none at all is fine', async () => {
    const { personal } = emulator.zoom.seeded;
    const refused = await create(tokens.personal, 'someone@example.com');
    const plain = await create(tokens.personal, '');

    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('the meeting host is not a licensed user');
    expect(plain.status).toBe(201);
    expect(plain.body.settings.alternative_hosts).toBe('');
    expect(personal.type).toBe(1);
  });

  it('when a PATCH changes the alternative hosts, then they are checked the same way and a refused PATCH changes nothing', async () => {
    const { managedApproved2, managedPending } = emulator.zoom.seeded;
    const { body } = await create(tokens.acme, '');
    const patch = (value: string, topic = 'Second interview') =>
      zoomApi(emulator, tokens.acme, 'PATCH', `/meetings/${body.id}`, {
        topic,
        settings: { alternative_hosts: value },
      });
    const get = async () =>
      (await zoomApi(emulator, tokens.acme, 'GET', `/meetings/${body.id}`)).body;

    expect((await patch(managedApproved2.email)).status).toBe(204);
    expect((await get()).settings.alternative_hosts).toBe(managedApproved2.email);
    const refused = await patch(managedPending.email, 'Never applied');
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe(1114);
    expect(await get()).toMatchObject({
      topic: 'Second interview',
      settings: { alternative_hosts: managedApproved2.email },
    });
    expect((await patch('')).status).toBe(204);
    expect((await get()).settings.alternative_hosts).toBe('');
  });

  it('when a licence changes, then GET /users/me shows the new type and the admin page lists the alternative hosts', async () => {
    const { managedApproved2 } = emulator.zoom.seeded;
    await create(tokens.acme, managedApproved2.email);
    const acme2 = await connectUser(emulator, managedApproved2.id);
    emulator.zoom.setUserType(managedApproved2.id, 1);
    const me = await zoomApi(emulator, acme2?.access_token ?? '', 'GET', '/users/me');
    const page = await (await fetch(new URL(emulator.zoom.paths.admin, emulator.url))).text();

    expect(me.body.type).toBe(1);
    expect(page).toContain('<th>Alternative hosts</th>');
    expect(page).toContain(`<td>${managedApproved2.email}</td>`);
  });

  it('when the admin page’s licence button is pressed, then the user is Basic at once and can no longer be an alternative host', async () => {
    const { managedApproved2 } = emulator.zoom.seeded;
    const before = await (await fetch(new URL(emulator.zoom.paths.admin, emulator.url))).text();
    expect(before).toContain(`aria-label="Make Basic: ${managedApproved2.email}"`);

    const pressed = await postForm(emulator, '/zoom/admin/users/type', {
      user_id: managedApproved2.id,
      type: '1',
    });
    const after = await (
      await fetch(new URL(pressed.headers.get('location') ?? '', emulator.url))
    ).text();
    const refused = await create(tokens.acme, managedApproved2.email);

    expect(pressed.status).toBe(303);
    expect(after).toContain(`${managedApproved2.email} is now Basic.`);
    expect(after).toContain(`aria-label="Give a licence: ${managedApproved2.email}"`);
    expect(refused.body.code).toBe(1114);
    const unknown = await postForm(emulator, '/zoom/admin/users/type', { user_id: 'x', type: '1' });
    expect(unknown.headers.get('location')).toContain('failed=');
  });
});
