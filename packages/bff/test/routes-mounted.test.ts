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
