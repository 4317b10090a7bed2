import messages from '../../outlook-calendar-link-button/intl/ja.json';
import type { OutlookLocaleMessages } from '../../outlook-calendar-link-button/messages';

/** Japanese texts of the Outlook link button: `<OutlookCalendarLinkButton locale={outlookJa}>`. */
export const outlookJa: OutlookLocaleMessages = { locale: 'ja', messages };
