import type { ApprovalWait } from '@ats-zoom/contract';
import {
  type ProviderConnectionError,
  type ProviderConnectionState,
  type UseProviderConnectionOptions,
  type UseProviderConnectionResult,
  useProviderConnection,
} from './use-provider-connection';

/** Every state the Zoom link can be in, derived from the server data and the running connect flow. */
export type ZoomConnectionState = ProviderConnectionState;

/** What failed, as a code the messages explain, and during which step. */
export type ZoomConnectionError = ProviderConnectionError;

export type UseZoomConnectionOptions = UseProviderConnectionOptions;

export interface UseZoomConnectionResult extends UseProviderConnectionResult<ZoomConnectionState> {
  /** The recorded wait for the Zoom admin's pre-approval (`awaiting_approval`), if any. */
  approvalWait?: ApprovalWait;
  /**
   * In `unfinished`: the user requested pre-approval on Zoom's page. The state becomes
   * `awaiting_approval`, which the BFF keeps across reloads until they connect. Failures land in
   * `error`.
   */
  requestedApproval: () => Promise<void>;
  /** In `awaiting_approval`: the user stops waiting (`not_connected`). Failures land in `error`. */
  withdrawApproval: () => Promise<void>;
}

/**
 * Headless Zoom link: the signed-in user's connection, the popup OAuth flow and the wait for a
 * company admin's pre-approval, for hosts that bring their own UI. `ZoomLinkButton` is built on
 * it. When Zoom's window closed without a result (`unfinished`), ask the user whether they
 * requested pre-approval on Zoom's page: `requestedApproval()` if so (`awaiting_approval`, kept
 * across reloads until they connect or `withdrawApproval()`), `cancel()` if not.
 */
export function useZoomConnection(options?: UseZoomConnectionOptions): UseZoomConnectionResult {
  return useProviderConnection('zoom', options) as UseZoomConnectionResult;
}
