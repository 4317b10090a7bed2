import type { Connection, ProblemCode } from '@ats-zoom/contract';
import type { Actor } from './actor';
import { toConnectionView } from './connection-view';
import type { CoreDeps } from './deps';
import { DomainError, OAuthStateInvalidError, OriginNotAllowedError } from './errors';
import type {
  ConnectionRecord,
  LinkPartyRecord,
  OAuthAttemptRecord,
  ProviderTokenSet,
  ZoomUserProfile,
} from './ports';
import { randomId, randomSecret, sha256Hex } from './secrets';
import { type GrantTokens, openTokens, sealTokens } from './token-vault';
import { classifyZoomAccount } from './zoom-account-type';

export const OAUTH_ATTEMPT_TTL_MS = 10 * 60 * 1000;
export const OAUTH_TICKET_TTL_MS = 60 * 1000;

const ticketAad = (attemptId: string) => `v1|oauth-ticket|${attemptId}`;
const BROWSER_BINDING_AAD = 'v1|oauth-browser-binding';

export interface StartedAuthorization {
  attemptId: string;
  /** Single-use, 60 s: lets the popup's first request pick up the attempt without a host token. */
  ticket: string;
  expiresAt: Date;
}

/**
 * Starts a Zoom connect attempt for the signed-in user from a host page at `origin`: the
 * attempt remembers that exact origin as the only target of the popup's result message.
 */
export async function startZoomAuthorization(
  deps: CoreDeps,
  actor: Actor,
  input: { origin: string | undefined; allowedOrigins: readonly string[] },
): Promise<StartedAuthorization> {
  const { origin } = input;
  if (!origin || !input.allowedOrigins.includes(origin)) throw new OriginNotAllowedError();

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
    provider: 'zoom',
    returnOrigin: origin,
    status: 'pending',
    errorCode: null,
    connectionId: null,
    createdAt: now,
    expiresAt,
    consumedAt: null,
    startedAt: null,
  });
  // The raw state exists only inside this sealed ticket until the popup hands it to Zoom.
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

/** The popup's first request: redeems the ticket once and sends the browser to Zoom. */
export async function openZoomAuthorization(
  deps: CoreDeps,
  input: { attemptId: string; ticket: string },
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
  const firstUse = await deps.store.oauthAttempts.markStarted(attempt.id, now);
  if (!firstUse) throw new OAuthStateInvalidError('The ticket was already used.');

  const codeVerifier = deps.cipher.decrypt(attempt.codeVerifierCiphertext, verifierAad(attempt.id));
  const authorizationUrl = await deps.zoomOAuth.buildAuthorizationUrl({
    state: ticket.state,
    codeVerifier,
  });
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
 * Zoom's redirect back. Anything wrong with the state (missing, unknown, replayed, expired,
 * another browser's) throws `OAuthStateInvalidError` before any call to Zoom.
 */
export async function completeZoomAuthorization(
  deps: CoreDeps,
  input: {
    state: string | undefined;
    code: string | undefined;
    error: string | undefined;
    browserBinding: string | undefined;
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

  if (input.error) {
    return fail(input.error === 'access_denied' ? 'oauth_access_denied' : 'oauth_exchange_failed');
  }
  if (!input.code) return fail('oauth_exchange_failed');

  let tokens: ProviderTokenSet;
  let profile: ZoomUserProfile;
  try {
    tokens = await deps.zoomOAuth.exchangeCode({
      code: input.code,
      state: input.state,
      codeVerifier: deps.cipher.decrypt(attempt.codeVerifierCiphertext, verifierAad(attempt.id)),
    });
    profile = await deps.zoomUsers.getMe(tokens.accessToken);
  } catch (error) {
    deps.logger.warn(
      { attemptId: attempt.id, error: describeError(error) },
      'zoom authorization could not be completed',
    );
    return fail('oauth_exchange_failed');
  }

  const linked = await linkZoomAccount(deps, attempt, profile, tokens);
  await deps.store.oauthAttempts.finish(attempt.id, {
    status: 'succeeded',
    errorCode: null,
    connectionId: linked.connection.id,
  });
  if (linked.replacedGrant) await revokeReplacedGrant(deps, linked.replacedGrant);
  return { attemptId: attempt.id, returnOrigin: attempt.returnOrigin, ok: true, errorCode: null };
}

interface LinkResult {
  connection: ConnectionRecord;
  /** The user's previous grant for a different Zoom user, to revoke after commit. */
  replacedGrant: GrantTokens | null;
}

type LinkOwner = Pick<OAuthAttemptRecord, 'tenantId' | 'userId' | 'userName'>;

/**
 * One Zoom user is live for one ATS account across the deployment (design 1.1). Zoom has just
 * killed every older grant of this Zoom user, so a previous holder's link moves here, in one
 * transaction, with an audit entry on both sides.
 *
 * The write holds the connection lock of every link it replaces, the lock token refreshes take:
 * a refresh in flight with the old grant is refused by Zoom and marks its link `needs_reauth`,
 * and that mark must land before this write, never over it.
 */
export async function linkZoomAccount(
  deps: CoreDeps,
  owner: LinkOwner,
  profile: ZoomUserProfile,
  tokens: ProviderTokenSet,
): Promise<LinkResult> {
  let locked = await linksReplacedBy(deps.store, owner, profile.id);
  // The links in play can change while we wait for their locks (another connect): lock again.
  for (let round = 1; ; round += 1) {
    const outcome = await withConnectionLocks(deps.store, locked, () =>
      writeLink(deps, owner, profile, tokens, locked),
    );
    if (outcome.kind === 'linked') return outcome.result;
    if (round === 3) throw new Error('The Zoom links kept changing while being replaced.');
    locked = outcome.involved;
  }
}

/** Ids of the existing links a new link of this Zoom user for this owner would change. */
async function linksReplacedBy(
  store: CoreDeps['store'],
  owner: LinkOwner,
  zoomUserId: string,
): Promise<string[]> {
  const [holder, mine] = await Promise.all([
    store.connections.findLiveByProviderUser('zoom', zoomUserId),
    store.connections.findForUser(owner.tenantId, owner.userId, 'zoom'),
  ]);
  return [...new Set([holder?.id, mine?.id].filter((id): id is string => id !== undefined))].sort();
}

/** Holds the connection locks of `ids` (sorted, so two writers never wait on each other). */
function withConnectionLocks<T>(
  store: CoreDeps['store'],
  ids: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  const [first, ...rest] = ids;
  if (first === undefined) return work();
  return store.withConnectionLock(first, () => withConnectionLocks(store, rest, work));
}

type LinkWrite =
  | { kind: 'linked'; result: LinkResult }
  /** A link outside `locked` is involved now: retry holding these. */
  | { kind: 'relock'; involved: string[] };

async function writeLink(
  deps: CoreDeps,
  owner: LinkOwner,
  profile: ZoomUserProfile,
  tokens: ProviderTokenSet,
  locked: readonly string[],
): Promise<LinkWrite> {
  const me: LinkPartyRecord = {
    tenantId: owner.tenantId,
    userId: owner.userId,
    userName: owner.userName,
  };
  const now = deps.clock.now();
  const grant: GrantTokens = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };

  return deps.store.transaction(async (tx): Promise<LinkWrite> => {
    const holder = await tx.connections.findLiveByProviderUser('zoom', profile.id);
    const mine = await tx.connections.findForUser(owner.tenantId, owner.userId, 'zoom');
    const involved = [holder?.id, mine?.id].filter((id): id is string => id !== undefined);
    if (involved.some((id) => !locked.includes(id))) {
      return { kind: 'relock', involved: [...new Set([...locked, ...involved])].sort() };
    }

    let movedFrom: LinkPartyRecord | null = null;
    if (holder && holder.id !== mine?.id) {
      movedFrom = { tenantId: holder.tenantId, userId: holder.userId, userName: holder.userName };
      await tx.connections.update(holder.id, {
        status: 'moved',
        tokenCiphertext: null,
        accessTokenExpiresAt: null,
        movedTo: me,
        updatedAt: now,
      });
      await tx.audit.append({
        tenantId: holder.tenantId,
        actor: owner.tenantId === holder.tenantId ? owner.userId : 'another-tenant',
        action: 'connection.moved_out',
        subjectType: 'connection',
        subjectId: holder.id,
        details: {
          providerUserId: profile.id,
          to: owner.tenantId === holder.tenantId ? { userId: owner.userId } : 'other_tenant',
        },
        at: now,
      });
    }

    let replacedGrant: GrantTokens | null = null;
    if (
      mine?.tokenCiphertext &&
      (mine.status === 'active' || mine.status === 'needs_reauth') &&
      mine.providerUserId !== profile.id
    ) {
      replacedGrant = openTokens(deps.cipher, { ...mine, tokenCiphertext: mine.tokenCiphertext });
    }

    const sameZoomUserAgain = mine?.providerUserId === profile.id && !movedFrom;
    const fields = {
      userName: owner.userName,
      providerUserId: profile.id,
      providerAccountId: profile.accountId,
      email: profile.email,
      displayName: profile.displayName,
      accountType: classifyZoomAccount(profile),
      status: 'active' as const,
      scopes: tokens.scopes,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      movedFrom: sameZoomUserAgain ? (mine?.movedFrom ?? null) : movedFrom,
      movedTo: null,
      updatedAt: now,
    };

    let connection: ConnectionRecord;
    if (mine) {
      connection = { ...mine, ...fields, tokenCiphertext: sealTokens(deps.cipher, mine, grant) };
      await tx.connections.update(mine.id, {
        ...fields,
        tokenCiphertext: connection.tokenCiphertext,
      });
    } else {
      const identity = {
        id: randomId(),
        tenantId: owner.tenantId,
        userId: owner.userId,
        provider: 'zoom' as const,
      };
      connection = {
        ...identity,
        ...fields,
        tokenCiphertext: sealTokens(deps.cipher, identity, grant),
        createdAt: now,
      };
      await tx.connections.insert(connection);
    }

    await tx.audit.append({
      tenantId: owner.tenantId,
      actor: owner.userId,
      action: movedFrom ? 'connection.moved_in' : 'connection.connected',
      subjectType: 'connection',
      subjectId: connection.id,
      details: {
        providerUserId: profile.id,
        ...(movedFrom
          ? {
              from:
                movedFrom.tenantId === owner.tenantId
                  ? { userId: movedFrom.userId }
                  : 'other_tenant',
            }
          : {}),
      },
      at: now,
    });
    return { kind: 'linked', result: { connection, replacedGrant } };
  });
}

async function revokeReplacedGrant(deps: CoreDeps, grant: GrantTokens): Promise<void> {
  try {
    await deps.zoomOAuth.revoke(grant.accessToken);
  } catch {
    // The access token may have expired; a fresh one from the refresh token revokes the grant.
    try {
      const rotated = await deps.zoomOAuth.refresh(grant.refreshToken);
      await deps.zoomOAuth.revoke(rotated.accessToken);
    } catch (error) {
      deps.logger.warn({ error: describeError(error) }, 'could not revoke the replaced zoom grant');
    }
  }
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

/** Error summary safe to log: class and our own message, never an upstream body or token. */
export function describeError(error: unknown): { type: string; code?: string; message?: string } {
  if (error instanceof DomainError)
    return { type: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { type: error.name };
  return { type: typeof error };
}
