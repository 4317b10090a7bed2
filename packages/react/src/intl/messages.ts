// Types only: the catalogues themselves live in the `locales/*` entries, so a host bundles just
// the language it imports (the main entry carries no message text).
import type ja from './ja.json';

/** Languages the kit ships messages for. */
export type Locale = 'ja' | 'en';

/** Every message key; `ja.json` and `en.json` share them (a test checks). */
export type MessageKey = keyof typeof ja;

/**
 * The keys under `<Prefix>.`, without it: a component's own messages (`MessageKeyIn<'zoomHostPicker'>`
 * has `label`, `busy`…), so a component can prefix them itself and a mistyped key still fails tsc.
 */
export type MessageKeyIn<Prefix extends string> = MessageKey extends infer Key
  ? Key extends `${Prefix}.${infer Rest}`
    ? Rest
    : never
  : never;

/** A full message catalogue: every key, in one language. */
export type Messages = Record<MessageKey, string>;

/**
 * One language for `AtsZoomProvider`'s `locale` prop: its code (for the UI's date and time
 * formats; mail variables are rendered in the mail's own language) and its full catalogue.
 * Import it from `@ats-zoom/react/locales/ja` or `@ats-zoom/react/locales/en`.
 */
export interface LocaleMessages {
  readonly locale: Locale;
  readonly messages: Messages;
}

/** Values substituted for `{name}` placeholders. */
export type MessageValues = Record<string, string | number>;

/**
 * An error the UI explains: a problem code from the BFF's registry, or a browser-side one
 * (`popup_blocked`) or the client's (`network_error`, `unexpected_response`).
 */
export type UiErrorCode = string;

/** A catalogue with the host's overrides applied (non-string overrides are ignored). */
export function resolveMessages(base: Messages, overrides?: Partial<Messages>): Messages {
  return overrides
    ? {
        ...base,
        ...Object.fromEntries(
          Object.entries(overrides).filter(([, value]) => typeof value === 'string'),
        ),
      }
    : base;
}

/** Replaces `{name}` placeholders; a placeholder without a value stays visible, so it is noticed. */
export function formatMessage(template: string, values?: MessageValues): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    values && Object.hasOwn(values, name) ? `${values[name]}` : whole,
  );
}

/**
 * The message key explaining an error code in a catalogue (the provider's resolved one); codes
 * without their own message get the generic one. With a `scope` (a component's message prefix,
 * e.g. `googleCalendarLinkButton`), its own `<scope>.error.<code>` wins where it exists: the same
 * code can mean another provider there.
 */
export function errorMessageKeyIn(
  catalogue: Messages,
  code: UiErrorCode,
  scope?: string,
): MessageKey {
  const key = `error.${code}`;
  return ([scope && `${scope}.${key}`, key].find(
    (each) => each && Object.hasOwn(catalogue, each),
  ) ?? 'error.generic') as MessageKey;
}
