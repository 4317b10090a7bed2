import type { MeetingPreview } from '@ats-zoom/contract';
import type { UseQueryResult } from '@tanstack/react-query';
import { meetingQueries, useMeetingQuery } from './meeting-queries';

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
   * Set to false to hold the request.
   * @default true
   */
  enabled?: boolean;
}

/** What the candidate will get if the meeting is saved with this host and slot. */
export function useMeetingPreview({
  enabled = true,
  ...query
}: UseMeetingPreviewOptions): UseQueryResult<MeetingPreview> {
  return useMeetingQuery(meetingQueries.preview, query, {
    enabled: enabled && query.hostConnectionId !== '' && query.start !== '',
  });
}
