import {
  HOST_TOKEN_AUDIENCE,
  HOST_TOKEN_DEFAULT_MAX_AGE_SECONDS,
  HOST_TOKEN_MAX_AGE_LIMIT_SECONDS,
  HostTokenClaimsSchema,
} from '@ats-zoom/contract';
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Clock } from '../core/ports';
import type { Actor } from '../core/shared/actor';
import { AuthenticationError } from '../core/shared/errors';

export interface HostTokenConfig {
  issuer: string;
  /** Shared HS256 secret. Exactly one of `secret` / `jwksUrl`. */
  secret?: string;
  /** JWKS of the host's asymmetric keys (ES256, EdDSA, RS256). */
  jwksUrl?: string;
  /**
   * A token older than this by its `iat` is refused, whatever its `exp` (60 s of clock skew
   * allowed on top). A whole number of seconds, at most 600. @default 300
   */
  maxAgeSeconds?: number;
}

/** Clock skew allowed between the host's clock and ours, on `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_SECONDS = 60;

export type HostTokenVerifier = (authorization: string | undefined) => Promise<Actor>;

/**
 * Verifies the host ATS's short-lived user token (design 3). The algorithm allowlist follows
 * the key type, so an HS256 token can never be checked against a public key and `alg: none`
 * never passes.
 */
export function createHostTokenVerifier(config: HostTokenConfig, clock: Clock): HostTokenVerifier {
  if (Boolean(config.secret) === Boolean(config.jwksUrl)) {
    throw new Error('hostToken needs exactly one of secret or jwksUrl');
  }
  const maxAgeSeconds = config.maxAgeSeconds ?? HOST_TOKEN_DEFAULT_MAX_AGE_SECONDS;
  if (
    !Number.isInteger(maxAgeSeconds) ||
    maxAgeSeconds < 1 ||
    maxAgeSeconds > HOST_TOKEN_MAX_AGE_LIMIT_SECONDS
  ) {
    throw new RangeError(
      `hostToken.maxAgeSeconds must be a whole number from 1 to ${HOST_TOKEN_MAX_AGE_LIMIT_SECONDS}, got ${maxAgeSeconds}`,
    );
  }
  // Keys are fetched on first use and cached by jose (with its cooldown on unknown kids).
  const remoteKeys: JWTVerifyGetKey | null = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : null;
  const sharedKey = config.secret ? new TextEncoder().encode(config.secret) : null;
  const options = {
    issuer: config.issuer,
    audience: HOST_TOKEN_AUDIENCE,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    maxTokenAge: maxAgeSeconds,
    requiredClaims: ['exp', 'iat', 'sub'],
  };
  const verifyWith = (token: string) =>
    sharedKey
      ? jwtVerify(token, sharedKey, { ...options, currentDate: clock.now(), algorithms: ['HS256'] })
      : jwtVerify(token, remoteKeys as JWTVerifyGetKey, {
          ...options,
          currentDate: clock.now(),
          algorithms: ['ES256', 'EdDSA', 'RS256'],
        });

  return async (authorization) => {
    if (!authorization)
      throw new AuthenticationError('unauthenticated', 'A host token is required.');
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization);
    if (!match?.[1]) throw new AuthenticationError('invalid_token', 'Send the token as Bearer.');
    let payload: unknown;
    try {
      ({ payload } = await verifyWith(match[1]));
    } catch (error) {
      throw new AuthenticationError('invalid_token', 'The host token is not valid.', error);
    }
    const claims = HostTokenClaimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new AuthenticationError('invalid_token', 'The host token lacks required claims.');
    }
    return {
      tenantId: claims.data.tid,
      userId: claims.data.sub,
      userName: claims.data.name,
      email: claims.data.email,
      role: claims.data.role,
      scopes: claims.data.scope?.split(' ').filter(Boolean) ?? [],
    };
  };
}
