import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meetingRequest, zoomApi } from '../../test/zoom-api-driver';
import { connectUser, startTestEmulator, type TestClock } from '../../test/zoom-oauth-driver';
import { closed, createValidator, type JsonObject, responseSchema } from '../../test/zoom-openapi';
import type { RunningProviderEmulator } from '../index';

/**
 * The 2022 description omits fields every real create response carries (RESP2020 in the
 * research notes): exactly these may appear beyond it.
 */
const CREATE_EXTRAS: JsonObject = {
  uuid: { type: 'string' },
  host_id: { type: 'string' },
  status: { type: 'string', enum: ['waiting', 'started'] },
  encrypted_password: { type: 'string' },
  pstn_password: { type: 'string' },
};
/** GET documents uuid/host_id/status/encrypted_password; pstn_password is the one extra. */
const GET_EXTRAS: JsonObject = { pstn_password: { type: 'string' } };

function strict(schema: JsonObject, extras: JsonObject, required: string[]): JsonObject {
  const closedSchema = closed(schema) as JsonObject;
  return {
    ...closedSchema,
    properties: { ...(closedSchema.properties as JsonObject), ...extras },
    required,
  };
}

const REQUIRED = [
  'uuid',
  'id',
  'host_id',
  'host_email',
  'topic',
  'type',
  'status',
  'start_time',
  'duration',
  'timezone',
  'created_at',
  'start_url',
  'join_url',
  'settings',
];
const validateCreate = createValidator(
  strict(responseSchema('/users/{userId}/meetings', 'post', '201'), CREATE_EXTRAS, REQUIRED),
);
const validateGet = createValidator(
  strict(responseSchema('/meetings/{meetingId}', 'get', '200'), GET_EXTRAS, REQUIRED),
);
const validateList = createValidator(
  closed(responseSchema('/users/{userId}/meetings', 'get', '200')),
);

let emulator: RunningProviderEmulator;
let clock: TestClock;
let tokens: { personal: string; acme: string; acme2: string; globex: string };

beforeEach(async () => {
  ({ emulator, clock } = await startTestEmulator());
  const { personal, managedApproved, managedApproved2, managedPending } = emulator.zoom.seeded;
  emulator.zoom.preApprove('globex');
  const [p, a, a2, g] = await Promise.all(
    [personal, managedApproved, managedApproved2, managedPending].map((u) =>
      connectUser(emulator, u.id),
    ),
  );
  tokens = {
    personal: p?.access_token ?? '',
    acme: a?.access_token ?? '',
    acme2: a2?.access_token ?? '',
    globex: g?.access_token ?? '',
  };
});
afterEach(async () => {
  await emulator.close();
});

const create = (token: string, overrides: Record<string, unknown> = {}) =>
  zoomApi(emulator, token, 'POST', '/users/me/meetings', meetingRequest(overrides));

describe('POST /v2/users/{userId}/meetings', () => {
  it('when a personal user creates a meeting, then 201 in Zoom’s shape with a passcode embedded in join_url', async () => {
    const { status, body } = await create(tokens.personal);

    expect(status).toBe(201);
    expect(validateCreate(body), JSON.stringify(validateCreate.errors)).toBe(true);
    expect(String(body.id)).toMatch(/^\d{10,11}$/);
    expect(body).toMatchObject({
      host_id: emulator.zoom.seeded.personal.id,
      host_email: emulator.zoom.seeded.personal.email,
      topic: 'Interview: Mika Suzuki',
      type: 2,
      status: 'waiting',
      start_time: '2025-10-02T01:00:00Z',
      duration: 45,
      timezone: 'Asia/Tokyo',
      agenda: 'First interview',
      created_at: '2025-10-01T00:00:00Z',
    });
    expect(body.password).toMatch(/^[A-Za-z0-9]{6,10}$/);
    expect(body.h323_password).toMatch(/^\d+$/);
    expect(body.join_url).toBe(`${emulator.url}/zoom/j/${body.id}?pwd=${body.encrypted_password}`);
    expect(body.start_url).toMatch(new RegExp(`^${emulator.url}/zoom/s/${body.id}\\?zak=ey`));
    expect(emulator.zoom.meetings(emulator.zoom.seeded.personal.id).map((m) => m.id)).toContain(
      body.id,
    );
  });

  it('when the create carries settings.custom_keys, then GET returns them, the agenda stays as given and the list shows neither', async () => {
    const keys = [{ key: 'ats_operation', value: 'b6f1a0c4-0000-4000-8000-000000000001' }];
    const { status, body } = await create(tokens.acme, {
      agenda: 'Interview',
      settings: { custom_keys: keys },
    });
    const fetched = (await zoomApi(emulator, tokens.acme, 'GET', `/meetings/${body.id}`)).body;
    const list = (await zoomApi(emulator, tokens.acme, 'GET', '/users/me/meetings')).body;

    expect(status).toBe(201);
    expect(body.settings.custom_keys).toEqual(keys);
    expect(validateGet(fetched), JSON.stringify(validateGet.errors)).toBe(true);
    expect(fetched.settings.custom_keys).toEqual(keys);
    expect(fetched.agenda).toBe('Interview');
    expect(JSON.stringify(list)).not.toContain(keys[0]?.value);
  });

  it('when creates are set to ignore custom keys, then a create has none and a PATCH still sets them', async () => {
    emulator.zoom.setCreateKeepsCustomKeys(false);
    const keys = [{ key: 'ats_operation', value: 'x' }];
    const { body } = await create(tokens.acme, { settings: { custom_keys: keys } });
    expect(body.settings.custom_keys).toEqual([]);

    const patch = await zoomApi(emulator, tokens.acme, 'PATCH', `/meetings/${body.id}`, {
      settings: { custom_keys: keys },
    });
    const fetched = (await zoomApi(emulator, tokens.acme, 'GET', `/meetings/${body.id}`)).body;
    expect(patch.status).toBe(204);
    expect(fetched.settings.custom_keys).toEqual(keys);
  });

  it('when settings.custom_keys breaks Zoom’s limits, then 400 code 300 names the field', async () => {
    const tooLong = await create(tokens.acme, {
      settings: { custom_keys: [{ key: 'k'.repeat(65), value: 'v' }] },
    });
    const tooMany = await create(tokens.acme, {
      settings: {
        custom_keys: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
      },
    });

    for (const answer of [tooLong, tooMany]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        code: 300,
        errors: [{ field: 'settings.custom_keys' }],
      });
    }
  });

  it('when the schema check sees a field the spec and the notes do not know, then it fails (it can fail)', async () => {
    const { body } = await create(tokens.personal);

    expect(validateCreate({ ...body, surprise: 1 })).toBe(false);
    expect(validateCreate({ ...body, id: String(body.id) })).toBe(false);
    expect(validateCreate({ ...body, uuid: undefined })).toBe(false);
  });

  it('when the acme admin forced and locked the passcode, then one is generated to the account policy and embedded', async () => {
    const { body } = await create(tokens.acme);

    expect(body.password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[A-Za-z0-9]{8,10}$/);
    expect(new URL(body.join_url).searchParams.get('pwd')).toBe(body.encrypted_password);
  });

  it('when globex (not forced) creates without a passcode, then none, no pwd, and the waiting room is forced on over join-before-host', async () => {
    const { status, body } = await create(tokens.globex, {
      settings: { join_before_host: true, waiting_room: false },
    });

    expect(status).toBe(201);
    expect(validateCreate(body), JSON.stringify(validateCreate.errors)).toBe(true);
    expect(body.password).toBeUndefined();
    expect(body.encrypted_password).toBeUndefined();
    expect(body.join_url).toBe(`${emulator.url}/zoom/j/${body.id}`);
    expect(body.settings).toMatchObject({ waiting_room: true, join_before_host: false });
  });

  it('when globex gives a passcode and asks for join before host, then both hold but the link does not embed (embed off)', async () => {
    const { body } = await create(tokens.globex, {
      password: 'Iv-2025*',
      settings: { join_before_host: true, jbh_time: 5, waiting_room: false },
    });

    expect(body.password).toBe('Iv-2025*');
    expect(body.join_url).not.toContain('pwd=');
    expect(body.settings).toMatchObject({
      waiting_room: false,
      join_before_host: true,
      jbh_time: 5,
    });
  });

  it('when globex asks for default_password, then Zoom generates one', async () => {
    const { body } = await create(tokens.globex, { default_password: true });

    expect(body.password).toMatch(/^[A-Za-z0-9]{6,10}$/);
  });

  it('when the host turns embedding on, then the same request gets ?pwd=', async () => {
    emulator.zoom.updateMeetingSettings('globex', { embedPasswordInJoinLink: true });

    const { body } = await create(tokens.globex, { password: 'abc123' });

    expect(body.join_url).toBe(`${emulator.url}/zoom/j/${body.id}?pwd=${body.encrypted_password}`);
  });

  it('when the start time is local, then it is read in the meeting’s timezone and answered in UTC', async () => {
    const { body } = await create(tokens.acme, {
      start_time: '2025-10-03T09:30:00',
      timezone: 'America/New_York',
    });

    expect(body.start_time).toBe('2025-10-03T13:30:00Z');
    expect(body.timezone).toBe('America/New_York');
  });

  it.each([
    ['an 11-character passcode', { password: 'abcdefghijk' }, 'password'],
    ['a passcode with a space', { password: 'ab cd' }, 'password'],
    ['a passcode below the acme policy', { password: 'abc12345' }, 'password'],
    ['a start time that is not a time', { start_time: 'tomorrow' }, 'start_time'],
    ['an unknown timezone', { timezone: 'Mars/Olympus' }, 'timezone'],
    ['a fractional duration', { duration: 1.5 }, 'duration'],
    ['a jbh_time Zoom does not offer', { settings: { jbh_time: 7 } }, 'settings.jbh_time'],
  ])(
    'when the body has %s, then 400 code 300 naming the field',
    async (_, overrides, fieldName) => {
      const { status, body } = await create(tokens.acme, overrides);

      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 300, message: 'Validation Failed.' });
      expect(body.errors.map((e: { field: string }) => e.field)).toEqual([fieldName]);
      expect(emulator.zoom.meetings(emulator.zoom.seeded.managedApproved.id)).toHaveLength(1);
    },
  );

  it('when the body is not JSON, then 400 code 300 as Zoom words it', async () => {
    const { status, body } = await zoomApi(
      emulator,
      tokens.acme,
      'POST',
      '/users/me/meetings',
      '{',
    );

    expect(status).toBe(400);
    expect(body).toEqual({ code: 300, message: 'Request Body should be a valid JSON object.' });
  });

  it('when another user is named, then 404 code 1001', async () => {
    const other = emulator.zoom.seeded.managedApproved2.id;

    const { status, body } = await zoomApi(
      emulator,
      tokens.acme,
      'POST',
      `/users/${other}/meetings`,
      meetingRequest(),
    );

    expect(status).toBe(404);
    expect(body).toEqual({ code: 1001, message: `User does not exist: ${other}.` });
  });

  it('when the token is dead or expired, then 401 code 124', async () => {
    const unknown = await create('nope');
    clock.advance(3600 * 1000);
    const expired = await create(tokens.acme);

    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ code: 124, message: 'Invalid access token.' });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ code: 124, message: 'Access token is expired.' });
  });
});

describe('GET / PATCH / DELETE /v2/meetings/{meetingId}', () => {
  it('when the host reads a meeting, then 200 in Zoom’s shape with a fresh start_url and the same join_url', async () => {
    const created = (await create(tokens.acme)).body;

    const first = await zoomApi(emulator, tokens.acme, 'GET', `/meetings/${created.id}`);
    const second = await zoomApi(emulator, tokens.acme, 'GET', `/meetings/${created.id}`);

    expect(first.status).toBe(200);
    expect(validateGet(first.body), JSON.stringify(validateGet.errors)).toBe(true);
    expect(first.body.join_url).toBe(created.join_url);
    expect(first.body.password).toBe(created.password);
    expect(first.body.start_url).not.toBe(created.start_url);
    expect(second.body.start_url).not.toBe(first.body.start_url);
  });

  it('when someone other than the host reads it, then it does not exist for them', async () => {
    const { id } = (await create(tokens.acme)).body;

    const colleague = await zoomApi(emulator, tokens.acme2, 'GET', `/meetings/${id}`);
    const stranger = await zoomApi(emulator, tokens.personal, 'GET', `/meetings/${id}`);

    for (const answer of [colleague, stranger]) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ code: 3001, message: `Meeting does not exist: ${id}.` });
    }
  });

  it('when the host reschedules, then 204 with no body, the time moves and the join URL stays', async () => {
    const created = (await create(tokens.acme)).body;

    const patch = await zoomApi(emulator, tokens.acme, 'PATCH', `/meetings/${created.id}`, {
      start_time: '2025-10-04T05:00:00Z',
      duration: 30,
    });
    const after = (await zoomApi(emulator, tokens.acme, 'GET', `/meetings/${created.id}`)).body;

    expect(patch.status).toBe(204);
    expect(patch.text).toBe('');
    expect(after).toMatchObject({
      id: created.id,
      start_time: '2025-10-04T05:00:00Z',
      duration: 30,
      join_url: created.join_url,
    });
  });

  it('when a PATCH moves the start into the past, then 400 code 300 and nothing changes', async () => {
    const created = (await create(tokens.acme)).body;

    const patch = await zoomApi(emulator, tokens.acme, 'PATCH', `/meetings/${created.id}`, {
      start_time: '2025-09-30T05:00:00Z',
    });

    expect(patch.status).toBe(400);
    expect(patch.body.code).toBe(300);
    expect(patch.body.errors[0].field).toBe('start_time');
    expect(
      (await zoomApi(emulator, tokens.acme, 'GET', `/meetings/${created.id}`)).body.start_time,
    ).toBe(created.start_time);
  });

  it('when a colleague changes or deletes the host’s meeting, then 400 code 3003', async () => {
    const { id } = (await create(tokens.acme)).body;

    const patch = await zoomApi(emulator, tokens.acme2, 'PATCH', `/meetings/${id}`, { topic: 'x' });
    const remove = await zoomApi(emulator, tokens.acme2, 'DELETE', `/meetings/${id}`);

    for (const answer of [patch, remove]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ code: 3003, message: 'You are not the meeting host.' });
    }
  });

  it('when the host deletes, then 204 and the meeting is gone with Zoom’s observed 404 body', async () => {
    const { id } = (await create(tokens.acme)).body;

    const removed = await zoomApi(emulator, tokens.acme, 'DELETE', `/meetings/${id}`);
    const again = await zoomApi(emulator, tokens.acme, 'DELETE', `/meetings/${id}`);
    const read = await zoomApi(emulator, tokens.acme, 'GET', `/meetings/${id}`);
    const patch = await zoomApi(emulator, tokens.acme, 'PATCH', `/meetings/${id}`, { topic: 'x' });

    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    for (const answer of [again, read, patch]) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ code: 3001, message: `Meeting does not exist: ${id}.` });
    }
  });

  it('when the meeting has started, then it can be neither updated nor deleted', async () => {
    const { id } = (await create(tokens.acme)).body;
    emulator.zoom.startMeeting(id);

    const patch = await zoomApi(emulator, tokens.acme, 'PATCH', `/meetings/${id}`, { topic: 'x' });
    const remove = await zoomApi(emulator, tokens.acme, 'DELETE', `/meetings/${id}`);

    expect(patch.body.code).toBe(3000);
    expect(remove.body).toEqual({
      code: 3002,
      message: 'Sorry, you cannot delete this meeting since it is in progress.',
    });
  });

  it('when a PATCH adds a passcode to a globex meeting, then the waiting room can be turned off for join before host', async () => {
    const { id } = (await create(tokens.globex)).body;

    await zoomApi(emulator, tokens.globex, 'PATCH', `/meetings/${id}`, {
      password: 'pass1234',
      settings: { waiting_room: false, join_before_host: true },
    });
    const after = (await zoomApi(emulator, tokens.globex, 'GET', `/meetings/${id}`)).body;

    expect(after.password).toBe('pass1234');
    expect(after.settings).toMatchObject({ waiting_room: false, join_before_host: true });
  });
});

describe('GET /v2/users/{userId}/meetings', () => {
  const list = (token: string, query = '') =>
    zoomApi(emulator, token, 'GET', `/users/me/meetings${query}`);

  it('when the seeded busy host lists, then tomorrow 10:00-11:00 Tokyo is there, in the spec’s shape', async () => {
    const { status, body } = await list(tokens.acme);

    expect(status).toBe(200);
    expect(validateList(body), JSON.stringify(validateList.errors)).toBe(true);
    expect(body).toMatchObject({
      next_page_token: '',
      page_count: 1,
      page_number: 1,
      page_size: 30,
      total_records: 1,
    });
    expect(body.meetings[0]).toMatchObject({
      host_id: emulator.zoom.seeded.managedApproved.id,
      start_time: '2025-10-02T01:00:00Z',
      duration: 60,
      timezone: 'Asia/Tokyo',
      type: 2,
    });
    expect((await list(tokens.acme2)).body.total_records).toBe(0);
    expect((await list(tokens.personal)).body.total_records).toBe(1);
  });

  it('when there are more meetings than a page, then next_page_token walks them once each', async () => {
    for (const day of [3, 4, 5, 6]) {
      await create(tokens.acme2, { start_time: `2025-10-0${day}T01:00:00Z` });
    }

    const first = (await list(tokens.acme2, '?page_size=3')).body;
    const second = (
      await list(tokens.acme2, `?next_page_token=${encodeURIComponent(first.next_page_token)}`)
    ).body;

    expect(first).toMatchObject({ page_count: 2, page_size: 3, total_records: 4 });
    expect(first.meetings).toHaveLength(3);
    expect(first.next_page_token).not.toBe('');
    expect(second.meetings).toHaveLength(1);
    expect(second.next_page_token).toBe('');
    expect(second.meetings[0].start_time).toBe('2025-10-06T01:00:00Z');
  });

  it('when a page token is older than 15 minutes, then it is refused', async () => {
    for (const day of [3, 4])
      await create(tokens.acme2, { start_time: `2025-10-0${day}T01:00:00Z` });
    const { next_page_token } = (await list(tokens.acme2, '?page_size=1')).body;
    clock.advance(15 * 60 * 1000);
    // The access token outlives the page token: 15 min < 1 h.
    const { status, body } = await list(tokens.acme2, `?next_page_token=${next_page_token}`);

    expect(status).toBe(400);
    expect(body.code).toBe(300);
  });

  it('when page_size is above 300, then Zoom’s maximum of 300 is used', async () => {
    const { body } = await list(tokens.acme, '?page_size=1000');

    expect(body.page_size).toBe(300);
  });

  it('when type selects live, upcoming or previous meetings, then each list holds only those', async () => {
    const live = (await create(tokens.acme2, { start_time: '2025-10-01T00:00:00Z' })).body;
    const upcoming = (await create(tokens.acme2, { start_time: '2025-10-03T00:00:00Z' })).body;
    emulator.zoom.startMeeting(live.id);
    const past = (await create(tokens.acme2, { start_time: '2025-10-01T00:00:00Z', duration: 30 }))
      .body;
    clock.advance(2 * 3600 * 1000);
    const ids = async (type: string) =>
      (
        await list(
          (
            await connectUser(emulator, emulator.zoom.seeded.managedApproved2.id)
          ).access_token,
          `?type=${type}`,
        )
      ).body.meetings.map((m: { id: number }) => m.id);

    expect(await ids('live')).toEqual([live.id]);
    expect((await ids('upcoming')).sort()).toEqual([live.id, upcoming.id].sort());
    expect(await ids('previous_meetings')).toEqual([past.id]);
    expect((await ids('scheduled')).sort()).toEqual([live.id, upcoming.id, past.id].sort());
  });

  it('when the agenda is long, then the list truncates it to 250 characters', async () => {
    await create(tokens.acme2, { agenda: 'a'.repeat(400) });

    const { body } = await list(tokens.acme2);

    expect(body.meetings[0].agenda).toHaveLength(250);
  });

  it('when type or page_size is invalid, then 400 code 300', async () => {
    const badType = await list(tokens.acme, '?type=someday');
    const badSize = await list(tokens.acme, '?page_size=0');

    expect(badType.body.errors[0].field).toBe('type');
    expect(badSize.body.errors[0].field).toBe('page_size');
  });
});

describe('join page behind join_url', () => {
  const open = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, html: await response.text() };
  };

  it('when the link embeds the passcode, then the participant is not asked for it', async () => {
    const { join_url } = (await create(tokens.acme)).body;

    const { html } = await open(join_url);

    expect(html).not.toContain('Meeting passcode');
    expect(html).toContain('Waiting for the host to start this meeting.');
  });

  it('when the passcode is not embedded, then the page asks for it and lets the right one in', async () => {
    const { join_url } = (
      await create(tokens.globex, {
        password: 'abc123',
        settings: { join_before_host: true, waiting_room: false },
      })
    ).body;

    const asked = await open(join_url);
    const wrong = await open(`${join_url}?passcode=nope`);
    const right = await open(`${join_url}?passcode=abc123`);

    expect(asked.html).toContain('Meeting passcode');
    expect(wrong.html).toContain('Wrong passcode.');
    expect(right.html).toContain('You are in the meeting. The host has not joined yet.');
  });

  it('when join before host was asked without a passcode, then the candidate lands in the waiting room', async () => {
    const { join_url } = (
      await create(tokens.globex, { settings: { join_before_host: true, waiting_room: false } })
    ).body;

    const { html } = await open(join_url);

    expect(html).toContain('Please wait, the meeting host will let you in soon.');
  });

  it('when the meeting was deleted, then the link is dead', async () => {
    const { id, join_url } = (await create(tokens.acme)).body;
    await zoomApi(emulator, tokens.acme, 'DELETE', `/meetings/${id}`);

    const { status, html } = await open(join_url);

    expect(status).toBe(404);
    expect(html).toContain('This meeting ID is not valid.');
  });
});
