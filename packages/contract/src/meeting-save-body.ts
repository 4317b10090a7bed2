import type { InterviewMeeting, SaveMeetingBody } from './meetings';

/**
 * The PUT body that saves an interview's meeting again as it is, calendar registration and its
 * attendees included (PUT is full state: a body without `calendar` removes a registered event).
 * Spread a change over it to reschedule or re-issue; to change host, set `hostConnectionId` and
 * drop `host` (or the reverse). The calendar part names no
 * provider: the BFF keeps the event on the calendar that holds it.
 */
export function saveBodyOfMeeting(meeting: InterviewMeeting): SaveMeetingBody {
  const { calendar } = meeting;
  return {
    candidateId: meeting.candidateId,
    // 自動で選ぶ stays automatic: the BFF keeps the host while it is free at the (new) slot.
    ...(meeting.hostChoice.auto
      ? { host: { auto: true, prefer: meeting.hostChoice.prefer } }
      : { hostConnectionId: meeting.host.connectionId }),
    interviewers: meeting.interviewers.map(({ userId, name }) =>
      name === null ? { userId } : { userId, name },
    ),
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
