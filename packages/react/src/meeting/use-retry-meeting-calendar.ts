import type { ApiError } from '@ats-zoom/client';
import type { InterviewMeeting } from '@ats-zoom/contract';
import type { UseMutationResult } from '@tanstack/react-query';
import { useMeetingMutation } from './meeting-queries';

export type UseRetryMeetingCalendarResult = UseMutationResult<
  InterviewMeeting,
  ApiError | Error,
  void
>;

/**
 * Runs the interview's failed Google Calendar step now (`POST .../meeting/calendar/retry`). The
 * answer is the meeting with the step's new state (`registered`, or `failed` again with the new
 * reason); it replaces the cached meeting. Host lists refresh, since a registered event makes its
 * owner busy. A refusal (`calendar_not_requested`, `meeting_not_found`) reloads the meeting, which
 * changed under the user.
 */
export function useRetryMeetingCalendar(interviewId: string): UseRetryMeetingCalendarResult {
  return useMeetingMutation(interviewId, (client, setMeeting, refetch, [meetingKey, hostsKey]) => ({
    mutationFn: () => client.retryMeetingCalendar(interviewId),
    onSuccess: (meeting) => {
      setMeeting(meeting);
      return refetch([hostsKey]);
    },
    onError: () => refetch([meetingKey]),
  }));
}
