import type { VariableContext, VariableList } from '@ats-zoom/contract';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { variableQueries } from './variable-queries';

export interface UseVariablesOptions {
  /**
   * Where the text is written: `single` (a mail to one candidate), `template` (a mail template)
   * or `bulk` (one text sent to many candidates).
   */
  context: VariableContext;
  /**
   * The recipient, in `single`: availability is that candidate's. No request is made in
   * `single` without it.
   * @default undefined
   */
  candidateId?: string;
  /**
   * Set to false to hold the request.
   * @default true
   */
  enabled?: boolean;
}

/** The mail variables with their availability where the text is written, for a menu of your own. */
export function useVariables({
  context,
  candidateId,
  enabled = true,
}: UseVariablesOptions): UseQueryResult<VariableList> {
  const { client, queryClient } = useAtsZoomContext();
  // Only `single` is about one candidate; the BFF refuses a candidate-less `single` query.
  const single = context === 'single';
  return useQuery(
    {
      ...variableQueries.list(client, single ? { context, candidateId } : { context }),
      enabled: enabled && (!single || !!candidateId),
    },
    queryClient,
  );
}
