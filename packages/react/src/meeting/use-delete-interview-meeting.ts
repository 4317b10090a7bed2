import type { ApiError } from '@ats-zoom/client';
import type { UseMutationResult } from '@tanstack/react-query';
import { useMeetingMutation } from './meeting-queries';

export type UseDeleteInterviewMeetingResult = UseMutationResult<void, ApiError | Error, void>;

/** Cancels the interview's meeting (deleted at Zoom); the meeting reads null and host lists refresh. */
export function useDeleteInterviewMeeting(interviewId: string): UseDeleteInterviewMeetingResult {
  return useMeetingMutation(interviewId, (client, setMeeting, refetch, [, ...written]) => ({
    mutationFn: () => client.deleteInterviewMeeting(interviewId),
    onSuccess: () => {
      setMeeting(null);
      // Everything a write changes but the meeting itself, now known to be none.
      return refetch(written);
    },
  }));
}
