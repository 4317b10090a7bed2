import type { ConnectionStatus, Provider, Role } from '@ats-zoom/contract';

/**
 * Ports of the BFF core. Core code (use cases, domain) depends only on these interfaces;
 * adapters (src/adapters) implement them and src/http wires them to Express.
 */

export interface Clock {
  now(): Date;
}

/** Who a stored link was taken from or given to (names only within one tenant). */
export interface LinkPartyRecord {
  tenantId: string;
  userId: string;
  userName: string;
}

export interface ConnectionRecord {
  id: string;
  tenantId: string;
  /** The ATS user who owns this link. */
  userId: string;
  userName: string;
  provider: Provider;
  /** The provider's user id (Zoom `user_id`); unique among live links across the deployment. */
  providerUserId: string;
  providerAccountId: string | null;
  email: string | null;
  displayName: string | null;
  accountType: 'personal' | 'managed' | null;
  status: ConnectionStatus;
  scopes: string[];
  /**
   * Access + refresh token, encrypted by the TokenCipher (AES-256-GCM, key id inside).
   * Null once the link is moved, revoked or disconnected.
   */
  tokenCiphertext: string | null;
  accessTokenExpiresAt: Date | null;
  movedFrom: LinkPartyRecord | null;
  movedTo: LinkPartyRecord | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConnectionRepository {
  findById(id: string): Promise<ConnectionRecord | undefined>;
  /** The (at most one) link of an ATS user for a provider, whatever its status. */
  findForUser(
    tenantId: string,
    userId: string,
    provider: Provider,
  ): Promise<ConnectionRecord | undefined>;
  /** The live (active or needs_reauth) link of a provider user, in any tenant. */
  findLiveByProviderUser(
    provider: Provider,
    providerUserId: string,
  ): Promise<ConnectionRecord | undefined>;
  listForTenant(tenantId: string, provider: Provider): Promise<ConnectionRecord[]>;
  insert(record: ConnectionRecord): Promise<void>;
  update(
    id: string,
    patch: Partial<Omit<ConnectionRecord, 'id' | 'tenantId' | 'userId' | 'provider' | 'createdAt'>>,
  ): Promise<void>;
  delete(id: string): Promise<void>;
}

export type OAuthAttemptStatus = 'pending' | 'succeeded' | 'failed' | 'expired';

export interface OAuthAttemptRecord {
  id: string;
  /** SHA-256 (hex) of the `state` sent to the provider; the state itself is never stored. */
  stateHash: string;
  /** The PKCE code verifier, encrypted by the TokenCipher. */
  codeVerifierCiphertext: string;
  tenantId: string;
  userId: string;
  userName: string;
  role: Role;
  provider: Provider;
  /** Exact origin of the host page that opened the popup: the postMessage target. */
  returnOrigin: string;
  status: OAuthAttemptStatus;
  errorCode: string | null;
  connectionId: string | null;
  createdAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
  /** When the popup redeemed its start ticket (once). */
  startedAt: Date | null;
}

export interface OAuthAttemptRepository {
  insert(record: OAuthAttemptRecord): Promise<void>;
  findById(id: string): Promise<OAuthAttemptRecord | undefined>;
  /**
   * Atomically marks the attempt with this state hash as consumed and returns it, if it exists,
   * is unconsumed and has not expired at `now`. Single use: a second call returns undefined.
   */
  consumeByStateHash(stateHash: string, now: Date): Promise<OAuthAttemptRecord | undefined>;
  /**
   * Atomically records that the popup redeemed the attempt's start ticket. True for the first
   * call on a pending, unconsumed, unexpired attempt; false for every later one.
   */
  markStarted(id: string, now: Date): Promise<boolean>;
  /** Looks an attempt up by state hash without consuming it (for error reporting only). */
  findByStateHash(stateHash: string): Promise<OAuthAttemptRecord | undefined>;
  finish(
    id: string,
    result: {
      status: 'succeeded' | 'failed';
      errorCode: string | null;
      connectionId: string | null;
    },
  ): Promise<void>;
  /** Deletes attempts that expired before `before`; returns how many. */
  deleteExpired(before: Date): Promise<number>;
}

export interface WebhookEventRepository {
  /** Records a delivery key; false when it was seen before (a redelivery). */
  recordIfNew(provider: Provider, eventKey: string, receivedAt: Date): Promise<boolean>;
}

export interface AuditEntry {
  tenantId: string;
  /** ATS user id, or a system actor such as `zoom-webhook`. */
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  at: Date;
}

export interface AuditLogRepository {
  append(entry: AuditEntry): Promise<void>;
  listForTenant(tenantId: string): Promise<(AuditEntry & { id: number })[]>;
}

/** Repositories bound to one transaction (or to the store outside one). */
export interface StoreRepositories {
  connections: ConnectionRepository;
  oauthAttempts: OAuthAttemptRepository;
  webhookEvents: WebhookEventRepository;
  audit: AuditLogRepository;
}

export interface Store extends StoreRepositories {
  readonly engine: 'sqlite' | 'postgres';
  /** Runs `work` in one database transaction; everything it writes commits or none of it. */
  transaction<T>(work: (tx: StoreRepositories) => Promise<T>): Promise<T>;
  /** Readiness probe: resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Encrypts provider secrets at rest. `aad` binds a ciphertext to its owner. */
export interface TokenCipher {
  encrypt(plaintext: string, aad: string): string;
  decrypt(ciphertext: string, aad: string): string;
}

/** Tokens of one provider grant, as the OAuth adapter returns them. */
export interface ProviderTokenSet {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  scopes: string[];
}

/**
 * Zoom's OAuth endpoints (authorization code + PKCE, rotating refresh tokens, revoke).
 * Errors: `ProviderInvalidGrantError` when Zoom refuses a code or refresh token,
 * `ProviderUnavailableError` for anything else; never the upstream body.
 */
export interface ZoomOAuthPort {
  /** The consent page URL for one attempt (redirect_uri comes from config, never a request). */
  buildAuthorizationUrl(input: { state: string; codeVerifier: string }): Promise<string>;
  exchangeCode(input: {
    code: string;
    state: string;
    codeVerifier: string;
  }): Promise<ProviderTokenSet>;
  refresh(refreshToken: string): Promise<ProviderTokenSet>;
  /** Revokes the whole grant (Zoom kills access and refresh token together). */
  revoke(accessToken: string): Promise<void>;
}

/** The fields of Zoom's `GET /users/me` the BFF uses. */
export interface ZoomUserProfile {
  id: string;
  accountId: string | null;
  email: string | null;
  displayName: string | null;
  roleName: string | null;
  roleId: string | null;
  /** 1 Basic, 2 Licensed, 3 on-prem, 99 none. */
  type: number | null;
}

export interface ZoomUsersPort {
  /** Throws `ProviderAccessTokenRejectedError` on Zoom's 401 code 124. */
  getMe(accessToken: string): Promise<ZoomUserProfile>;
}

/** The slice of a structured logger (pino) the core uses. Never pass tokens or codes to it. */
export interface LogPort {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * A write broke one of the store's uniqueness rules, e.g. a second live link for one provider
 * user (`connections_live_provider_user_key`) or a second link for one ATS user and provider
 * (`connections_tenant_user_provider_key`). Thrown by store adapters instead of driver errors,
 * so the core can retry or answer 409. Inside `transaction`, the transaction is rolled back.
 */
export class StoreConflictError extends Error {
  readonly constraint: string;

  constructor(constraint: string, options?: { cause?: unknown }) {
    super(`Store uniqueness rule violated: ${constraint}`, options);
    this.name = 'StoreConflictError';
    this.constraint = constraint;
  }
}
