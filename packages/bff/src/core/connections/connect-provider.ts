import type { Connection, ProblemCode, Provider } from '@ats-zoom/contract';
import type { ConnectionRecord, OAuthAttemptRecord, ProviderTokenSet } from '../ports';
import type { Actor } from '../shared/actor';
import type { CoreDeps } from '../shared/deps';
import {
  describeError,
  isAdminConsentRequired,
  NotFoundError,
  OAuthStateInvalidError,
  OriginNotAllowedError,
} from '../shared/errors';
import { randomId, randomSecret, sha256Hex } from '../shared/secrets';
import { linkProviderAccount } from './connect-link';
import { connectPortOf, type LinkedAccount } from './connect-ports';
import { toConnectionView } from './connection-view';

export const OAUTH_ATTEMPT_TTL_MS = 10 * 60 * 1000;
export const OAUTH_TICKET_TTL_MS = 60 * 1000;

/**
 * Browsers send `Origin` on every POST; a server-side caller must set it, because the popup's
 * result is posted to that exact origin and to no other.
 */
const MISSING_ORIGIN_DETAIL =
  "This request needs an Origin header set to one of the BFF's allowed origins (allowedOrigins, ALLOWED_ORIGINS in apps/bff): the popup's result is posted to that exact origin. Browsers send it on every POST; a server-side caller must set it.";

const ticketAad = (attemptId: string) => `v1|oauth-ticket|${attemptId}`;
const BROWSER_BINDING_AAD = 'v1|oauth-browser-binding';

export interface StartedAuthorization {
  attemptId: string;
  /** Single-use, 60 s: lets the popup's first request pick up the attempt without a host token. */
  ticket: string;
  expiresAt: Date;
}

/**
 * Starts a connect attempt (Zoom or Google) for the signed-in user from a host page at
 * `origin`: the attempt remembers that exact origin as the only target of the popup's result
 * message. A provider the BFF is not configured for is `NotFoundError`. With
 * `maxLiveAttempts`, the user's older live attempts beyond that many (this one included) expire:
 * the newest click always works, and at most that many states are valid at once.
 */
export async function startAuthorization(
  deps: CoreDeps,
  actor: Actor,
  input: {
    provider: Provider;
    origin: string | undefined;
    allowedOrigins: readonly string[];
    maxLiveAttempts?: number;
  },
): Promise<StartedAuthorization> {
  if (!connectPortOf(deps, input.provider)) {
    throw new NotFoundError('This provider is not configured.');
  }
  const { origin } = input;
  if (!origin) throw new OriginNotAllowedError(MISSING_ORIGIN_DETAIL);
  if (!input.allowedOrigins.includes(origin)) {
    throw new OriginNotAllowedError(
      `The Origin header ${JSON.stringify(origin.slice(0, 200))} is not one of the BFF's allowed origins (allowedOrigins, ALLOWED_ORIGINS in apps/bff): the popup's result is posted only to an allowed origin.`,
    );
  }

  const now = deps.clock.now();
  const attemptId = randomId();
  const state = randomSecret(32);
  const codeVerifier = randomSecret(32);
  const expiresAt = new Date(now.getTime() + OAUTH_ATTEMPT_TTL_MS);
  await deps.store.oauthAttempts.insert({
    id: attemptId,
    stateHash: sha256Hex(state),
    codeVerifierCiphertext: deps.cipher.encrypt(codeVerifier, verifierAad(attemptId)),
    tenantId: actor.tenantId,
    userId: actor.userId,
    userName: actor.userName,
    role: actor.role,
    provider: input.provider,
    returnOrigin: origin,
    status: 'pending',
    errorCode: null,
    connectionId: null,
    createdAt: now,
    expiresAt,
    consumedAt: null,
    startedAt: null,
  });
  if (input.maxLiveAttempts !== undefined) {
    const expired = await deps.store.oauthAttempts.expireLiveBeyond(
      { id: attemptId, tenantId: actor.tenantId, userId: actor.userId },
      input.maxLiveAttempts,
      now,
    );
    if (expired > 0) {
      deps.logger.info(
        { attemptId, provider: input.provider, expired, maxLiveAttempts: input.maxLiveAttempts },
        'older live oauth attempts expired',
      );
    }
  }
  // The raw state exists only inside this sealed ticket until the popup hands it to the provider.
  const ticket = deps.cipher.encrypt(
    JSON.stringify({ state, exp: now.getTime() + OAUTH_TICKET_TTL_MS }),
    ticketAad(attemptId),
  );
  return { attemptId, ticket, expiresAt };
}

export interface OpenedAuthorization {
  authorizationUrl: string;
  /** Sealed attempt id for the popup's cookie: the callback must come back to this browser. */
  browserBinding: string;
  expiresAt: Date;
}

/**
 * The popup's first request, on the start path of `provider`: redeems the ticket once and
 * sends the browser to the provider's consent page.
 */
export async function openAuthorization(
  deps: CoreDeps,
  input: { provider: Provider; attemptId: string; ticket: string },
): Promise<OpenedAuthorization> {
  const now = deps.clock.now();
  let ticket: { state: string; exp: number };
  try {
    ticket = JSON.parse(deps.cipher.decrypt(input.ticket, ticketAad(input.attemptId)));
  } catch {
    throw new OAuthStateInvalidError('The ticket is not valid.');
  }
  if (typeof ticket.exp !== 'number' || ticket.exp <= now.getTime()) {
    throw new OAuthStateInvalidError('The ticket has expired.');
  }
  const attempt = await deps.store.oauthAttempts.findById(input.attemptId);
  if (attempt?.status !== 'pending' || attempt.consumedAt || attempt.expiresAt <= now) {
    throw new OAuthStateInvalidError('The attempt is no longer pending.');
  }
  if (attempt.stateHash !== sha256Hex(ticket.state)) {
    throw new OAuthStateInvalidError('The ticket does not belong to this attempt.');
  }
  const port = connectPortOf(deps, attempt.provider);
  if (attempt.provider !== input.provider || !port) {
    throw new OAuthStateInvalidError('The attempt is for another provider.');
  }
  const firstUse = await deps.store.oauthAttempts.markStarted(attempt.id, now);
  if (!firstUse) throw new OAuthStateInvalidError('The ticket was already used.');

  const codeVerifier = deps.cipher.decrypt(attempt.codeVerifierCiphertext, verifierAad(attempt.id));
  const authorizationUrl = await port.buildAuthorizationUrl({ state: ticket.state, codeVerifier });
  return {
    authorizationUrl,
    browserBinding: deps.cipher.encrypt(attempt.id, BROWSER_BINDING_AAD),
    expiresAt: attempt.expiresAt,
  };
}

export interface AuthorizationOutcome {
  attemptId: string;
  /** The exact host origin recorded at start: the only postMessage target. */
  returnOrigin: string;
  ok: boolean;
  errorCode: ProblemCode | null;
}

/**
 * The provider's redirect back to the callback path of `provider`. Anything wrong with the
 * state (missing, unknown, replayed, expired, another browser's, another provider's) throws
 * `OAuthStateInvalidError` before any call to the provider.
 */
export async function completeAuthorization(
  deps: CoreDeps,
  input: {
    provider: Provider;
    state: string | undefined;
    code: string | undefined;
    error: string | undefined;
    /** The redirect's `error_description` (read only to classify `error`; never stored). */
    errorDescription?: string | undefined;
    browserBinding: string | undefined;
    /**
     * Work that follows a link becoming active (calendar tasks waiting for it). Its failure is
     * logged: the link stands either way.
     */
    onLinked?: (connection: ConnectionRecord) => Promise<unknown>;
  },
): Promise<AuthorizationOutcome> {
  if (!input.state) throw new OAuthStateInvalidError('The state is missing.');
  if (!input.browserBinding) throw new OAuthStateInvalidError('This browser did not start it.');
  let boundAttemptId: string;
  try {
    boundAttemptId = deps.cipher.decrypt(input.browserBinding, BROWSER_BINDING_AAD);
  } catch {
    throw new OAuthStateInvalidError('This browser did not start it.');
  }
  const stateHash = sha256Hex(input.state);
  const candidate = await deps.store.oauthAttempts.findByStateHash(stateHash);
  if (!candidate) throw new OAuthStateInvalidError('The state is unknown.');
  if (candidate.id !== boundAttemptId) {
    throw new OAuthStateInvalidError('This browser did not start it.');
  }
  // A code of one provider must never reach another provider's token endpoint.
  if (candidate.provider !== input.provider) {
    throw new OAuthStateInvalidError('The attempt is for another provider.');
  }
  const attempt = await deps.store.oauthAttempts.consumeByStateHash(stateHash, deps.clock.now());
  if (!attempt) throw new OAuthStateInvalidError('The attempt was already used or has expired.');

  const fail = async (errorCode: ProblemCode): Promise<AuthorizationOutcome> => {
    await deps.store.oauthAttempts.finish(attempt.id, {
      status: 'failed',
      errorCode,
      connectionId: null,
    });
    return { attemptId: attempt.id, returnOrigin: attempt.returnOrigin, ok: false, errorCode };
  };

  const port = connectPortOf(deps, attempt.provider);
  if (input.error) {
    const errorCode = port
      ? port.authorizeErrorCode({ error: input.error, errorDescription: input.errorDescription })
      : input.error === 'access_denied'
        ? 'oauth_access_denied'
        : 'oauth_exchange_failed';
    if (errorCode === 'admin_consent_required') {
      deps.logger.warn(
        { attemptId: attempt.id, provider: attempt.provider },
        `${attempt.provider} authorization needs an administrator's consent`,
      );
    }
    return fail(errorCode);
  }
  if (!input.code || !port) return fail('oauth_exchange_failed');

  let tokens: ProviderTokenSet;
  let account: LinkedAccount;
  let missingScopes: string[];
  try {
    ({ tokens, account, missingScopes } = await port.exchange({
      code: input.code,
      state: input.state,
      codeVerifier: deps.cipher.decrypt(attempt.codeVerifierCiphertext, verifierAad(attempt.id)),
    }));
  } catch (error) {
    deps.logger.warn(
      { attemptId: attempt.id, provider: attempt.provider, error: describeError(error) },
      `${attempt.provider} authorization could not be completed`,
    );
    // The organisation lets only an administrator consent: the user is told what to ask for.
    return fail(isAdminConsentRequired(error) ? 'admin_consent_required' : 'oauth_exchange_failed');
  }

  if (missingScopes.length > 0) {
    // The user unticked what we need (Google's granular consent). With include_granted_scopes a
    // grant that held them would have answered them, so this grant serves no link: end it.
    deps.logger.warn(
      { attemptId: attempt.id, provider: attempt.provider, missingScopes },
      `${attempt.provider} authorization lacks required scopes`,
    );
    await port.revokeUnusedGrant(tokens);
    return fail('oauth_access_denied');
  }

  const linked = await linkProviderAccount(deps, attempt, account, tokens);
  await deps.store.oauthAttempts.finish(attempt.id, {
    status: 'succeeded',
    errorCode: null,
    connectionId: linked.connection.id,
  });
  if (linked.replacedGrant) await port.revokeUnusedGrant(linked.replacedGrant);
  if (input.onLinked) {
    await input.onLinked(linked.connection).catch((error: unknown) => {
      deps.logger.error(
        { attemptId: attempt.id, provider: attempt.provider, error: describeError(error) },
        'work after linking failed',
      );
    });
  }
  return { attemptId: attempt.id, returnOrigin: attempt.returnOrigin, ok: true, errorCode: null };
}

/** The polling fallback for a popup that lost its opener. Only the attempt's owner sees it. */
export async function getOAuthAttemptForActor(
  deps: CoreDeps,
  actor: Actor,
  attemptId: string,
): Promise<{
  attempt: OAuthAttemptRecord;
  status: OAuthAttemptRecord['status'];
  connection: Connection | null;
} | null> {
  const attempt = await deps.store.oauthAttempts.findById(attemptId);
  if (!attempt || attempt.tenantId !== actor.tenantId || attempt.userId !== actor.userId) {
    return null;
  }
  const status =
    attempt.status === 'pending' && attempt.expiresAt <= deps.clock.now()
      ? 'expired'
      : attempt.status;
  let connection: Connection | null = null;
  if (status === 'succeeded' && attempt.connectionId) {
    const record = await deps.store.connections.findById(attempt.connectionId);
    if (record && record.tenantId === actor.tenantId)
      connection = toConnectionView(record, actor.tenantId);
  }
  return { attempt, status, connection };
}

function verifierAad(attemptId: string): string {
  return `v1|oauth-pkce|${attemptId}`;
}
