import type { RenderResult, TokenSyntax } from '@ats-zoom/contract';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { variableQueries } from './variable-queries';

export interface UseRenderedPreviewOptions {
  /** The text as typed, with variable tokens. */
  template: string;
  /** The candidate the preview resolves for; no request is made while it is empty. */
  candidateId: string;
  /**
   * Token delimiters of the text.
   * @default `{{` and `}}` (the contract's `defaultTokenSyntax`)
   */
  syntax?: TokenSyntax;
  /**
   * IANA time zone of resolved dates.
   * @default the BFF's (`Asia/Tokyo`)
   */
  timeZone?: string;
  /**
   * Quiet time after the last keystroke before the text is sent to the BFF (ms).
   * @default 300
   */
  debounceMs?: number;
  /**
   * Set to false to hold the request.
   * @default true
   */
  enabled?: boolean;
}

export type UseRenderedPreviewResult = UseQueryResult<RenderResult> & {
  /** The template the shown result belongs to (lags `template` while typing). */
  renderedTemplate: string;
  /** True while the typed text differs from the last one sent (typing or waiting for the answer). */
  isStale: boolean;
};

/** The value after it has stayed unchanged for `delayMs`. */
function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (delayMs <= 0) {
      setSettled(value);
      return;
    }
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return delayMs <= 0 ? value : settled;
}

/**
 * One candidate's text with its variables resolved by the BFF, for a live preview beside a mail
 * composer. Requests are debounced while typing and the last result stays shown meanwhile.
 * Dates come in the provider's locale. An unresolved result (`status: 'unresolved'`) is an
 * answer, with `missing` saying why; a malformed template is an error (`template_malformed`).
 */
export function useRenderedPreview({
  template,
  candidateId,
  syntax,
  timeZone,
  debounceMs = 300,
  enabled = true,
}: UseRenderedPreviewOptions): UseRenderedPreviewResult {
  const { client, queryClient, locale } = useAtsZoomContext();
  const renderedTemplate = useDebouncedValue(template, debounceMs);
  const active = enabled && candidateId !== '' && renderedTemplate !== '';
  const query = useQuery(
    {
      ...variableQueries.render(client, {
        template: renderedTemplate,
        candidateIds: [candidateId],
        syntax,
        locale,
        timezone: timeZone,
      }),
      select: (response): RenderResult => {
        const result = response.results.find((item) => item.candidateId === candidateId);
        if (result === undefined) throw new Error(`No render result for ${candidateId}`);
        return result;
      },
      // Keep the last text shown while the next keystrokes render, but never another candidate's.
      placeholderData: (previous) =>
        active && previous?.results.some((item) => item.candidateId === candidateId)
          ? previous
          : undefined,
      enabled: active,
    },
    queryClient,
  );
  return {
    ...query,
    renderedTemplate,
    isStale: renderedTemplate !== template || query.isPlaceholderData,
  } as UseRenderedPreviewResult;
}
