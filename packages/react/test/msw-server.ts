import { setupServer } from 'msw/node';

/** One MSW server for the jsdom test files; each test installs its scenario with `server.use`. */
export const server = setupServer();
