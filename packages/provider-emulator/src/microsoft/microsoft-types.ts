/** An app registered with the fake Microsoft identity platform (Entra "App registrations"). */
export interface MicrosoftClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Exact-match list (scheme, host, path and trailing slash), as Entra compares them. */
  redirectUris: string[];
}

export interface MicrosoftEmulatorOptions {
  clients: MicrosoftClientRegistration[];
  /** @default 3600 */
  accessTokenTtlSeconds?: number;
}

/** A seeded Microsoft 365 organisation (an Entra tenant). */
export interface MicrosoftTenant {
  /** Short name used by the handle and the admin page, e.g. `contoso`. */
  key: string;
  /** The tenant id (a GUID), accepted as the `{tenant}` path segment. */
  id: string;
  /** The verified domain, also accepted as the `{tenant}` path segment. */
  domain: string;
  displayName: string;
  /** `user`: users may consent themselves; `admin`: only an admin's consent lets users in. */
  consentPolicy: 'user' | 'admin';
}

/** A seeded work account, in the names Graph's `/me` uses. */
export interface MicrosoftUser {
  /** The object id (a GUID). */
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  userPrincipalName: string;
  /** `MicrosoftTenant.key` of the user's organisation. */
  tenant: string;
}

export interface GraphDateTimeTimeZone {
  /** Wall time without offset, `2025-10-02T10:00:00.0000000`. */
  dateTime: string;
  timeZone: string;
}

export interface GraphEmailAddress {
  address: string;
  name?: string;
}

export interface GraphAttendee {
  emailAddress: GraphEmailAddress;
  type: 'required' | 'optional' | 'resource';
  status: { response: 'none'; time: string };
}

export type GraphShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

/** An Outlook event as Graph answers it (times in UTC unless a `Prefer` zone was asked for). */
export interface GraphEvent {
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  categories: string[];
  transactionId: string | null;
  originalStartTimeZone: string;
  originalEndTimeZone: string;
  iCalUId: string;
  reminderMinutesBeforeStart: number;
  isReminderOn: boolean;
  hasAttachments: boolean;
  subject: string;
  bodyPreview: string;
  importance: 'low' | 'normal' | 'high';
  sensitivity: 'normal' | 'personal' | 'private' | 'confidential';
  isAllDay: boolean;
  isCancelled: boolean;
  isOrganizer: boolean;
  responseRequested: boolean;
  showAs: GraphShowAs;
  type: 'singleInstance';
  webLink: string;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: 'unknown' | 'teamsForBusiness';
  /** Only on online meetings (Teams), which the BFF does not make. */
  onlineMeeting?: { joinUrl: string };
  responseStatus: { response: 'organizer'; time: string };
  body: { contentType: 'text' | 'html'; content: string };
  start: GraphDateTimeTimeZone;
  end: GraphDateTimeTimeZone;
  location: { displayName: string; locationType: 'default'; uniqueIdType: 'unknown' };
  attendees: GraphAttendee[];
  organizer: { emailAddress: GraphEmailAddress };
}

/** What `seedEvent` takes: an event made in Outlook itself, not through the API. */
export interface MicrosoftSeedEventInput {
  subject?: string;
  /** ISO 8601 instants with offset, e.g. `2025-10-02T10:00:00+09:00`. */
  start: string;
  end: string;
  /** @default `busy` */
  showAs?: GraphShowAs;
  location?: string;
  body?: string;
}

export interface MicrosoftEmulatorStats {
  authorizationsGranted: number;
  /** Authorize attempts refused with AADSTS90094 (tenant needs admin consent). */
  adminConsentRefusals: number;
  tokensIssued: number;
  refreshes: number;
  eventsCreated: number;
  /** Creates answered with an existing event because its `transactionId` was seen before. */
  eventsDeduplicated: number;
  eventsPatched: number;
  eventsDeleted: number;
  scheduleQueries: number;
  /** Requests refused with 429 ApplicationThrottled by the per-mailbox concurrency limit. */
  concurrencyThrottled: number;
  /** Events created through the API, per mailbox (lower-case address). */
  eventsCreatedByMailbox: Record<string, number>;
  /** Requests per `METHOD /template`, counted before faults apply. */
  endpoints: Record<string, number>;
}

export interface MicrosoftFaultScope {
  /**
   * Glob(s) over the path as mounted, e.g. `/microsoft/graph/v1.0/me/events/*`
   * (`*` is one segment, a trailing `/**` any depth).
   * @default `/microsoft/**`
   */
  path?: string | readonly string[];
  method?: string;
  /** Only requests whose Graph access token belongs to this user (mail address). */
  user?: string;
}

const GRAPH = '/microsoft/graph/v1.0';

/** Ready-made scopes for the route groups the BFF calls. */
export const MICROSOFT_ROUTE_GROUPS = {
  token: { path: '/microsoft/*/oauth2/v2.0/token' },
  graph: { path: `${GRAPH}/**` },
  me: { method: 'GET', path: `${GRAPH}/me` },
  events: { path: [`${GRAPH}/me/events`, `${GRAPH}/me/events/*`] },
  createEvent: { method: 'POST', path: `${GRAPH}/me/events` },
  getEvent: { method: 'GET', path: `${GRAPH}/me/events/*` },
  patchEvent: { method: 'PATCH', path: `${GRAPH}/me/events/*` },
  deleteEvent: { method: 'DELETE', path: `${GRAPH}/me/events/*` },
  calendarView: { method: 'GET', path: `${GRAPH}/me/calendarView` },
  getSchedule: { method: 'POST', path: `${GRAPH}/me/calendar/getSchedule` },
} as const satisfies Record<string, MicrosoftFaultScope>;

export interface MicrosoftEmulatorHandle {
  /** Seeded accounts: contoso (user consent) recruiter and interviewers; fabrikam (admin consent). */
  seeded: {
    recruiter: MicrosoftUser;
    interviewer: MicrosoftUser;
    interviewer2: MicrosoftUser;
    adminConsentUser: MicrosoftUser;
    adminConsentUser2: MicrosoftUser;
  };
  tenants: MicrosoftTenant[];
  users: MicrosoftUser[];
  paths: {
    /** Login base: `{loginBase}/{tenant}/oauth2/v2.0/authorize` and `/token`. */
    loginBase: string;
    /** The authorize endpoint with the `organizations` tenant segment. */
    authorize: string;
    /** The token endpoint with the `organizations` tenant segment. */
    token: string;
    graphBase: string;
    calendarView: string;
    admin: string;
  };
  /** Lets every user of the tenant in (as the tenant's admin consenting for the organisation). */
  grantAdminConsent(tenant: string): void;
  /**
   * Takes the organisation's consent away: every grant of the tenant's users ends (their refresh
   * tokens answer `invalid_grant` AADSTS65001); admin-consent tenants refuse sign-in again.
   */
  revokeAdminConsent(tenant: string): void;
  hasAdminConsent(tenant: string): boolean;
  /** Ends one user's grant for the client as if signed out everywhere (refresh: AADSTS50173). */
  revokeGrant(userEmail: string, clientId: string): void;
  /** Live refresh tokens of the user for the client (rotation adds one per refresh). */
  liveRefreshTokenCount(userEmail: string, clientId: string): number;
  /** The mailbox's events (deleted ones left out), by start, times in UTC. */
  events(userEmail: string): GraphEvent[];
  /** Puts an event in the mailbox as if made in Outlook (not counted as created by the API). */
  seedEvent(userEmail: string, input: MicrosoftSeedEventInput): GraphEvent;
  stats(): MicrosoftEmulatorStats;
  injectLatency(ms: number, scope?: MicrosoftFaultScope): void;
  /** The next `count` matching requests answer 429 `TooManyRequests` with `Retry-After`. */
  rateLimitNext(count: number, retryAfterSeconds?: number, scope?: MicrosoftFaultScope): void;
  /** The next `count` matching requests answer a 5xx (`ServiceUnavailable` for 503). @default 503 */
  failNext(count: number, status?: number, scope?: MicrosoftFaultScope): void;
  /** The next `count` matching requests are handled and committed, then the socket dies. */
  dropNext(count: number, scope?: MicrosoftFaultScope): void;
  resetFaults(): void;
}
