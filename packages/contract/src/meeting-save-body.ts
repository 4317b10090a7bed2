import type { InterviewMeeting, SaveMeetingBody } from './meetings';

/**
 * The PUT body that saves an interview's meeting again as it is, calendar registration and its
 * attendees included (PUT is full state: a body without `calendar` removes a registered event).
 * Spread a change over it to reschedule, change host or re-issue. The calendar part names no
 * provider: the BFF keeps the event on the calendar that holds it.
 */
export function saveBodyOfMeeting(meeting: InterviewMeeting): SaveMeetingBody {
  const { calendar } = meeting;
  return {
    candidateId: meeting.candidateId,
    hostConnectionId: meeting.host.connectionId,
    topic: meeting.topic,
    startTime: meeting.startTime,
    durationMinutes: meeting.durationMinutes,
    timezone: meeting.timezone,
    joinBeforeHost: meeting.joinBeforeHost,
    ...(calendar.status === 'not_requested'
      ? {}
      : {
          calendar: {
            register: true,
            attendees: calendar.attendees.map(({ email, name }) =>
              name === null ? { email } : { email, name },
            ),
            sendUpdates: calendar.sendUpdates,
          },
        }),
  };
}
