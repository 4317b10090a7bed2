import {
  HOST_TOKEN_AUDIENCE,
  HOST_TOKEN_DEFAULT_MAX_AGE_SECONDS,
  HOST_TOKEN_MAX_AGE_LIMIT_SECONDS,
  HOST_TOKEN_SECRET_MIN_BYTES,
  type HostTokenClaims,
  HostTokenClaimsSchema,
} from '@ats-zoom/contract';
import { SignJWT } from 'jose';

/**
 * The longest lifetime `signHostToken` signs: the most a BFF's `hostToken.maxAgeSeconds` may be.
 * A BFF refuses a token older than its own `maxAgeSeconds` (default 300) whatever its `exp`.
 */
export const MAX_HOST_TOKEN_SECONDS = HOST_TOKEN_MAX_AGE_LIMIT_SECONDS;

export interface SignHostTokenOptions {
  /**
   * The HS256 secret shared with the BFF (its `hostToken.secret` / `HOST_TOKEN_SECRET`), at
   * least 32 bytes; a string counts in UTF-8 bytes.
   */
  secret: string | Uint8Array;
  /** `iss`: the host ATS, as configured in the BFF. */
  issuer: string;
  /**
   * The signed-in user: `sub`, `tid`, `role`, `name`, `email`, and `scope` only for the grants
   * beyond the role (`users:manage`, for the backend's own `setUserStatus` calls).
   */
  user: HostTokenClaims;
  /**
   * Lifetime in seconds. Keep it within the BFF's `hostToken.maxAgeSeconds`: an older token is
   * refused anyway. @default 300 (the BFF's default maximum age; at most 600)
   */
  expiresInSeconds?: number;
  /** `kid` header, for secret rotation on the BFF side. */
  keyId?: string;
}

/**
 * Signs the short-lived user token a host backend hands to its browser, which passes it to
 * `AtsZoomProvider`'s `getToken`. Bad options throw a `TypeError` / `RangeError` naming the
 * option instead of signing.
 */
export async function signHostToken(options: SignHostTokenOptions): Promise<string> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('signHostToken needs its options: { secret, issuer, user }');
  }
  const secret = secretBytes(options.secret);
  if (typeof options.issuer !== 'string' || options.issuer.trim() === '') {
    throw new TypeError(
      "signHostToken: options.issuer must be a non-empty string (the BFF's hostToken.issuer / HOST_TOKEN_ISSUER)",
    );
  }
  const expiresIn = options.expiresInSeconds ?? HOST_TOKEN_DEFAULT_MAX_AGE_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn <= 0 || expiresIn > MAX_HOST_TOKEN_SECONDS) {
    throw new RangeError(
      `signHostToken: options.expiresInSeconds must be a whole number from 1 to ${MAX_HOST_TOKEN_SECONDS}, got ${expiresIn}`,
    );
  }
  if (options.keyId !== undefined && (typeof options.keyId !== 'string' || options.keyId === '')) {
    throw new TypeError('signHostToken: options.keyId must be a non-empty string when given');
  }
  const claims = HostTokenClaimsSchema.safeParse(options.user);
  if (!claims.success) {
    const where = claims.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new TypeError(`signHostToken: options.user has invalid host token claims: ${where}`, {
      cause: claims.error,
    });
  }

  const { sub, tid, role, name, email, scope } = claims.data;
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT(
    scope === undefined ? { tid, role, name, email } : { tid, role, name, email, scope },
  )
    .setProtectedHeader(
      options.keyId === undefined
        ? { alg: 'HS256', typ: 'JWT' }
        : { alg: 'HS256', typ: 'JWT', kid: options.keyId },
    )
    .setIssuer(options.issuer)
    .setAudience(HOST_TOKEN_AUDIENCE)
    .setSubject(sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + expiresIn)
    .setJti(crypto.randomUUID())
    .sign(secret);
}

/** The secret as bytes, refused when missing, of another type, or shorter than 32 bytes. */
function secretBytes(secret: unknown): Uint8Array {
  if (secret === undefined || secret === null || secret === '') {
    throw new TypeError(
      'signHostToken: options.secret is required: the HS256 secret shared with the BFF (its hostToken.secret / HOST_TOKEN_SECRET)',
    );
  }
  const bytes =
    typeof secret === 'string'
      ? new TextEncoder().encode(secret)
      : secret instanceof Uint8Array
        ? secret
        : undefined;
  if (bytes === undefined) {
    throw new TypeError(
      `signHostToken: options.secret must be a string or a Uint8Array, got ${typeof secret}`,
    );
  }
  if (bytes.byteLength < HOST_TOKEN_SECRET_MIN_BYTES) {
    throw new RangeError(
      `signHostToken: options.secret must be at least ${HOST_TOKEN_SECRET_MIN_BYTES} bytes (UTF-8), got ${bytes.byteLength}; use a random secret, e.g. 32 random bytes in base64url`,
    );
  }
  return bytes;
}
