import type { HostList } from '@ats-zoom/contract';
import type { UseQueryResult } from '@tanstack/react-query';
import { meetingQueries, useMeetingQuery } from './meeting-queries';

export interface UseZoomHostsOptions {
  /** Start of the interview slot, ISO 8601 with an offset. */
  start: string;
  /** Length of the slot in minutes (15-480). */
  durationMinutes: number;
  /**
   * When rescheduling: the interview whose own meeting must not count as a conflict.
   * @default undefined
   */
  excludeInterviewId?: string;
  /**
   * Set to false to hold the request (e.g. until the slot is complete).
   * @default true
   */
  enabled?: boolean;
}

/** Every connected Zoom account of the tenant with its busy state for the slot, for a host picker of your own. */
export function useZoomHosts({
  enabled = true,
  ...query
}: UseZoomHostsOptions): UseQueryResult<HostList> {
  return useMeetingQuery(meetingQueries.hosts, query, { enabled: enabled && query.start !== '' });
}
