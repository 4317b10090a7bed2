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
