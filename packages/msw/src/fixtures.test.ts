import { ConnectionSchema } from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import { fixtures } from './fixtures';

describe('fixtures', () => {
  it.each(Object.entries(fixtures))(
    'when %s is parsed with the contract, then it is a valid connection',
    (_, connection) => {
      expect(ConnectionSchema.parse(connection)).toEqual(connection);
    },
  );

  it('when fixtures are listed, then every id is distinct', () => {
    const ids = Object.values(fixtures).map((connection) => connection.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('when a consumer tries to change a fixture, then it stays as it was', () => {
    expect(() => {
      (fixtures.personalConnection as { status: string }).status = 'revoked';
    }).toThrow(TypeError);
    expect(fixtures.personalConnection.status).toBe('active');
  });
});
