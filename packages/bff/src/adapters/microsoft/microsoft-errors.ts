import { DomainError } from '../../core/shared/errors';

// Errors of the Microsoft adapters, in the vendor-neutral problem codes (`calendar_*`,
// `admin_consent_required`); each names its provider. The integrator may fold them into the
// role-named calendar errors of the core.

/** Which calendar problem a Graph failure is, in the vendor-neutral names. */
export type OutlookCalendarProblemCode =
  | 'calendar_needs_reauth'
  | 'calendar_forbidden'
  | 'calendar_rate_limited'
  | 'calendar_quota_exceeded'
  | 'calendar_unavailable';

/** A Graph calendar call failed. Carries our own message only, never Graph's body or a token. */
export class OutlookCalendarError extends DomainError {
  declare readonly code: OutlookCalendarProblemCode;
  /** For `calendar_rate_limited`: Graph's `Retry-After`, when it sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: OutlookCalendarProblemCode,
    message: string,
    options?: { retryAfterSeconds?: number },
  ) {
    super(code, message, { provider: 'outlook' });
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** Graph rejected the access token (401): refresh once and repeat. */
export class OutlookAccessTokenRejectedError extends OutlookCalendarError {
  constructor() {
    super('calendar_needs_reauth', 'Microsoft Graph rejected the access token.');
  }
}

/** The event is not in the mailbox (404 `ErrorItemNotFound`): deleted. Never reaches HTTP. */
export class OutlookEventGoneError extends Error {
  constructor() {
    super('The Outlook event no longer exists.');
    this.name = 'OutlookEventGoneError';
  }
}

/**
 * The Microsoft 365 organisation does not let the user consent to this app alone (AADSTS65001,
 * AADSTS90094, AADSTS90008, `consent_required`): a tenant administrator must approve it first.
 */
export class AdminConsentRequiredError extends DomainError {
  declare readonly code: 'admin_consent_required';

  constructor() {
    super(
      'admin_consent_required',
      'An administrator of the Microsoft 365 organisation must approve this app first.',
      { provider: 'outlook' },
    );
  }
}

// AADSTS65001: nobody consented to the permissions; AADSTS90094: the grant requires admin
// permission; AADSTS90008: the user or admin has not consented to use the app.
const ADMIN_CONSENT_MARKERS = /\b(AADSTS65001|AADSTS90094|AADSTS90008|consent_required)\b/i;

/** True when Microsoft's `error` / `error_description` say an administrator must consent. */
export function needsAdminConsent(error: string | undefined, description: string | undefined) {
  return ADMIN_CONSENT_MARKERS.test(`${error ?? ''} ${description ?? ''}`);
}

/**
 * What an error on the authorize redirect (`?error=...&error_description=AADSTS...`) means for
 * the connect attempt. `access_denied` is also what a tenant that needs admin approval sends,
 * so the description decides; any other error is a failed attempt, as for the other providers.
 */
export function classifyAuthorizeError(input: {
  error: string;
  errorDescription?: string | undefined;
}): 'admin_consent_required' | 'oauth_access_denied' | 'oauth_exchange_failed' {
  if (needsAdminConsent(input.error, input.errorDescription)) return 'admin_consent_required';
  return input.error === 'access_denied' ? 'oauth_access_denied' : 'oauth_exchange_failed';
}
