import type { VariablesQuery } from '@ats-zoom/client';
import type { RenderVariablesBody } from '@ats-zoom/contract';
import { queryOptions } from '@tanstack/react-query';
import type { AtsZoomClient } from '../provider/ats-zoom-context';

/** Everything about variables: availability changes whenever a meeting is saved or deleted. */
export const variablesAllKey = (baseUrl: string) => ['ats-zoom', baseUrl, 'variables'] as const;

/**
 * Query keys of the mail variable data. They carry the BFF base URL, so two providers sharing
 * one QueryClient never mix their data. (Named apart from the contract's `variableKeys`, the
 * catalog's key list.)
 */
export const variableQueryKeys = {
  /** Everything about variables: availability changes whenever a meeting is saved or deleted. */
  all: variablesAllKey,
  list: (baseUrl: string, query: VariablesQuery) =>
    [...variablesAllKey(baseUrl), 'list', query.context, query.candidateId ?? null] as const,
  render: (baseUrl: string, body: RenderVariablesBody) =>
    [
      ...variablesAllKey(baseUrl),
      'render',
      body.candidateIds,
      body.template,
      body.syntax?.open ?? null,
      body.syntax?.close ?? null,
      body.locale ?? null,
      body.timezone ?? null,
    ] as const,
};

/** `queryOptions` factories for the mail variables, usable with `useQuery` or `fetchQuery`. */
export const variableQueries = {
  /** The catalog's variables with their availability in a context (`GET /v1/variables`). */
  list: (client: AtsZoomClient, query: VariablesQuery) =>
    queryOptions({
      queryKey: variableQueryKeys.list(client.baseUrl, query),
      queryFn: ({ signal }) => client.listVariables(query, { signal }),
      staleTime: 60_000,
    }),
  /** A text resolved for one or more candidates (`POST /v1/variables/render`), e.g. for a preview. */
  render: (client: AtsZoomClient, body: RenderVariablesBody) =>
    queryOptions({
      queryKey: variableQueryKeys.render(client.baseUrl, body),
      queryFn: ({ signal }) => client.renderVariables(body, { signal }),
      staleTime: 30_000,
    }),
};
