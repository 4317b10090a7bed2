import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTokenCipher,
  devKeyFileName,
  loadOrCreateDevKeyring,
  parseKeyring,
  TokenDecryptionError,
  type TokenDecryptionFailure,
} from './token-cipher';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const aadOf = (user: string) => `v1|tenant-1|${user}|zoom|conn-1`;
const aliceAad = aadOf('alice');
const secret = JSON.stringify({ accessToken: 'at-123', refreshToken: 'rt-456' });

function expectRejected(open: () => unknown, reason: TokenDecryptionFailure) {
  let caught: unknown;
  try {
    open();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TokenDecryptionError);
  expect((caught as TokenDecryptionError).reason).toBe(reason);
}

/** The five dot-separated parts of a ciphertext, with the binary ones decoded. */
function partsOf(token: string) {
  const [version = '', kid = '', iv = '', ciphertext = '', tag = ''] = token.split('.');
  return {
    version,
    kid,
    iv: Buffer.from(iv, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
}

function assemble(parts: ReturnType<typeof partsOf>): string {
  return [
    parts.version,
    parts.kid,
    parts.iv.toString('base64url'),
    parts.ciphertext.toString('base64url'),
    parts.tag.toString('base64url'),
  ].join('.');
}

describe('createTokenCipher', () => {
  const cipher = createTokenCipher({ activeKeyId: 'k1', keys: { k1 } });

  it('when a secret is encrypted, then it decrypts with the same AAD and never shows in the output', () => {
    const token = cipher.encrypt(secret, aliceAad);

    expect(token).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(token).not.toContain('at-123');
    expect(cipher.decrypt(token, aliceAad)).toBe(secret);
  });

  it('when any text is encrypted, then it round-trips exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (plaintext, aad) => {
        expect(cipher.decrypt(cipher.encrypt(plaintext, aad), aad)).toBe(plaintext);
      }),
      { numRuns: 300 },
    );
  });

  it('when one plaintext is encrypted 10,000 times, then every IV and ciphertext is distinct', () => {
    const ivs = new Set<string>();
    const tokens = new Set<string>();
    for (let i = 0; i < 10_000; i += 1) {
      const token = cipher.encrypt(secret, aliceAad);
      tokens.add(token);
      ivs.add(token.split('.')[2] ?? '');
    }

    expect(ivs.size).toBe(10_000);
    expect(tokens.size).toBe(10_000);
  });

  it('when any single bit of the IV, ciphertext or tag is flipped, then decryption throws', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(), (plaintext, aad, bitSeed) => {
        const parts = partsOf(cipher.encrypt(plaintext, aad));
        const bytes = Buffer.concat([parts.iv, parts.ciphertext, parts.tag]);
        const bit = bitSeed % (bytes.length * 8);
        bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        const ivEnd = parts.iv.length;
        const ciphertextEnd = ivEnd + parts.ciphertext.length;
        const tampered = assemble({
          ...parts,
          iv: bytes.subarray(0, ivEnd),
          ciphertext: bytes.subarray(ivEnd, ciphertextEnd),
          tag: bytes.subarray(ciphertextEnd),
        });
        expectRejected(() => cipher.decrypt(tampered, aad), 'authentication_failed');
      }),
      { numRuns: 1000 },
    );
  });

  it('when any single bit of any character of the stored text is flipped, then decryption throws', () => {
    const token = cipher.encrypt(secret, aliceAad);
    let tried = 0;

    // Every position and every bit of its 7-bit ASCII code: base64url decoding is lenient
    // (padding bits, skipped characters), so only the canonical-encoding check catches some.
    for (let index = 0; index < token.length; index += 1) {
      for (let bit = 0; bit < 7; bit += 1) {
        const flipped = String.fromCharCode(token.charCodeAt(index) ^ (1 << bit));
        const tampered = token.slice(0, index) + flipped + token.slice(index + 1);
        expect(() => cipher.decrypt(tampered, aliceAad), tampered).toThrow(TokenDecryptionError);
        tried += 1;
      }
    }

    expect(tried).toBe(token.length * 7);
  });

  it("when user B's row is opened with user A's AAD, then decryption throws", () => {
    const bobToken = cipher.encrypt(secret, aadOf('bob'));

    expectRejected(() => cipher.decrypt(bobToken, aliceAad), 'authentication_failed');
    expectRejected(() => cipher.decrypt(bobToken, ''), 'authentication_failed');
    expect(cipher.decrypt(bobToken, aadOf('bob'))).toBe(secret);
  });

  it('when the tag is cut short, then the ciphertext is rejected', () => {
    const parts = partsOf(cipher.encrypt(secret, aliceAad));

    for (const length of [12, 15, 8, 4, 0]) {
      const tampered = assemble({ ...parts, tag: parts.tag.subarray(0, length) });
      expectRejected(() => cipher.decrypt(tampered, aliceAad), 'malformed');
    }
  });

  it('when the IV has the wrong length, then the ciphertext is rejected', () => {
    const parts = partsOf(cipher.encrypt(secret, aliceAad));

    for (const iv of [parts.iv.subarray(0, 8), Buffer.concat([parts.iv, Buffer.from([0])])]) {
      expectRejected(() => cipher.decrypt(assemble({ ...parts, iv }), aliceAad), 'malformed');
    }
  });

  it('when the text is not in the v1 format, then it is rejected as malformed', () => {
    const token = cipher.encrypt(secret, aliceAad);

    for (const bad of [
      '',
      'plain-token',
      token.replace(/^v1/, 'v2'),
      `${token}.extra`,
      token.split('.').slice(0, 4).join('.'),
      token.replace(/\.([^.]+)$/, '.$1='),
    ]) {
      expectRejected(() => cipher.decrypt(bad, aliceAad), 'malformed');
    }
  });

  it('when the key id is unknown, then the ciphertext is rejected', () => {
    const token = cipher.encrypt(secret, aliceAad);
    const other = createTokenCipher({ activeKeyId: 'k2', keys: { k2 } });

    expectRejected(() => other.decrypt(token, aliceAad), 'unknown_key');
    expectRejected(
      () => cipher.decrypt(token.replace('.k1.', '.toString.'), aliceAad),
      'unknown_key',
    );
  });

  it('when the keys rotate, then old rows stay readable and new ones use the new key', () => {
    const before = createTokenCipher({ activeKeyId: 'k1', keys: { k1 } });
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      aad: aadOf(`user-${i}`),
      token: before.encrypt(`secret-${i}`, aadOf(`user-${i}`)),
    }));

    const after = createTokenCipher({ activeKeyId: 'k2', keys: { k2, k1 } });
    rows.forEach((row, i) => {
      expect(after.decrypt(row.token, row.aad)).toBe(`secret-${i}`);
    });

    // Re-encrypting every row moves it to k2; k1 can then be dropped.
    const reencrypted = rows.map((row) => ({
      aad: row.aad,
      token: after.encrypt(after.decrypt(row.token, row.aad), row.aad),
    }));
    expect(reencrypted.filter((row) => !row.token.startsWith('v1.k2.'))).toEqual([]);
    const k2Only = createTokenCipher({ activeKeyId: 'k2', keys: { k2 } });
    reencrypted.forEach((row, i) => {
      expect(k2Only.decrypt(row.token, row.aad)).toBe(`secret-${i}`);
    });
    expectRejected(() => k2Only.decrypt(rows[0]?.token ?? '', rows[0]?.aad ?? ''), 'unknown_key');
  });

  it('when a key is not exactly 32 bytes, then the cipher is refused', () => {
    for (const length of [0, 16, 31, 33, 64]) {
      expect(() =>
        createTokenCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(length) } }),
      ).toThrow(/32 bytes/);
      expect(() =>
        createTokenCipher({ activeKeyId: 'k1', keys: { k1, old: randomBytes(length) } }),
      ).toThrow(/32 bytes/);
    }
  });

  it('when the active key id is missing or a key id could not be stored, then the cipher is refused', () => {
    expect(() => createTokenCipher({ activeKeyId: 'k9', keys: { k1 } })).toThrow(/k9/);
    expect(() => createTokenCipher({ activeKeyId: 'a.b', keys: { 'a.b': k1 } })).toThrow(/key id/);
  });

  it("when the caller's key buffer changes later, then the cipher keeps working with the original key", () => {
    const key = Buffer.from(k1);
    const own = createTokenCipher({ activeKeyId: 'k1', keys: { k1: key } });
    const token = own.encrypt(secret, aliceAad);

    key.fill(0);

    expect(own.decrypt(token, aliceAad)).toBe(secret);
  });
});

describe('parseKeyring', () => {
  it('when the spec lists several keys, then the first is active and all are loaded', () => {
    const keyring = parseKeyring(` k2:${k2.toString('base64')} , k1:${k1.toString('base64url')}`);

    expect(keyring.activeKeyId).toBe('k2');
    expect(Object.keys(keyring.keys)).toEqual(['k2', 'k1']);
    expect(keyring.keys.k2?.equals(k2)).toBe(true);
    expect(keyring.keys.k1?.equals(k1)).toBe(true);

    const cipher = createTokenCipher(keyring);
    expect(cipher.encrypt('x', 'y')).toMatch(/^v1\.k2\./);
  });

  it('when the spec is wrong, then parsing fails without echoing the key', () => {
    const short = randomBytes(31).toString('base64');
    const cases: [string, RegExp][] = [
      ['', /empty/],
      [' , ', /empty/],
      [k1.toString('base64'), /kid/],
      [`:${k1.toString('base64')}`, /kid/],
      [`k1:${k1.toString('base64')},k1:${k2.toString('base64')}`, /twice/],
      [`k1:${short}`, /32 bytes/],
      [`k1:${k1.toString('base64')}!`, /base64/],
      ['k1:', /base64/],
    ];
    for (const [spec, message] of cases) {
      let caught: unknown;
      try {
        parseKeyring(spec);
      } catch (error) {
        caught = error;
      }
      expect(caught, spec).toBeInstanceOf(Error);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).not.toContain(k1.toString('base64'));
      expect((caught as Error).message).not.toContain(short);
    }
  });
});

describe('loadOrCreateDevKeyring', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ats-zoom-keyring-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('when no key file exists, then one is created readable by the owner only, with a development-only warning', async () => {
    const dataDir = join(root, 'fresh', '.data');
    const warnings: string[] = [];

    const keyring = await loadOrCreateDevKeyring(dataDir, (msg) => warnings.push(msg));

    const path = join(dataDir, devKeyFileName);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(keyring.keys[keyring.activeKeyId]).toHaveLength(32);
    expect(warnings).toEqual([expect.stringMatching(/Generated .*development only/)]);
    expect(warnings[0]).not.toContain(keyring.keys[keyring.activeKeyId]?.toString('base64'));
  });

  it('when the key file exists, then the same key is loaded and old ciphertexts stay readable', async () => {
    const dataDir = join(root, 'reuse');
    const first = await loadOrCreateDevKeyring(dataDir, () => undefined);
    const token = createTokenCipher(first).encrypt(secret, aliceAad);
    const warnings: string[] = [];

    const second = await loadOrCreateDevKeyring(dataDir, (msg) => warnings.push(msg));

    expect(second).toEqual(first);
    expect(createTokenCipher(second).decrypt(token, aliceAad)).toBe(secret);
    expect(warnings).toEqual([expect.stringMatching(/development token encryption key/)]);
  });

  it('when two processes start at once, then both end up with the same key', async () => {
    const dataDir = join(root, 'race');

    const [a, b] = await Promise.all([
      loadOrCreateDevKeyring(dataDir, () => undefined),
      loadOrCreateDevKeyring(dataDir, () => undefined),
    ]);

    expect(a).toEqual(b);
  });

  it('when the key file is readable by others, then a warning says so', async () => {
    const dataDir = join(root, 'open');
    await loadOrCreateDevKeyring(dataDir, () => undefined);
    await chmod(join(dataDir, devKeyFileName), 0o644);
    const warnings: string[] = [];

    await loadOrCreateDevKeyring(dataDir, (msg) => warnings.push(msg));

    expect(warnings).toContainEqual(expect.stringContaining('chmod 600'));
  });

  it('when the key file holds something else, then loading fails', async () => {
    const dataDir = join(root, 'garbage');
    await loadOrCreateDevKeyring(dataDir, () => undefined);
    await writeFile(join(dataDir, devKeyFileName), 'not a keyring');

    await expect(loadOrCreateDevKeyring(dataDir, () => undefined)).rejects.toThrow(/kid/);
  });
});
