import type { Problem } from './schemas';

/**
 * Every problem code, in the registry's order: the server's `ProblemSchema` accepts only these.
 * (Browser code does not ship the list: `isProblem` checks a code's shape, see there.)
 */
export const problemCodes = [
  'validation_failed',
  'malformed_json',
  'malformed_request',
  'unsupported_media_type',
  'body_too_large',
  'unauthenticated',
  'invalid_token',
  'forbidden',
  'not_found',
  'origin_not_allowed',
  'oauth_state_invalid',
  'oauth_access_denied',
  'oauth_exchange_failed',
  'not_connected',
  'needs_reauth',
  'connection_moved',
  'provider_rate_limited',
  'provider_unavailable',
  'meeting_not_found',
  'idempotency_key_required',
  'idempotency_key_mismatch',
  'idempotency_key_in_use',
  'host_not_found',
  'host_deactivated',
  'host_needs_reauth',
  'host_moved',
  'no_host_available',
  'user_deactivated',
  'provider_daily_quota',
  'provider_meeting_missing',
  'meeting_in_past',
  'calendar_not_connected',
  'calendar_needs_reauth',
  'calendar_forbidden',
  'calendar_rate_limited',
  'calendar_quota_exceeded',
  'calendar_unavailable',
  'calendar_event_deleted',
  'calendar_not_requested',
  'admin_consent_required',
  'template_malformed',
  'webhook_signature_invalid',
  'rate_limited',
  'not_ready',
  'internal_error',
] as const;

export type ProblemCode = (typeof problemCodes)[number];

/**
 * The problem-type registry: every non-2xx answer of the BFF is an RFC 9457 problem+json whose
 * `code` comes from here. UIs branch on `code`, never on message text.
 */
export const problemTypes = {
  validation_failed: { status: 400, title: 'The request is not valid.' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON.' },
  malformed_request: {
    status: 400,
    title: 'The request cannot be read: its URL or its body encoding is malformed.',
  },
  unsupported_media_type: { status: 415, title: 'Send the body as application/json.' },
  body_too_large: { status: 413, title: 'The request body is too large.' },
  unauthenticated: { status: 401, title: 'A host token is required.' },
  invalid_token: { status: 401, title: 'The host token is not valid.' },
  forbidden: { status: 403, title: 'Your role does not allow this.' },
  not_found: { status: 404, title: 'Not found.' },
  origin_not_allowed: { status: 403, title: 'This origin is not allowed to use the BFF.' },
  oauth_state_invalid: {
    status: 400,
    title: 'The authorization attempt is unknown, expired, already used or not yours.',
  },
  oauth_access_denied: { status: 400, title: 'The authorization was declined at the provider.' },
  oauth_exchange_failed: { status: 502, title: 'The provider did not complete the authorization.' },
  not_connected: { status: 409, title: 'No provider account is connected.' },
  needs_reauth: { status: 409, title: 'The provider account must be connected again.' },
  connection_moved: {
    status: 409,
    title: 'The provider account is now linked to another ATS account.',
  },
  provider_rate_limited: { status: 429, title: 'The provider is rate limiting requests.' },
  provider_unavailable: { status: 503, title: 'The provider is unavailable.' },
  meeting_not_found: { status: 404, title: 'This interview has no Zoom meeting.' },
  idempotency_key_required: { status: 400, title: 'Send an Idempotency-Key header.' },
  idempotency_key_mismatch: {
    status: 422,
    title: 'This Idempotency-Key was used with a different request.',
  },
  idempotency_key_in_use: {
    status: 409,
    title: 'A request with this Idempotency-Key is still being processed.',
  },
  host_not_found: { status: 404, title: 'The chosen host is not a Zoom account of this tenant.' },
  host_deactivated: {
    status: 409,
    title: "The chosen host's ATS account is deactivated: choose another host.",
  },
  host_needs_reauth: {
    status: 409,
    title:
      "The host's Zoom link was removed at Zoom or needs re-authorization: choose another host, or ask its owner to connect Zoom again.",
  },
  host_moved: {
    status: 409,
    title:
      "The chosen host's Zoom account is now linked to an ATS account of another tenant: choose another host.",
  },
  no_host_available: {
    status: 409,
    title:
      'No host is free at this slot (automatic host): choose another time, or choose a host yourself.',
  },
  user_deactivated: { status: 403, title: 'This ATS account is deactivated.' },
  provider_daily_quota: {
    status: 429,
    title: "The host's daily limit of Zoom meeting creates and updates is used up.",
  },
  provider_meeting_missing: {
    status: 409,
    title: 'The Zoom meeting no longer exists in Zoom; issue it again.',
  },
  meeting_in_past: {
    status: 422,
    title: 'The interview would already be over: choose a start in the future.',
  },
  calendar_not_connected: {
    status: 409,
    title: 'Connect the calendar first: the interview cannot be registered on it.',
  },
  calendar_needs_reauth: {
    status: 409,
    title: 'The calendar link must be connected again.',
  },
  calendar_forbidden: {
    status: 403,
    title: 'The calendar refused this write with the permissions of the linked account.',
  },
  calendar_rate_limited: { status: 429, title: 'The calendar is rate limiting requests.' },
  calendar_quota_exceeded: {
    status: 429,
    title: 'The calendar usage limit of the linked account is used up for now.',
  },
  calendar_unavailable: { status: 503, title: 'The calendar is unavailable.' },
  calendar_event_deleted: {
    status: 409,
    title:
      "The interview's event was deleted in the calendar by its owner; it is not brought back unless the scheduler registers it again.",
  },
  calendar_not_requested: {
    status: 409,
    title: 'This interview was not set to be registered on a calendar.',
  },
  admin_consent_required: {
    status: 409,
    title:
      "The provider account's organization requires an administrator to consent to this app before its users can connect.",
  },
  template_malformed: {
    status: 400,
    title: 'The template has a variable token that is not closed or is empty.',
  },
  webhook_signature_invalid: { status: 401, title: 'The webhook signature is not valid.' },
  rate_limited: { status: 429, title: 'Too many requests.' },
  not_ready: { status: 503, title: 'The service is not ready to take requests.' },
  internal_error: { status: 500, title: 'Something went wrong on our side.' },
} as const satisfies Record<ProblemCode, { status: number; title: string }>;

/** The `type` URI of a problem code. */
export function problemTypeUri(code: ProblemCode): string {
  return `urn:ats-zoom:problem:${code}`;
}

export function isProblemCode(value: unknown): value is ProblemCode {
  return (problemCodes as readonly unknown[]).includes(value);
}

/**
 * A problem code as a client receives it: one of this registry's, or one that a BFF newer than
 * the client added (the client cannot know it; the UI explains it with its generic text).
 */
export type ReceivedProblemCode = ProblemCode | (string & {});

/** A problem+json answer as a client reads it: a `Problem` whose code may be a newer one. */
export type ReceivedProblem = Omit<Problem, 'code'> & { code: ReceivedProblemCode };

/**
 * Whether a parsed answer body is a problem+json. The client checks error answers with this in
 * the browser, where zod is not shipped. Its `code` is checked for its shape (snake_case), not
 * against `problemCodes`: a BFF deployed ahead of the browser code may send a code this build
 * does not know, which is still a problem to report (the UI falls back to its generic text for
 * a code it has no message for), not a broken answer. Leaving the list out also keeps its ~0.3 kB
 * (min+gzip) out of every host's bundle. Server code keeps the strict `ProblemSchema`, which says
 * the same for every answer of this registry (tested).
 */
export function isProblem(value: unknown): value is ReceivedProblem {
  // A primitive, null or undefined has no `type` string: all are refused by the first test.
  const problem = value as Record<string, unknown> | null | undefined;
  return (
    typeof problem?.type === 'string' &&
    typeof problem.title === 'string' &&
    Number.isInteger(problem.status) &&
    typeof problem.code === 'string' &&
    /^[a-z][a-z0-9_]*$/.test(problem.code) &&
    isOptionalString(problem.detail) &&
    isOptionalString(problem.instance) &&
    isOptionalString(problem.requestId) &&
    (problem.errors === undefined ||
      (Array.isArray(problem.errors) && problem.errors.every(isPointerMessage)))
  );
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isPointerMessage(value: unknown): boolean {
  const item = value as Record<string, unknown> | null | undefined;
  return typeof item?.pointer === 'string' && typeof item.message === 'string';
}
