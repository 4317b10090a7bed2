import { describe, expect, it } from 'vitest';
import { EnvError, parseBffEnv } from './env';

const valid = {
  ALLOWED_ORIGINS: 'http://localhost:5173, https://ats.example.com',
  HOST_TOKEN_ISSUER: 'demo-ats',
  HOST_TOKEN_SECRET: 'x'.repeat(32),
  ZOOM_CLIENT_ID: 'id',
  ZOOM_CLIENT_SECRET: 'secret',
  ZOOM_WEBHOOK_SECRET_TOKEN: 'whsec',
};

describe('BFF environment', () => {
  it('when every required variable is set, then defaults fill the rest', () => {
    const env = parseBffEnv(valid);
    expect(env.ALLOWED_ORIGINS).toEqual(['http://localhost:5173', 'https://ats.example.com']);
    expect(env.PORT).toBe(4000);
    expect(env.ZOOM_OAUTH_BASE_URL).toBe('https://zoom.us');
  });

  it('when an origin carries a path, then boot fails naming ALLOWED_ORIGINS', () => {
    expect(() => parseBffEnv({ ...valid, ALLOWED_ORIGINS: 'https://ats.example.com/app' })).toThrow(
      /ALLOWED_ORIGINS/,
    );
  });

  it('when both a secret and a JWKS URL are set, then boot fails', () => {
    expect(() =>
      parseBffEnv({ ...valid, HOST_TOKEN_JWKS_URL: 'https://ats.example.com/jwks.json' }),
    ).toThrow(EnvError);
  });

  it('when the host token secret is short, then boot fails naming it', () => {
    expect(() => parseBffEnv({ ...valid, HOST_TOKEN_SECRET: 'short' })).toThrow(
      /HOST_TOKEN_SECRET/,
    );
  });

  it('when production runs without encryption keys, then boot fails', () => {
    expect(() => parseBffEnv({ ...valid, NODE_ENV: 'production' })).toThrow(/ENCRYPTION_KEYS/);
  });

  it('when the Zoom client is missing, then every missing variable is listed', () => {
    const { ZOOM_CLIENT_ID: _id, ZOOM_CLIENT_SECRET: _secret, ...rest } = valid;
    expect(() => parseBffEnv(rest)).toThrow(/ZOOM_CLIENT_ID[\s\S]*ZOOM_CLIENT_SECRET/);
  });
});
