import {
  type ApiError,
  type AtsZoomClient,
  createAtsZoomClient,
  isApiError,
} from '@ats-zoom/client';
import {
  ConnectionSchema,
  type InterviewMeeting,
  MyConnectionsSchema,
  ProblemSchema,
  type Provider,
  routes,
} from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** Where the scenario tests point the scenarios and the client: any origin works with MSW. */
export const baseUrl = 'http://bff.test';

/**
 * An MSW server for one test file: listening for the whole file, with each test's handlers
 * dropped after it, and failing on any request no scenario answers.
 */
export function setupScenarioServer(): SetupServer {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** A client whose every answer is checked against the contract: the scenarios must not drift from it. */
export function contractCheckedClient(): AtsZoomClient {
  return createAtsZoomClient({ baseUrl, getToken: () => 'test-token', validateResponses: routes });
}

/** The interview's meeting, which the test expects to be issued (GET answers null when not). */
export async function issuedOf(
  from: AtsZoomClient,
  interviewId = 'int_1',
): Promise<InterviewMeeting> {
  const meeting = await from.getInterviewMeeting(interviewId);
  if (!meeting) throw new Error(`no meeting for ${interviewId}`);
  return meeting;
}

/** The `ApiError` a client call rejects with; anything else (or success) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const reason = await promise.then(
    () => new Error('expected the call to fail'),
    (error: unknown) => error,
  );
  if (!isApiError(reason)) throw reason;
  return reason;
}

/**
 * Each named connection scenario of a provider (but `loading`, which never answers): its
 * `GET /connections/me` answer and its connect flow's connection parse with the contract.
 */
export async function expectScenariosParse<Name extends string>(
  server: SetupServer,
  provider: Provider,
  names: readonly Name[],
  handlersOf: (name: Name) => RequestHandler[],
): Promise<void> {
  for (const name of names.filter((n) => n !== 'loading')) {
    server.resetHandlers(...handlersOf(name));
    const headers = { Authorization: 'Bearer t', Accept: 'application/json' };
    const me = await fetch(`${baseUrl}/v1/connections/me`, { headers });
    const body: unknown = await me.json();
    if (me.ok) MyConnectionsSchema.parse(body);
    else ProblemSchema.parse(body);

    const client = createAtsZoomClient({ baseUrl, getToken: () => 't' });
    const start = await client.startAuthorization(provider);
    const attempt = await client.getOAuthAttempt(start.attemptId);
    if (attempt.connection) ConnectionSchema.parse(attempt.connection);
  }
}
