import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BffConfig,
  BffConfigError,
  bffConfigRules,
  createBff,
  createTokenCipher,
  openStore,
  type Store,
} from '../src';

const base: BffConfig = {
  publicUrl: 'https://bff.example.com',
  allowedOrigins: ['http://localhost:5173', 'https://ats.example'],
  hostToken: { issuer: 'my-ats', secret: 'x'.repeat(32) },
  zoom: {
    clientId: 'zoom-client',
    clientSecret: 'zoom-secret',
    authorizeUrl: 'https://zoom.us/oauth/authorize',
    tokenUrl: 'https://zoom.us/oauth/token',
    revokeUrl: 'https://zoom.us/oauth/revoke',
    apiBaseUrl: 'https://api.zoom.us/v2',
    webhookSecretToken: 'webhook-secret',
    scopes: ['user:read:user'],
  },
  google: {
    clientId: 'google-client',
    clientSecret: 'google-secret',
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revokeUrl: 'https://oauth2.googleapis.com/revoke',
    userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
    calendarApiBaseUrl: 'https://www.googleapis.com/calendar/v3',
  },
};

let store: Store;
beforeAll(async () => {
  store = await openStore({ sqlitePath: ':memory:' });
});
afterAll(async () => {
  await store.close();
});

/** What createBff says about a config: 'accepted', or its BffConfigError's message. */
async function verdict(config: unknown): Promise<string> {
  let router: ReturnType<typeof createBff>;
  try {
    router = createBff({
      config: config as BffConfig,
      store,
      cipher: createTokenCipher({ activeKeyId: 'k1', keys: { k1: Buffer.alloc(32, 1) } }),
      logger: pino({ level: 'silent' }),
      meetings: { calendarRetry: { pollIntervalMs: 0 } },
    });
  } catch (error) {
    if (error instanceof BffConfigError) return error.message;
    throw error;
  }
  await router.close();
  return 'accepted';
}

const withHostToken = (hostToken: Partial<BffConfig['hostToken']>) => ({
  ...base,
  hostToken: { issuer: 'my-ats', ...hostToken },
});

describe('createBff config checks', () => {
  it('when the config is valid, then createBff builds the router (also with an 11-character, 33-byte secret, a jwksUrl or a max age)', async () => {
    expect(await verdict(base)).toBe('accepted');
    expect(await verdict(withHostToken({ secret: '秘密の鍵は十一文字です' }))).toBe('accepted');
    expect(
      await verdict(withHostToken({ jwksUrl: 'https://ats.example/.well-known/jwks.json' })),
    ).toBe('accepted');
    expect(await verdict(withHostToken({ secret: 'x'.repeat(32), maxAgeSeconds: 120 }))).toBe(
      'accepted',
    );
    const { google: _google, ...withoutGoogle } = base;
    expect(await verdict(withoutGoogle)).toBe('accepted');
  });

  it('when an allowed origin has a trailing slash, a path, upper case, a default port or no scheme, then it throws naming the entry and its value', async () => {
    for (const origin of [
      'https://ats.example/',
      'https://ats.example/app',
      'https://ATS.example',
      'https://ats.example:443',
      'ats.example',
      '*',
      'null',
    ]) {
      const message = await verdict({ ...base, allowedOrigins: ['http://localhost:5173', origin] });
      expect(message).toContain(
        `config.allowedOrigins[1]: ${JSON.stringify(origin)} must be an exact origin`,
      );
      expect(message).toContain(bffConfigRules.exactOrigin(origin));
    }
    expect(await verdict({ ...base, allowedOrigins: ['https://ats.example/'] })).toContain(
      'did you mean "https://ats.example"?',
    );
    expect(await verdict({ ...base, allowedOrigins: [] })).toMatch(
      /config\.allowedOrigins: list at least one/,
    );
  });

  it('when the HS256 secret is under 32 bytes in UTF-8, then it throws naming config.hostToken.secret without showing it', async () => {
    for (const secret of ['x'.repeat(31), 'あ'.repeat(10), '']) {
      const message = await verdict(withHostToken({ secret }));
      expect(message).toMatch(/config\.hostToken\.secret: must be at least 32 bytes \(UTF-8\)/);
      if (secret) expect(message).not.toContain(secret);
    }
  });

  it('when the host token has both or neither of secret and jwksUrl, a bad jwksUrl or a max age over 600, then it throws naming the setting', async () => {
    expect(
      await verdict(withHostToken({ secret: 'x'.repeat(32), jwksUrl: 'https://ats.example/jwks' })),
    ).toMatch(/config\.hostToken: set exactly one of secret \(HS256\) or jwksUrl/);
    expect(await verdict(withHostToken({}))).toMatch(/config\.hostToken: set exactly one/);
    expect(await verdict(withHostToken({ jwksUrl: 'file:///etc/jwks.json' }))).toMatch(
      /config\.hostToken\.jwksUrl: "file:\/\/\/etc\/jwks\.json" must be an absolute http\(s\) URL/,
    );
    expect(await verdict(withHostToken({ secret: 'x'.repeat(32), maxAgeSeconds: 601 }))).toMatch(
      /config\.hostToken\.maxAgeSeconds/,
    );
    expect(await verdict(withHostToken({ issuer: '', secret: 'x'.repeat(32) }))).toMatch(
      /config\.hostToken\.issuer: must not be empty/,
    );
  });

  it('when publicUrl is relative, not http(s), or has a query or fragment, then it throws naming config.publicUrl', async () => {
    for (const publicUrl of [
      'bff.example.com',
      '/bff',
      'ftp://bff.example.com',
      'https://bff.example.com/?tenant=a',
      'https://bff.example.com/#top',
    ]) {
      expect(await verdict({ ...base, publicUrl })).toContain(
        `config.publicUrl: ${JSON.stringify(publicUrl)} must be an absolute http(s) URL`,
      );
    }
    expect(await verdict({ ...base, publicUrl: 'http://localhost:4000/' })).toBe('accepted');
  });

  it('when a provider URL is not absolute, then it throws naming that setting; credentials in it are masked', async () => {
    expect(await verdict({ ...base, zoom: { ...base.zoom, tokenUrl: '/oauth/token' } })).toContain(
      'config.zoom.tokenUrl: "/oauth/token" must be an absolute http(s) URL',
    );
    expect(
      await verdict({ ...base, google: { ...base.google, calendarApiBaseUrl: 'calendar/v3' } }),
    ).toContain('config.google.calendarApiBaseUrl: "calendar/v3" must be an absolute http(s) URL');
    const withCredentials = await verdict({
      ...base,
      zoom: { ...base.zoom, apiBaseUrl: 'https://user:hunter2@api.zoom.us/v2' },
    });
    expect(withCredentials).toContain('config.zoom.apiBaseUrl: "https://***@api.zoom.us/v2"');
    expect(withCredentials).not.toContain('hunter2');
  });

  it('when a rate limit is not a whole number >= 1 (or false), then it throws naming config.rateLimits and the field; false turns one or all off', async () => {
    const withLimits = (rateLimits: unknown) => ({ ...base, rateLimits }) as BffConfig;
    expect(
      await verdict(
        withLimits({
          perIp: false,
          writesPerUser: { limit: 120, windowSeconds: 60 },
          ipv6Subnet: 64,
        }),
      ),
    ).toBe('accepted');
    expect(await verdict(withLimits(false))).toBe('accepted');
    const message = await verdict(
      withLimits({
        writesPerUser: { limit: 0, windowSeconds: 60 },
        oauthStartsPerUser: { limit: 10 },
        rendersPerUser: 300,
        maxLiveOAuthAttemptsPerUser: 2.5,
        ipv6Subnet: 129,
      }),
    );
    expect(message.split('\n').slice(1)).toEqual([
      '  config.rateLimits.writesPerUser.limit: must be a whole number >= 1, got 0',
      '  config.rateLimits.rendersPerUser: must be { limit, windowSeconds } or false',
      '  config.rateLimits.oauthStartsPerUser.windowSeconds: must be a whole number >= 1, got undefined',
      '  config.rateLimits.maxLiveOAuthAttemptsPerUser: must be a whole number >= 1, or false, got 2.5',
      '  config.rateLimits.ipv6Subnet: must be a prefix length 1-128, got 129',
    ]);
    expect(await verdict(withLimits('many'))).toContain(
      'config.rateLimits: must be an object of limits, or false',
    );
  });

  it('when several settings are wrong, then one error lists each of them', async () => {
    const message = await verdict({
      ...base,
      publicUrl: 'bff',
      allowedOrigins: ['https://ats.example/'],
      zoom: { ...base.zoom, clientSecret: '' },
    });
    expect(message.split('\n')).toEqual([
      'Invalid BFF config:',
      expect.stringMatching(/^ {2}config\.publicUrl: /),
      expect.stringMatching(/^ {2}config\.allowedOrigins\[0\]: /),
      '  config.zoom.clientSecret: must not be empty',
    ]);
  });
});
