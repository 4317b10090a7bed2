import type { InterviewMeeting } from '@ats-zoom/contract';
import type { UseQueryResult } from '@tanstack/react-query';
import { meetingQueries, useMeetingQuery } from './meeting-queries';

export type UseInterviewMeetingResult = UseQueryResult<InterviewMeeting | null> & {
  /** The issued meeting; null while loading, after an error, and when none was issued. */
  meeting: InterviewMeeting | null;
};

/** The interview's Zoom meeting. No meeting yet is `meeting: null` with `isSuccess`, not an error. */
export function useInterviewMeeting(interviewId: string): UseInterviewMeetingResult {
  const query = useMeetingQuery(meetingQueries.meeting, interviewId);
  // Spreading reads every field, so this opts out of React Query's tracked-props optimisation.
  return { ...query, meeting: query.data ?? null };
}
