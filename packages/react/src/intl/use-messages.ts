import { useMemo } from 'react';
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
   * `scope` prefers a component's own wording for the code (see `errorMessageKeyIn`). With
   * `retryAfterSeconds` (the answer's `Retry-After`, see `ApiError`), a code that has a
   * `<key>.wait` message says how long to wait instead of "a moment". `calendar`: the calendar
   * the failure is about (the problem's `provider`, or the meeting's `calendar.provider`), which
   * the `calendar_*` texts name; `google` when not given (the default calendar).
   */
  errorMessage: (
    code: UiErrorCode,
    scope?: string,
    retryAfterSeconds?: number,
    calendar?: string,
  ) => string;
}

/** Messages of the nearest `AtsZoomProvider` (its locale and the host's overrides). */
export function useMessages(): UseMessagesResult {
  const { locale, messages } = useAtsZoomContext();
  return useMemo(
    () => ({
      locale,
      messages,
      t: (key, values) => formatMessage(messages[key], values),
      errorMessage: (code, scope, seconds, calendar = 'google') => {
        const key = errorMessageKeyIn(messages, code, scope);
        const wait = messages[`${key}.wait` as MessageKey];
        // `seconds` fills only a `.wait` text, and `calendar` only the texts that name one.
        return formatMessage(wait && seconds !== undefined ? wait : messages[key], {
          seconds: seconds as number,
          calendar: messages[`calendar.${calendar}` as MessageKey],
        });
      },
    }),
    [locale, messages],
  );
}
