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

export type UseZoomConnectionResult = UseProviderConnectionResult<ZoomConnectionState>;

/**
 * Headless Zoom link: the signed-in user's connection and the popup OAuth flow, for hosts that
 * bring their own UI. `ZoomLinkButton` is built on it.
 */
export function useZoomConnection(options?: UseZoomConnectionOptions): UseZoomConnectionResult {
  return useProviderConnection('zoom', options);
}
