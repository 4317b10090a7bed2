export { connectionKeys, connectionQueries } from './connection/connection-queries';
export {
  OAUTH_POPUP_FEATURES,
  OAUTH_POPUP_NAME,
  type UseZoomConnectionOptions,
  type UseZoomConnectionResult,
  useZoomConnection,
  type ZoomConnectionError,
  type ZoomConnectionState,
} from './connection/use-zoom-connection';
export {
  defaultMessages,
  errorMessageKey,
  formatMessage,
  type Locale,
  type MessageKey,
  type Messages,
  type MessageValues,
  resolveMessages,
  type UiErrorCode,
} from './intl/messages';
export { type UseMessagesResult, useMessages } from './intl/use-messages';
export {
  type AtsZoomClient,
  type AtsZoomContextValue,
  useAtsZoomContext,
} from './provider/ats-zoom-context';
export { AtsZoomProvider, type AtsZoomProviderProps } from './provider/ats-zoom-provider';
export {
  ZoomLinkButton,
  type ZoomLinkButtonPart,
  type ZoomLinkButtonProps,
} from './zoom-link-button';
