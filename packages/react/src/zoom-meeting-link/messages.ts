// Types only: the meeting link's texts live in the `meeting-link/locales/*` entries, so a host
// bundles just the language it imports, and a page without the link (the scheduling form) none.
import type ja from './intl/ja.json';

/** Every message key of `ZoomMeetingLink`; `ja.json` and `en.json` share them (a test checks). */
export type MeetingLinkMessageKey = keyof typeof ja;

/** The meeting link's full catalogue in one language. */
export type MeetingLinkMessages = Record<MeetingLinkMessageKey, string>;

/**
 * One language of the meeting link, for its `locale` prop: import it from
 * `@ats-zoom/react/meeting-link/locales/ja` or `@ats-zoom/react/meeting-link/locales/en` (the
 * same language as `AtsZoomProvider`'s).
 */
export interface MeetingLinkLocaleMessages {
  readonly locale: 'ja' | 'en';
  readonly messages: MeetingLinkMessages;
}
