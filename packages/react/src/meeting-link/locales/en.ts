import messages from '../../zoom-meeting-link/intl/en.json';
import type { MeetingLinkLocaleMessages } from '../../zoom-meeting-link/messages';

/** English texts of the meeting link: `<ZoomMeetingLink locale={meetingLinkEn}>`. */
export const meetingLinkEn: MeetingLinkLocaleMessages = { locale: 'en', messages };
