import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ApiAnswer,
  type Harness,
  HOST_ORIGIN,
  runConnect,
  startHarness,
  tenantAUser,
} from './harness';

const alice = tenantAUser('Alice', 'interviewer');

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function expectProblem(answer: ApiAnswer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.json).toMatchObject({ status, code, type: `urn:ats-zoom:problem:${code}` });
  expect(typeof answer.json.requestId).toBe('string');
  expect(JSON.stringify(answer.json)).not.toMatch(/\n\s+at /);
}

/** Attempts in the store: deleteExpired with a far-future cut-off counts (and clears) them. */
async function attemptCount() {
  return h.store.oauthAttempts.deleteExpired(new Date(8.64e15));
}

describe('host tokens', () => {
  it('when there is no token, then 401 unauthenticated', async () => {
    expectProblem(await h.api('GET', '/v1/connections/me'), 401, 'unauthenticated');
  });

  it('when the token is expired, wrongly signed, unsigned (alg none), for another audience or issuer, then 401 invalid_token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const now = Math.floor(h.clock.nowMs / 1000);
    const claims = Buffer.from(
      JSON.stringify({
        sub: alice.sub,
        tid: alice.tid,
        role: alice.role,
        name: alice.name,
        email: alice.email,
        aud: 'ats-zoom',
        iss: 'https://ats.example/issuer',
        iat: now,
        exp: now + 300,
      }),
    ).toString('base64url');
    const tokens = [
      await h.token(alice, { expSeconds: -120 }),
      await h.token(alice, { secret: 'another-secret-of-sufficient-length!!' }),
      `${header}.${claims}.`,
      await h.token(alice, { aud: 'someone-else' }),
      await h.token(alice, { iss: 'https://evil.example' }),
    ];
    for (const token of tokens) {
      expectProblem(await h.api('GET', '/v1/connections/me', { token }), 401, 'invalid_token');
    }
  });

  it('when a token with a distant exp was issued more than 5 minutes ago (plus 60 s of skew), then 401 invalid_token', async () => {
    const token = await h.token(alice, { expSeconds: 3600 });
    h.clock.advance(300_000);
    expect((await h.api('GET', '/v1/connections/me', { token })).status).toBe(200);
    h.clock.advance(61_000);
    expectProblem(await h.api('GET', '/v1/connections/me', { token }), 401, 'invalid_token');
  });

  it('when the token is valid, then the request goes through', async () => {
    const answer = await h.api('GET', '/v1/connections/me', { user: alice });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ zoom: null, google: null });
  });
});

describe('request validation', () => {
  it('when the body is not JSON, then 400 malformed_json and no attempt is written', async () => {
    const answer = await h.api('POST', '/v1/connections/zoom/authorize', {
      user: alice,
      rawBody: '{"a":',
    });
    expectProblem(answer, 400, 'malformed_json');
    expect(await attemptCount()).toBe(0);
  });

  it('when the body has unknown keys, then 400 with JSON pointers and no attempt is written', async () => {
    const answer = await h.api('POST', '/v1/connections/zoom/authorize', {
      user: alice,
      body: { returnTo: 'https://evil.example' },
    });
    expectProblem(answer, 400, 'validation_failed');
    expect(answer.json.errors).toEqual([{ pointer: '/body/returnTo', message: 'Unknown field.' }]);
    expect(await attemptCount()).toBe(0);
  });

  it('when the provider or an id is not valid, then 400 naming the parameter', async () => {
    const answer = await h.api('POST', '/v1/connections/teams/authorize', {
      user: alice,
      body: {},
    });
    expectProblem(answer, 400, 'validation_failed');
    expect(answer.json.errors[0].pointer).toBe('/params/provider');
  });

  it('when the body is over 16 KB, then 413 body_too_large', async () => {
    const answer = await h.api('POST', '/v1/connections/zoom/authorize', {
      user: alice,
      rawBody: JSON.stringify({ pad: 'x'.repeat(17 * 1024) }),
    });
    expectProblem(answer, 413, 'body_too_large');
  });

  it('when the body is not JSON by content type, then 415', async () => {
    const answer = await h.api('POST', '/v1/connections/zoom/authorize', {
      user: alice,
      rawBody: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(answer, 415, 'unsupported_media_type');
  });

  it('when a /v1 path does not exist, or a probe is called with another method, then 404 problem+json', async () => {
    expectProblem(await h.api('GET', '/v1/nothing-here', { user: alice }), 404, 'not_found');
    expectProblem(await h.api('POST', '/healthz', { body: {} }), 404, 'not_found');
    expectProblem(await h.api('DELETE', '/readyz'), 404, 'not_found');
  });
});

describe('malformed requests', () => {
  it('when a path parameter has malformed percent-encoding, then 400 malformed_request before the token is checked, and nothing is written', async () => {
    for (const [method, path] of [
      ['GET', '/v1/interviews/%ff/meeting'],
      ['DELETE', '/v1/connections/%ff'],
      ['GET', '/v1/oauth/attempts/%c0%af'],
      ['POST', '/v1/connections/%zz/authorize'],
      ['PUT', '/v1/interviews/%/meeting'],
    ] as const) {
      for (const user of [undefined, alice]) {
        const answer = await h.api(method, path, {
          ...(user ? { user } : {}),
          ...(method === 'POST' || method === 'PUT' ? { body: {} } : {}),
          headers: { 'idempotency-key': 'k-1' },
        });
        expectProblem(answer, 400, 'malformed_request');
      }
    }
    expect(await attemptCount()).toBe(0);
  });

  it('when the query has malformed percent-encoding, then 400 malformed_request', async () => {
    for (const path of [
      '/v1/connections/me?a=%',
      '/v1/hosts?start=%ff&durationMinutes=30',
      '/v1/variables?context=%ed%a0%80',
    ]) {
      expectProblem(await h.api('GET', path, { user: alice }), 400, 'malformed_request');
    }
  });

  it('when a compressed body cannot be inflated, then 400 malformed_request and nothing is written', async () => {
    for (const path of ['/v1/connections/zoom/authorize', '/v1/webhooks/zoom']) {
      const answer = await h.api('POST', path, {
        user: alice,
        rawBody: 'this is not gzip',
        headers: { 'content-encoding': 'gzip' },
      });
      expectProblem(answer, 400, 'malformed_request');
    }
    expect(await attemptCount()).toBe(0);
  });

  it('when the OAuth popup start or callback gets a malformed query, then its HTML error page answers 400', async () => {
    for (const path of [
      '/v1/oauth/zoom/start?attempt=%ff&ticket=%',
      '/v1/oauth/google/start?attempt=%zz',
      '/v1/oauth/zoom/callback?state=%c0%af&code=%',
      '/v1/oauth/google/callback?state=%ff',
    ]) {
      const answer = await fetch(`${h.bffUrl}${path}`);
      expect([path, answer.status]).toEqual([path, 400]);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });
});

describe('the HTTP edge', () => {
  it('when an allowed origin preflights, then it gets exactly its origin back; evil and null origins get none', async () => {
    const preflight = (origin: string) =>
      fetch(`${h.bffUrl}/v1/connections/me`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight(HOST_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toBe(
      'Authorization,Content-Type,Idempotency-Key,X-Request-Id',
    );
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    for (const origin of [
      'https://evil.example',
      'null',
      'http://ats.example',
      'https://ats.example.evil.io',
    ]) {
      const refused = await preflight(origin);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
    const get = await h.api('GET', '/v1/connections/me', {
      user: alice,
      headers: { origin: 'https://evil.example' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect(get.headers.get('vary')).toMatch(/Origin/);
  });

  it('when any route answers, then helmet headers are set, frame-ancestors is none and x-powered-by is absent', async () => {
    const answer = await h.api('GET', '/healthz');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'ok' });
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('when X-Request-Id is well formed, then it is echoed; otherwise a new UUID is', async () => {
    const kept = await h.api('GET', '/healthz', { headers: { 'x-request-id': 'req.abc-123_X' } });
    expect(kept.headers.get('x-request-id')).toBe('req.abc-123_X');
    const replaced = await h.api('GET', '/healthz', {
      headers: { 'x-request-id': 'bad id <script>' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when the store is down, then /readyz answers 503 without leaking the error', async () => {
    expect((await h.api('GET', '/readyz')).status).toBe(200);
    vi.spyOn(h.store, 'ping').mockRejectedValueOnce(new Error('SENTINEL database exploded'));
    const down = await h.api('GET', '/readyz');
    expectProblem(down, 503, 'not_ready');
    expect(down.text).not.toContain('SENTINEL');
  });

  it('when a request is logged, then the line has method, path without query, status, duration and request id', async () => {
    await runConnect(h, alice, h.emulator.zoom.seeded.personal);
    const lines = h.logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    const callback = lines.find((l) => l.path === '/v1/oauth/zoom/callback');
    expect(callback).toMatchObject({ method: 'GET', status: 200 });
    expect(typeof callback.ms).toBe('number');
    expect(typeof callback.requestId).toBe('string');
    expect(lines.every((l) => !String(l.path).includes('?'))).toBe(true);
  });

  it('when a route verified the host token, then its request line names the tenant; a public route has none', async () => {
    const token = await h.token(alice);
    expect((await h.api('GET', '/v1/connections/me', { user: alice })).status).toBe(200);
    expect((await h.api('GET', '/healthz')).status).toBe(200);
    const lines = h.logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(lines.find((l) => l.path === '/v1/connections/me')).toMatchObject({
      tenantId: alice.tid,
      status: 200,
      component: 'ats-zoom-bff',
    });
    expect(lines.find((l) => l.path === '/healthz')).not.toHaveProperty('tenantId');
    for (const line of h.logLines) expect(line).not.toContain(token);
  });
});
