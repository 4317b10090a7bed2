import type { ReceivedProblem, ReceivedProblemCode } from '@ats-zoom/contract';

/**
 * What went wrong: a problem code from the BFF's registry (or a newer BFF's, which this build
 * does not know: see `isProblem`), or a client-side failure.
 */
export type ApiErrorCode = ReceivedProblemCode | 'network_error' | 'unexpected_response';

export interface ApiErrorInit {
  status: number;
  code: ApiErrorCode;
  problem: ReceivedProblem | null;
  /** Seconds to wait before trying again, from the answer's `Retry-After` (429, 503). */
  retryAfterSeconds?: number;
  message?: string;
  cause?: unknown;
}

// A registry symbol survives two copies of this module on one page (where instanceof fails).
const apiErrorBrand = Symbol.for('@ats-zoom/client/ApiError');

/**
 * Every failure of a BFF call. UIs branch on `code`, never on the message.
 * `status` is the HTTP status, or 0 when no answer arrived (`network_error`).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  // Declared only (no class field): the constructor's `Object.assign` creates them.
  declare readonly status: number;
  declare readonly code: ApiErrorCode;
  /** The parsed problem+json body when the BFF sent one. */
  declare readonly problem: ReceivedProblem | null;
  /**
   * How long to wait before trying again, in whole seconds, when the BFF said so with
   * `Retry-After` (a 429 `rate_limited` / `provider_rate_limited`, Zoom's own wait passed on).
   */
  declare readonly retryAfterSeconds: number | undefined;
  readonly [apiErrorBrand] = true;

  constructor({ status, code, problem, retryAfterSeconds, message, cause }: ApiErrorInit) {
    super(
      message ?? problem?.detail ?? problem?.title ?? `BFF call failed (${code})`,
      cause === undefined ? undefined : { cause },
    );
    Object.assign(this, { status, code, problem, retryAfterSeconds });
  }
}

/**
 * Whether `error` is an `ApiError`, from this copy of the module or another one on the page: it
 * reads the brand every instance carries (subclasses too), so it does not need the class itself
 * (a component that only checks errors does not ship the class).
 */
export function isApiError(error: unknown): error is ApiError {
  return (error as { [apiErrorBrand]?: unknown } | null | undefined)?.[apiErrorBrand] === true;
}
