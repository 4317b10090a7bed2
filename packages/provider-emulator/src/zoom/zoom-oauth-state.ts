import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createZoomSeed,
  initiallyApprovedAccountIds,
  type ZoomSeed,
  type ZoomUserProfile,
} from './seed-zoom-accounts';
import type {
  ZoomClientRegistration,
  ZoomEmulatorStats,
  ZoomPreApprovalRequest,
} from './zoom-types';

/** Granular scopes a General app needs for the ATS flows (research §1). */
export const ZOOM_GRANTED_SCOPE = [
  'meeting:delete:meeting',
  'meeting:read:list_meetings',
  'meeting:read:meeting',
  'meeting:update:meeting',
  'meeting:write:meeting',
  'user:read:settings',
  'user:read:user',
].join(' ');

const CODE_TTL_MS = 5 * 60 * 1000;

export interface ZoomTokenPair {
  access_token: string;
  token_type: 'bearer';
  refresh_token: string;
  expires_in: number;
  scope: string;
}

/** Zoom's token-endpoint error body. */
export interface ZoomTokenError {
  status: 400 | 401;
  body: { reason: string; error: string };
}

export type ZoomTokenOutcome =
  | { ok: true; tokens: ZoomTokenPair }
  | { ok: false; error: ZoomTokenError };

export type AccessTokenCheck =
  | { ok: true; user: ZoomUserProfile; clientId: string }
  | { ok: false; reason: 'invalid' | 'expired' };

interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  userId: string;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  expiresAt: number;
  used: boolean;
}

interface Grant {
  clientId: string;
  userId: string;
  alive: boolean;
  currentRefreshToken: string;
  createdAt: number;
}

export interface LiveGrant {
  clientId: string;
  user: ZoomUserProfile;
  createdAt: string;
}

const invalidGrant = (reason: string): ZoomTokenError => ({
  status: 400,
  body: { reason, error: 'invalid_grant' },
});

function opaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Everything the fake Zoom authorization server remembers, per emulator instance:
 * codes, grants (one live per client and user), tokens, pre-approvals and counters.
 */
export class ZoomOAuthState {
  readonly seed: ZoomSeed;
  private readonly usersById = new Map<string, ZoomUserProfile>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly grants: Grant[] = [];
  private readonly accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly approvedAccounts = new Set<string>(initiallyApprovedAccountIds);
  private readonly preApprovalRequests: {
    accountId: string;
    userId: string;
    requestedAt: number;
  }[] = [];
  private readonly counters: Omit<ZoomEmulatorStats, 'endpoints'> = {
    tokenRequests: { authorization_code: 0, refresh_token: 0 },
    revocations: 0,
    apiRequests: 0,
  };

  constructor(
    readonly clients: readonly ZoomClientRegistration[],
    private readonly now: () => number,
    private readonly accessTokenTtlSeconds: number,
    /** Users beyond the named seed (`extraUsers`), in order. */
    readonly extraUsers: readonly ZoomUserProfile[] = [],
  ) {
    this.seed = createZoomSeed();
    for (const profile of [...Object.values(this.seed), ...extraUsers]) {
      this.usersById.set(profile.id, profile);
    }
  }

  get users(): ZoomUserProfile[] {
    return [...this.usersById.values()];
  }

  findUser(userId: string): ZoomUserProfile | undefined {
    return this.usersById.get(userId);
  }

  findClient(clientId: string | undefined): ZoomClientRegistration | undefined {
    return clientId === undefined ? undefined : this.clients.find((c) => c.clientId === clientId);
  }

  /** Checks `Authorization: Basic base64(client_id:client_secret)`. */
  authenticateClient(authorization: string | undefined): ZoomClientRegistration | undefined {
    const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64 (clients such as
    // oauth4webapi encode `-`, `_`, `.` and more), so decode them before comparing.
    const client = this.findClient(formDecode(decoded.slice(0, colon)));
    return client && sameString(client.clientSecret, formDecode(decoded.slice(colon + 1)))
      ? client
      : undefined;
  }

  // --- pre-approval -------------------------------------------------------------------------

  /** Accepts a managed account id or the seed's short name (`acme`, `globex`). */
  resolveManagedAccountId(accountIdOrAlias: string): string | undefined {
    const member = this.users.find(
      (u) =>
        u.kind === 'managed' &&
        (u.account_id === accountIdOrAlias || u.accountAlias === accountIdOrAlias),
    );
    return member?.account_id;
  }

  managedAccounts(): { accountId: string; alias: string | null; approved: boolean }[] {
    const seen = new Map<string, string | null>();
    for (const u of this.users) if (u.kind === 'managed') seen.set(u.account_id, u.accountAlias);
    return [...seen].map(([accountId, alias]) => ({
      accountId,
      alias,
      approved: this.approvedAccounts.has(accountId),
    }));
  }

  needsPreApproval(user: ZoomUserProfile): boolean {
    return user.kind === 'managed' && !this.approvedAccounts.has(user.account_id);
  }

  preApprove(accountIdOrAlias: string): void {
    const accountId = this.resolveManagedAccountId(accountIdOrAlias);
    if (!accountId) {
      const known = this.managedAccounts()
        .map((a) => `${a.accountId} (${a.alias})`)
        .join(', ');
      throw new Error(`Unknown managed Zoom account "${accountIdOrAlias}"; known: ${known}`);
    }
    this.approvedAccounts.add(accountId);
  }

  requestPreApproval(user: ZoomUserProfile): void {
    const pending = this.preApprovalRequests.find(
      (r) => r.userId === user.id && !this.approvedAccounts.has(r.accountId),
    );
    if (pending) pending.requestedAt = this.now();
    else
      this.preApprovalRequests.push({
        accountId: user.account_id,
        userId: user.id,
        requestedAt: this.now(),
      });
  }

  listPreApprovalRequests(): ZoomPreApprovalRequest[] {
    return this.preApprovalRequests.map((r) => ({
      accountId: r.accountId,
      userId: r.userId,
      email: this.usersById.get(r.userId)?.email ?? '',
      requestedAt: new Date(r.requestedAt).toISOString(),
      approved: this.approvedAccounts.has(r.accountId),
    }));
  }

  // --- codes and tokens -----------------------------------------------------------------------

  issueCode(input: Omit<AuthorizationCode, 'expiresAt' | 'used'>): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { ...input, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return code;
  }

  exchangeCode(
    client: ZoomClientRegistration,
    params: { code?: string; redirectUri?: string; codeVerifier?: string },
  ): ZoomTokenOutcome {
    this.counters.tokenRequests.authorization_code++;
    const entry = params.code ? this.codes.get(params.code) : undefined;
    if (!entry || entry.used || entry.clientId !== client.clientId) {
      return { ok: false, error: invalidGrant('Invalid authorization code') };
    }
    if (this.now() >= entry.expiresAt) return { ok: false, error: invalidGrant('Code is expired') };
    if (params.redirectUri !== entry.redirectUri) {
      return { ok: false, error: invalidGrant('Redirect URI mismatch.') };
    }
    if (entry.codeChallenge !== null && !verifierMatches(entry, params.codeVerifier)) {
      return { ok: false, error: invalidGrant('Invalid code_verifier') };
    }
    entry.used = true;
    // Zoom keeps one live grant per app and user: the newest authorization wins (research §1).
    for (const grant of this.grants) {
      if (grant.alive && grant.clientId === client.clientId && grant.userId === entry.userId) {
        grant.alive = false;
      }
    }
    const grant: Grant = {
      clientId: client.clientId,
      userId: entry.userId,
      alive: true,
      currentRefreshToken: '',
      createdAt: this.now(),
    };
    this.grants.push(grant);
    return { ok: true, tokens: this.mintTokens(grant) };
  }

  refresh(client: ZoomClientRegistration, refreshToken: string | undefined): ZoomTokenOutcome {
    this.counters.tokenRequests.refresh_token++;
    const grant = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    if (
      !grant?.alive ||
      grant.clientId !== client.clientId ||
      grant.currentRefreshToken !== refreshToken
    ) {
      return { ok: false, error: invalidGrant('Invalid Token!') };
    }
    return { ok: true, tokens: this.mintTokens(grant) };
  }

  /** Kills the grant that the access or refresh token belongs to, when it is the client's. */
  revoke(client: ZoomClientRegistration, token: string): void {
    this.counters.revocations++;
    const grant = this.accessTokens.get(token)?.grant ?? this.refreshTokens.get(token);
    if (grant && grant.clientId === client.clientId) grant.alive = false;
  }

  checkAccessToken(token: string | undefined): AccessTokenCheck {
    const entry = token ? this.accessTokens.get(token) : undefined;
    if (!entry?.grant.alive) return { ok: false, reason: 'invalid' };
    if (this.now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    const user = this.usersById.get(entry.grant.userId);
    if (!user) return { ok: false, reason: 'invalid' };
    return { ok: true, user, clientId: entry.grant.clientId };
  }

  /** Kills every live grant of the user; answers the clients that held one. */
  killGrantsOfUser(userId: string): string[] {
    const clientIds: string[] = [];
    for (const grant of this.grants) {
      if (grant.alive && grant.userId === userId) {
        grant.alive = false;
        clientIds.push(grant.clientId);
      }
    }
    return clientIds;
  }

  liveGrants(): LiveGrant[] {
    return this.grants.flatMap((g) => {
      const user = this.usersById.get(g.userId);
      return g.alive && user
        ? [{ clientId: g.clientId, user, createdAt: new Date(g.createdAt).toISOString() }]
        : [];
    });
  }

  liveGrantCount(userId: string): number {
    return this.grants.filter((g) => g.alive && g.userId === userId).length;
  }

  countApiRequest(): void {
    this.counters.apiRequests++;
  }

  stats(): Omit<ZoomEmulatorStats, 'endpoints'> {
    return {
      tokenRequests: { ...this.counters.tokenRequests },
      revocations: this.counters.revocations,
      apiRequests: this.counters.apiRequests,
    };
  }

  private mintTokens(grant: Grant): ZoomTokenPair {
    const accessToken = opaqueToken();
    const refreshToken = opaqueToken();
    // Rotation: only the newest refresh token of a grant works. Earlier access tokens stay
    // valid until they expire, unless the grant itself dies.
    grant.currentRefreshToken = refreshToken;
    this.accessTokens.set(accessToken, {
      grant,
      expiresAt: this.now() + this.accessTokenTtlSeconds * 1000,
    });
    this.refreshTokens.set(refreshToken, grant);
    return {
      access_token: accessToken,
      token_type: 'bearer',
      refresh_token: refreshToken,
      expires_in: this.accessTokenTtlSeconds,
      scope: ZOOM_GRANTED_SCOPE,
    };
  }
}

function verifierMatches(code: AuthorizationCode, verifier: string | undefined): boolean {
  if (!verifier || code.codeChallenge === null) return false;
  const derived =
    code.codeChallengeMethod === 'plain'
      ? verifier
      : createHash('sha256').update(verifier).digest('base64url');
  return sameString(derived, code.codeChallenge);
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
