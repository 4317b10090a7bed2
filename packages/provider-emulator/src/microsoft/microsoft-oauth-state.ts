import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type {
  MicrosoftClientRegistration,
  MicrosoftTenant,
  MicrosoftUser,
} from './microsoft-types';

/** Two Microsoft 365 organisations: one lets users consent, one needs its admin's consent. */
export const SEEDED_MICROSOFT_TENANTS = {
  contoso: {
    key: 'contoso',
    id: '6f1c8b0e-3a52-4d7e-9c1a-2b7d5e8f0a11',
    domain: 'contoso-hr.example',
    displayName: 'Contoso 人事株式会社',
    consentPolicy: 'user',
  },
  fabrikam: {
    key: 'fabrikam',
    id: '9b2e4d6f-8a10-4c3b-b5e7-1d9f0a2c4e22',
    domain: 'fabrikam.example',
    displayName: 'Fabrikam 株式会社',
    consentPolicy: 'admin',
  },
} as const satisfies Record<string, MicrosoftTenant>;

export const SEEDED_MICROSOFT_USERS = {
  recruiter: {
    id: '3c9a1f52-7d4e-4b8a-a1c2-0e5f6d7a8b01',
    displayName: '佐藤 花子',
    givenName: '花子',
    surname: '佐藤',
    mail: 'hanako.sato@contoso-hr.example',
    userPrincipalName: 'hanako.sato@contoso-hr.example',
    tenant: 'contoso',
  },
  interviewer: {
    id: '3c9a1f52-7d4e-4b8a-a1c2-0e5f6d7a8b02',
    displayName: '鈴木 一郎',
    givenName: '一郎',
    surname: '鈴木',
    mail: 'ichiro.suzuki@contoso-hr.example',
    userPrincipalName: 'ichiro.suzuki@contoso-hr.example',
    tenant: 'contoso',
  },
  interviewer2: {
    id: '3c9a1f52-7d4e-4b8a-a1c2-0e5f6d7a8b03',
    displayName: '高橋 美咲',
    givenName: '美咲',
    surname: '高橋',
    mail: 'misaki.takahashi@contoso-hr.example',
    userPrincipalName: 'misaki.takahashi@contoso-hr.example',
    tenant: 'contoso',
  },
  adminConsentUser: {
    id: '7e2d4b61-0c9f-4a3e-8d5b-6f1a2c3e4d01',
    displayName: '山田 太郎',
    givenName: '太郎',
    surname: '山田',
    mail: 'taro.yamada@fabrikam.example',
    userPrincipalName: 'taro.yamada@fabrikam.example',
    tenant: 'fabrikam',
  },
  adminConsentUser2: {
    id: '7e2d4b61-0c9f-4a3e-8d5b-6f1a2c3e4d02',
    displayName: '中村 さくら',
    givenName: 'さくら',
    surname: '中村',
    mail: 'sakura.nakamura@fabrikam.example',
    userPrincipalName: 'sakura.nakamura@fabrikam.example',
    tenant: 'fabrikam',
  },
} as const satisfies Record<string, MicrosoftUser>;

/** Scopes the emulator knows, by their short names (the Graph resource prefix is dropped). */
export const KNOWN_SCOPES = new Set([
  'openid',
  'email',
  'profile',
  'offline_access',
  'User.Read',
  'Calendars.Read',
  'Calendars.ReadWrite',
]);
const GRAPH_RESOURCE = 'https://graph.microsoft.com/';

/** `https://graph.microsoft.com/Calendars.ReadWrite` -> `Calendars.ReadWrite`; case as known. */
export function normalizeScope(scope: string): string {
  const short = scope.startsWith(GRAPH_RESOURCE) ? scope.slice(GRAPH_RESOURCE.length) : scope;
  return [...KNOWN_SCOPES].find((s) => s.toLowerCase() === short.toLowerCase()) ?? short;
}

/** Microsoft's token-endpoint error body. */
export interface MicrosoftOAuthError {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; body: MicrosoftOAuthError };

/** The AADSTS texts the emulator answers with (README lists them). */
export const AADSTS = {
  adminConsentRequired: 'AADSTS90094: The grant requires admin permission.',
  consentMissing: (clientId: string) =>
    `AADSTS65001: The user or administrator has not consented to use the application with ID '${clientId}' named '${clientId}'. Send an interactive authorization request for this user and resource.`,
  grantRevoked:
    'AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed.',
  declined: 'AADSTS65004: User declined to consent to access the app.',
} as const;

interface CodeRecord {
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  challenge?: string;
  challengeMethod: 'S256' | 'plain';
  expiresAt: number;
  used: boolean;
}

interface Grant {
  userId: string;
  tenant: string;
  clientId: string;
  scopes: Set<string>;
  refreshTokens: Set<string>;
  live: boolean;
  /** Why the grant ended: the tenant's consent was taken away, or the user's sessions revoked. */
  endedBy?: 'consent-revoked' | 'user-revoked';
}

export interface AccessTokenRecord {
  userId: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export interface TokenResponse {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
}

const CODE_TTL_MS = 10 * 60 * 1000;
const opaque = (prefix: string, bytes: number) =>
  `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** The Microsoft identity platform for the emulator: tenants, consent, codes and tokens. */
export class MicrosoftOAuthState {
  readonly tenants: MicrosoftTenant[] = Object.values(SEEDED_MICROSOFT_TENANTS).map((t) => ({
    ...t,
  }));
  readonly users: MicrosoftUser[] = Object.values(SEEDED_MICROSOFT_USERS).map((u) => ({ ...u }));
  private readonly adminConsented = new Set<string>();
  private readonly grants = new Map<string, Grant>();
  /** Grants ended by a consent revocation, remembered so their refresh tokens say why. */
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly counters = {
    authorizationsGranted: 0,
    adminConsentRefusals: 0,
    tokensIssued: 0,
    refreshes: 0,
  };

  constructor(
    private readonly clients: MicrosoftClientRegistration[],
    private readonly now: () => number,
    private readonly accessTokenTtlSeconds: number,
  ) {}

  findClient(clientId: string | undefined): MicrosoftClientRegistration | undefined {
    return this.clients.find((c) => c.clientId === clientId);
  }

  /** By key, id or domain (case-insensitive). */
  findTenant(name: string | undefined): MicrosoftTenant | undefined {
    const key = name?.toLowerCase();
    return this.tenants.find((t) => t.key === key || t.id === key || t.domain === key);
  }

  /** By object id, mail or UPN (case-insensitive). */
  findUser(idOrEmail: string | undefined): MicrosoftUser | undefined {
    const key = idOrEmail?.toLowerCase();
    return this.users.find(
      (u) => u.id === key || u.mail.toLowerCase() === key || u.userPrincipalName === key,
    );
  }

  /** The `{tenant}` segment: `common`, `organizations`, or one tenant by id or domain. */
  usersForAuthority(authority: string): MicrosoftUser[] | undefined {
    const lower = authority.toLowerCase();
    if (lower === 'common' || lower === 'organizations') return this.users;
    const tenant = this.findTenant(lower);
    return tenant ? this.users.filter((u) => u.tenant === tenant.key) : undefined;
  }

  tenantOf(user: MicrosoftUser): MicrosoftTenant {
    const tenant = this.findTenant(user.tenant);
    if (!tenant) throw new Error(`Unknown tenant ${user.tenant}`);
    return tenant;
  }

  hasAdminConsent(tenantKey: string): boolean {
    return this.adminConsented.has(tenantKey);
  }

  grantAdminConsent(tenantName: string): void {
    this.adminConsented.add(this.requireTenant(tenantName).key);
  }

  revokeAdminConsent(tenantName: string): void {
    const tenant = this.requireTenant(tenantName);
    this.adminConsented.delete(tenant.key);
    for (const grant of this.grants.values()) {
      if (grant.tenant === tenant.key && grant.live) this.endGrant(grant, 'consent-revoked');
    }
  }

  private requireTenant(name: string): MicrosoftTenant {
    const tenant = this.findTenant(name);
    if (!tenant) throw new Error(`Unknown Microsoft tenant "${name}"`);
    return tenant;
  }

  /** Whether the user may sign in to the app at all: admin-consent tenants need the admin first. */
  mayConsent(user: MicrosoftUser): boolean {
    const tenant = this.tenantOf(user);
    return tenant.consentPolicy === 'user' || this.adminConsented.has(tenant.key);
  }

  private grantOf(userId: string, clientId: string): Grant | undefined {
    const grant = this.grants.get(`${userId}:${clientId}`);
    return grant?.live ? grant : undefined;
  }

  /** The user pressed Accept (and may consent): records the grant and answers a code. */
  approve(input: {
    client: MicrosoftClientRegistration;
    redirectUri: string;
    user: MicrosoftUser;
    scopes: string[];
    challenge?: string;
    challengeMethod?: string;
  }): string {
    const { client, user } = input;
    let grant = this.grantOf(user.id, client.clientId);
    if (!grant) {
      grant = {
        userId: user.id,
        tenant: user.tenant,
        clientId: client.clientId,
        scopes: new Set(),
        refreshTokens: new Set(),
        live: true,
      };
      this.grants.set(`${user.id}:${client.clientId}`, grant);
    }
    for (const scope of input.scopes) grant.scopes.add(scope);
    const code = opaque('1.AXEA', 96);
    this.codes.set(code, {
      clientId: client.clientId,
      redirectUri: input.redirectUri,
      userId: user.id,
      scopes: input.scopes,
      challenge: input.challenge,
      challengeMethod: input.challengeMethod === 'plain' ? 'plain' : 'S256',
      expiresAt: this.now() + CODE_TTL_MS,
      used: false,
    });
    this.counters.authorizationsGranted++;
    return code;
  }

  error(status: number, error: string, description: string, code: number): Outcome<never> {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = `${new Date(this.now()).toISOString().replace('T', ' ').slice(0, 19)}Z`;
    return {
      ok: false,
      status,
      body: {
        error,
        error_description: `${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
      },
    };
  }

  authenticateClient(
    clientId: string | undefined,
    clientSecret: string | undefined,
  ): Outcome<MicrosoftClientRegistration> {
    const client = this.findClient(clientId);
    if (!client) {
      return this.error(
        400,
        'unauthorized_client',
        `AADSTS700016: Application with identifier '${clientId ?? ''}' was not found in the directory.`,
        700016,
      );
    }
    if (client.clientSecret !== clientSecret) {
      return this.error(
        401,
        'invalid_client',
        `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
        7000215,
      );
    }
    return { ok: true, value: client };
  }

  exchangeCode(
    client: MicrosoftClientRegistration,
    params: { code?: string; redirect_uri?: string; code_verifier?: string },
  ): Outcome<TokenResponse> {
    if (!params.code) {
      return this.error(
        400,
        'invalid_request',
        "AADSTS900144: The request body must contain the following parameter: 'code'.",
        900144,
      );
    }
    const record = this.codes.get(params.code);
    if (!record || record.clientId !== client.clientId) {
      return this.error(
        400,
        'invalid_grant',
        'AADSTS9002313: Invalid request. Request is malformed or invalid.',
        9002313,
      );
    }
    if (record.expiresAt <= this.now()) {
      return this.error(
        400,
        'invalid_grant',
        'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.',
        70008,
      );
    }
    if (record.used) {
      return this.error(
        400,
        'invalid_grant',
        'AADSTS54005: OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
        54005,
      );
    }
    if (params.redirect_uri !== record.redirectUri) {
      return this.error(
        400,
        'invalid_grant',
        'AADSTS50011: The redirect URI specified in the request does not match the redirect URI the authorization code was issued for.',
        50011,
      );
    }
    if (record.challenge !== undefined) {
      if (!params.code_verifier) {
        return this.error(
          400,
          'invalid_request',
          "AADSTS900144: The request body must contain the following parameter: 'code_verifier'.",
          900144,
        );
      }
      const derived =
        record.challengeMethod === 'S256'
          ? createHash('sha256').update(params.code_verifier).digest('base64url')
          : params.code_verifier;
      if (derived !== record.challenge) {
        return this.error(
          400,
          'invalid_grant',
          'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.',
          501481,
        );
      }
    }
    record.used = true;
    const grant = this.grantOf(record.userId, record.clientId);
    if (!grant) {
      return this.error(400, 'invalid_grant', AADSTS.consentMissing(client.clientId), 65001);
    }
    const response = this.issueAccessToken(grant, record.scopes);
    if (record.scopes.includes('offline_access')) {
      response.refresh_token = this.mintRefreshToken(grant);
    }
    return { ok: true, value: response };
  }

  /** Refresh with rotation: a new refresh token each time; earlier ones keep working. */
  refresh(
    client: MicrosoftClientRegistration,
    refreshToken: string | undefined,
  ): Outcome<TokenResponse> {
    if (!refreshToken) {
      return this.error(
        400,
        'invalid_request',
        "AADSTS900144: The request body must contain the following parameter: 'refresh_token'.",
        900144,
      );
    }
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant) {
      return this.error(
        400,
        'invalid_grant',
        'AADSTS9002313: Invalid request. Request is malformed or invalid.',
        9002313,
      );
    }
    if (grant.clientId !== client.clientId) {
      return this.error(
        400,
        'invalid_grant',
        'AADSTS700005: Provided Authorization Code is intended to use against other tenant, thus rejected.',
        700005,
      );
    }
    if (!grant.live) {
      return grant.endedBy === 'consent-revoked'
        ? this.error(400, 'invalid_grant', AADSTS.consentMissing(client.clientId), 65001)
        : this.error(400, 'invalid_grant', AADSTS.grantRevoked, 50173);
    }
    this.counters.refreshes++;
    const response = this.issueAccessToken(grant, [...grant.scopes]);
    response.refresh_token = this.mintRefreshToken(grant);
    return { ok: true, value: response };
  }

  revokeGrantOf(userId: string, clientId: string): void {
    const grant = this.grantOf(userId, clientId);
    if (!grant) throw new Error(`No live Microsoft grant for ${userId} and ${clientId}`);
    this.endGrant(grant, 'user-revoked');
  }

  liveRefreshTokenCount(userId: string, clientId: string): number {
    return this.grantOf(userId, clientId)?.refreshTokens.size ?? 0;
  }

  /** `live`, `expired` or `unknown`: Graph says which in its 401. */
  accessToken(token: string | undefined): AccessTokenRecord | 'expired' | undefined {
    const record = token ? this.accessTokens.get(token) : undefined;
    if (!record) return undefined;
    return record.expiresAt <= this.now() ? 'expired' : record;
  }

  /** The user a live access token belongs to (fault scoping, concurrency). */
  userOfToken(token: string | undefined): MicrosoftUser | undefined {
    const record = this.accessToken(token);
    return record && record !== 'expired' ? this.findUser(record.userId) : undefined;
  }

  private mintRefreshToken(grant: Grant): string {
    const token = opaque('M.C5', 120);
    grant.refreshTokens.add(token);
    this.refreshTokens.set(token, grant);
    return token;
  }

  private issueAccessToken(grant: Grant, scopes: string[]): TokenResponse {
    const token = opaque('EwBYA8l6BAAU', 160);
    // Access tokens are self-contained JWTs at Microsoft: they live until they expire, even
    // after consent is revoked.
    this.accessTokens.set(token, {
      userId: grant.userId,
      clientId: grant.clientId,
      scopes,
      expiresAt: this.now() + this.accessTokenTtlSeconds * 1000,
    });
    this.counters.tokensIssued++;
    return {
      token_type: 'Bearer',
      scope: scopes.filter((s) => s !== 'offline_access').join(' '),
      expires_in: this.accessTokenTtlSeconds,
      ext_expires_in: this.accessTokenTtlSeconds,
      access_token: token,
    };
  }

  private endGrant(grant: Grant, why: 'consent-revoked' | 'user-revoked'): void {
    grant.live = false;
    grant.endedBy = why;
    grant.refreshTokens.clear();
  }
}
