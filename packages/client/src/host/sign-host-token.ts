import {
  HOST_TOKEN_AUDIENCE,
  type HostTokenClaims,
  HostTokenClaimsSchema,
} from '@ats-zoom/contract';
import { SignJWT } from 'jose';

/** The BFF refuses host tokens that live longer than this. */
export const MAX_HOST_TOKEN_SECONDS = 600;

export interface SignHostTokenOptions {
  /** The HS256 secret shared with the BFF (a string is UTF-8 encoded). */
  secret: string | Uint8Array;
  /** `iss`: the host ATS, as configured in the BFF. */
  issuer: string;
  /** The signed-in user: `sub`, `tid`, `role`, `name`, `email`. */
  user: HostTokenClaims;
  /** Lifetime in seconds. @default 300 (at most 600) */
  expiresInSeconds?: number;
  /** `kid` header, for secret rotation on the BFF side. */
  keyId?: string;
}

/**
 * Signs the short-lived user token a host backend hands to its browser, which passes it to
 * `AtsZoomProvider`'s `getToken` (design section 3).
 */
export async function signHostToken(options: SignHostTokenOptions): Promise<string> {
  const expiresIn = options.expiresInSeconds ?? 300;
  if (!Number.isInteger(expiresIn) || expiresIn <= 0 || expiresIn > MAX_HOST_TOKEN_SECONDS) {
    throw new RangeError(
      `expiresInSeconds must be a whole number from 1 to ${MAX_HOST_TOKEN_SECONDS}, got ${expiresIn}`,
    );
  }
  if (options.issuer.trim() === '') throw new TypeError('issuer must not be empty');
  const claims = HostTokenClaimsSchema.safeParse(options.user);
  if (!claims.success) {
    const where = claims.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new TypeError(`invalid host token claims: ${where}`, { cause: claims.error });
  }
  const secret =
    typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret;
  if (secret.byteLength === 0) throw new TypeError('secret must not be empty');

  const { sub, tid, role, name, email } = claims.data;
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid, role, name, email })
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
