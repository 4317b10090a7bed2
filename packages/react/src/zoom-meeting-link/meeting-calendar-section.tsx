/** The calendar parts of `ZoomMeetingLink`. */
export type MeetingCalendarPart =
  | 'calendar'
  | 'calendarStatus'
  | 'calendarDetails'
  | 'calendarOwner'
  | 'calendarAttendees'
  | 'calendarLink'
  | 'calendarReason'
  | 'calendarRetryNote'
  | 'calendarRetryButton'
  | 'calendarError';
