export type { OutlookLocaleMessages, OutlookMessageKey, OutlookMessages } from './messages';
export {
  OutlookCalendarLinkButton,
  type OutlookCalendarLinkButtonPart,
  type OutlookCalendarLinkButtonProps,
} from './outlook-calendar-link-button';
export {
  type OutlookCalendarConnectionState,
  type UseOutlookCalendarConnectionOptions,
  type UseOutlookCalendarConnectionResult,
  useOutlookCalendarConnection,
} from './use-outlook-calendar-connection';
