import type { RenderResult, TokenSyntax } from '@ats-zoom/contract';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Locale } from '../intl/messages';
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
   * The mail's language (its recipient's), which resolved dates are written in. Never taken
   * from the UI: a Japanese mail written from the English UI still reads 2026年12月11日(金).
   * @default the BFF's (`ja`)
   */
  locale?: Locale;
  /**
   * The recipient's IANA time zone, which resolved dates are written in.
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

/**
 * One candidate's text with its variables resolved by the BFF, for a live preview beside a mail
 * composer. Requests are debounced while typing and the last result stays shown meanwhile.
 * Dates come in the mail's `locale` and `timeZone` (the recipient's), not the provider's UI language. An unresolved result (`status: 'unresolved'`) is an
 * answer, with `missing` saying why; a malformed template is an error (`template_malformed`).
 */
export function useRenderedPreview({
  template,
  candidateId,
  syntax,
  locale,
  timeZone,
  debounceMs = 300,
  enabled = true,
}: UseRenderedPreviewOptions): UseRenderedPreviewResult {
  const { client, queryClient } = useAtsZoomContext();
  // The template once it has stayed unchanged for `debounceMs` (at once without a delay).
  const [settled, setSettled] = useState(template);
  useEffect(() => {
    const timer = setTimeout(setSettled, debounceMs, template);
    return () => clearTimeout(timer);
  }, [template, debounceMs]);
  const renderedTemplate = debounceMs > 0 ? settled : template;
  const active = enabled && !!candidateId && !!renderedTemplate;
  const mine = (result: RenderResult) => result.candidateId === candidateId;
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
        const result = response.results.find(mine);
        if (!result) throw new Error(`No render result for ${candidateId}`);
        return result;
      },
      // Keep the last text shown while the next keystrokes render, but never another candidate's.
      placeholderData: (previous) =>
        active && previous?.results.some(mine) ? previous : undefined,
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
