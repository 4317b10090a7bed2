// Types only: the Outlook texts live in the `outlook/locales/*` entries, so a host bundles just
// the language it imports, and a page without Outlook none of them.
import type ja from './intl/ja.json';

/** Every message key of `OutlookCalendarLinkButton`; `ja.json` and `en.json` share them (a test checks). */
export type OutlookMessageKey = keyof typeof ja;

/** The Outlook link button's full catalogue in one language. */
export type OutlookMessages = Record<OutlookMessageKey, string>;

/**
 * One language of the Outlook link button, for its `locale` prop: import it from
 * `@ats-zoom/react/outlook/locales/ja` or `@ats-zoom/react/outlook/locales/en` (the same
 * language as `AtsZoomProvider`'s).
 */
export interface OutlookLocaleMessages {
  readonly locale: 'ja' | 'en';
  readonly messages: OutlookMessages;
}
