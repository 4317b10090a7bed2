import { bffConfigRules } from '@ats-zoom/bff';
import { describe, expect, it } from 'vitest';
import { bffEnvUsage, EnvError, googleSettings, outlookSettings, parseBffEnv } from './env';
import { bffConfigFromEnv } from './start-bff-server';

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

  it('when an origin has a trailing slash, then boot fails naming ALLOWED_ORIGINS and the value, in the words createBff uses', () => {
    const origin = 'https://ats.example.com/';
    let message = '';
    try {
      parseBffEnv({ ...valid, ALLOWED_ORIGINS: `http://localhost:5173,${origin}` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      `ALLOWED_ORIGINS.1: ${bffConfigRules.exactOrigin(origin) ?? 'a problem'}`,
    );
    expect(message).toContain('"https://ats.example.com/" must be an exact origin');
  });

  it('when the host token secret is measured, then bytes count: 11 Japanese characters (33 bytes) boot, 31 bytes do not', () => {
    expect(
      parseBffEnv({ ...valid, HOST_TOKEN_SECRET: '秘密の鍵は十一文字です' }).HOST_TOKEN_SECRET,
    ).toBe('秘密の鍵は十一文字です');
    for (const secret of ['x'.repeat(31), 'あ'.repeat(10)]) {
      expect(() => parseBffEnv({ ...valid, HOST_TOKEN_SECRET: secret })).toThrow(
        /HOST_TOKEN_SECRET: must be at least 32 bytes \(UTF-8\)/,
      );
    }
  });

  it('when PUBLIC_URL, a Zoom URL or the JWKS URL is not an absolute http(s) URL (PUBLIC_URL: no query either), then boot fails naming it', () => {
    expect(() => parseBffEnv({ ...valid, PUBLIC_URL: 'https://bff.example.com/?a=1' })).toThrow(
      /PUBLIC_URL: "https:\/\/bff\.example\.com\/\?a=1" must be an absolute http\(s\) URL with no query/,
    );
    expect(() => parseBffEnv({ ...valid, ZOOM_API_BASE_URL: 'ftp://api.zoom.us/v2' })).toThrow(
      /ZOOM_API_BASE_URL/,
    );
    const { HOST_TOKEN_SECRET: _secret, ...withoutSecret } = valid;
    expect(() =>
      parseBffEnv({ ...withoutSecret, HOST_TOKEN_JWKS_URL: 'file:///etc/jwks.json' }),
    ).toThrow(/HOST_TOKEN_JWKS_URL/);
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

  it('when HOST_TOKEN_MAX_AGE_SECONDS is set, then the BFF gets it; above 600 or not a whole number, boot fails naming it', () => {
    expect(bffConfigFromEnv(parseBffEnv(valid), 4000).hostToken.maxAgeSeconds).toBeUndefined();
    const env = parseBffEnv({ ...valid, HOST_TOKEN_MAX_AGE_SECONDS: '120' });
    expect(bffConfigFromEnv(env, 4000).hostToken).toEqual({
      issuer: 'demo-ats',
      secret: valid.HOST_TOKEN_SECRET,
      maxAgeSeconds: 120,
    });
    for (const bad of ['601', '0', '1.5', 'ten']) {
      expect(() => parseBffEnv({ ...valid, HOST_TOKEN_MAX_AGE_SECONDS: bad })).toThrow(
        /HOST_TOKEN_MAX_AGE_SECONDS/,
      );
    }
  });

  it('when production runs without encryption keys, then boot fails', () => {
    expect(() => parseBffEnv({ ...valid, NODE_ENV: 'production' })).toThrow(/ENCRYPTION_KEYS/);
  });

  it('when the Zoom client is missing, then every missing variable is listed', () => {
    const { ZOOM_CLIENT_ID: _id, ZOOM_CLIENT_SECRET: _secret, ...rest } = valid;
    expect(() => parseBffEnv(rest)).toThrow(/ZOOM_CLIENT_ID[\s\S]*ZOOM_CLIENT_SECRET/);
  });

  it('when no Google client is set, then Google is off', () => {
    const env = parseBffEnv(valid);
    expect(googleSettings(env)).toBeUndefined();
    expect(bffConfigFromEnv(env, 4000).google).toBeUndefined();
  });

  it('when only one of the Google client id and secret is set, then boot fails naming the other', () => {
    expect(() => parseBffEnv({ ...valid, GOOGLE_CLIENT_ID: 'gid' })).toThrow(
      /GOOGLE_CLIENT_SECRET/,
    );
    expect(() => parseBffEnv({ ...valid, GOOGLE_CLIENT_SECRET: 'gsecret' })).toThrow(
      /GOOGLE_CLIENT_ID/,
    );
  });

  it("when the Google client is set, then the BFF gets Google's real endpoints", () => {
    const env = parseBffEnv({ ...valid, GOOGLE_CLIENT_ID: 'gid', GOOGLE_CLIENT_SECRET: 'gsecret' });
    expect(bffConfigFromEnv(env, 4000).google).toEqual({
      clientId: 'gid',
      clientSecret: 'gsecret',
      authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      revokeUrl: 'https://oauth2.googleapis.com/revoke',
      userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
      calendarApiBaseUrl: 'https://www.googleapis.com/calendar/v3',
    });
  });

  it('when GOOGLE_BASE_URL points at the emulator, then every Google endpoint is under it unless set one by one', () => {
    const env = parseBffEnv({
      ...valid,
      GOOGLE_CLIENT_ID: 'gid',
      GOOGLE_CLIENT_SECRET: 'gsecret',
      GOOGLE_BASE_URL: 'http://localhost:4010/google/',
      GOOGLE_USERINFO_URL: 'http://localhost:4010/google/openid/userinfo',
      GOOGLE_SCOPES: 'openid, email, https://www.googleapis.com/auth/calendar.events',
    });
    expect(googleSettings(env)).toEqual({
      clientId: 'gid',
      clientSecret: 'gsecret',
      authorizeUrl: 'http://localhost:4010/google/o/oauth2/v2/auth',
      tokenUrl: 'http://localhost:4010/google/token',
      revokeUrl: 'http://localhost:4010/google/revoke',
      userinfoUrl: 'http://localhost:4010/google/openid/userinfo',
      calendarApiBaseUrl: 'http://localhost:4010/google/calendar/v3',
      scopes: ['openid', 'email', 'https://www.googleapis.com/auth/calendar.events'],
    });
  });

  it('when no Microsoft client is set, then Outlook is off; one of id and secret alone fails naming the other', () => {
    expect(bffConfigFromEnv(parseBffEnv(valid), 4000).outlook).toBeUndefined();
    expect(() => parseBffEnv({ ...valid, MICROSOFT_CLIENT_ID: 'mid' })).toThrow(
      /MICROSOFT_CLIENT_SECRET/,
    );
    expect(() => parseBffEnv({ ...valid, MICROSOFT_CLIENT_SECRET: 'ms' })).toThrow(
      /MICROSOFT_CLIENT_ID/,
    );
  });

  it("when the Microsoft client is set, then Outlook gets Microsoft's real hosts for work or school accounts", () => {
    const env = parseBffEnv({
      ...valid,
      MICROSOFT_CLIENT_ID: 'mid',
      MICROSOFT_CLIENT_SECRET: 'ms',
    });
    expect(bffConfigFromEnv(env, 4000).outlook).toEqual({
      clientId: 'mid',
      clientSecret: 'ms',
      tenant: 'organizations',
      authorityBaseUrl: 'https://login.microsoftonline.com',
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
    });
  });

  it('when MICROSOFT_BASE_URL points at the emulator, then sign-in and Graph are under it unless set one by one', () => {
    const env = parseBffEnv({
      ...valid,
      MICROSOFT_CLIENT_ID: 'mid',
      MICROSOFT_CLIENT_SECRET: 'ms',
      MICROSOFT_TENANT: 'common',
      MICROSOFT_BASE_URL: 'http://localhost:4010/microsoft/',
      MICROSOFT_SCOPES: 'openid, offline_access, Calendars.ReadWrite',
    });
    expect(outlookSettings(env)).toEqual({
      clientId: 'mid',
      clientSecret: 'ms',
      tenant: 'common',
      authorityBaseUrl: 'http://localhost:4010/microsoft',
      graphBaseUrl: 'http://localhost:4010/microsoft/graph/v1.0',
      scopes: ['openid', 'offline_access', 'Calendars.ReadWrite'],
    });
    expect(
      outlookSettings(
        parseBffEnv({
          ...valid,
          MICROSOFT_CLIENT_ID: 'mid',
          MICROSOFT_CLIENT_SECRET: 'ms',
          MICROSOFT_BASE_URL: 'http://localhost:4010/microsoft',
          MICROSOFT_GRAPH_BASE_URL: 'http://localhost:4011/graph/v1.0',
        }),
      )?.graphBaseUrl,
    ).toBe('http://localhost:4011/graph/v1.0');
    expect(() => parseBffEnv({ ...valid, MICROSOFT_BASE_URL: 'login' })).toThrow(
      /MICROSOFT_BASE_URL/,
    );
  });

  it('when a Google URL is not a URL, then boot fails naming it', () => {
    expect(() =>
      parseBffEnv({
        ...valid,
        GOOGLE_CLIENT_ID: 'gid',
        GOOGLE_CLIENT_SECRET: 's',
        GOOGLE_TOKEN_URL: 'token',
      }),
    ).toThrow(/GOOGLE_TOKEN_URL/);
  });

  it('when --help lists the variables, then it names every required one and the defaults', () => {
    const usage = bffEnvUsage();
    const [required = '', optional = ''] = usage.split('Optional (default):');
    for (const name of Object.keys(valid).filter((name) => name !== 'HOST_TOKEN_SECRET')) {
      expect(required).toMatch(new RegExp(`^  ${name}$`, 'm'));
    }
    expect(required).toContain('HOST_TOKEN_SECRET (HS256, 32+ characters) or HOST_TOKEN_JWKS_URL');
    expect(optional).toMatch(/^ {2}PORT +4000$/m);
    expect(optional).toMatch(/^ {2}DATABASE_URL$/m);
    expect(optional).not.toMatch(/ALLOWED_ORIGINS/);
  });

  it('when DATABASE_URL has an unknown scheme, then boot fails naming it, the password masked', () => {
    expect(() =>
      parseBffEnv({ ...valid, DATABASE_URL: 'postgress://ats:hunter2@db.example.com/ats' }),
    ).toThrow(
      /DATABASE_URL: "postgress:\/\/ats:\*\*\*@db\.example\.com\/ats" has an unknown scheme/,
    );
    expect(() => parseBffEnv({ ...valid, DATABASE_URL: 'http://example.com/db' })).toThrow(
      /DATABASE_URL[\s\S]*sqlite:\/\/\/absolute\/path\.db/,
    );
  });

  it.each([
    'postgres://ats@db.example.com/ats',
    'postgresql://ats@db.example.com/ats',
    'sqlite:./data/ats.sqlite',
    'sqlite:///var/lib/ats/ats.sqlite',
    'sqlite::memory:',
    ':memory:',
    '/var/lib/ats/ats.sqlite',
    '',
  ])('when DATABASE_URL is "%s", then it is accepted as written', (url) => {
    expect(parseBffEnv({ ...valid, DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it('when DATABASE_LISTEN_URL is set, then only a postgres URL is accepted (the LISTEN connection for cache invalidations)', () => {
    const direct = 'postgres://ats@db-direct.example.com:5432/ats';
    expect(parseBffEnv({ ...valid, DATABASE_LISTEN_URL: direct }).DATABASE_LISTEN_URL).toBe(direct);
    expect(() =>
      parseBffEnv({ ...valid, DATABASE_LISTEN_URL: 'sqlite:./data/ats.sqlite' }),
    ).toThrow(/DATABASE_LISTEN_URL[\s\S]*postgres:\/\/ URL/);
  });

  it('when no lifecycle variable is set, then the BFF migrates at boot and drains within 25 s with no delay; set, they are read and checked', () => {
    const defaults = parseBffEnv(valid);
    expect(defaults.MIGRATE_ON_BOOT).toBe(true);
    expect(defaults.SHUTDOWN_DELAY_MS).toBe(0);
    expect(defaults.SHUTDOWN_TIMEOUT_MS).toBe(25_000);
    const set = parseBffEnv({
      ...valid,
      MIGRATE_ON_BOOT: 'false',
      SHUTDOWN_DELAY_MS: '5000',
      SHUTDOWN_TIMEOUT_MS: '30000',
    });
    expect([set.MIGRATE_ON_BOOT, set.SHUTDOWN_DELAY_MS, set.SHUTDOWN_TIMEOUT_MS]).toEqual([
      false,
      5_000,
      30_000,
    ]);
    expect(() => parseBffEnv({ ...valid, MIGRATE_ON_BOOT: 'no' })).toThrow(/MIGRATE_ON_BOOT/);
    expect(() => parseBffEnv({ ...valid, SHUTDOWN_TIMEOUT_MS: '0' })).toThrow(
      /SHUTDOWN_TIMEOUT_MS/,
    );
    expect(() =>
      parseBffEnv({ ...valid, SHUTDOWN_DELAY_MS: '25000', SHUTDOWN_TIMEOUT_MS: '25000' }),
    ).toThrow(/SHUTDOWN_DELAY_MS: must be below SHUTDOWN_TIMEOUT_MS/);
  });

  it('when no rate limit variable is set, then the BFF keeps its defaults and trusts no proxy', () => {
    const env = parseBffEnv(valid);
    expect(bffConfigFromEnv(env, 4000).rateLimits).toEqual({});
    expect(env.TRUST_PROXY).toBe(false);
  });

  it('when rate limits are set, then each becomes its BffConfig setting, off and 0 turning one off', () => {
    const env = parseBffEnv({
      ...valid,
      RATE_LIMIT_PER_IP: '1200/60',
      RATE_LIMIT_WRITES_PER_USER: 'off',
      RATE_LIMIT_OAUTH_STARTS_PER_USER: '0',
      RATE_LIMIT_OAUTH_POPUP_PER_IP: '30/300',
      RATE_LIMIT_LIVE_OAUTH_ATTEMPTS: '0',
      RATE_LIMIT_IPV6_SUBNET: '64',
      TRUST_PROXY: '1',
    });
    expect(bffConfigFromEnv(env, 4000).rateLimits).toEqual({
      perIp: { limit: 1200, windowSeconds: 60 },
      writesPerUser: false,
      oauthStartsPerUser: false,
      oauthPopupStartsPerIp: { limit: 30, windowSeconds: 300 },
      maxLiveOAuthAttemptsPerUser: false,
      ipv6Subnet: 64,
    });
    expect(env.TRUST_PROXY).toBe(1);
    expect(parseBffEnv({ ...valid, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('when a rate limit is not LIMIT/SECONDS, then boot fails naming it', () => {
    expect(() => parseBffEnv({ ...valid, RATE_LIMIT_RENDERS_PER_USER: '300' })).toThrow(
      /RATE_LIMIT_RENDERS_PER_USER: write LIMIT\/SECONDS/,
    );
    expect(() => parseBffEnv({ ...valid, RATE_LIMIT_PER_IP: '10/0' })).toThrow(/RATE_LIMIT_PER_IP/);
  });
});

describe('metrics variables', () => {
  const token = 'm'.repeat(32);

  it('leave /metrics off when neither METRICS_TOKEN nor METRICS_ALLOW_FROM is set', () => {
    expect(bffConfigFromEnv(parseBffEnv(valid), 4000).metrics).toBeUndefined();
  });

  it('turn /metrics on with a token, an allow-list or both (process metrics on unless METRICS_PROCESS=false)', () => {
    expect(bffConfigFromEnv(parseBffEnv({ ...valid, METRICS_TOKEN: token }), 4000).metrics).toEqual(
      { token, processMetrics: true },
    );
    expect(
      bffConfigFromEnv(
        parseBffEnv({
          ...valid,
          METRICS_TOKEN: token,
          METRICS_ALLOW_FROM: ' 10.0.0.0/8, ::1 ',
          METRICS_PROCESS: 'false',
        }),
        4000,
      ).metrics,
    ).toEqual({ token, allowFrom: ['10.0.0.0/8', '::1'], processMetrics: false });
  });

  it('refuse a short token and an address that is not an IP or CIDR, naming the variable', () => {
    expect(() => parseBffEnv({ ...valid, METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN: must be at least 32 characters/,
    );
    expect(() => parseBffEnv({ ...valid, METRICS_ALLOW_FROM: '10.0.0.0/8,prometheus' })).toThrow(
      /METRICS_ALLOW_FROM: "prometheus" must be an IP address or a CIDR range/,
    );
  });
});
