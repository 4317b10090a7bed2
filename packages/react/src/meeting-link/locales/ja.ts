import messages from '../../zoom-meeting-link/intl/ja.json';
import type { MeetingLinkLocaleMessages } from '../../zoom-meeting-link/messages';

/** Japanese texts of the meeting link: `<ZoomMeetingLink locale={meetingLinkJa}>`. */
export const meetingLinkJa: MeetingLinkLocaleMessages = { locale: 'ja', messages };
