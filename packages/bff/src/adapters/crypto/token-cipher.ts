import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TokenCipher } from '../../core/ports';

/** Encryption keys by key id; `activeKeyId` encrypts, every listed key decrypts. */
export interface Keyring {
  activeKeyId: string;
  keys: Record<string, Buffer>;
}

export type TokenDecryptionFailure = 'malformed' | 'unknown_key' | 'authentication_failed';

/** A ciphertext could not be opened. Carries no key or plaintext material. */
export class TokenDecryptionError extends Error {
  readonly reason: TokenDecryptionFailure;

  constructor(reason: TokenDecryptionFailure) {
    super(`Token ciphertext rejected: ${reason}`);
    this.name = 'TokenDecryptionError';
    this.reason = reason;
  }
}

const formatVersion = 'v1';
const algorithm = 'aes-256-gcm';
const keyBytes = 32;
// 96-bit random IVs and full 128-bit tags (NIST SP 800-38D); Node only deprecates short tags
// (DEP0182), so decipher pins the tag length itself.
const ivBytes = 12;
const tagBytes = 16;
const keyIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const base64urlPattern = /^[A-Za-z0-9_-]*$/;

/** Base64url that re-encodes to itself: Node's decoder skips junk and ignores trailing bits. */
function decodeCanonicalBase64url(text: string): Buffer {
  if (!base64urlPattern.test(text)) throw new TokenDecryptionError('malformed');
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) throw new TokenDecryptionError('malformed');
  return bytes;
}

function validatedKeys(keyring: Keyring): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const [keyId, key] of Object.entries(keyring.keys)) {
    if (!keyIdPattern.test(keyId)) {
      throw new Error(`Encryption key id "${keyId}" must match ${keyIdPattern}`);
    }
    if (!Buffer.isBuffer(key) || key.length !== keyBytes) {
      throw new Error(`Encryption key "${keyId}" must be exactly ${keyBytes} bytes`);
    }
    // A private copy: later changes to the caller's buffers must not change our keys.
    keys.set(keyId, Buffer.from(key));
  }
  if (!keys.has(keyring.activeKeyId)) {
    throw new Error(`The active encryption key id "${keyring.activeKeyId}" is not in the keyring`);
  }
  return keys;
}

/**
 * AES-256-GCM for provider secrets at rest. Output: `v1.<kid>.<iv>.<ciphertext>.<tag>`
 * (base64url parts). The key id inside lets keys rotate: old kids stay readable while listed.
 * `aad` binds a ciphertext to its owner, e.g. `v1|tenant|user|provider|connectionId`.
 */
export function createTokenCipher(keyring: Keyring): TokenCipher {
  const keys = validatedKeys(keyring);
  const activeKeyId = keyring.activeKeyId;
  const activeKey = keys.get(activeKeyId) as Buffer;

  return {
    encrypt(plaintext, aad) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv(algorithm, activeKey, iv, { authTagLength: tagBytes });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        formatVersion,
        activeKeyId,
        iv.toString('base64url'),
        ciphertext.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },

    decrypt(token, aad) {
      const parts = token.split('.');
      if (parts.length !== 5 || parts[0] !== formatVersion) {
        throw new TokenDecryptionError('malformed');
      }
      const [, keyId = '', ivText = '', ciphertextText = '', tagText = ''] = parts;
      const key = keys.get(keyId);
      if (!key) throw new TokenDecryptionError('unknown_key');
      const iv = decodeCanonicalBase64url(ivText);
      const ciphertext = decodeCanonicalBase64url(ciphertextText);
      const tag = decodeCanonicalBase64url(tagText);
      if (iv.length !== ivBytes || tag.length !== tagBytes) {
        throw new TokenDecryptionError('malformed');
      }
      try {
        const decipher = createDecipheriv(algorithm, key, iv, { authTagLength: tagBytes });
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new TokenDecryptionError('authentication_failed');
      }
    },
  };
}

const base64KeyPattern = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Reads a keyring from config: `kid:<base64 of 32 bytes>` entries separated by commas, the
 * first one active, e.g. `k2:<key>,k1:<key>` after rotating k1 out of active use.
 * Errors never echo key material.
 */
export function parseKeyring(spec: string): Keyring {
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw new Error('The encryption keyring is empty: expected "kid:<base64 key>[,kid:<key>...]"');
  }

  const keys: Record<string, Buffer> = {};
  let activeKeyId = '';
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const keyId = colon === -1 ? '' : entry.slice(0, colon).trim();
    const encoded = colon === -1 ? '' : entry.slice(colon + 1).trim();
    const where = `keyring entry ${index + 1}`;
    if (!keyIdPattern.test(keyId)) {
      throw new Error(`${where}: expected "kid:<base64 key>" with kid matching ${keyIdPattern}`);
    }
    if (Object.hasOwn(keys, keyId)) throw new Error(`${where}: key id "${keyId}" appears twice`);
    if (!base64KeyPattern.test(encoded)) throw new Error(`${where} ("${keyId}"): not base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== keyBytes) {
      throw new Error(`${where} ("${keyId}"): the key must decode to exactly ${keyBytes} bytes`);
    }
    keys[keyId] = key;
    if (index === 0) activeKeyId = keyId;
  }
  return { activeKeyId, keys };
}

export const devKeyFileName = 'encryption-key';

/**
 * The embedded default for development: reads `<dataDir>/encryption-key` (a keyring spec), or
 * creates it with a fresh random key (mode 0600). Always warns: such a key sits next to the
 * data it protects, so it is for development only.
 */
export async function loadOrCreateDevKeyring(
  dataDir: string,
  warn: (msg: string) => void,
): Promise<Keyring> {
  const path = join(dataDir, devKeyFileName);
  let created = false;
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, `dev1:${randomBytes(keyBytes).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    // writeFile's mode is filtered by the umask; make sure nobody else can read the key.
    await chmod(path, 0o600);
    created = true;
  } catch (error) {
    // EEXIST: an earlier run (or a parallel process) made it; use that one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }

  const keyring = parseKeyring(await readFile(path, 'utf8'));
  warn(
    created
      ? `Generated a token encryption key at ${path}. It is for development only: configure ` +
          'an encryption keyring for production.'
      : `Using the development token encryption key at ${path}. Configure an encryption ` +
          'keyring for production.',
  );
  if (((await stat(path)).mode & 0o077) !== 0) {
    warn(`${path} is readable by other users; restrict it with chmod 600.`);
  }
  return keyring;
}
