import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleEmulator } from '../test/google-driver';
import type { RunningProviderEmulator } from './index';

let emulator: RunningProviderEmulator;
beforeAll(async () => {
  ({ emulator } = await startGoogleEmulator());
});
afterAll(async () => {
  await emulator.close();
});

type Origin = 'url' | 'googleUrl';

async function call(origin: Origin, method: string, path: string, body?: string) {
  const response = await fetch(`${emulator[origin]}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

describe('unknown paths and wrong methods answer JSON in the provider’s shape', () => {
  it.each<[Origin, string, string]>([
    ['googleUrl', 'GET', '/'],
    ['googleUrl', 'GET', '/calendar/v4/calendars/primary/events'],
    ['googleUrl', 'GET', '/revoke'],
    ['googleUrl', 'PUT', '/calendar/v3/freeBusy'],
    ['googleUrl', 'GET', '/calendar-view'],
    ['url', 'GET', '/google/nowhere'],
    ['url', 'GET', '/google/token'],
    ['url', 'DELETE', '/google/oauth2/v3/certs'],
  ])('Google: %s %s %s answers 404 NOT_FOUND', async (origin, method, path) => {
    const answer = await call(origin, method, path);

    expect(answer.status).toBe(404);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body).toEqual({
      error: {
        code: 404,
        message: `Not Found: ${method} ${path}`,
        errors: [{ domain: 'global', reason: 'notFound', message: `Not Found: ${method} ${path}` }],
        status: 'NOT_FOUND',
      },
    });
  });

  it('Google: a path parameter with malformed percent-encoding answers 400 in Google’s shape', async () => {
    const answer = await call('googleUrl', 'GET', '/calendar/v3/calendars/%ff/events/x');

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 400, errors: [{ reason: 'badRequest' }], status: 'INVALID_ARGUMENT' },
    });
  });

  it('Google: a malformed JSON body answers 400 parseError', async () => {
    const answer = await call('googleUrl', 'POST', '/calendar/v3/freeBusy', '{"timeMin":');

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 400, errors: [{ reason: 'parseError' }] } });
  });

  it.each<[string, string]>([
    ['GET', '/zoom/nowhere'],
    ['GET', '/zoom/oauth/token'],
    ['PUT', '/zoom/oauth/authorize'],
    ['GET', '/zoom/admin/faults/reset'],
  ])('Zoom: %s %s answers 404 {code, message}', async (method, path) => {
    const answer = await call('url', method, path);

    expect(answer.status).toBe(404);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body).toEqual({ code: 404, message: `No API found for ${method} ${path}.` });
  });

  it('Zoom: a path parameter with malformed percent-encoding answers 400 {code, message}', async () => {
    const answer = await call('url', 'GET', '/zoom/j/%ff');

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 400, message: expect.stringContaining('%ff') });
  });

  it('Zoom: the API checks the token before the route, as Zoom does', async () => {
    const answer = await call('url', 'PUT', '/zoom/v2/users/me');

    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ code: 124, message: 'Invalid access token.' });
  });

  it.each<[string, string]>([
    ['GET', '/microsoft/nowhere'],
    ['GET', '/microsoft/organizations/oauth2/v2.0/token'],
    ['DELETE', '/microsoft/admin'],
    ['GET', '/microsoft/admin/faults/reset'],
  ])('Microsoft: %s %s answers Graph’s 404 error body', async (method, path) => {
    const answer = await call('url', method, path);

    expect(answer.status).toBe(404);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body).toEqual({
      error: {
        code: 'NotFound',
        message: `Not Found: ${method} ${path}`,
        innerError: {
          'request-id': expect.any(String),
          'client-request-id': expect.any(String),
          date: expect.any(String),
        },
      },
    });
  });

  it('Microsoft: a path parameter with malformed percent-encoding answers 400 in Graph’s shape', async () => {
    const answer = await call('url', 'GET', '/microsoft/%ff/oauth2/v2.0/authorize');

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('Microsoft: Graph checks the token before the route, as Graph does', async () => {
    const answer = await call('url', 'PUT', '/microsoft/graph/v1.0/me/calendar/getSchedule');

    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({
      error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' },
    });
  });

  it('outside /zoom, /google and /microsoft, the main port answers a JSON 404 naming the mounts', async () => {
    const answer = await call('url', 'GET', '/calendar/v3/freeBusy');

    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      code: 404,
      message:
        'Not Found: GET /calendar/v3/freeBusy. The emulator serves Zoom under /zoom, Google under /google and Microsoft under /microsoft.',
    });
  });
});
