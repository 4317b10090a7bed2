import type { ApiError } from '@ats-zoom/client';
import type { InterviewMeeting } from '@ats-zoom/contract';
import { type UseMutationResult, useMutation } from '@tanstack/react-query';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { meetingKeys } from './meeting-queries';

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
  const { client, queryClient } = useAtsZoomContext();
  const meetingKey = meetingKeys.meeting(client.baseUrl, interviewId);
  return useMutation(
    {
      mutationFn: () => client.retryMeetingCalendar(interviewId),
      onSuccess: async (meeting) => {
        queryClient.setQueryData(meetingKey, meeting);
        await queryClient.invalidateQueries({ queryKey: meetingKeys.hostsAll(client.baseUrl) });
      },
      onError: async () => {
        await queryClient.invalidateQueries({ queryKey: meetingKey });
      },
    },
    queryClient,
  );
}
