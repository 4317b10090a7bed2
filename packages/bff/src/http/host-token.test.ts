import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../core/shared/errors';
import { createHostTokenVerifier } from './host-token';

const nowMs = Date.parse('2030-01-01T00:00:00Z');
const clock = { now: () => new Date(nowMs) };
const issuer = 'https://host.example';
const secret = 'a-shared-secret-of-at-least-32-bytes!';
const claims = { tid: 't1', role: 'recruiter', name: 'Ann', email: 'ann@host.example' };

function sign(
  payload: Record<string, unknown> = claims,
  options: { iatOffset?: number; expOffset?: number; aud?: string } = {},
) {
  const iat = Math.floor(nowMs / 1000) + (options.iatOffset ?? 0);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-1')
    .setIssuer(issuer)
    .setAudience(options.aud ?? 'ats-zoom')
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.expOffset ?? 300))
    .sign(new TextEncoder().encode(secret));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return error instanceof AuthenticationError ? error.code : 'other';
  }
}

describe('host token verification with a shared secret', () => {
  const verify = createHostTokenVerifier({ issuer, secret }, clock);

  it('when the token is valid, then the actor carries tenant, user, role, name, e-mail and no scopes', async () => {
    await expect(verify(`Bearer ${await sign()}`)).resolves.toEqual({
      tenantId: 't1',
      userId: 'user-1',
      userName: 'Ann',
      email: 'ann@host.example',
      role: 'recruiter',
      scopes: [],
    });
  });

  it('when exp passed 59 s ago, then it is accepted (clock tolerance); 61 s ago, refused', async () => {
    expect(
      await codeOf(verify(`Bearer ${await sign(claims, { iatOffset: -359, expOffset: 300 })}`)),
    ).toBe('accepted');
    expect(
      await codeOf(verify(`Bearer ${await sign(claims, { iatOffset: -361, expOffset: 300 })}`)),
    ).toBe('invalid_token');
  });

  it('when no maxAgeSeconds is set, then a token older than 5 minutes by iat (plus 60 s of skew) is refused even if exp is later', async () => {
    const aged = async (seconds: number) =>
      codeOf(verify(`Bearer ${await sign(claims, { iatOffset: -seconds, expOffset: 3600 })}`));
    expect(await aged(300)).toBe('accepted');
    expect(await aged(359)).toBe('accepted');
    expect(await aged(361)).toBe('invalid_token');
    // Issued 11 minutes ago: accepted before the default went from 10 to 5 minutes.
    expect(await aged(660)).toBe('invalid_token');
  });

  it('when maxAgeSeconds is set, then tokens are refused past that age (plus 60 s of skew)', async () => {
    const aged = async (maxAgeSeconds: number, seconds: number) =>
      codeOf(
        createHostTokenVerifier(
          { issuer, secret, maxAgeSeconds },
          clock,
        )(`Bearer ${await sign(claims, { iatOffset: -seconds, expOffset: 3600 })}`),
      );
    expect([await aged(120, 179), await aged(120, 181)]).toEqual(['accepted', 'invalid_token']);
    expect([await aged(600, 659), await aged(600, 661)]).toEqual(['accepted', 'invalid_token']);
  });

  it('when maxAgeSeconds is not a whole number from 1 to 600, then it refuses to start, naming the setting', () => {
    for (const maxAgeSeconds of [0, -1, 1.5, 601, Number.NaN]) {
      expect(() => createHostTokenVerifier({ issuer, secret, maxAgeSeconds }, clock)).toThrow(
        /hostToken\.maxAgeSeconds/,
      );
    }
  });

  it('when a claim is missing or the role unknown, then it is refused', async () => {
    const { role: _role, ...noRole } = claims;
    expect(await codeOf(verify(`Bearer ${await sign(noRole)}`))).toBe('invalid_token');
    expect(await codeOf(verify(`Bearer ${await sign({ ...claims, role: 'admin' })}`))).toBe(
      'invalid_token',
    );
    const { tid: _tid, ...noTenant } = claims;
    expect(await codeOf(verify(`Bearer ${await sign(noTenant)}`))).toBe('invalid_token');
  });

  it('when the header is absent, not Bearer, or garbage, then unauthenticated / invalid_token', async () => {
    expect(await codeOf(verify(undefined))).toBe('unauthenticated');
    expect(await codeOf(verify(`Basic ${await sign()}`))).toBe('invalid_token');
    expect(await codeOf(verify('Bearer not.a.jwt'))).toBe('invalid_token');
  });

  it('when configured with both or neither key source, then it refuses to start', () => {
    expect(() => createHostTokenVerifier({ issuer }, clock)).toThrow();
    expect(() => createHostTokenVerifier({ issuer, secret, jwksUrl: 'http://x' }, clock)).toThrow();
  });
});

describe('host token verification of a token sent again (remembered by its hash)', () => {
  const moving = () => {
    let at = nowMs;
    return {
      clock: { now: () => new Date(at) },
      advanceSeconds: (seconds: number) => {
        at += seconds * 1000;
      },
      back: () => {
        at = nowMs;
      },
    };
  };

  it('when the same token is sent again, then each answer is the same actor and changing one answer does not change the next', async () => {
    const time = moving();
    const verify = createHostTokenVerifier({ issuer, secret }, time.clock);
    const header = `Bearer ${await sign({ ...claims, scope: 'meetings.write' })}`;
    const first = await verify(header);
    (first.scopes as string[]).push('admin');
    (first as { role: string }).role = 'interviewer';
    const second = await verify(header);
    expect(second).toEqual({
      tenantId: 't1',
      userId: 'user-1',
      userName: 'Ann',
      email: 'ann@host.example',
      role: 'recruiter',
      scopes: ['meetings.write'],
    });
  });

  it('when a token accepted before reaches exp (plus 60 s of skew), then it is refused like a fresh one', async () => {
    const time = moving();
    const verify = createHostTokenVerifier({ issuer, secret }, time.clock);
    const header = `Bearer ${await sign(claims, { expOffset: 120 })}`;
    expect(await codeOf(verify(header))).toBe('accepted');
    time.advanceSeconds(179);
    expect(await codeOf(verify(header))).toBe('accepted');
    time.advanceSeconds(1);
    expect(await codeOf(verify(header))).toBe('invalid_token');
    time.back();
    expect(await codeOf(verify(header))).toBe('accepted');
  });

  it('when a token accepted before grows older than maxAgeSeconds (plus 60 s) by iat, then it is refused though exp is later', async () => {
    const time = moving();
    const verify = createHostTokenVerifier({ issuer, secret, maxAgeSeconds: 120 }, time.clock);
    const header = `Bearer ${await sign(claims, { expOffset: 3600 })}`;
    expect(await codeOf(verify(header))).toBe('accepted');
    time.advanceSeconds(180);
    expect(await codeOf(verify(header))).toBe('accepted');
    time.advanceSeconds(1);
    expect(await codeOf(verify(header))).toBe('invalid_token');
  });

  it('when the clock goes back before a remembered token was issued (past the skew), then it is refused as issued in the future', async () => {
    const time = moving();
    const verify = createHostTokenVerifier({ issuer, secret }, time.clock);
    const header = `Bearer ${await sign()}`;
    expect(await codeOf(verify(header))).toBe('accepted');
    time.advanceSeconds(-61);
    expect(await codeOf(verify(header))).toBe('invalid_token');
  });

  it('when a refused token becomes valid later (nbf passed), then it is accepted: refusals are not remembered', async () => {
    const time = moving();
    const verify = createHostTokenVerifier({ issuer, secret }, time.clock);
    const iat = Math.floor(nowMs / 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-1')
      .setIssuer(issuer)
      .setAudience('ats-zoom')
      .setIssuedAt(iat)
      .setNotBefore(iat + 120)
      .setExpirationTime(iat + 300)
      .sign(new TextEncoder().encode(secret));
    expect(await codeOf(verify(`Bearer ${token}`))).toBe('invalid_token');
    time.advanceSeconds(61);
    expect(await codeOf(verify(`Bearer ${token}`))).toBe('accepted');
  });

  it('when a token accepted before comes back with its signature or claims altered, then it is refused', async () => {
    const time = moving();
    const verify = createHostTokenVerifier({ issuer, secret }, time.clock);
    const token = await sign();
    expect(await codeOf(verify(`Bearer ${token}`))).toBe('accepted');
    const [header, payload, signature = ''] = token.split('.');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await codeOf(verify(`Bearer ${header}.${payload}.${flipped}`))).toBe('invalid_token');
    const other = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
        tid: 't2',
      }),
    ).toString('base64url');
    expect(await codeOf(verify(`Bearer ${header}.${other}.${signature}`))).toBe('invalid_token');
  });

  it('when another verifier (another secret) is asked about a token this one accepted, then it refuses it', async () => {
    const token = `Bearer ${await sign()}`;
    expect(await codeOf(createHostTokenVerifier({ issuer, secret }, clock)(token))).toBe(
      'accepted',
    );
    const otherSecret = 'another-shared-secret-of-32-bytes-or-more';
    expect(
      await codeOf(createHostTokenVerifier({ issuer, secret: otherSecret }, clock)(token)),
    ).toBe('invalid_token');
  });
});

describe('host token verification with a JWKS URL', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let publicJwkJson: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    publicJwkJson = JSON.stringify(jwk);
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('when an ES256 token is signed by the published key, then it is accepted', async () => {
    const verify = createHostTokenVerifier({ issuer, jwksUrl }, clock);
    const iat = Math.floor(nowMs / 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('user-1')
      .setIssuer(issuer)
      .setAudience('ats-zoom')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(privateKey);
    expect(await codeOf(verify(`Bearer ${token}`))).toBe('accepted');
  });

  it('when an HS256 token is keyed with the public key (algorithm confusion), then it is refused', async () => {
    const verify = createHostTokenVerifier({ issuer, jwksUrl }, clock);
    const iat = Math.floor(nowMs / 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('user-1')
      .setIssuer(issuer)
      .setAudience('ats-zoom')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(new TextEncoder().encode(publicJwkJson));
    expect(await codeOf(verify(`Bearer ${token}`))).toBe('invalid_token');
  });
});
