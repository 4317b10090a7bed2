import type { InterviewMeeting } from '@ats-zoom/contract';
import { type UseQueryResult, useIsMutating, useQuery } from '@tanstack/react-query';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { meetingQuery } from './meeting-queries';

export type UseInterviewMeetingResult = UseQueryResult<InterviewMeeting | null> & {
  /** The issued meeting; null while loading, after an error, and when none was issued. */
  meeting: InterviewMeeting | null;
};

/**
 * The interview's Zoom meeting. No meeting yet is `meeting: null` with `isSuccess`, not an error.
 * Kept current (deleted or changed at Zoom) as `AtsZoomProvider`'s `refreshIntervalMs` says.
 */
export function useInterviewMeeting(interviewId: string): UseInterviewMeetingResult {
  const { client, queryClient, refreshIntervalMs } = useAtsZoomContext();
  const options = meetingQuery(client, interviewId);
  // Read again on the provider's interval while the page is visible (React Query pauses it in a
  // background tab), but not while a write of this meeting runs: its answer replaces the data.
  const writing = useIsMutating({ mutationKey: options.queryKey }, queryClient);
  const query = useQuery(
    { ...options, refetchInterval: !writing && refreshIntervalMs },
    queryClient,
  );
  // Spreading reads every field, so this opts out of React Query's tracked-props optimisation.
  return { ...query, meeting: query.data ?? null };
}
