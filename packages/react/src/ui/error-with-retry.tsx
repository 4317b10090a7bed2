import { useMessages } from '../intl/use-messages';
import type { PartProps } from './part-props';
import { retryAfterOf, uiErrorCodeOf } from './ui-error-code-of';

export interface ErrorWithRetryProps {
  /** Id of the error text, which also describes the retry button. */
  id: string;
  /** The failed query: its error is explained, and the button refetches it. */
  query: { error: unknown; refetch: () => unknown };
  retryLabel: string;
  /** The component's `part` function: the text is its `error` part, the button `retryButton`. */
  part: (name: 'error' | 'retryButton') => PartProps;
}

/** A failed load: what went wrong announced as an alert, and a retry button described by it. */
export function ErrorWithRetry({ id, query, retryLabel, part }: ErrorWithRetryProps) {
  const { errorMessage } = useMessages();
  return (
    <>
      <p {...part('error')} id={id} role="alert">
        {errorMessage(uiErrorCodeOf(query.error), undefined, retryAfterOf(query.error))}
      </p>
      <button
        {...part('retryButton')}
        type="button"
        aria-describedby={id}
        onClick={() => void query.refetch()}
      >
        {retryLabel}
      </button>
    </>
  );
}
