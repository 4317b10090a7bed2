import type { MeetingPreview } from '@ats-zoom/contract';
import type { UseQueryResult } from '@tanstack/react-query';
import { idList, meetingQueries, useMeetingQuery } from './meeting-queries';

export interface UseMeetingPreviewOptions {
  /** The chosen host (a Zoom connection id); no request is made while it is empty. */
  hostConnectionId: string;
  /** Start of the interview slot, ISO 8601 with an offset. */
  start: string;
  durationMinutes: number;
  /** Whether the candidate may join before the host. */
  joinBeforeHost: boolean;
  /**
   * When rescheduling: the interview whose own meeting must not make the host busy.
   * @default undefined
   */
  excludeInterviewId?: string;
  /**
   * The interview's interviewers (ATS user ids): the preview says who could start the meeting.
   * @default []
   */
  interviewers?: readonly string[];
  /**
   * Set to false to hold the request.
   * @default true
   */
  enabled?: boolean;
}

/** What the candidate will get if the meeting is saved with this host and slot. */
export function useMeetingPreview({
  enabled = true,
  interviewers,
  ...query
}: UseMeetingPreviewOptions): UseQueryResult<MeetingPreview> {
  return useMeetingQuery(
    meetingQueries.preview,
    { ...query, interviewers: idList(interviewers) },
    {
      enabled: enabled && query.hostConnectionId !== '' && query.start !== '',
    },
  );
}
