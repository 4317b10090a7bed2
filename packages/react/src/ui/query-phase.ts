import type { FetchStatus } from '@tanstack/react-query';

/**
 * Where a query stands before its data can be shown: `error` only when there is nothing to show
 * (a failed refetch keeps the last data), `idle` when it waits for its input (disabled),
 * `loading`, or `settled`.
 */
export type QueryPhase = 'error' | 'idle' | 'loading' | 'settled';

export function queryPhaseOf(query: {
  isError: boolean;
  isPending: boolean;
  fetchStatus: FetchStatus;
  data: unknown;
}): QueryPhase {
  if (query.isError && query.data === undefined) return 'error';
  if (query.isPending) return query.fetchStatus === 'idle' ? 'idle' : 'loading';
  return 'settled';
}
