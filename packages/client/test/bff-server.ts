import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The BFF origin the client tests call; MSW answers it, nothing listens there. */
export const baseUrl = 'http://bff.test';

/**
 * An MSW server standing in for the BFF in one test file: listening for the whole file, with
 * each test's handlers dropped after it, and failing on any request no test expects.
 */
export function setupBffServer(): SetupServer {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}
