export {
  GoogleCalendarLinkButton,
  type GoogleCalendarLinkButtonPart,
  type GoogleCalendarLinkButtonProps,
} from './google-calendar-link-button';
