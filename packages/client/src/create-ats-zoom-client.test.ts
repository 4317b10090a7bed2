import {
  type Connection,
  type ProblemCode,
  problemTypes,
  problemTypeUri,
  routes,
} from '@ats-zoom/contract';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { baseUrl, setupBffServer } from '../test/bff-server';
import { ApiError, isApiError } from './api-error';
import { createAtsZoomClient } from './create-ats-zoom-client';

const server = setupBffServer();

const connection: Connection = {
  id: 'conn_1',
  provider: 'zoom',
  status: 'active',
  email: 'zoom-user@example.com',
  displayName: 'Zoom User',
  accountType: 'personal',
  connectedAt: '2025-04-01T09:00:00+09:00',
  updatedAt: '2025-04-01T09:00:00+09:00',
  movedFrom: null,
  movedTo: null,
};

const googleConnection: Connection = {
  ...connection,
  id: 'conn_2',
  provider: 'google',
  email: 'calendar-user@example.com',
  displayName: 'Calendar User',
  accountType: null,
};

const noConnections = { zoom: null, google: null };

function problem(code: ProblemCode, extra: Record<string, unknown> = {}) {
  const { status, title } = problemTypes[code];
  return HttpResponse.json(
    { type: problemTypeUri(code), title, status, code, ...extra },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

function client(getToken: () => string | Promise<string> = () => 'token-1') {
  return createAtsZoomClient({ baseUrl: `${baseUrl}/`, getToken });
}

async function rejectionOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (reason: unknown) => reason,
  );
  expect(isApiError(error)).toBe(true);
  return error as ApiError;
}

describe('createAtsZoomClient', () => {
  it('when the BFF answers 429 with Retry-After, then the error carries how many seconds to wait', async () => {
    const answers: Record<string, string>[] = [
      { 'Retry-After': '30' },
      { 'Retry-After': '90' },
      { 'Retry-After': 'soon' },
      {},
    ];
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, () => {
        const headers = answers.shift() ?? {};
        const { status, title } = problemTypes.provider_rate_limited;
        return HttpResponse.json(
          {
            type: problemTypeUri('provider_rate_limited'),
            title,
            status,
            code: 'provider_rate_limited',
          },
          { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
        );
      }),
    );

    const seconds = [];
    for (let call = 0; call < 4; call++) {
      const error = await rejectionOf(client().getMyConnections());
      expect(error.code).toBe('provider_rate_limited');
      seconds.push(error.retryAfterSeconds);
    }

    expect(seconds).toEqual([30, 90, undefined, undefined]);
  });

  it('when getting my connections, then it sends the bearer token and JSON accept and returns the parsed body', async () => {
    const seen: Headers[] = [];
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, ({ request }) => {
        seen.push(request.headers);
        return HttpResponse.json({ zoom: connection, google: googleConnection });
      }),
    );

    const result = await client(async () => 'jwt-abc').getMyConnections();

    expect(result).toEqual({ zoom: connection, google: googleConnection });
    expect(seen[0]?.get('authorization')).toBe('Bearer jwt-abc');
    expect(seen[0]?.get('accept')).toBe('application/json');
  });

  it('when the base URL has a trailing slash, then it is dropped', () => {
    expect(client().baseUrl).toBe(baseUrl);
  });

  it('when starting authorization, then it POSTs a JSON body to the provider path and returns the 201 answer', async () => {
    const requests: { contentType: string | null; body: unknown }[] = [];
    server.use(
      http.post(`${baseUrl}/v1/connections/zoom/authorize`, async ({ request }) => {
        requests.push({
          contentType: request.headers.get('content-type'),
          body: await request.json(),
        });
        return HttpResponse.json(
          {
            attemptId: 'att_1',
            authorizationUrl: `${baseUrl}/v1/oauth/zoom/start?attempt=att_1`,
            expiresAt: '2025-04-01T09:10:00Z',
          },
          { status: 201 },
        );
      }),
    );

    const start = await client().startAuthorization('zoom');

    expect(start.attemptId).toBe('att_1');
    expect(requests).toEqual([{ contentType: 'application/json', body: {} }]);
  });

  it('when called from Node, then startAuthorization sends the Origin given in headers, and without it the BFF detail reaches the ApiError', async () => {
    const allowedOrigin = 'https://ats.example.com';
    const origins: (string | null)[] = [];
    server.use(
      http.post(`${baseUrl}/v1/connections/google/authorize`, ({ request }) => {
        const origin = request.headers.get('origin');
        origins.push(origin);
        if (origin !== allowedOrigin) {
          return problem('origin_not_allowed', {
            detail: 'This request needs an Origin header set to one of the allowed origins.',
          });
        }
        return HttpResponse.json(
          {
            attemptId: 'att_2',
            authorizationUrl: `${baseUrl}/v1/oauth/google/start?attempt=att_2`,
            expiresAt: '2025-04-01T09:10:00Z',
          },
          { status: 201 },
        );
      }),
    );
    const bff = client();

    const refused = await rejectionOf(bff.startAuthorization('google'));
    expect(refused.code).toBe('origin_not_allowed');
    expect(refused.status).toBe(403);
    expect(refused.problem?.detail).toMatch(/Origin header/);

    // As the README shows it.
    const start = await bff.startAuthorization('google', {
      headers: { Origin: 'https://ats.example.com' }, // one of the BFF's ALLOWED_ORIGINS
    });
    expect(start.attemptId).toBe('att_2');
    expect(origins).toEqual([null, allowedOrigin]);
  });

  it('when a path parameter holds reserved characters, then it is URI-encoded', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${baseUrl}/v1/oauth/attempts/:attemptId`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return problem('not_found');
      }),
    );

    const typed = client();
    await rejectionOf(typed.request('getOAuthAttempt', { params: { attemptId: 'a/b?c#d' } }));
    // The route table types the input (checked by `pnpm typecheck`): params are required here.
    // @ts-expect-error params.attemptId is required
    void (() => typed.request('getOAuthAttempt', {}));
    // @ts-expect-error provider must be one of the contract's providers
    void (() => typed.startAuthorization('teams'));

    expect(paths).toEqual(['/v1/oauth/attempts/a%2Fb%3Fc%23d']);
  });

  it('when deleting a connection answers 204, then it resolves with undefined', async () => {
    const methods: string[] = [];
    server.use(
      http.delete(`${baseUrl}/v1/connections/:connectionId`, ({ request, params }) => {
        methods.push(`${request.method} ${String(params.connectionId)}`);
        return new HttpResponse(null, { status: 204 });
      }),
    );

    await expect(client().deleteConnection('conn_1')).resolves.toBeUndefined();
    expect(methods).toEqual(['DELETE conn_1']);
  });

  it('when the user says they wait for pre-approval, then PUT sends { waiting } and answers their links', async () => {
    const bodies: unknown[] = [];
    const links = { zoom: null, google: null, zoomApprovalWait: { since: '2030-01-15T01:00:00Z' } };
    server.use(
      http.put(`${baseUrl}/v1/connections/zoom/approval-wait`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(links);
      }),
    );

    await expect(client().setApprovalWait({ waiting: true })).resolves.toEqual(links);
    expect(bodies).toEqual([{ waiting: true }]);
  });

  it('when the BFF answers problem+json, then it throws an ApiError with the code, status and problem', async () => {
    server.use(
      http.delete(`${baseUrl}/v1/connections/:connectionId`, () =>
        problem('provider_unavailable', { detail: 'Zoom did not answer', requestId: 'req_9' }),
      ),
    );

    const error = await rejectionOf(client().deleteConnection('conn_1'));

    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('provider_unavailable');
    expect(error.status).toBe(503);
    expect(error.problem).toMatchObject({ requestId: 'req_9', detail: 'Zoom did not answer' });
    expect(error.message).toBe('Zoom did not answer');
  });

  it('when a validation problem lists errors, then they are kept on the problem', async () => {
    const errors = [{ pointer: '/params/attemptId', message: 'Invalid string' }];
    server.use(
      http.get(`${baseUrl}/v1/oauth/attempts/:attemptId`, () =>
        problem('validation_failed', { errors }),
      ),
    );

    const error = await rejectionOf(client().getOAuthAttempt('x'));

    expect(error.code).toBe('validation_failed');
    expect(error.problem?.errors).toEqual(errors);
  });

  it('when an error answer is not a problem, then the code is unexpected_response with its status', async () => {
    server.use(
      http.get(
        `${baseUrl}/v1/connections/me`,
        () => new HttpResponse('<html>Bad gateway</html>', { status: 502 }),
      ),
    );

    const error = await rejectionOf(client().getMyConnections());

    expect(error).toMatchObject({ code: 'unexpected_response', status: 502, problem: null });
  });

  // A BFF deployed ahead of this build may add codes: still a problem, reported with its code
  // (the UI explains a code it has no text for with its generic message).
  it('when an error body carries a code this build does not know, then the error keeps that code', async () => {
    const problem = { type: 'about:blank', title: 'Teapot', status: 418, code: 'teapot' };
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, () => HttpResponse.json(problem, { status: 418 })),
    );

    const error = await rejectionOf(client().getMyConnections());

    expect(error).toMatchObject({ code: 'teapot', status: 418, problem });
  });

  it('when an error body carries a code that is not a code (not snake_case), then the code is unexpected_response', async () => {
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, () =>
        HttpResponse.json(
          { type: 'about:blank', title: 'Teapot', status: 418, code: 'I am a teapot' },
          { status: 418 },
        ),
      ),
    );

    const error = await rejectionOf(client().getMyConnections());

    expect(error).toMatchObject({ code: 'unexpected_response', status: 418, problem: null });
  });

  it('when validating responses and a success body does not match the route schema, then it throws unexpected_response', async () => {
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, () =>
        HttpResponse.json({ zoom: { ...connection, status: 'sleeping' }, google: null }),
      ),
    );
    const validating = createAtsZoomClient({
      baseUrl,
      getToken: () => 't',
      validateResponses: routes,
    });

    const error = await rejectionOf(validating.getMyConnections());

    expect(error).toMatchObject({ code: 'unexpected_response', status: 200 });
    expect(error.message).toMatch(/does not match the contract/);
  });

  it('when validating responses and the body matches, then the parsed body is returned', async () => {
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, () =>
        HttpResponse.json({ zoom: connection, google: null, extra: 'dropped by the schema' }),
      ),
    );
    const validating = createAtsZoomClient({
      baseUrl,
      getToken: () => 't',
      validateResponses: routes,
    });

    await expect(validating.getMyConnections()).resolves.toEqual({
      zoom: connection,
      google: null,
    });
  });

  it('when not validating responses (the default), then a success body is returned as the BFF sent it', async () => {
    const drifted = { zoom: { ...connection, status: 'sleeping' }, google: null };
    server.use(http.get(`${baseUrl}/v1/connections/me`, () => HttpResponse.json(drifted)));

    await expect(client().getMyConnections()).resolves.toEqual(drifted);
  });

  it('when a success body is not JSON, then it throws unexpected_response', async () => {
    server.use(http.get(`${baseUrl}/v1/connections/me`, () => HttpResponse.text('ok')));

    const error = await rejectionOf(client().getMyConnections());

    expect(error.code).toBe('unexpected_response');
  });

  it('when fetch rejects, then it throws network_error with status 0 and does not retry', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockRejectedValue(new TypeError('fetch failed'));
    const failing = createAtsZoomClient({ baseUrl, getToken: () => 't', fetch: fetchMock });

    const error = await rejectionOf(failing.getMyConnections());

    expect(error).toMatchObject({ code: 'network_error', status: 0, problem: null });
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('when the caller aborts, then the abort reason is thrown rather than a network error', async () => {
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, async () => {
        await delay('infinite');
        return HttpResponse.json(noConnections);
      }),
    );
    const controller = new AbortController();

    const call = client().getMyConnections({ signal: controller.signal });
    controller.abort(new Error('unmounted'));

    await expect(call).rejects.toThrow('unmounted');
    await expect(call).rejects.not.toSatisfy(isApiError);
  });

  it('when the token is rejected as invalid, then it asks for a fresh token and retries once', async () => {
    const tokens = ['stale', 'fresh'];
    const getToken = vi.fn(() => tokens.shift() ?? 'none');
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, ({ request }) => {
        const authorization = request.headers.get('authorization');
        seen.push(authorization);
        return authorization === 'Bearer fresh'
          ? HttpResponse.json(noConnections)
          : problem('invalid_token');
      }),
    );

    await expect(client(getToken).getMyConnections()).resolves.toEqual(noConnections);

    expect(seen).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('when the fresh token is rejected too, then it throws invalid_token after exactly two calls', async () => {
    let calls = 0;
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, () => {
        calls += 1;
        return problem('invalid_token');
      }),
    );

    const error = await rejectionOf(client().getMyConnections());

    expect(error).toMatchObject({ code: 'invalid_token', status: 401 });
    expect(calls).toBe(2);
  });

  it('when the answer is 401 unauthenticated, then it does not retry', async () => {
    let calls = 0;
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, () => {
        calls += 1;
        return problem('unauthenticated');
      }),
    );

    const error = await rejectionOf(client().getMyConnections());

    expect(error.code).toBe('unauthenticated');
    expect(calls).toBe(1);
  });

  it('when calling request with extra headers, then they are sent but cannot replace the token', async () => {
    const seen: Headers[] = [];
    server.use(
      http.get(`${baseUrl}/healthz`, ({ request }) => {
        seen.push(request.headers);
        return HttpResponse.json({ status: 'ok' });
      }),
    );

    const result = await client().request(
      'healthz',
      {},
      { headers: { 'Idempotency-Key': 'k1', Authorization: 'Bearer forged' } },
    );

    expect(result).toEqual({ status: 'ok' });
    expect(seen[0]?.get('idempotency-key')).toBe('k1');
    expect(seen[0]?.get('authorization')).toBe('Bearer token-1');
  });

  it('when two clients use different tokens, then neither leaks into the other', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${baseUrl}/v1/connections/me`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return HttpResponse.json(noConnections);
      }),
    );

    await Promise.all([client(() => 'a').getMyConnections(), client(() => 'b').getMyConnections()]);

    expect(seen.sort()).toEqual(['Bearer a', 'Bearer b']);
  });
});

describe('isApiError', () => {
  it('when given an ApiError, a subclass of it, or one from another copy of the module, then it is true; for anything else false', () => {
    class TimeoutError extends ApiError {}
    // Another copy of the module (two bundles on one page): a class of its own, the same brand.
    const brand = Symbol.for('@ats-zoom/client/ApiError');
    const fromAnotherCopy = Object.assign(new Error('x'), { code: 'not_found', [brand]: true });
    const init = { status: 404, code: 'not_found', problem: null } as const;

    expect(isApiError(new ApiError(init))).toBe(true);
    expect(isApiError(new TimeoutError(init))).toBe(true);
    expect(isApiError(fromAnotherCopy)).toBe(true);
    for (const other of [new Error('x'), { code: 'not_found' }, null, undefined, 'not_found', 0]) {
      expect(isApiError(other)).toBe(false);
    }
  });
});
