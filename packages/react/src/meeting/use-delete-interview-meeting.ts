import type { ApiError } from '@ats-zoom/client';
import { type UseMutationResult, useMutation } from '@tanstack/react-query';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { variableQueryKeys } from '../variables/variable-queries';
import { meetingKeys } from './meeting-queries';

export type UseDeleteInterviewMeetingResult = UseMutationResult<void, ApiError | Error, void>;

/** Cancels the interview's meeting (deleted at Zoom); the meeting reads null and host lists refresh. */
export function useDeleteInterviewMeeting(interviewId: string): UseDeleteInterviewMeetingResult {
  const { client, queryClient } = useAtsZoomContext();
  return useMutation(
    {
      mutationFn: () => client.deleteInterviewMeeting(interviewId),
      onSuccess: async () => {
        queryClient.setQueryData(meetingKeys.meeting(client.baseUrl, interviewId), null);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: meetingKeys.hostsAll(client.baseUrl) }),
          queryClient.invalidateQueries({ queryKey: meetingKeys.previewsAll(client.baseUrl) }),
          // The candidate's next interview, so its variables' availability and values, may change.
          queryClient.invalidateQueries({ queryKey: variableQueryKeys.all(client.baseUrl) }),
        ]);
      },
    },
    queryClient,
  );
}
