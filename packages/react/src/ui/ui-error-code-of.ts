import { isApiError } from '@ats-zoom/client';
import type { UiErrorCode } from '../intl/messages';

/** The code the UI branches on for a failure: the problem's code, or `generic` for anything else. */
export function uiErrorCodeOf(error: unknown): UiErrorCode {
  return isApiError(error) ? error.code : 'generic';
}

/** How long the BFF said to wait (its `Retry-After`), for `errorMessage`'s third argument. */
export function retryAfterOf(error: unknown): number | undefined {
  return isApiError(error) ? error.retryAfterSeconds : undefined;
}
