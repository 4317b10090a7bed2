import { HOST_TOKEN_AUDIENCE, type HostTokenClaims } from '@ats-zoom/contract';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signHostToken } from './index';

const secret = 'a-test-secret-of-at-least-32-bytes!!';
const user: HostTokenClaims = {
  sub: 'user_42',
  tid: 'tenant_7',
  role: 'recruiter',
  name: '田中 太郎',
  email: 'tanaka@example.com',
};

function verify(token: string, key: string | Uint8Array = secret) {
  return jwtVerify(token, typeof key === 'string' ? new TextEncoder().encode(key) : key, {
    issuer: 'acme-ats',
    audience: HOST_TOKEN_AUDIENCE,
    algorithms: ['HS256'],
  });
}

function lifetimeOf(payload: { exp?: number; iat?: number }): number {
  return (payload.exp ?? Number.NaN) - (payload.iat ?? Number.NaN);
}

describe('signHostToken', () => {
  it('when signing for a user, then jose verifies it with the shared secret, issuer and audience', async () => {
    const token = await signHostToken({ secret, issuer: 'acme-ats', user });

    const { payload, protectedHeader } = await verify(token);

    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ ...user, iss: 'acme-ats', aud: HOST_TOKEN_AUDIENCE });
    expect(payload.jti).toEqual(expect.any(String));
  });

  it('when no lifetime is given, then it expires 300 s after it was issued', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { payload } = await verify(await signHostToken({ secret, issuer: 'acme-ats', user }));

    expect(lifetimeOf(payload)).toBe(300);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
  });

  it('when asked for the 600 s maximum, then exp is 600 s after iat', async () => {
    const token = await signHostToken({ secret, issuer: 'acme-ats', user, expiresInSeconds: 600 });

    const { payload } = await verify(token);

    expect(lifetimeOf(payload)).toBe(600);
  });

  it('when asked for more than 600 s, then it refuses', async () => {
    await expect(
      signHostToken({ secret, issuer: 'acme-ats', user, expiresInSeconds: 601 }),
    ).rejects.toThrow(RangeError);
  });

  it('when asked for zero or a fractional lifetime, then it refuses', async () => {
    await expect(
      signHostToken({ secret, issuer: 'acme-ats', user, expiresInSeconds: 0 }),
    ).rejects.toThrow(RangeError);
    await expect(
      signHostToken({ secret, issuer: 'acme-ats', user, expiresInSeconds: 1.5 }),
    ).rejects.toThrow(RangeError);
  });

  it('when the claims are invalid, then it refuses and names the bad field', async () => {
    await expect(
      signHostToken({
        secret,
        issuer: 'acme-ats',
        user: { ...user, role: 'admin' as HostTokenClaims['role'], email: 'not-an-email' },
      }),
    ).rejects.toThrow(/role.*email|email.*role/);
  });

  it('when signed twice, then each token has its own jti', async () => {
    const first = await verify(await signHostToken({ secret, issuer: 'acme-ats', user }));
    const second = await verify(await signHostToken({ secret, issuer: 'acme-ats', user }));

    expect(first.payload.jti).not.toBe(second.payload.jti);
  });

  it('when a key id is given, then it is in the header and a byte secret works the same', async () => {
    const bytes = new TextEncoder().encode(secret);
    const token = await signHostToken({ secret: bytes, issuer: 'acme-ats', user, keyId: 'k2' });

    expect(decodeProtectedHeader(token).kid).toBe('k2');
    await expect(verify(token, bytes)).resolves.toBeDefined();
  });

  it('when verified with another secret, then verification fails', async () => {
    const token = await signHostToken({ secret, issuer: 'acme-ats', user });

    await expect(verify(token, 'another-secret-of-at-least-32-bytes')).rejects.toThrow();
  });
});
