import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingRequest, zoomApi } from '../../test/zoom-api-driver';
import { connectUser, startTestEmulator } from '../../test/zoom-oauth-driver';
import { closed, createValidator, type JsonObject, responseSchema } from '../../test/zoom-openapi';
import type { RunningProviderEmulator } from '../index';

// The published 200 is a oneOf whose branches require nothing, so any object matches several
// of them; each answer is checked against the one branch it claims to be, closed.
const branches = (responseSchema('/users/{userId}/settings', 'get', '200').oneOf ??
  []) as JsonObject[];
const [userSettings, , , meetingSecurity] = branches;
if (!userSettings || !meetingSecurity) throw new Error('settings branches missing in the spec');
const validateSettings = createValidator(closed(userSettings));
const validateSecurity = createValidator(closed(meetingSecurity));

let emulator: RunningProviderEmulator;
const tokens: Record<'personal' | 'acme' | 'globex', string> = {
  personal: '',
  acme: '',
  globex: '',
};

beforeAll(async () => {
  ({ emulator } = await startTestEmulator());
  emulator.zoom.preApprove('globex');
  const { personal, managedApproved, managedPending } = emulator.zoom.seeded;
  tokens.personal = (await connectUser(emulator, personal.id)).access_token;
  tokens.acme = (await connectUser(emulator, managedApproved.id)).access_token;
  tokens.globex = (await connectUser(emulator, managedPending.id)).access_token;
});
afterAll(async () => {
  await emulator.close();
});

const settings = (token: string, query = '') =>
  zoomApi(emulator, token, 'GET', `/users/me/settings${query}`);

describe('GET /v2/users/{userId}/settings', () => {
  it.each([
    ['personal', true, true, false],
    ['acme', true, true, false],
    ['globex', false, false, true],
  ] as const)(
    'when %s reads its settings, then the passcode rule, embedding and waiting room are as seeded, in the spec’s shape',
    async (who, required, embed, waitingRoom) => {
      const { status, body } = await settings(tokens[who]);

      expect(status).toBe(200);
      expect(validateSettings(body), JSON.stringify(validateSettings.errors)).toBe(true);
      expect(body.schedule_meeting).toMatchObject({
        require_password_for_scheduling_new_meetings: required,
        embed_password_in_join_link: embed,
      });
      expect(body.in_meeting.waiting_room).toBe(waitingRoom);
    },
  );

  it('when the schema check sees an unknown setting, then it fails (it can fail)', async () => {
    const { body } = await settings(tokens.acme);

    expect(
      validateSettings({ ...body, schedule_meeting: { ...body.schedule_meeting, x: 1 } }),
    ).toBe(false);
  });

  it('when option=meeting_security is asked, then meeting_password tells whether a passcode is forced (the lock)', async () => {
    const answers = await Promise.all(
      (['personal', 'acme', 'globex'] as const).map((who) =>
        settings(tokens[who], '?option=meeting_security'),
      ),
    );

    for (const { body } of answers) {
      expect(validateSecurity(body), JSON.stringify(validateSecurity.errors)).toBe(true);
    }
    expect(answers.map((a) => a.body.meeting_security.meeting_password)).toEqual([
      true,
      true,
      false,
    ]);
    expect(answers[1]?.body.meeting_security.meeting_password_requirement).toMatchObject({
      length: 8,
      have_upper_and_lower_characters: true,
    });
  });

  it('when the globex user turns the passcode on without a lock, then the API still creates meetings without one', async () => {
    emulator.zoom.updateMeetingSettings(emulator.zoom.seeded.managedPending.id, {
      passcodeRequired: true,
    });

    const read = await settings(tokens.globex);
    const security = await settings(tokens.globex, '?option=meeting_security');
    const created = await zoomApi(
      emulator,
      tokens.globex,
      'POST',
      '/users/me/meetings',
      meetingRequest(),
    );

    expect(read.body.schedule_meeting.require_password_for_scheduling_new_meetings).toBe(true);
    expect(security.body.meeting_security.meeting_password).toBe(false);
    expect(created.body.password).toBeUndefined();
    emulator.zoom.updateMeetingSettings('globex', { passcodeRequired: false });
  });

  it('when custom_query_fields names settings, then only those come back, in their sections', async () => {
    const { body } = await settings(
      tokens.acme,
      '?custom_query_fields=embed_password_in_join_link,waiting_room,auto_recording',
    );

    expect(body).toEqual({
      schedule_meeting: { embed_password_in_join_link: true },
      in_meeting: { waiting_room: false },
      recording: { auto_recording: 'none' },
    });
  });

  it('when another user is named or the option is unknown, then Zoom’s errors', async () => {
    const other = emulator.zoom.seeded.personal2.id;
    const notMe = await zoomApi(emulator, tokens.acme, 'GET', `/users/${other}/settings`);
    const badOption = await settings(tokens.acme, '?option=everything');

    expect(notMe.status).toBe(404);
    expect(notMe.body).toEqual({ code: 1001, message: `User does not exist: ${other}.` });
    expect(badOption.status).toBe(400);
    expect(badOption.body.errors[0].field).toBe('option');
  });

  it('when someone tries to unlock a personal account’s passcode, then it is refused like Zoom', () => {
    expect(() =>
      emulator.zoom.updateMeetingSettings(emulator.zoom.seeded.personal.id, {
        passcodeLocked: false,
      }),
    ).toThrow(/cannot be turned off/);
    expect(emulator.zoom.meetingSettings(emulator.zoom.seeded.personal.id).passcodeLocked).toBe(
      true,
    );
  });
});
