import { errorTextOf } from '../intl/error-text';
import type { UseMessagesResult } from '../intl/use-messages';
import type { PartProps } from './part-props';

/**
 * A failed load: what went wrong announced as an alert (the component's `error` part, with id
 * `id`), and a retry button (`retryButton`) described by it that refetches `query`. A plain
 * function rather than a component: the callers have every argument at hand already.
 */
export function errorWithRetry(
  messages: UseMessagesResult,
  id: string,
  query: { error: unknown; refetch: () => unknown },
  retryLabel: string,
  part: (name: 'error' | 'retryButton') => PartProps,
) {
  return (
    <>
      <p {...part('error')} id={id} role="alert">
        {errorTextOf(messages, query.error)}
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
