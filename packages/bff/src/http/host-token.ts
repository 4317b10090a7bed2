import { hash } from 'node:crypto';
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

/** How many verified tokens are remembered at most (the oldest go first beyond it). */
const VERIFIED_CACHE_MAX_ENTRIES = 10_000;

/** A token that passed verification, remembered by its SHA-256 until its time claims end it. */
interface VerifiedToken {
  actor: Actor;
  iat: number;
  exp: number;
  nbf: number | undefined;
}

/**
 * Whether a token verified earlier still passes jose's time checks at `now` (whole seconds), the
 * same comparisons jose makes: `nbf` not in the future, `exp` not passed, `iat` neither older
 * than `maxAgeSeconds` nor in the future, each with the clock tolerance. Signature, issuer,
 * audience and claims cannot change for the same token bytes.
 */
function stillValid(entry: VerifiedToken, now: number, maxAgeSeconds: number): boolean {
  const tolerance = CLOCK_TOLERANCE_SECONDS;
  if (entry.nbf !== undefined && entry.nbf > now + tolerance) return false;
  if (entry.exp <= now - tolerance) return false;
  const age = now - entry.iat;
  return age - tolerance <= maxAgeSeconds && age >= -tolerance;
}

const copyOf = (actor: Actor): Actor => ({ ...actor, scopes: [...(actor.scopes ?? [])] });

/**
 * Verifies the host ATS's short-lived user token (design 3). The algorithm allowlist follows
 * the key type, so an HS256 token can never be checked against a public key and `alg: none`
 * never passes.
 *
 * A token that passed is remembered by its SHA-256 (never the token itself) for as long as its
 * `exp`, `iat` (max age) and `nbf` would still pass, each checked again on every use with the
 * clock, so the same token sent again costs a hash instead of a signature check. Refused tokens
 * are never remembered. With a JWKS, a token verified before its key left the host's key set
 * stays accepted until it expires (at most the max age; jose itself keeps fetched keys for up to
 * 10 minutes).
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

  const verified = new Map<string, VerifiedToken>();
  const remember = (key: string, entry: VerifiedToken, now: number) => {
    if (verified.size >= VERIFIED_CACHE_MAX_ENTRIES) {
      for (const [old, each] of verified) {
        if (!stillValid(each, now, maxAgeSeconds)) verified.delete(old);
      }
      // Still full of live tokens: the oldest remembered go (they are verified again if sent).
      for (const old of verified.keys()) {
        if (verified.size < VERIFIED_CACHE_MAX_ENTRIES) break;
        verified.delete(old);
      }
    }
    verified.set(key, entry);
  };

  return async (authorization) => {
    if (!authorization)
      throw new AuthenticationError('unauthenticated', 'A host token is required.');
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization);
    if (!match?.[1]) throw new AuthenticationError('invalid_token', 'Send the token as Bearer.');
    const token = match[1];
    const key = hash('sha256', token, 'base64url');
    const now = Math.floor(clock.now().getTime() / 1000);
    const known = verified.get(key);
    if (known) {
      if (stillValid(known, now, maxAgeSeconds)) return copyOf(known.actor);
      verified.delete(key);
    }
    let payload: { iat?: unknown; exp?: unknown; nbf?: unknown };
    try {
      ({ payload } = await verifyWith(token));
    } catch (error) {
      throw new AuthenticationError('invalid_token', 'The host token is not valid.', error);
    }
    const claims = HostTokenClaimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new AuthenticationError('invalid_token', 'The host token lacks required claims.');
    }
    const actor: Actor = {
      tenantId: claims.data.tid,
      userId: claims.data.sub,
      userName: claims.data.name,
      email: claims.data.email,
      role: claims.data.role,
      scopes: claims.data.scope?.split(' ').filter(Boolean) ?? [],
    };
    // jose required exp and iat as numbers; nbf is a number when present.
    const { iat, exp, nbf } = payload;
    if (typeof iat === 'number' && typeof exp === 'number') {
      remember(
        key,
        { actor: copyOf(actor), iat, exp, nbf: typeof nbf === 'number' ? nbf : undefined },
        now,
      );
    }
    return actor;
  };
}
