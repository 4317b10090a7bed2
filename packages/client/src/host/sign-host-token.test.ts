import {
  HOST_TOKEN_AUDIENCE,
  HOST_TOKEN_DEFAULT_MAX_AGE_SECONDS,
  type HostTokenClaims,
} from '@ats-zoom/contract';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { type SignHostTokenOptions, signHostToken } from './index';

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

  it('when the user carries a scope, then the token carries it; without one, it has no scope claim', async () => {
    const scoped = await signHostToken({
      secret,
      issuer: 'acme-ats',
      user: { ...user, scope: 'users:manage' },
    });
    expect((await verify(scoped)).payload.scope).toBe('users:manage');
    const plain = await signHostToken({ secret, issuer: 'acme-ats', user });
    expect((await verify(plain)).payload).not.toHaveProperty('scope');
  });

  it("when no lifetime is given, then it expires 300 s after it was issued, within the BFF's default maximum age", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { payload } = await verify(await signHostToken({ secret, issuer: 'acme-ats', user }));

    expect(lifetimeOf(payload)).toBe(300);
    expect(lifetimeOf(payload)).toBeLessThanOrEqual(HOST_TOKEN_DEFAULT_MAX_AGE_SECONDS);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
  });

  it('when the secret is missing, empty or not a string or bytes, then it refuses naming options.secret', async () => {
    const { secret: _secret, ...withoutSecret } = { secret, issuer: 'acme-ats', user };
    for (const options of [
      withoutSecret,
      { ...withoutSecret, secret: '' },
      { ...withoutSecret, secret: null },
      { ...withoutSecret, secret: 42 },
    ]) {
      await expect(signHostToken(options as unknown as SignHostTokenOptions)).rejects.toThrow(
        /options\.secret/,
      );
    }
    await expect(signHostToken(undefined as unknown as SignHostTokenOptions)).rejects.toThrow(
      /options/,
    );
  });

  it('when the secret is under 32 bytes in UTF-8, then it refuses naming options.secret; 32 bytes of fewer characters sign', async () => {
    for (const short of ['x'.repeat(31), new Uint8Array(31)]) {
      await expect(signHostToken({ secret: short, issuer: 'acme-ats', user })).rejects.toThrow(
        /options\.secret must be at least 32 bytes/,
      );
    }
    // 11 characters, 33 bytes: the length that counts is in bytes.
    const japanese = '秘密の鍵は十一文字です';
    expect(japanese).toHaveLength(11);
    const token = await signHostToken({ secret: japanese, issuer: 'acme-ats', user });
    await expect(verify(token, japanese)).resolves.toBeDefined();
  });

  it('when the issuer or the key id is missing or empty, then it refuses naming the option', async () => {
    await expect(
      signHostToken({ secret, user } as unknown as SignHostTokenOptions),
    ).rejects.toThrow(/options\.issuer/);
    await expect(signHostToken({ secret, issuer: ' ', user })).rejects.toThrow(/options\.issuer/);
    await expect(signHostToken({ secret, issuer: 'acme-ats', user, keyId: '' })).rejects.toThrow(
      /options\.keyId/,
    );
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
    ).rejects.toThrow(/options\.user.*(role.*email|email.*role)/);
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
