import en from './en.json';
import ja from './ja.json';

/** Languages the kit ships messages for. */
export type Locale = 'ja' | 'en';

/** Every message key; `ja.json` and `en.json` share them (a test checks). */
export type MessageKey = keyof typeof ja;

/** A full message catalogue: every key, in one language. */
export type Messages = Record<MessageKey, string>;

/** Values substituted for `{name}` placeholders. */
export type MessageValues = Record<string, string | number>;

/**
 * An error the UI explains: a problem code from the BFF's registry, or a browser-side one
 * (`popup_blocked`) or the client's (`network_error`, `unexpected_response`).
 */
export type UiErrorCode = string;

export const defaultMessages: Record<Locale, Messages> = { ja, en } satisfies Record<
  Locale,
  Messages
>;

/** The catalogue for a locale with the host's overrides applied. */
export function resolveMessages(locale: Locale, overrides?: Partial<Messages>): Messages {
  const base = defaultMessages[locale];
  if (!overrides) return base;
  const merged: Messages = { ...base };
  for (const key of Object.keys(overrides) as MessageKey[]) {
    const value = overrides[key];
    if (typeof value === 'string') merged[key] = value;
  }
  return merged;
}

/** Replaces `{name}` placeholders; a placeholder without a value stays visible, so it is noticed. */
export function formatMessage(template: string, values?: MessageValues): string {
  if (!values) return template;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/**
 * The message key explaining an error code; codes without their own message get the generic one.
 * With a `scope` (a component's message prefix, e.g. `googleCalendarLinkButton`), its own
 * `<scope>.error.<code>` wins where it exists: the same code can mean another provider there.
 */
export function errorMessageKey(code: UiErrorCode, scope?: string): MessageKey {
  return errorMessageKeyIn(ja, code, scope);
}

/**
 * `errorMessageKey` against a given catalogue (the provider's resolved one), so a component
 * needs no built-in catalogue of its own: only the provider bundles the default messages.
 */
export function errorMessageKeyIn(
  catalogue: Messages,
  code: UiErrorCode,
  scope?: string,
): MessageKey {
  const scoped = `${scope}.error.${code}`;
  if (scope !== undefined && Object.hasOwn(catalogue, scoped)) return scoped as MessageKey;
  const key = `error.${code}`;
  return Object.hasOwn(catalogue, key) ? (key as MessageKey) : 'error.generic';
}
