import { queryOptions } from '@tanstack/react-query';
import type { AtsZoomClient } from '../provider/ats-zoom-context';

/**
 * Query keys of the connection data. Keys carry the BFF base URL so two providers sharing one
 * QueryClient but talking to different BFFs never mix their data.
 */
export const connectionKeys = {
  all: (baseUrl: string) => ['ats-zoom', baseUrl, 'connections'] as const,
  me: (baseUrl: string) => ['ats-zoom', baseUrl, 'connections', 'me'] as const,
  attempt: (baseUrl: string, attemptId: string) =>
    ['ats-zoom', baseUrl, 'oauth-attempts', attemptId] as const,
};

/** `queryOptions` factories for the connection data, usable with `useQuery` or `fetchQuery`. */
export const connectionQueries = {
  /** The signed-in user's provider connections (`GET /v1/connections/me`). */
  me: (client: AtsZoomClient) =>
    queryOptions({
      queryKey: connectionKeys.me(client.baseUrl),
      queryFn: () => client.getMyConnections(),
    }),
  /** One OAuth attempt's result; never cached, since it is read to learn whether it changed. */
  attempt: (client: AtsZoomClient, attemptId: string) =>
    queryOptions({
      queryKey: connectionKeys.attempt(client.baseUrl, attemptId),
      queryFn: () => client.getOAuthAttempt(attemptId),
      staleTime: 0,
      gcTime: 0,
      retry: false,
    }),
};
