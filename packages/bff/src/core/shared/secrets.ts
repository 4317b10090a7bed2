import { hash, randomBytes } from 'node:crypto';

/** 128 random bits, URL-safe: ids of attempts and connections. */
export function randomId(): string {
  return randomBytes(16).toString('base64url');
}

/** `bytes` random bytes, base64url: OAuth state (256 bits) and PKCE verifiers (43 chars). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}
