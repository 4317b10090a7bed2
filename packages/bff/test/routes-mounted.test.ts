import { routes } from '@ats-zoom/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('route table coverage', () => {
  it('when each route of the contract is called, then createBff answers it (never the catch-all 404)', async () => {
    // Unknown paths get `not_found` from the catch-all; a mounted route answers 401 (no host
    // token) or its own status before touching any data.
    const unknown = await h.api('GET', '/v1/no-such-route');
    expect(unknown.json.code).toBe('not_found');
    for (const [name, route] of Object.entries(routes)) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, 'x1');
      const answer = await h.api(route.method, path, {
        ...(route.body ? { body: {} } : {}),
      });
      const expected = route.roles === 'public' ? 200 : 401;
      expect([name, answer.status]).toEqual([name, expected]);
    }
  });
});

describe('route matching', () => {
  it('when a path differs only in case or a trailing slash, is asked with HEAD, or carries an encoded or long parameter, then its route answers as Express would match it', async () => {
    const user = {
      sub: 'u-rina',
      tid: 'tenant-a',
      role: 'recruiter' as const,
      name: 'Rina',
      email: 'rina@a.example',
    };
    for (const path of ['/v1/connections/me', '/V1/Connections/Me', '/v1/connections/me/']) {
      const answer = await h.api('GET', path, { user });
      expect([path, answer.status]).toEqual([path, 200]);
    }
    const head = await h.api('HEAD', '/v1/connections/me', { user });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');

    // A parameter is percent-decoded before its schema reads it: '%2F' is a '/' inside the id.
    const encoded = await h.api('GET', '/v1/interviews/iv%2F1/meeting', { user });
    expect(encoded.status, encoded.text).toBe(400);
    expect(encoded.json.errors[0].pointer).toBe('/params/interviewId');
    // Too long is the schema's 400, not a 404 of the router.
    const long = await h.api('GET', `/v1/interviews/${'x'.repeat(201)}/meeting`, { user });
    expect(long.status, long.text).toBe(400);
    expect(long.json.errors[0].pointer).toBe('/params/interviewId');

    // Another method on a known path is not that route.
    const wrongMethod = await h.api('PATCH', '/v1/connections/me', { user });
    expect(wrongMethod.json.code).toBe('not_found');
  });
});
