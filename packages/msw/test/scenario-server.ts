import { type ApiError, isApiError } from '@ats-zoom/client';
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

/** The `ApiError` a client call rejects with; anything else (or success) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const reason = await promise.then(
    () => new Error('expected the call to fail'),
    (error: unknown) => error,
  );
  if (!isApiError(reason)) throw reason;
  return reason;
}
