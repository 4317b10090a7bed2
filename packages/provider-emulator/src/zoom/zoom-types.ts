/** An OAuth app registered with the fake Zoom Marketplace. */
export interface ZoomClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Compared byte for byte with the `redirect_uri` of authorize requests, as Zoom does. */
  redirectUris: string[];
}

export interface ZoomEmulatorOptions {
  clients: ZoomClientRegistration[];
  /** Where signed webhooks (app_deauthorized) are POSTed, and the app's secret token. */
  webhook?: { url: string; secretToken: string };
  /** @default 3599 (what Zoom answers in practice) */
  accessTokenTtlSeconds?: number;
}

/** The seeded Zoom user, in the field names of Zoom's `GET /v2/users/{userId}`. */
export interface ZoomUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  account_id: string;
  /** 1 = Basic (free), 2 = Licensed. */
  type: 1 | 2;
  role_name: string;
  role_id: string;
  /** Not a Zoom field: whether the user owns a one-person account or is a member of a company account. */
  kind: 'personal' | 'managed';
}

export interface ZoomPreApprovalRequest {
  accountId: string;
  userId: string;
  email: string;
  requestedAt: string;
  approved: boolean;
}

export interface ZoomEmulatorStats {
  tokenRequests: { authorization_code: number; refresh_token: number };
  revocations: number;
  apiRequests: number;
}

export interface ZoomEmulatorHandle {
  /** Seeded accounts, by role in tests. */
  seeded: {
    personal: ZoomUser;
    personal2: ZoomUser;
    managedApproved: ZoomUser;
    managedApproved2: ZoomUser;
    managedPending: ZoomUser;
  };
  /** Paths relative to the emulator origin. */
  paths: { authorize: string; token: string; revoke: string; apiBase: string; admin: string };
  /**
   * Admin pre-approves the app for a managed account. Takes the account id
   * (also the seed's short names `acme` and `globex`); throws for an unknown account.
   */
  preApprove(accountId: string): void;
  listPreApprovalRequests(): ZoomPreApprovalRequest[];
  /**
   * Kills the user's grants and POSTs a signed app_deauthorized webhook per killed grant;
   * resolves to the receiver's HTTP status (0 when no webhook is configured). Rejects when the
   * user has no live grant or the receiver cannot be reached.
   */
  sendDeauthorization(userId: string): Promise<number>;
  /** Counters for tests: token endpoint calls by grant_type, revoke calls, API calls. */
  stats(): ZoomEmulatorStats;
  /** How many registered clients currently hold a live grant for this user (0 or 1 with one client). */
  liveGrantCount(userId: string): number;
}
