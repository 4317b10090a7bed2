import type { InterviewMeeting } from '@ats-zoom/contract';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useAtsZoomContext, useLiveOptions } from '../provider/ats-zoom-context';
import { meetingQueries } from './meeting-queries';

export type UseInterviewMeetingResult = UseQueryResult<InterviewMeeting | null> & {
  /** The issued meeting; null while loading, after an error, and when none was issued. */
  meeting: InterviewMeeting | null;
};

/**
 * The interview's Zoom meeting. No meeting yet is `meeting: null` with `isSuccess`, not an error.
 * Kept current (deleted or changed at Zoom) as `AtsZoomProvider`'s `refreshIntervalMs` says.
 */
export function useInterviewMeeting(interviewId: string): UseInterviewMeetingResult {
  const { client, queryClient } = useAtsZoomContext();
  const options = meetingQueries.meeting(client, interviewId);
  const query = useQuery({ ...options, ...useLiveOptions(options.queryKey) }, queryClient);
  // Spreading reads every field, so this opts out of React Query's tracked-props optimisation.
  return { ...query, meeting: query.data ?? null };
}
