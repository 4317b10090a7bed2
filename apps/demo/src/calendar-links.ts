import { type CalendarProvider, type Connection, calendarProviders } from '@ats-zoom/contract';
import { connectionQueries, useAtsZoomContext } from '@ats-zoom/react';
import { useQuery } from '@tanstack/react-query';
import type { DemoText } from './demo-text';

/** One calendar the BFF can write interview events to, and the signed-in user's link to it. */
export interface CalendarLink {
  provider: CalendarProvider;
  /** The user's link as the BFF reports it, or null when there is none. */
  connection: Connection | null;
  /** The link works: an event can be registered there now. */
  connected: boolean;
}

export interface CalendarLinks {
  /** True until `GET /v1/connections/me` answered (false once it failed, with no calendars). */
  loading: boolean;
  /**
   * The calendars this BFF has configured, Google first: Google always, Outlook only when the
   * BFF answers `outlook` in `GET /v1/connections/me` (it has Microsoft settings).
   */
  calendars: CalendarLink[];
}

/** The signed-in user's calendar links, from the kit's cached `GET /v1/connections/me`. */
export function useCalendarLinks(): CalendarLinks {
  const { client, queryClient } = useAtsZoomContext();
  const { data, isPending } = useQuery(connectionQueries.me(client), queryClient);
  if (!data) return { loading: isPending, calendars: [] };
  const calendars = calendarProviders.flatMap((provider): CalendarLink[] => {
    const connection = data[provider];
    // Absent (not null): this BFF has no such calendar configured.
    if (connection === undefined) return [];
    return [{ provider, connection, connected: connection?.status === 'active' }];
  });
  return { loading: false, calendars };
}

/** The calendar's name in the demo's language (Google カレンダー, Outlook 予定表). */
export function calendarName(text: DemoText, provider: CalendarProvider): string {
  return provider === 'outlook' ? text.outlookName : text.googleName;
}
