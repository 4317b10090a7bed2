// `@ats-zoom/react/outlook`: the Outlook calendar link, an entry of its own so that a page
// without Outlook ships none of its code (its texts: `@ats-zoom/react/outlook/locales/*`).
export {
  type OutlookCalendarConnectionState,
  OutlookCalendarLinkButton,
  type OutlookCalendarLinkButtonPart,
  type OutlookCalendarLinkButtonProps,
  type OutlookLocaleMessages,
  type OutlookMessageKey,
  type OutlookMessages,
  type UseOutlookCalendarConnectionOptions,
  type UseOutlookCalendarConnectionResult,
  useOutlookCalendarConnection,
} from './outlook-calendar-link-button';
