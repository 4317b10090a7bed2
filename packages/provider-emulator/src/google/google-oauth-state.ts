import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type { GoogleClientRegistration, GoogleUser } from './google-types';

/** Seeded accounts; ids are stable so tests and the demo can name them. */
export const SEEDED_GOOGLE_USERS = {
  recruiter: {
    sub: '110248495921238986420',
    email: 'aiko.tanaka@acme-hr.example',
    email_verified: true,
    name: 'Aiko Tanaka',
    given_name: 'Aiko',
    family_name: 'Tanaka',
    hd: 'acme-hr.example',
  },
  interviewer: {
    sub: '110248495921238986421',
    email: 'kenji.sato@acme-hr.example',
    email_verified: true,
    name: 'Kenji Sato',
    given_name: 'Kenji',
    family_name: 'Sato',
    hd: 'acme-hr.example',
  },
  interviewer2: {
    sub: '110248495921238986422',
    email: 'yui.ito@acme-hr.example',
    email_verified: true,
    name: 'Yui Ito',
    given_name: 'Yui',
    family_name: 'Ito',
    hd: 'acme-hr.example',
  },
  consumer: {
    sub: '110248495921238986423',
    email: 'haruto.freelance@gmail.com',
    email_verified: true,
    name: 'Haruto Mori',
    given_name: 'Haruto',
    family_name: 'Mori',
  },
} as const satisfies Record<string, GoogleUser>;

export type OAuthErrorBody = { error: string; error_description: string };
type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; body: OAuthErrorBody };

const fail = (status: number, error: string, description: string) =>
  ({ ok: false, status, body: { error, error_description: description } }) as const;

interface CodeRecord {
  clientId: string;
  redirectUri: string;
  sub: string;
  scopes: string[];
  challenge?: string;
  challengeMethod: 'S256' | 'plain';
  nonce?: string;
  refreshToken?: string;
  expiresAt: number;
  used: boolean;
}

interface Grant {
  sub: string;
  clientId: string;
  scopes: Set<string>;
  refreshTokens: Set<string>;
  live: boolean;
}

export interface AccessTokenRecord {
  sub: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  grant: Grant;
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  scope: string;
  token_type: 'Bearer';
  id_token?: string;
}

type SigningKey = {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
  /** The self-signed X.509 certificate of the key, PEM, made on first ask. */
  certificate?: Promise<string>;
};
let sharedSigningKey: SigningKey | undefined;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Google publishes its id_token keys as X.509 certificates too (`/oauth2/v1/certs`, which
 * google-auth-library's `verifyIdToken` reads). node:crypto reads certificates but cannot
 * write one, so `selfsigned` signs one for the key; it is loaded only when asked for.
 */
function certificateOf(key: SigningKey): Promise<string> {
  key.certificate ??= import('selfsigned').then(async ({ generate }) => {
    const issued = Date.now();
    const { cert } = await generate(
      [{ name: 'commonName', value: 'federated-signon.system.gserviceaccount.com' }],
      {
        keyPair: {
          privateKey: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          publicKey: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        },
        algorithm: 'sha256',
        notBeforeDate: new Date(issued - DAY_MS),
        notAfterDate: new Date(issued + 30 * DAY_MS),
      },
    );
    return cert;
  });
  return key.certificate;
}

/** One RSA key per process: generating it costs ~100 ms, and emulators are started per test. */
function processSigningKey(): SigningKey {
  if (!sharedSigningKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    sharedSigningKey = { privateKey, publicKey, kid: randomBytes(8).toString('hex') };
  }
  return sharedSigningKey;
}

export const ISSUER = 'https://accounts.google.com';
const CODE_TTL_MS = 10 * 60 * 1000;

const opaque = (prefix: string, bytes: number) =>
  `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** Google's OAuth server for the emulator: grants, codes, tokens and the id_token key. */
export class GoogleOAuthState {
  readonly users: GoogleUser[] = Object.values(SEEDED_GOOGLE_USERS).map((u) => ({ ...u }));
  private readonly grants = new Map<string, Grant>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, Grant>();
  private signingKey: SigningKey | undefined;
  readonly counters = { authorizationsGranted: 0, tokensIssued: 0, refreshes: 0, revocations: 0 };

  constructor(
    private readonly clients: GoogleClientRegistration[],
    private readonly now: () => number,
    private readonly accessTokenTtlSeconds: number,
  ) {}

  findClient(clientId: string | undefined): GoogleClientRegistration | undefined {
    return this.clients.find((c) => c.clientId === clientId);
  }

  findUser(subOrEmail: string | undefined): GoogleUser | undefined {
    const key = subOrEmail?.toLowerCase();
    return this.users.find((u) => u.sub === key || u.email === key);
  }

  private grantOf(sub: string, clientId: string): Grant | undefined {
    const grant = this.grants.get(`${sub}:${clientId}`);
    return grant?.live ? grant : undefined;
  }

  /** Whether Google would show the consent screen (and so mint a refresh token). */
  needsConsent(sub: string, clientId: string, scopes: string[], prompt: string[]): boolean {
    const grant = this.grantOf(sub, clientId);
    return prompt.includes('consent') || !grant || scopes.some((s) => !grant.scopes.has(s));
  }

  /** The user pressed Allow: records the grant and answers a single-use code. */
  approve(input: {
    client: GoogleClientRegistration;
    redirectUri: string;
    user: GoogleUser;
    scopes: string[];
    offline: boolean;
    prompt: string[];
    includeGrantedScopes: boolean;
    challenge?: string;
    challengeMethod?: string;
    nonce?: string;
  }): { code: string; scopes: string[] } {
    const { client, user } = input;
    const consentShown = this.needsConsent(user.sub, client.clientId, input.scopes, input.prompt);
    const key = `${user.sub}:${client.clientId}`;
    let grant = this.grantOf(user.sub, client.clientId);
    if (!grant) {
      grant = {
        sub: user.sub,
        clientId: client.clientId,
        scopes: new Set(),
        refreshTokens: new Set(),
        live: true,
      };
      this.grants.set(key, grant);
    }
    const previous = [...grant.scopes];
    for (const scope of input.scopes) grant.scopes.add(scope);
    const scopes = input.includeGrantedScopes
      ? [...new Set([...previous, ...input.scopes])]
      : [...input.scopes];
    let refreshToken: string | undefined;
    // GOA: a refresh token only with access_type=offline and a consent screen actually shown.
    if (input.offline && consentShown) {
      refreshToken = opaque('1//0e', 48);
      grant.refreshTokens.add(refreshToken);
      this.refreshTokens.set(refreshToken, grant);
    }
    const code = opaque('4/0A', 40);
    this.codes.set(code, {
      clientId: client.clientId,
      redirectUri: input.redirectUri,
      sub: user.sub,
      scopes,
      challenge: input.challenge,
      challengeMethod: input.challengeMethod === 'S256' ? 'S256' : 'plain',
      nonce: input.nonce,
      refreshToken,
      expiresAt: this.now() + CODE_TTL_MS,
      used: false,
    });
    this.counters.authorizationsGranted++;
    return { code, scopes };
  }

  authenticateClient(
    clientId: string | undefined,
    clientSecret: string | undefined,
  ): Outcome<GoogleClientRegistration> {
    const client = this.findClient(clientId);
    if (!client) return fail(401, 'invalid_client', 'The OAuth client was not found.');
    if (client.clientSecret !== clientSecret) return fail(401, 'invalid_client', 'Unauthorized');
    return { ok: true, value: client };
  }

  exchangeCode(
    client: GoogleClientRegistration,
    params: { code?: string; redirect_uri?: string; code_verifier?: string },
  ): Outcome<TokenResponse> {
    if (!params.code) return fail(400, 'invalid_request', 'Missing required parameter: code');
    const record = this.codes.get(params.code);
    if (!record || record.clientId !== client.clientId || record.expiresAt <= this.now()) {
      return fail(400, 'invalid_grant', 'Malformed auth code.');
    }
    if (record.used) return fail(400, 'invalid_grant', 'Bad Request');
    if (params.redirect_uri !== record.redirectUri) {
      return fail(400, 'redirect_uri_mismatch', 'Bad Request');
    }
    if (record.challenge !== undefined) {
      if (!params.code_verifier) return fail(400, 'invalid_grant', 'Missing code verifier.');
      const derived =
        record.challengeMethod === 'S256'
          ? createHash('sha256').update(params.code_verifier).digest('base64url')
          : params.code_verifier;
      if (derived !== record.challenge) return fail(400, 'invalid_grant', 'Invalid code verifier.');
    }
    record.used = true;
    const grant = this.grantOf(record.sub, record.clientId);
    if (!grant) return fail(400, 'invalid_grant', 'Token has been expired or revoked.');
    const response = this.issueAccessToken(grant, record.scopes);
    if (record.refreshToken && grant.refreshTokens.has(record.refreshToken)) {
      response.refresh_token = record.refreshToken;
    }
    if (record.scopes.includes('openid')) {
      response.id_token = this.idToken(record);
    }
    return { ok: true, value: response };
  }

  refresh(
    client: GoogleClientRegistration,
    refreshToken: string | undefined,
  ): Outcome<TokenResponse> {
    if (!refreshToken)
      return fail(400, 'invalid_request', 'Missing required parameter: refresh_token');
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant?.live || !grant.refreshTokens.has(refreshToken)) {
      return fail(400, 'invalid_grant', 'Token has been expired or revoked.');
    }
    if (grant.clientId !== client.clientId) return fail(401, 'unauthorized_client', 'Unauthorized');
    this.counters.refreshes++;
    // Not rotated: the answer carries no refresh_token and the old one keeps working.
    return { ok: true, value: this.issueAccessToken(grant, [...grant.scopes]) };
  }

  /** Revoking an access or refresh token ends the whole grant (GOA). */
  revoke(token: string | undefined): boolean {
    const grant = token
      ? (this.refreshTokens.get(token) ?? this.accessTokens.get(token)?.grant)
      : undefined;
    if (!grant?.live) return false;
    this.endGrant(grant);
    this.counters.revocations++;
    return true;
  }

  revokeGrantOf(sub: string, clientId: string): void {
    const grant = this.grantOf(sub, clientId);
    if (!grant) throw new Error(`No live Google grant for ${sub} and ${clientId}`);
    this.endGrant(grant);
  }

  liveRefreshTokenCount(sub: string, clientId: string): number {
    return this.grantOf(sub, clientId)?.refreshTokens.size ?? 0;
  }

  /** The live, unexpired access token, or undefined. */
  accessToken(token: string): AccessTokenRecord | undefined {
    const record = this.accessTokens.get(token);
    if (!record?.grant.live || record.expiresAt <= this.now()) return undefined;
    return record;
  }

  /** RS256 key for id_tokens, made on first use so suites that never ask pay nothing. */
  jwks(): { keys: Record<string, string>[] } {
    const key = this.key();
    return {
      keys: [
        {
          ...key.publicKey.export({ format: 'jwk' }),
          kid: key.kid,
          alg: 'RS256',
          use: 'sig',
        } as Record<string, string>,
      ],
    };
  }

  /** The same keys as X.509 certificates, `{ kid: pem }`, as Google's `/oauth2/v1/certs`. */
  async pemCertificates(): Promise<Record<string, string>> {
    const key = this.key();
    return { [key.kid]: await certificateOf(key) };
  }

  private key() {
    this.signingKey ??= processSigningKey();
    return this.signingKey;
  }

  private idToken(record: CodeRecord): string {
    const user = this.findUser(record.sub);
    const key = this.key();
    const iat = Math.floor(this.now() / 1000);
    const header = { alg: 'RS256', kid: key.kid, typ: 'JWT' };
    const claims = {
      // The real issuer, so libraries that pin it accept the token.
      iss: ISSUER,
      azp: record.clientId,
      aud: record.clientId,
      sub: record.sub,
      email: user?.email,
      email_verified: user?.email_verified,
      ...(user?.hd ? { hd: user.hd } : {}),
      ...(record.nonce ? { nonce: record.nonce } : {}),
      iat,
      exp: iat + 3600,
    };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode(header)}.${encode(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
  }

  private issueAccessToken(grant: Grant, scopes: string[]): TokenResponse {
    const token = opaque('ya29.a0', 96);
    this.accessTokens.set(token, {
      sub: grant.sub,
      clientId: grant.clientId,
      scopes,
      expiresAt: this.now() + this.accessTokenTtlSeconds * 1000,
      grant,
    });
    this.counters.tokensIssued++;
    return {
      access_token: token,
      expires_in: this.accessTokenTtlSeconds,
      scope: scopes.join(' '),
      token_type: 'Bearer',
    };
  }

  private endGrant(grant: Grant): void {
    grant.live = false;
    for (const token of grant.refreshTokens) this.refreshTokens.delete(token);
    grant.refreshTokens.clear();
    for (const [token, record] of this.accessTokens) {
      if (record.grant === grant) this.accessTokens.delete(token);
    }
  }
}
