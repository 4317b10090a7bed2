import type { ConnectionStatus, ProblemCode, Provider, Role } from '@ats-zoom/contract';

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
  /** The provider's user id (Zoom `user_id`, Google `sub`); one live link each per deployment. */
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
  /**
   * Caps the live attempts (pending, unconsumed, unexpired at `now`) of `newest`'s owner at
   * `keep`: `newest` stays, so do the `keep - 1` most recently created others, and the rest
   * expire at `now`. Returns how many expired. Run after each insert: concurrent starts on
   * several instances still end with at most `keep` live.
   */
  expireLiveBeyond(
    newest: Pick<OAuthAttemptRecord, 'id' | 'tenantId' | 'userId'>,
    keep: number,
    now: Date,
  ): Promise<number>;
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

/** An ATS user the host said is deactivated (one row per user while deactivated). */
export interface DeactivatedUserRecord {
  tenantId: string;
  userId: string;
  deactivatedAt: Date;
  /** The ATS user whose token said so. */
  deactivatedBy: string;
}

/**
 * The host's word on which of its users are deactivated. Their links are not offered as hosts
 * and their own tokens are refused; nothing of theirs is deleted or revoked.
 */
export interface UserStatusRepository {
  find(tenantId: string, userId: string): Promise<DeactivatedUserRecord | undefined>;
  /** The deactivated users of a tenant among `userIds` (all of them when omitted). */
  listDeactivated(tenantId: string, userIds?: readonly string[]): Promise<DeactivatedUserRecord[]>;
  /** Records the deactivation; false when the user was already deactivated (nothing changes). */
  deactivate(record: DeactivatedUserRecord): Promise<boolean>;
  /** Forgets the deactivation; false when the user was not deactivated. */
  reactivate(tenantId: string, userId: string): Promise<boolean>;
}

/**
 * The ATS users who said they asked their Zoom admin to pre-approve the app: one wait per user,
 * kept until they connect or withdraw it.
 */
export interface ApprovalWaitRepository {
  /** When the user said so, or undefined when they are not waiting. */
  find(tenantId: string, userId: string): Promise<Date | undefined>;
  /** Records the wait; false when there was one (it keeps its first time). */
  record(tenantId: string, userId: string, requestedAt: Date): Promise<boolean>;
  /** Forgets the wait; false when there was none. */
  remove(tenantId: string, userId: string): Promise<boolean>;
}

/**
 * A Zoom meeting we no longer use but could not delete, because its host's link has no usable
 * token (revoked at Zoom, or needing re-authorization). Deleted when that Zoom user links again.
 */
export interface PendingZoomDeletionRecord {
  tenantId: string;
  zoomMeetingId: string;
  zoomUserId: string;
  interviewId: string;
  /** The ATS user whose link hosted it, who must reconnect for it to go. */
  hostOwnerName: string;
  createdAt: Date;
}

export interface PendingZoomDeletionRepository {
  /** Records it; recording the same meeting again changes nothing. */
  add(record: PendingZoomDeletionRecord): Promise<void>;
  listForInterview(tenantId: string, interviewId: string): Promise<PendingZoomDeletionRecord[]>;
  /** Every tenant's: a Zoom user's meetings are theirs wherever they link again. */
  listForZoomUser(zoomUserId: string): Promise<PendingZoomDeletionRecord[]>;
  remove(tenantId: string, zoomMeetingId: string): Promise<void>;
}

/** Repositories bound to one transaction (or to the store outside one). */
export interface StoreRepositories {
  connections: ConnectionRepository;
  oauthAttempts: OAuthAttemptRepository;
  webhookEvents: WebhookEventRepository;
  audit: AuditLogRepository;
  meetings: MeetingRepository;
  meetingOperations: MeetingOperationRepository;
  idempotencyKeys: IdempotencyKeyRepository;
  zoomDailyWrites: ZoomDailyWriteRepository;
  calendarTasks: CalendarTaskRepository;
  userStatuses: UserStatusRepository;
  approvalWaits: ApprovalWaitRepository;
  pendingZoomDeletions: PendingZoomDeletionRepository;
}

export interface Store extends StoreRepositories {
  readonly engine: 'sqlite' | 'postgres';
  /** The database driver: `pg` for PostgreSQL; `better-sqlite3` or `node:sqlite` for SQLite. */
  readonly driver: 'pg' | 'better-sqlite3' | 'node:sqlite';
  /** Runs `work` in one database transaction; everything it writes commits or none of it. */
  transaction<T>(work: (tx: StoreRepositories) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding an exclusive lock on one connection id, shared by every BFF
   * instance on this database (a refresh token rotates: two refreshes at once kill the grant).
   * PostgreSQL: one transaction holding `pg_advisory_xact_lock`; `work`'s writes commit when it
   * returns and roll back when it throws. SQLite (one process owns the file): an in-process
   * mutex per store, and each write commits on its own, because the driver's single connection
   * must not be held across a network call. So `work` should change state in one write and
   * report failures as results, not by throwing after writing.
   * Throws `StoreLockTimeoutError` when the lock is not granted within `CONNECTION_LOCK_TIMEOUT_MS`.
   */
  withConnectionLock<T>(
    connectionId: string,
    work: (tx: StoreRepositories) => Promise<T>,
  ): Promise<T>;
  /**
   * Runs `work` while holding an exclusive lock on `namespace` + `key`, shared by every BFF
   * instance on this database, e.g. `('interview', tenant + id)` so two saves of one interview
   * never both create a meeting. Unlike `withConnectionLock` it opens no transaction: `work`
   * uses the store as usual and may take its time (calls to Zoom). PostgreSQL: a session
   * advisory lock on a connection of a separate small pool, so waiters never starve `work` of
   * connections; in this process, callers of one key queue before reaching the database.
   * SQLite: an in-process mutex per store. Do not nest two key locks.
   * Throws `StoreLockTimeoutError` when the lock is not granted within `KEY_LOCK_TIMEOUT_MS`
   * (or the store's configured wait).
   */
  withKeyLock<T>(namespace: string, key: string, work: () => Promise<T>): Promise<T>;
  /**
   * A fixed-window request counter for one policy, shared by every BFF instance on this store:
   * a table on PostgreSQL, this process's memory on SQLite (one instance owns the file). Asking
   * twice for one policy (same name, limit and window) answers counters over the same budget.
   */
  rateLimitCounter(policy: RateLimitPolicy): RateLimitCounter;
  /** Readiness probe: resolves when the database answers. */
  ping(): Promise<void>;
  /**
   * Readiness probe: the schema migrations this code needs that the database has not run
   * (empty when up to date). Absent: the store migrates itself when it opens.
   */
  pendingMigrations?(): Promise<string[]>;
  close(): Promise<void>;
}

/** At most `limit` requests per key in each window of `windowSeconds`. */
export interface RateLimitPolicy {
  /** Names the budget (keys of two policies never share one), e.g. `writes`. */
  name: string;
  limit: number;
  windowSeconds: number;
}

/** What one request took from its key's budget. */
export interface RateLimitTake {
  /** False when the window's budget was already spent: refuse the request. */
  allowed: boolean;
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number;
  /** Milliseconds until the current window ends and the budget is whole again. */
  resetMs: number;
}

export interface RateLimitCounter {
  /** Counts one request for `key` (an opaque string, at most 200 characters). */
  take(key: string): Promise<RateLimitTake>;
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

/** The Google account behind a grant (OpenID userinfo claims). */
export interface GoogleUserProfile {
  /** Google's stable subject id: one live link per `sub` across the deployment. */
  sub: string;
  email: string | null;
  /** Only with the `profile` scope; null otherwise. */
  name: string | null;
}

/**
 * Google's OAuth endpoints (authorization code + PKCE, offline access). Refresh tokens do not
 * rotate: `refresh` answers the refresh token it was given when Google sends none. Revoking
 * any token of a grant ends the whole grant of that Google user and client.
 * Errors: `ProviderInvalidGrantError` when Google refuses a code or refresh token
 * (`invalid_grant`) or a revoke, `ProviderRateLimitedError`, `ProviderUnavailableError`.
 */
export interface GoogleOAuthPort {
  /** Every scope a connect asks for, in Google's long form: a grant without one is refused. */
  readonly requiredScopes: readonly string[];
  buildAuthorizationUrl(input: { state: string; codeVerifier: string }): Promise<string>;
  /** Exchanges the code and reads the account (its `sub` checked against the ID token). */
  exchangeCode(input: {
    code: string;
    state: string;
    codeVerifier: string;
  }): Promise<{ tokens: ProviderTokenSet; profile: GoogleUserProfile }>;
  refresh(refreshToken: string): Promise<ProviderTokenSet>;
  revoke(token: string): Promise<void>;
}

/** The slice of a structured logger (pino) the core uses. Never pass tokens or codes to it. */
export interface LogPort {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** How long `Store.withConnectionLock` waits for another holder (PostgreSQL `lock_timeout`). */
export const CONNECTION_LOCK_TIMEOUT_MS = 15_000;

/**
 * How long `Store.withKeyLock` waits for another holder: longer than the connection lock,
 * because the holder of an interview's lock may be waiting on several calls to Zoom.
 */
export const KEY_LOCK_TIMEOUT_MS = 30_000;

/** `Store.withConnectionLock` or `withKeyLock` waited its limit without getting the lock. */
export class StoreLockTimeoutError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The store lock was not granted in time.', options);
    this.name = 'StoreLockTimeoutError';
  }
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

// ---------------------------------------------------------------------------------------------
// Interview meetings

export type MeetingLinkStatus = 'active' | 'broken';
/** Deleted in Zoom itself. (Rows once marked `changed_in_zoom` were migrated to `zoomTime`.) */
export type MeetingBrokenReason = 'deleted_in_zoom';

/** The time a meeting has at Zoom, when it was changed there and differs from the interview's. */
export interface ZoomTimeRecord {
  startTime: Date;
  durationMinutes: number;
}

/** The Zoom meeting of one interview (at most one per tenant and interview). */
export interface MeetingRecord {
  id: string;
  tenantId: string;
  interviewId: string;
  candidateId: string;
  /** The host's link when the meeting was issued; the link may later move or be deleted. */
  connectionId: string;
  /** The host's Zoom user id: finds the live link again if the connection row changed. */
  hostZoomUserId: string;
  hostOwnerUserId: string;
  hostOwnerName: string;
  hostZoomEmail: string | null;
  /** Zoom's meeting id (an int64, kept as a string). */
  zoomMeetingId: string;
  joinUrl: string;
  passcodeEmbedded: boolean;
  hasPasscode: boolean;
  /** Zoom's `password` (what a candidate types); null when the meeting has none. */
  passcode: string | null;
  topic: string;
  startTime: Date;
  durationMinutes: number;
  timezone: string;
  joinBeforeHost: boolean;
  waitingRoom: boolean;
  linkStatus: MeetingLinkStatus;
  brokenReason: MeetingBrokenReason | null;
  /**
   * Zoom's time after a change made in Zoom itself, while it differs from the interview's
   * (`startTime` and `durationMinutes` stay the interview's); null when they agree. A save sets
   * Zoom to the saved time and clears it.
   */
  zoomTime: ZoomTimeRecord | null;
  /** The Google Calendar step of the interview (予定を登録), recorded with the Zoom step. */
  calendar: MeetingCalendarRecord;
  createdAt: Date;
  updatedAt: Date;
}

export interface MeetingRepository {
  findByInterview(tenantId: string, interviewId: string): Promise<MeetingRecord | undefined>;
  /** Every interview meeting (any tenant) that points at this Zoom meeting. */
  findByZoomMeetingId(zoomMeetingId: string): Promise<MeetingRecord[]>;
  /** Active and broken meetings of these hosts overlapping [start, end), oldest start first. */
  listOverlapping(input: {
    tenantId: string;
    connectionIds: string[];
    start: Date;
    end: Date;
  }): Promise<MeetingRecord[]>;
  /**
   * Each listed candidate's next meeting in the tenant: the one (active or broken) that has not
   * ended at `now`, earliest start first. Candidates without one are absent. One query per call,
   * so a bulk mail send never costs one query per recipient.
   */
  nextMeetingsForCandidates(
    tenantId: string,
    candidateIds: readonly string[],
    now: Date,
  ): Promise<MeetingRecord[]>;
  /** Inserts, or replaces the row of the same (tenant, interview) keeping its id and createdAt. */
  save(record: MeetingRecord): Promise<void>;
  update(
    id: string,
    patch: Partial<Omit<MeetingRecord, 'id' | 'tenantId' | 'interviewId' | 'createdAt'>>,
  ): Promise<void>;
  delete(tenantId: string, interviewId: string): Promise<void>;
}

/**
 * A Zoom create whose outcome must be knowable: written BEFORE the call, its id travels in the
 * meeting's agenda as `op:<id>`, so a create whose answer was lost is found again by listing
 * the host's meetings instead of being sent twice.
 */
export interface MeetingOperationRecord {
  id: string;
  tenantId: string;
  interviewId: string;
  connectionId: string;
  status: 'pending' | 'completed';
  zoomMeetingId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MeetingOperationRepository {
  insert(record: MeetingOperationRecord): Promise<void>;
  /** The newest pending create of this interview at this host, if one is unresolved. */
  findPending(
    tenantId: string,
    interviewId: string,
    connectionId: string,
  ): Promise<MeetingOperationRecord | undefined>;
  complete(id: string, zoomMeetingId: string, at: Date): Promise<void>;
}

export interface IdempotencyScope {
  tenantId: string;
  userId: string;
  /** The route name of the contract, e.g. `saveInterviewMeeting`. */
  route: string;
  key: string;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' }
  | { kind: 'replay'; status: number; body: unknown };

export interface IdempotencyKeyRepository {
  /**
   * Atomically claims the key (INSERT ... ON CONFLICT DO NOTHING). When it exists: `mismatch`
   * for another request hash, `in_flight` while its first request runs, else the stored answer.
   * An in-flight claim older than `staleBefore` (its process died) is taken over.
   */
  claim(
    scope: IdempotencyScope,
    requestHash: string,
    now: Date,
    staleBefore: Date,
  ): Promise<IdempotencyClaim>;
  /** Stores the answer of the claimed request: later requests with the key replay it. */
  complete(scope: IdempotencyScope, status: number, body: unknown, at: Date): Promise<void>;
  /** Drops an in-flight claim whose request failed, so the client may retry with the key. */
  release(scope: IdempotencyScope): Promise<void>;
  /** Deletes keys created before `before`; returns how many. */
  deleteCreatedBefore(before: Date): Promise<number>;
}

/** Meeting creates + updates sent for one Zoom host per UTC day (Zoom allows 100). */
export interface ZoomDailyWriteRepository {
  /** Adds one write and returns the day's new count. `day` is `YYYY-MM-DD` (UTC). */
  increment(zoomUserId: string, day: string): Promise<number>;
  count(zoomUserId: string, day: string): Promise<number>;
}

/** The host's meeting settings that decide what a candidate gets. */
export interface ZoomHostMeetingSettings {
  /** The account forces a passcode on every new meeting (admin lock, or a personal account). */
  passcodeForced: boolean;
  /** `schedule_meeting.require_password_for_scheduling_new_meetings` (on, maybe unlocked). */
  passcodeRequiredByDefault: boolean;
  /** `join_url` carries `?pwd=` when the meeting has a passcode. */
  embedPasscodeInJoinLink: boolean;
  /** `in_meeting.waiting_room`: the default of new meetings. */
  waitingRoomByDefault: boolean;
  /** `schedule_meeting.meeting_password_requirement`. */
  passcodeRequirement: ZoomPasscodeRequirement;
}

export interface ZoomPasscodeRequirement {
  length: number;
  haveLetter: boolean;
  haveNumber: boolean;
  haveSpecialCharacter: boolean;
  haveUpperAndLowerCharacters: boolean;
  onlyAllowNumeric: boolean;
  consecutiveCharactersLength: number;
}

/** A meeting as Zoom answers a create or a get. */
export interface ZoomMeetingDetails {
  id: string;
  hostId: string;
  topic: string;
  startTime: Date;
  durationMinutes: number;
  timezone: string;
  agenda: string;
  joinUrl: string;
  hasPasscode: boolean;
  /** Zoom's `password`; null when the meeting has none. */
  passcode: string | null;
  joinBeforeHost: boolean;
  waitingRoom: boolean;
}

/** One entry of the host's meeting list (agenda truncated to 250 characters by Zoom). */
export interface ZoomMeetingSummary {
  id: string;
  startTime: Date;
  durationMinutes: number;
  agenda: string;
}

export interface ZoomMeetingRequest {
  topic: string;
  startTime: Date;
  durationMinutes: number;
  timezone: string;
  agenda?: string;
  /** Omitted: Zoom decides (the account may still add one). */
  password?: string;
  joinBeforeHost: boolean;
  /** Omitted: the host's default. */
  waitingRoom?: boolean;
}

/**
 * Zoom's meeting endpoints. `zoomUserId` is the host's own Zoom user id (the token's user).
 * Errors: `ProviderAccessTokenRejectedError` (401 code 124), `ZoomMeetingMissingError`
 * (404 / 3001), `ProviderRateLimitedError`, `ProviderDailyQuotaError`,
 * `ZoomOutcomeUnknownError` (a create that may have happened), `ProviderUnavailableError`.
 */
export interface ZoomMeetingsPort {
  getHostSettings(accessToken: string, zoomUserId: string): Promise<ZoomHostMeetingSettings>;
  createMeeting(
    accessToken: string,
    zoomUserId: string,
    request: ZoomMeetingRequest,
  ): Promise<ZoomMeetingDetails>;
  /** The meeting, and Zoom's fresh host `start_url` (never store or log it). */
  getMeeting(
    accessToken: string,
    meetingId: string,
  ): Promise<ZoomMeetingDetails & { startUrl: string }>;
  updateMeeting(
    accessToken: string,
    meetingId: string,
    patch: Partial<ZoomMeetingRequest>,
  ): Promise<void>;
  deleteMeeting(accessToken: string, meetingId: string): Promise<void>;
  /** Every page of the host's meetings (`upcoming`, or `scheduled` to include live ones). */
  listMeetings(
    accessToken: string,
    zoomUserId: string,
    options: { type: 'upcoming' | 'scheduled'; signal?: AbortSignal },
  ): Promise<ZoomMeetingSummary[]>;
}

// ---------------------------------------------------------------------------------------------
// Google Calendar

export type CalendarSendUpdates = 'all' | 'externalOnly' | 'none';
export type MeetingCalendarStatus = 'registered' | 'not_requested' | 'failed';

export interface CalendarAttendeeRecord {
  email: string;
  name: string | null;
}

/** Whose calendar holds the interview's event: the scheduler who first asked for it. */
export interface CalendarOwnerRecord {
  userId: string;
  userName: string;
  /** The owner's Google link when the event was first asked for. */
  connectionId: string;
  /** Google's `sub` of that link: a reconnect of the same account still reaches the event. */
  googleUserId: string;
  /** The Google account's e-mail. */
  email: string | null;
  /** `primary` (the owner's own calendar). */
  calendarId: string;
}

/** The calendar part of a meeting row. */
export interface MeetingCalendarRecord {
  /** What the last save asked for. */
  register: boolean;
  attendees: CalendarAttendeeRecord[];
  sendUpdates: CalendarSendUpdates;
  /** Set by the first registration; cleared once no event of this meeting can exist any more. */
  owner: CalendarOwnerRecord | null;
  status: MeetingCalendarStatus;
  /** Google's event id, once the insert is known to have happened. */
  eventId: string | null;
  htmlLink: string | null;
  /** Digest of the event content last written to Google: a save that changes it syncs again. */
  syncedDigest: string | null;
  errorCode: ProblemCode | null;
  errorAt: Date | null;
  /** When the outbox tries again; null when it will not by itself. */
  nextRetryAt: Date | null;
  updatedAt: Date;
}

/** One interview event on a calendar. */
export interface CalendarEventKey {
  tenantId: string;
  interviewId: string;
  /** Derived from the interview and the meeting row, so a retried insert cannot duplicate. */
  eventId: string;
}

/**
 * An outbox entry: calendar work still to do for one event. `sync` writes the meeting's current
 * state to the event; `delete` removes the event and outlives the meeting row. The lease
 * (`lockedUntil`, `lockedBy`) keeps two BFF instances from picking the same task.
 */
export interface CalendarTaskRecord extends CalendarEventKey {
  kind: 'sync' | 'delete';
  /** Where the event is: the owner and their calendar. */
  owner: CalendarOwnerRecord;
  sendUpdates: CalendarSendUpdates;
  /** Failed attempts so far. */
  attempts: number;
  /** When it is due; null when it waits for a person (given up, or not retryable). */
  nextAttemptAt: Date | null;
  lastErrorCode: ProblemCode | null;
  lockedUntil: Date | null;
  lockedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CalendarTaskRepository {
  /** Inserts, or replaces the task of the same event (keeping its `createdAt`). */
  upsert(task: CalendarTaskRecord): Promise<void>;
  find(key: CalendarEventKey): Promise<CalendarTaskRecord | undefined>;
  listForInterview(tenantId: string, interviewId: string): Promise<CalendarTaskRecord[]>;
  /** Tasks due at `now` and not leased, earliest due first. */
  listDue(now: Date, limit: number): Promise<CalendarTaskRecord[]>;
  /**
   * Parked tasks (no next attempt) of one event owner, the ATS user with that Google account,
   * whose last failure is one of `codes`; oldest first.
   */
  listParkedForOwner(
    owner: { tenantId: string; userId: string; googleUserId: string },
    codes: readonly ProblemCode[],
  ): Promise<CalendarTaskRecord[]>;
  /**
   * Leases a task to `owner` until `until` if it is still due and unleased at `now`. True for the
   * single winner (one conditional UPDATE), false otherwise.
   */
  claim(key: CalendarEventKey, owner: string, now: Date, until: Date): Promise<boolean>;
  update(
    key: CalendarEventKey,
    patch: Partial<
      Pick<
        CalendarTaskRecord,
        'attempts' | 'nextAttemptAt' | 'lastErrorCode' | 'lockedUntil' | 'lockedBy' | 'updatedAt'
      >
    >,
  ): Promise<void>;
  delete(key: CalendarEventKey): Promise<void>;
}

/** The fields of an interview event the BFF writes. */
export interface CalendarEventContent {
  summary: string;
  description: string;
  location: string;
  start: Date;
  end: Date;
  /** IANA zone of the interview. */
  timeZone: string;
  attendees: CalendarAttendeeRecord[];
  /** `extendedProperties.private`: finds the interview again from the event. */
  privateProperties: Record<string, string>;
}

/** What the BFF reads back from an event. */
export interface CalendarEventSummary {
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  htmlLink: string | null;
  privateProperties: Record<string, string>;
}

export interface BusyPeriod {
  start: Date;
  end: Date;
}

/**
 * Google Calendar's events and freeBusy endpoints. Errors: `GoogleAccessTokenRejectedError`
 * (401), `GoogleEventExistsError` (insert 409), `GoogleEventGoneError` (404/410 on an event),
 * `GoogleCalendarError` with the problem code for anything else; never the upstream body.
 */
export interface GoogleCalendarPort {
  insertEvent(
    accessToken: string,
    calendarId: string,
    input: { id: string; content: CalendarEventContent; sendUpdates: CalendarSendUpdates },
  ): Promise<CalendarEventSummary>;
  getEvent(accessToken: string, calendarId: string, eventId: string): Promise<CalendarEventSummary>;
  /**
   * Writes every field of `content` (attendees replaced) and `status: confirmed`, which also
   * brings back an event deleted earlier (deleted ids stay taken at Google).
   */
  patchEvent(
    accessToken: string,
    calendarId: string,
    eventId: string,
    input: { content: CalendarEventContent; sendUpdates: CalendarSendUpdates },
  ): Promise<CalendarEventSummary>;
  deleteEvent(
    accessToken: string,
    calendarId: string,
    eventId: string,
    sendUpdates: CalendarSendUpdates,
  ): Promise<void>;
  /** Busy periods of one calendar in [timeMin, timeMax). No in-request retry: callers wait on it. */
  freeBusy(
    accessToken: string,
    input: { calendarId: string; timeMin: Date; timeMax: Date; signal?: AbortSignal },
  ): Promise<BusyPeriod[]>;
}
