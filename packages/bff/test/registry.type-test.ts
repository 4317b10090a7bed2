/**
 * Compile-time proof that the registry is checked for completeness: checked by `pnpm typecheck`
 * (tsc over packages/*\/test), never run by vitest. Each `@ts-expect-error` fails the
 * typecheck if the line below it ever compiles, i.e. if an entry or descriptor could miss a piece.
 */
import type {
  CalendarPort,
  MeetingHostPort,
  MeetingHostUsersPort,
  ProviderOAuthPort,
} from '../src/core/ports';
import {
  type CalendarProviderEntry,
  type MeetingHostProviderEntry,
  type ProviderDescriptor,
  type ProviderRegistry,
  providerDescriptors,
} from '../src/core/providers';

declare const oauth: ProviderOAuthPort;
declare const meetingHost: MeetingHostPort;
declare const meetingHostUsers: MeetingHostUsersPort;
declare const calendar: CalendarPort;
declare const identity: MeetingHostProviderEntry['identity'];
const isTokenRejected = (_error: unknown) => false;

const zoom = {
  ...providerDescriptors.zoom,
  oauth,
  revokeWith: 'access_token',
  identity,
  isTokenRejected,
  meetingHost,
  meetingHostUsers,
} as const satisfies MeetingHostProviderEntry<'zoom'>;

const google = {
  ...providerDescriptors.google,
  oauth,
  revokeWith: 'refresh_token',
  identity,
  isTokenRejected,
  ownCalendarId: () => 'primary',
  calendar,
} as const satisfies CalendarProviderEntry<'google'>;

// Complete: Zoom alone, or with its calendars.
export const zoomOnly: ProviderRegistry = { zoom };
export const withGoogle: ProviderRegistry = { zoom, google };

// The meeting host is required.
// @ts-expect-error zoom is missing
export const noHost: ProviderRegistry = { google };

// Every piece of an entry is required: the OAuth client...
const { oauth: _oauth, ...withoutOAuth } = google;
// @ts-expect-error oauth is missing
export const missingOAuth: ProviderRegistry = { zoom, google: withoutOAuth };

// ...the identity...
const { identity: _identity, ...withoutIdentity } = google;
// @ts-expect-error identity is missing
export const missingIdentity: ProviderRegistry = { zoom, google: withoutIdentity };

// ...the token-rejected detection...
const { isTokenRejected: _rejected, ...withoutRejected } = google;
// @ts-expect-error isTokenRejected is missing
export const missingRejected: ProviderRegistry = { zoom, google: withoutRejected };

// ...which token revokes the grant...
const { revokeWith: _revokeWith, ...withoutRevoke } = zoom;
// @ts-expect-error revokeWith is missing
export const missingRevoke: ProviderRegistry = { zoom: withoutRevoke };

// ...the role adapter...
const { calendar: _calendar, ...withoutCalendar } = google;
// @ts-expect-error calendar is missing
export const missingCalendar: ProviderRegistry = { zoom, google: withoutCalendar };
const { ownCalendarId: _ownCalendarId, ...withoutOwnCalendar } = google;
// @ts-expect-error ownCalendarId is missing
export const missingOwnCalendar: ProviderRegistry = { zoom, google: withoutOwnCalendar };
const { meetingHost: _host, ...withoutMeetingHost } = zoom;
// @ts-expect-error meetingHost is missing
export const missingMeetingHost: ProviderRegistry = { zoom: withoutMeetingHost };

// ...the popup paths, cookie and labels.
const { popupPaths: _paths, ...withoutPaths } = google;
// @ts-expect-error popupPaths is missing
export const missingPaths: ProviderRegistry = { zoom, google: withoutPaths };
const { cookieName: _cookie, ...withoutCookie } = google;
// @ts-expect-error cookieName is missing
export const missingCookie: ProviderRegistry = { zoom, google: withoutCookie };
const { labels: _labels, ...withoutLabels } = google;
// @ts-expect-error labels is missing
export const missingLabels: ProviderRegistry = { zoom, google: withoutLabels };

// A calendar entry cannot stand in for the meeting host, nor the other way round.
// @ts-expect-error a calendar entry under zoom
export const wrongRole: ProviderRegistry = { zoom: google };
// @ts-expect-error a calendar entry for another provider
export const wrongId: ProviderRegistry = { zoom, outlook: google };

// Every provider of the contract has a descriptor: one without labels does not type.
export const descriptorWithoutLabels = {
  id: 'outlook',
  role: 'calendar',
  popupPaths: { start: '/s', callback: '/c' },
  cookieName: 'c',
  // @ts-expect-error labels are missing
} satisfies ProviderDescriptor<'outlook'>;
