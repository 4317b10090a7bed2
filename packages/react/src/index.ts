export { connectionKeys, connectionQueries } from './connection/connection-queries';
export {
  type GoogleCalendarConnectionState,
  type UseGoogleCalendarConnectionOptions,
  type UseGoogleCalendarConnectionResult,
  useGoogleCalendarConnection,
} from './connection/use-google-calendar-connection';
export {
  OAUTH_POPUP_FEATURES,
  OAUTH_POPUP_NAME,
  OAUTH_POPUP_NAMES,
  type ProviderConnectionError,
  type ProviderConnectionState,
  type UseProviderConnectionOptions,
  type UseProviderConnectionResult,
  useProviderConnection,
} from './connection/use-provider-connection';
export {
  type UseZoomConnectionOptions,
  type UseZoomConnectionResult,
  useZoomConnection,
  type ZoomConnectionError,
  type ZoomConnectionState,
} from './connection/use-zoom-connection';
export {
  GoogleCalendarLinkButton,
  type GoogleCalendarLinkButtonPart,
  type GoogleCalendarLinkButtonProps,
} from './google-calendar-link-button';
export { errorTextOf, passedOverText } from './intl/error-text';
export {
  errorMessageKeyIn,
  formatMessage,
  type Locale,
  type LocaleMessages,
  type MessageKey,
  type Messages,
  type MessageValues,
  resolveMessages,
  type UiErrorCode,
} from './intl/messages';
export { type UseMessagesResult, useMessages } from './intl/use-messages';
export { type UseTimeFormatResult, useTimeFormat } from './intl/use-time-format';
export { AUTO_HOST } from './meeting/auto-host';
export { meetingKeys, meetingQueries } from './meeting/meeting-queries';
export {
  type UseDeleteInterviewMeetingResult,
  useDeleteInterviewMeeting,
} from './meeting/use-delete-interview-meeting';
export {
  type UseInterviewMeetingResult,
  useInterviewMeeting,
} from './meeting/use-interview-meeting';
export { type UseMeetingPreviewOptions, useMeetingPreview } from './meeting/use-meeting-preview';
export {
  type UseRetryMeetingCalendarResult,
  useRetryMeetingCalendar,
} from './meeting/use-retry-meeting-calendar';
export {
  type UseSaveInterviewMeetingResult,
  useSaveInterviewMeeting,
} from './meeting/use-save-interview-meeting';
export { type UseZoomHostsOptions, useZoomHosts } from './meeting/use-zoom-hosts';
export {
  type AtsZoomClient,
  type AtsZoomContextValue,
  useAtsZoomContext,
} from './provider/ats-zoom-context';
export { AtsZoomProvider, type AtsZoomProviderProps } from './provider/ats-zoom-provider';
export {
  type FieldSelection,
  type InsertableField,
  insertIntoField,
  type VariableInsertDetail,
  VariableInserter,
  type VariableInserterPart,
  type VariableInserterProps,
} from './variable-inserter';
export {
  type UseRenderedPreviewOptions,
  type UseRenderedPreviewResult,
  useRenderedPreview,
} from './variables/use-rendered-preview';
export { type UseVariablesOptions, useVariables } from './variables/use-variables';
export { variableQueries, variableQueryKeys } from './variables/variable-queries';
export {
  ZoomHostPicker,
  type ZoomHostPickerPart,
  type ZoomHostPickerProps,
  type ZoomHostPickerState,
} from './zoom-host-picker';
export {
  ZoomLinkButton,
  type ZoomLinkButtonPart,
  type ZoomLinkButtonProps,
} from './zoom-link-button';
export {
  ZoomMeetingPreview,
  type ZoomMeetingPreviewPart,
  type ZoomMeetingPreviewProps,
  type ZoomMeetingPreviewState,
} from './zoom-meeting-preview';
