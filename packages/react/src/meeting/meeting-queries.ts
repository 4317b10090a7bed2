import type { HostsQuery, MeetingPreviewQuery } from '@ats-zoom/client';
import type { InterviewMeeting } from '@ats-zoom/contract';
import {
  type QueryKey,
  queryOptions,
  type UseMutationOptions,
  type UseQueryOptions,
  useMutation,
  useQuery,
} from '@tanstack/react-query';
import { type AtsZoomClient, useAtsZoomContext } from '../provider/ats-zoom-context';
import { variablesAllKey } from '../variables/variable-queries';

// Each key and factory a write or a hook uses is a function of its own, so a component that
// needs only the meeting's (ZoomMeetingLink) bundles neither the host lists' nor the previews'.
/** Every host list, whatever the slot: invalidated by any meeting write (busy badges change). */
const hostsAllKey = (baseUrl: string) => ['ats-zoom', baseUrl, 'hosts'] as const;
/** Every meeting preview: the host's remaining daily quota changes with each write. */
const previewsAllKey = (baseUrl: string) => ['ats-zoom', baseUrl, 'meeting-previews'] as const;
const meetingKey = (baseUrl: string, interviewId: string) =>
  ['ats-zoom', baseUrl, 'interviews', interviewId, 'meeting'] as const;

/**
 * Query keys of the interview meeting data. Like the connection keys they carry the BFF base
 * URL, so two providers sharing one QueryClient never mix their data.
 */
export const meetingKeys = {
  /** Every host list, whatever the slot: invalidated by any meeting write (busy badges change). */
  hostsAll: hostsAllKey,
  hosts: (baseUrl: string, query: HostsQuery) =>
    [
      ...hostsAllKey(baseUrl),
      query.start,
      query.durationMinutes,
      query.excludeInterviewId ?? null,
      query.interviewers ?? null,
      query.prefer ?? null,
    ] as const,
  /** Every meeting preview: the host's remaining daily quota changes with each write. */
  previewsAll: previewsAllKey,
  preview: (baseUrl: string, query: MeetingPreviewQuery) =>
    [
      ...previewsAllKey(baseUrl),
      query.hostConnectionId,
      query.start,
      query.durationMinutes,
      query.joinBeforeHost,
      query.excludeInterviewId ?? null,
      query.interviewers ?? null,
    ] as const,
  meeting: meetingKey,
};

/** ATS user ids as the query string lists them (`u1,u2`); none: left out. */
export const idList = (ids?: readonly string[]): string | undefined => ids?.join(',') || undefined;

/** The interview's meeting, or null when none was issued. */
export const meetingQuery = (client: AtsZoomClient, interviewId: string) =>
  queryOptions({
    queryKey: meetingKey(client.baseUrl, interviewId),
    queryFn: ({ signal }) => client.getInterviewMeeting(interviewId, { signal }),
  });

/** `queryOptions` factories for the meeting data, usable with `useQuery` or `fetchQuery`. */
export const meetingQueries = {
  /** Every connected Zoom account of the tenant, with its busy state for the slot (`GET /v1/hosts`). */
  hosts: (client: AtsZoomClient, query: HostsQuery) =>
    queryOptions({
      queryKey: meetingKeys.hosts(client.baseUrl, query),
      queryFn: ({ signal }) => client.listHosts(query, { signal }),
      // Busy badges age fast; the BFF caches briefly itself.
      staleTime: 30_000,
    }),
  /** What the candidate would get with this host and slot (`GET /v1/meetings/preview`). */
  preview: (client: AtsZoomClient, query: MeetingPreviewQuery) =>
    queryOptions({
      queryKey: meetingKeys.preview(client.baseUrl, query),
      queryFn: ({ signal }) => client.getMeetingPreview(query, { signal }),
      staleTime: 30_000,
    }),
  meeting: meetingQuery,
};

/**
 * `useQuery` of one of the factories above with the provider's client and QueryClient. `extra`
 * overrides (only what it names: a QueryClient default applies to the rest).
 */
export function useMeetingQuery<A, T, K extends QueryKey>(
  factory: (client: AtsZoomClient, arg: A) => UseQueryOptions<T, Error, T, K>,
  arg: A,
  extra?: { enabled: boolean },
) {
  const { client, queryClient } = useAtsZoomContext();
  return useQuery({ ...factory(client, arg), ...extra }, queryClient);
}

/** A meeting write's options, built from what the writes of one interview share. */
export type MeetingWrite<T, V> = (
  client: AtsZoomClient,
  /** Replaces the cached meeting (null: none issued). */
  setMeeting: (meeting: InterviewMeeting | null) => void,
  /** Invalidates these keys (in this order); resolves once their active queries refetched. */
  refetch: (keys: QueryKey[]) => Promise<unknown>,
  /**
   * The interview's meeting, then what a save or a delete changes besides it: every host list
   * (busy badges), every preview (the host's daily quota) and the variables (the candidate's next
   * interview, so their availability and values).
   */
  keys: [meeting: QueryKey, hosts: QueryKey, previews: QueryKey, variables: QueryKey],
) => UseMutationOptions<T, Error, V>;

/** `useMutation` of a write to the interview's meeting, with the provider's QueryClient. */
export function useMeetingMutation<T, V>(interviewId: string, options: MeetingWrite<T, V>) {
  const { client, queryClient } = useAtsZoomContext();
  const { baseUrl } = client;
  const key = meetingKey(baseUrl, interviewId);
  return useMutation(
    {
      // While it runs, the meeting is not read again on a timer (`useInterviewMeeting`).
      mutationKey: key,
      ...options(
        client,
        (meeting) => queryClient.setQueryData(key, meeting),
        (keys) => Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
        [key, hostsAllKey(baseUrl), previewsAllKey(baseUrl), variablesAllKey(baseUrl)],
      ),
    },
    queryClient,
  );
}
