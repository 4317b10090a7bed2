import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUser, getMe, startTestEmulator } from '../../test/zoom-oauth-driver';
import {
  createValidator,
  type JsonObject,
  operation,
  responseSchema,
} from '../../test/zoom-openapi';
import type { RunningProviderEmulator } from '../index';

const getUser = operation('/users/{userId}', 'get');

const publishedSchema = responseSchema('/users/{userId}', 'get', '200');
const publishedProperties = Object.keys(publishedSchema.properties as JsonObject);

/** Fields real Zoom returns that the 2022 description lacks (observed responses, research §3). */
const FIELDS_NEWER_THAN_SPEC = ['display_name', 'user_created_at'];

/**
 * The published schema requires only `email` and `type`; the BFF relies on more, so the
 * strict variant requires those too and allows no field the spec or Zoom do not know.
 */
const strictSchema: JsonObject = {
  ...publishedSchema,
  required: [
    'id',
    'email',
    'first_name',
    'last_name',
    'type',
    'role_name',
    'role_id',
    'account_id',
    'account_number',
    'pmi',
    'personal_meeting_url',
    'timezone',
    'language',
    'status',
    'verified',
    'created_at',
  ],
  properties: {
    ...(publishedSchema.properties as JsonObject),
    display_name: { type: 'string' },
    user_created_at: { type: 'string', format: 'date-time' },
  },
  additionalProperties: false,
};

const validatePublished = createValidator(publishedSchema);
const validateStrict = createValidator(strictSchema);
const validateZoomError = createValidator({
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'integer' }, message: { type: 'string', minLength: 1 } },
  additionalProperties: false,
});

let emulator: RunningProviderEmulator;
let personalToken: string;
let managedToken: string;

beforeAll(async () => {
  ({ emulator } = await startTestEmulator());
  personalToken = (await connectUser(emulator, emulator.zoom.seeded.personal.id)).access_token;
  managedToken = (await connectUser(emulator, emulator.zoom.seeded.managedApproved.id))
    .access_token;
});
afterAll(async () => {
  await emulator.close();
});

describe('GET /v2/users/me against the published Zoom description', () => {
  it('when a personal user asks for me, then the body validates against the spec and the strict variant', async () => {
    const response = await getMe(emulator, personalToken);
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(validatePublished(body), JSON.stringify(validatePublished.errors)).toBe(true);
    expect(validateStrict(body), JSON.stringify(validateStrict.errors)).toBe(true);
    expect(
      Object.keys(body).filter(
        (k) => !publishedProperties.includes(k) && !FIELDS_NEWER_THAN_SPEC.includes(k),
      ),
    ).toEqual([]);
    const { personal } = emulator.zoom.seeded;
    expect(body).toMatchObject({
      id: personal.id,
      email: personal.email,
      first_name: personal.first_name,
      last_name: personal.last_name,
      display_name: personal.display_name,
      type: 1,
      role_name: 'Owner',
      role_id: '0',
      account_id: personal.account_id,
      status: 'active',
    });
  });

  it('when a company member asks for me, then it is a Licensed Member of the shared account', async () => {
    const response = await getMe(emulator, managedToken);
    const body = await response.json();

    expect(validateStrict(body), JSON.stringify(validateStrict.errors)).toBe(true);
    expect(body).toMatchObject({
      type: 2,
      role_name: 'Member',
      account_id: emulator.zoom.seeded.managedApproved2.account_id,
    });
  });

  it('when a body breaks the spec, then the schema check catches it (it can fail)', async () => {
    const body = await (await getMe(emulator, personalToken)).json();

    expect(validatePublished({ ...body, type: '1' })).toBe(false);
    expect(validatePublished({ ...body, email: undefined })).toBe(false);
    expect(validateStrict({ ...body, account_id: undefined })).toBe(false);
    expect(validateStrict({ ...body, surprise: true })).toBe(false);
  });

  it('when the user is addressed by id or e-mail, then the same user answers', async () => {
    const { personal } = emulator.zoom.seeded;

    const byId = await (await getMe(emulator, personalToken, `/users/${personal.id}`)).json();
    const byEmail = await (
      await getMe(emulator, personalToken, `/users/${encodeURIComponent(personal.email)}`)
    ).json();

    expect(byId.id).toBe(personal.id);
    expect(byEmail.id).toBe(personal.id);
  });

  it('when another user is asked for, then 404 with the code and message the spec documents', async () => {
    const other = emulator.zoom.seeded.personal2.id;
    const documented = /\*\*Error Code:\*\* `(\d+)`<br>\s*(.+?)<br>/.exec(
      getUser.responses['404']?.description ?? '',
    );
    if (!documented?.[1] || !documented[2]) throw new Error('the spec documents no 404 for users');

    const response = await getMe(emulator, personalToken, `/users/${other}`);
    const body = await response.json();

    expect(response.status).toBe(404);
    expect(validateZoomError(body)).toBe(true);
    expect(body).toEqual({
      code: Number(documented[1]),
      message: documented[2].replace('$userId', other),
    });
  });
});

describe('API errors and headers', () => {
  it('when the token is unknown or missing, then 401 code 124 in Zoom’s error shape', async () => {
    const unknown = await getMe(emulator, 'not-a-token');
    const missing = await fetch(`${emulator.url}${emulator.zoom.paths.apiBase}/users/me`);

    for (const response of [unknown, missing]) {
      const body = await response.json();
      expect(response.status).toBe(401);
      expect(validateZoomError(body)).toBe(true);
      expect(body).toEqual({ code: 124, message: 'Invalid access token.' });
    }
  });

  it('when any API call answers, then it carries x-zm-trackingid and is counted', async () => {
    const before = emulator.zoom.stats().apiRequests;

    const ok = await getMe(emulator, personalToken);
    const denied = await getMe(emulator, 'nope');

    expect(ok.headers.get('x-zm-trackingid')).toMatch(/^v=2\.0;clid=\w+;rid=\w+$/);
    expect(denied.headers.get('x-zm-trackingid')).toMatch(/^v=2\.0;/);
    expect(ok.headers.get('x-zm-trackingid')).not.toBe(denied.headers.get('x-zm-trackingid'));
    expect(emulator.zoom.stats().apiRequests).toBe(before + 2);
  });

  it('when an unknown /v2 path is called, then a JSON 404 in Zoom’s shape', async () => {
    const response = await getMe(emulator, personalToken, '/no/such/thing');
    const body = await response.json();

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(validateZoomError(body)).toBe(true);
  });
});
