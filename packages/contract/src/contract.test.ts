import { describe, expect, it } from 'vitest';
import { buildPath, problemTypes, routes } from './index';

describe('route table', () => {
  it('when a path has parameters, then buildPath fills and encodes them', () => {
    expect(buildPath(routes.deleteConnection.path, { connectionId: 'a b' })).toBe(
      '/v1/connections/a%20b',
    );
  });

  it('when a parameter is missing, then buildPath refuses to build the URL', () => {
    expect(() => buildPath(routes.deleteConnection.path, {})).toThrow(/connectionId/);
  });

  it('every problem type has an error status', () => {
    for (const { status } of Object.values(problemTypes)) {
      expect(status).toBeGreaterThanOrEqual(400);
    }
  });
});
