import type { PassedOverHost, ProblemCode, Provider } from '@ats-zoom/contract';

export interface DomainErrorOptions {
  cause?: unknown;
  /** Which vendor failed or is meant (answered as the problem's `provider`). */
  provider?: Provider;
}

/**
 * A failure the domain knows how to name. The HTTP edge maps `code` to a problem+json answer in
 * one place (src/http/problem.ts); nothing else turns errors into status codes.
 */
export class DomainError extends Error {
  readonly code: ProblemCode;
  /**
   * Which vendor failed, when the problem is about one. Set by the thrower, or by
   * `callWithFreshToken` for whatever a call with a provider's link throws.
   */
  provider: Provider | undefined;

  constructor(code: ProblemCode, message: string, options?: DomainErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.provider = options?.provider;
  }
}

export interface FieldError {
  /** JSON pointer into the request, e.g. `/body/topic`. */
  pointer: string;
  message: string;
}

export class ValidationError extends DomainError {
  readonly errors: FieldError[];

  constructor(errors: FieldError[]) {
    super('validation_failed', 'The request is not valid.');
    this.errors = errors;
  }
}

export class AuthenticationError extends DomainError {
  constructor(code: 'unauthenticated' | 'invalid_token', message: string, cause?: unknown) {
    super(code, message, { cause });
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this.') {
    super('forbidden', message);
  }
}

/** The caller's ATS account is deactivated: the host said so (`PUT /v1/users/:userId/status`). */
export class UserDeactivatedError extends DomainError {
  constructor() {
    super('user_deactivated', 'This ATS account is deactivated.');
  }
}

/** Also used for objects of another user or tenant: they must look absent, never forbidden. */
export class NotFoundError extends DomainError {
  constructor(message = 'Not found.') {
    super('not_found', message);
  }
}

export class OriginNotAllowedError extends DomainError {
  constructor(message = 'This origin is not allowed to use the BFF.') {
    super('origin_not_allowed', message);
  }
}

export class OAuthStateInvalidError extends DomainError {
  constructor(reason: string) {
    super('oauth_state_invalid', reason);
  }
}

/** The provider's token endpoint refused the grant (revoked, rotated away, PKCE mismatch...). */
export class ProviderInvalidGrantError extends DomainError {
  constructor(message = 'The provider refused the grant.') {
    super('needs_reauth', message);
  }
}

/** The provider rejected an access token (Zoom answers 401 with code 124). */
export class ProviderAccessTokenRejectedError extends DomainError {
  constructor() {
    super('needs_reauth', 'The provider rejected the access token.');
  }
}

export class ProviderRateLimitedError extends DomainError {
  /** When known: how long to wait before trying again (sent as `Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  constructor(retryAfterSeconds?: number) {
    super('provider_rate_limited', 'The provider is rate limiting requests.');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** One of the BFF's own request budgets is spent (see `BffConfig.rateLimits`). */
export class RateLimitedError extends DomainError {
  /** When the budget is whole again (sent as `Retry-After`). */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, message: string) {
    super('rate_limited', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Zoom's 100 meeting creates/updates per host per UTC day are used up. */
export class ProviderDailyQuotaError extends DomainError {
  readonly retryAfterSeconds: number | undefined;

  constructor(retryAfterSeconds?: number) {
    super('provider_daily_quota', "The host's daily Zoom meeting create/update quota is used up.");
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Zoom says the meeting does not exist (404, code 3001): deleted or expired in Zoom. */
export class HostMeetingMissingError extends DomainError {
  constructor() {
    super('provider_meeting_missing', 'The Zoom meeting no longer exists in Zoom.');
  }
}

/**
 * A create was sent but its answer was lost (timeout, reset, 5xx): Zoom may or may not hold
 * the meeting. Never retried blindly; the caller reconciles by listing the host's meetings.
 */
export class HostOutcomeUnknownError extends DomainError {
  constructor(message: string) {
    super('provider_unavailable', message);
  }
}

/**
 * The meeting host refused one of the alternative hosts asked for (not in the host's account,
 * not licensed, or the host itself unlicensed); nothing was created or changed. `refused` holds
 * the e-mails the answer names (lower-cased), empty when it names none.
 */
export class AlternativeHostsRefusedError extends DomainError {
  readonly refused: string[];

  constructor(refused: string[]) {
    super(
      'provider_unavailable',
      refused.length > 0
        ? `Zoom refused ${refused.join(', ')} as an alternative host.`
        : 'Zoom refused an alternative host.',
    );
    this.refused = refused;
  }
}

export class MeetingNotFoundError extends DomainError {
  constructor() {
    super('meeting_not_found', 'This interview has no Zoom meeting.');
  }
}

export class HostNotFoundError extends DomainError {
  constructor() {
    super('host_not_found', 'The chosen host is not a Zoom account of this tenant.');
  }
}

/** The chosen host's ATS user is deactivated: their link is kept but offered to nobody. */
export class HostDeactivatedError extends DomainError {
  constructor() {
    super('host_deactivated', "The chosen host's ATS account is deactivated: choose another host.");
  }
}

/**
 * A save whose slot has already ended (start + duration <= now): refused before anything is
 * written or sent to Zoom. A slot that has started but not ended is allowed (an interview in
 * progress can still be changed or re-issued).
 */
export class MeetingInPastError extends DomainError {
  constructor() {
    super('meeting_in_past', 'The interview would already be over; choose a start in the future.');
  }
}

/**
 * The host's link cannot be used now: re-linking (or linking) is needed first. `needs_reauth`
 * speaks to the link's owner; `host_needs_reauth` to a scheduler who chose (or kept) a host
 * whose link was removed at Zoom or needs re-authorization: another host, or the owner
 * connecting again, fixes it.
 */
export class HostUnavailableError extends DomainError {
  constructor(
    code:
      | 'needs_reauth'
      | 'host_needs_reauth'
      | 'host_moved'
      | 'connection_moved'
      | 'not_connected',
  ) {
    super(
      code,
      code === 'host_needs_reauth'
        ? "The host's Zoom link was removed at Zoom or needs re-authorization: choose another host, or ask its owner to connect Zoom again."
        : 'The host Zoom account cannot be used until it is connected again.',
    );
  }
}

/** 自動で選ぶ found nobody free at the slot: `passedOver` says who was tried and why not. */
export class NoHostAvailableError extends DomainError {
  readonly passedOver: PassedOverHost[];

  constructor(passedOver: PassedOverHost[]) {
    super(
      'no_host_available',
      passedOver.length === 0
        ? 'No Zoom host is connected in this organisation: connect Zoom, or choose a host.'
        : 'Every host was busy, unknown or unusable at this slot: choose another time, or choose a host.',
    );
    this.passedOver = passedOver;
  }
}

export class IdempotencyKeyError extends DomainError {
  constructor(
    code: 'idempotency_key_required' | 'idempotency_key_mismatch' | 'idempotency_key_in_use',
  ) {
    super(
      code,
      code === 'idempotency_key_required'
        ? 'Send an Idempotency-Key header (1 to 255 visible ASCII characters).'
        : code === 'idempotency_key_mismatch'
          ? 'This Idempotency-Key was used with a different request.'
          : 'A request with this Idempotency-Key is still being processed.',
    );
  }
}

/**
 * Another save or cancel of the same interview (any BFF instance) held it longer than the
 * store's lock wait. Answered like a key still in flight: the client waits, then checks.
 */
export class InterviewBusyError extends DomainError {
  constructor(options?: { cause?: unknown }) {
    super(
      'idempotency_key_in_use',
      'Another change to this interview is still being processed.',
      options,
    );
  }
}

/** The provider failed, timed out or answered something we cannot use. Never carries its body. */
export class ProviderUnavailableError extends DomainError {
  constructor(message: string) {
    super('provider_unavailable', message);
  }
}

export class ServiceNotReadyError extends DomainError {
  constructor() {
    super('not_ready', 'The store is not reachable.');
  }
}

/**
 * The provider account's organisation requires an administrator to consent to the app first
 * (thrown by a provider's OAuth adapter on a code exchange or a refresh; Microsoft 365).
 */
export function isAdminConsentRequired(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === 'admin_consent_required';
}

/** Error summary safe to log: class and our own message, never an upstream body or token. */
export function describeError(error: unknown): { type: string; code?: string; message?: string } {
  if (error instanceof DomainError)
    return { type: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { type: error.name };
  return { type: typeof error };
}

/** Why the calendar step failed: stored on the meeting, or answered before the meeting host. */
export type CalendarProblemCode =
  | 'calendar_not_connected'
  | 'calendar_needs_reauth'
  | 'calendar_forbidden'
  | 'calendar_rate_limited'
  | 'calendar_quota_exceeded'
  | 'calendar_unavailable'
  /**
   * The event was deleted at the calendar by its owner: a later save does not bring it back;
   * the retry route (the scheduler asking) registers a new event under a new id.
   */
  | 'calendar_event_deleted'
  /** The calendar account's organisation withdrew its consent to the app (Microsoft 365). */
  | 'admin_consent_required';

/**
 * The calendar step could not be done. Before the meeting host step (no usable calendar link)
 * it answers the save; after it, it is recorded as the meeting's `calendar.error` instead.
 */
export class CalendarError extends DomainError {
  declare readonly code: CalendarProblemCode;
  /**
   * How long the calendar asked us to wait (`Retry-After` of a 429 or 503), when it said; the
   * outbox waits at least that long before the next attempt.
   */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: CalendarProblemCode,
    message: string,
    options?: DomainErrorOptions & { retryAfterSeconds?: number | undefined },
  ) {
    super(code, message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** The calendar provider rejected the access token (401): refresh once and repeat. */
export class CalendarAccessTokenRejectedError extends CalendarError {
  constructor(options?: DomainErrorOptions) {
    super('calendar_needs_reauth', 'The calendar provider rejected the access token.', options);
  }
}

/**
 * The event id is taken on this calendar (insert answered 409 `duplicate`), also by a deleted
 * event. Handled by the calendar step; never reaches HTTP.
 */
export class CalendarEventExistsError extends Error {
  constructor() {
    super('The event id already exists on this calendar.');
    this.name = 'CalendarEventExistsError';
  }
}

/** The event is not on this calendar (404) or was deleted (410). Never reaches HTTP. */
export class CalendarEventGoneError extends Error {
  constructor(readonly status: 404 | 410) {
    super(status === 410 ? 'The event was deleted.' : 'The event is not on this calendar.');
    this.name = 'CalendarEventGoneError';
  }
}

/** A calendar retry for an interview whose meeting has no calendar registration to retry. */
export class CalendarNotRequestedError extends DomainError {
  constructor() {
    super('calendar_not_requested', 'This interview was not set to be registered on a calendar.');
  }
}
