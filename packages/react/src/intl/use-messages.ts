import { useCallback, useMemo } from 'react';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import {
  errorMessageKeyIn,
  formatMessage,
  type Locale,
  type MessageKey,
  type Messages,
  type MessageValues,
  type UiErrorCode,
} from './messages';

export interface UseMessagesResult {
  locale: Locale;
  messages: Messages;
  /** The message for `key` in the provider's locale, with `{name}` placeholders filled. */
  t: (key: MessageKey, values?: MessageValues) => string;
  /**
   * What went wrong and what to do, for an error code (unknown codes get the generic text);
   * `scope` prefers a component's own wording for the code (see `errorMessageKeyIn`).
   */
  errorMessage: (code: UiErrorCode, scope?: string) => string;
}

/** Messages of the nearest `AtsZoomProvider` (its locale and the host's overrides). */
export function useMessages(): UseMessagesResult {
  const { locale, messages } = useAtsZoomContext();
  const t = useCallback(
    (key: MessageKey, values?: MessageValues) => formatMessage(messages[key], values),
    [messages],
  );
  const errorMessage = useCallback(
    (code: UiErrorCode, scope?: string) => messages[errorMessageKeyIn(messages, code, scope)],
    [messages],
  );
  return useMemo(
    () => ({ locale, messages, t, errorMessage }),
    [locale, messages, t, errorMessage],
  );
}
