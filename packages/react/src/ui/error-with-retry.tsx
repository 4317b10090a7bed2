import type { PartProps } from './part-props';

export interface ErrorWithRetryProps {
  /** Id of the error text, which also describes the retry button. */
  errorId: string;
  message: string;
  retryLabel: string;
  onRetry: () => void;
  errorPart: PartProps;
  retryButtonPart: PartProps;
}

/** A failed load: the error announced as an alert, and a retry button described by it. */
export function ErrorWithRetry({
  errorId,
  message,
  retryLabel,
  onRetry,
  errorPart,
  retryButtonPart,
}: ErrorWithRetryProps) {
  return (
    <>
      <p {...errorPart} id={errorId} role="alert">
        {message}
      </p>
      <button {...retryButtonPart} type="button" aria-describedby={errorId} onClick={onRetry}>
        {retryLabel}
      </button>
    </>
  );
}
