import { isApiError } from '@ats-zoom/client';
import type { UiErrorCode } from '../intl/messages';

/** The code the UI branches on for a failure: the problem's code, or `generic` for anything else. */
export function uiErrorCodeOf(error: unknown): UiErrorCode {
  return isApiError(error) ? error.code : 'generic';
}

/** The vendor a problem names (its `provider`): which calendar failed, say. */
export function providerOf(error: unknown): string | undefined {
  return isApiError(error) ? error.problem?.provider : undefined;
}

/** How long the BFF said to wait (its `Retry-After`), for `errorMessage`'s third argument. */
export function retryAfterOf(error: unknown): number | undefined {
  return isApiError(error) ? error.retryAfterSeconds : undefined;
}
