/** An OAuth client registered with the fake Google (Cloud console "OAuth client ID"). */
export interface GoogleClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Exact-match list, as Google compares scheme, host, path and trailing slash. */
  redirectUris: string[];
}

export interface GoogleEmulatorOptions {
  clients: GoogleClientRegistration[];
  /** @default 3599 */
  accessTokenTtlSeconds?: number;
}

/** A seeded Google account, in the claim names of the OpenID userinfo endpoint. */
export interface GoogleUser {
  /** Stable subject id. */
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  given_name: string;
  family_name: string;
  /** Workspace domain; absent for consumer (gmail.com) accounts. */
  hd?: string;
}

export interface GoogleEventDateTime {
  dateTime?: string;
  date?: string;
  timeZone?: string;
}

export interface GoogleEventAttendee {
  email: string;
  displayName?: string;
  optional?: boolean;
  responseStatus: 'needsAction' | 'declined' | 'tentative' | 'accepted';
  comment?: string;
  additionalGuests?: number;
  organizer?: boolean;
  self?: boolean;
}

/** The Event resource as `events.get` answers it (Calendar v3 field names). */
export interface GoogleEvent {
  kind: 'calendar#event';
  etag: string;
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  htmlLink: string;
  created: string;
  updated: string;
  summary?: string;
  description?: string;
  location?: string;
  colorId?: string;
  creator: { email: string; displayName?: string; self?: boolean };
  organizer: { email: string; displayName?: string; self?: boolean };
  start: GoogleEventDateTime;
  end: GoogleEventDateTime;
  transparency?: 'opaque' | 'transparent';
  visibility?: 'default' | 'public' | 'private' | 'confidential';
  iCalUID: string;
  sequence: number;
  attendees?: GoogleEventAttendee[];
  guestsCanInviteOthers?: boolean;
  guestsCanModify?: boolean;
  guestsCanSeeOtherGuests?: boolean;
  anyoneCanAddSelf?: boolean;
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  reminders: {
    useDefault: boolean;
    overrides?: { method: 'email' | 'popup'; minutes: number }[];
  };
  source?: { title?: string; url: string };
}

/** What `seedEvent` takes: an event created in the Google UI, not through the API. */
export interface GoogleSeedEventInput {
  /** @default generated */
  id?: string;
  summary?: string;
  description?: string;
  location?: string;
  /** RFC 3339 with offset. */
  start: string;
  end: string;
  /** @default the calendar's zone (Asia/Tokyo) */
  timeZone?: string;
  attendees?: { email: string; displayName?: string }[];
  transparency?: 'opaque' | 'transparent';
}

export interface GoogleEmulatorStats {
  authorizationsGranted: number;
  tokensIssued: number;
  refreshes: number;
  revocations: number;
  eventsInserted: number;
  eventsPatched: number;
  eventsDeleted: number;
  freeBusyQueries: number;
  /** Invitations/updates Google would have e-mailed (sendUpdates all/externalOnly with guests). */
  notificationsSent: number;
  /** Requests per `METHOD /template`, counted before faults apply. */
  endpoints: Record<string, number>;
}

export interface GoogleFaultScope {
  /**
   * Glob(s) over the path as mounted under `/google`, e.g. `/google/calendar/v3/calendars/*\/events`;
   * on the Google listener (`googleUrl`) the same glob names the path without `/google`.
   * @default `/google/**`
   */
  path?: string | readonly string[];
  method?: string;
}

/** Google error reasons the fault injector can answer with, each with its real status. */
export type GoogleInjectableReason =
  | 'rateLimitExceeded'
  | 'userRateLimitExceeded'
  | 'quotaExceeded'
  | 'forbidden'
  | 'notFound'
  | 'backendError';

const EVENTS = '/google/calendar/v3/calendars/*/events';

/** Ready-made scopes for the route groups the BFF calls. */
export const GOOGLE_ROUTE_GROUPS = {
  oauth: { path: ['/google/o/**', '/google/token', '/google/revoke', '/google/oauth2/**'] },
  token: { path: '/google/token' },
  calendar: { path: '/google/calendar/v3/**' },
  events: { path: [EVENTS, `${EVENTS}/*`] },
  insertEvent: { method: 'POST', path: EVENTS },
  getEvent: { method: 'GET', path: `${EVENTS}/*` },
  listEvents: { method: 'GET', path: EVENTS },
  patchEvent: { method: 'PATCH', path: `${EVENTS}/*` },
  deleteEvent: { method: 'DELETE', path: `${EVENTS}/*` },
  freeBusy: { method: 'POST', path: '/google/calendar/v3/freeBusy' },
} as const satisfies Record<string, GoogleFaultScope>;

export interface GoogleEmulatorHandle {
  /** Seeded accounts: a Workspace recruiter and interviewers, plus a consumer account. */
  seeded: {
    recruiter: GoogleUser;
    interviewer: GoogleUser;
    interviewer2: GoogleUser;
    consumer: GoogleUser;
  };
  users: GoogleUser[];
  paths: {
    authorize: string;
    token: string;
    revoke: string;
    userinfo: string;
    /** The signing keys as JWKs. */
    certs: string;
    /** The signing keys as PEM certificates, `{ kid: pem }` (google-auth-library's `verifyIdToken`). */
    certsPem: string;
    calendarBase: string;
    calendarView: string;
    admin: string;
  };
  /** Every event on the user's primary calendar, cancelled ones included, by start time. */
  events(userEmail: string): GoogleEvent[];
  /** Puts an event on the user's primary calendar as if made in Google's UI. */
  seedEvent(userEmail: string, input: GoogleSeedEventInput): GoogleEvent;
  stats(): GoogleEmulatorStats;
  /** Live refresh tokens of the user for the client (one per consent that minted one). */
  liveRefreshTokenCount(userEmail: string, clientId: string): number;
  /** Revokes the user's grant for the client as if from myaccount.google.com. */
  revokeGrant(userEmail: string, clientId: string): void;
  injectLatency(ms: number, scope?: GoogleFaultScope): void;
  /** The next `count` matching requests get `rateLimitExceeded` with 403 (or 429). @default 403 */
  rateLimitNext(count: number, status?: 403 | 429, scope?: GoogleFaultScope): void;
  /** The next `count` matching requests get the given reason with its real status and body. */
  errorNext(count: number, reason: GoogleInjectableReason, scope?: GoogleFaultScope): void;
  /** The next `count` matching requests fail with `status` (5xx, `backendError`). @default 503 */
  failNext(count: number, status?: number, scope?: GoogleFaultScope): void;
  /** The next `count` matching requests are handled and committed, then the socket dies. */
  dropNext(count: number, scope?: GoogleFaultScope): void;
  resetFaults(): void;
}
