import messages from '../../outlook-calendar-link-button/intl/en.json';
import type { OutlookLocaleMessages } from '../../outlook-calendar-link-button/messages';

/** English texts of the Outlook link button: `<OutlookCalendarLinkButton locale={outlookEn}>`. */
export const outlookEn: OutlookLocaleMessages = { locale: 'en', messages };
