import type { HostList } from '@ats-zoom/contract';
import type { UseQueryResult } from '@tanstack/react-query';
import { idList, meetingQueries, useMeetingQuery } from './meeting-queries';

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
   * The interview's interviewers (ATS user ids, in order): 自動で選ぶ (`auto` in the answer)
   * tries them first.
   * @default []
   */
  interviewers?: readonly string[];
  /**
   * ATS user ids 自動で選ぶ tries before the interviewers (the save's `host.prefer`).
   * @default []
   */
  prefer?: readonly string[];
  /**
   * Set to false to hold the request (e.g. until the slot is complete).
   * @default true
   */
  enabled?: boolean;
}

/**
 * Every connected Zoom account of the tenant with its busy state for the slot, and whom
 * 自動で選ぶ would pick (`auto`), for a host picker of your own.
 */
export function useZoomHosts({
  enabled = true,
  interviewers,
  prefer,
  ...query
}: UseZoomHostsOptions): UseQueryResult<HostList> {
  return useMeetingQuery(
    meetingQueries.hosts,
    { ...query, interviewers: idList(interviewers), prefer: idList(prefer) },
    { enabled: enabled && query.start !== '' },
  );
}
