import type { CalendarAttendeeRecord, CalendarSendUpdates } from './calendar-records';

/** The fields of an interview event the BFF writes. */
export interface CalendarEventContent {
  summary: string;
  description: string;
  location: string;
  start: Date;
  end: Date;
  /** IANA zone of the interview. */
  timeZone: string;
  attendees: CalendarAttendeeRecord[];
  /** `extendedProperties.private`: finds the interview again from the event. */
  privateProperties: Record<string, string>;
}

/** What the BFF reads back from an event. */
export interface CalendarEventSummary {
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  htmlLink: string | null;
  privateProperties: Record<string, string>;
}

export interface BusyPeriod {
  start: Date;
  end: Date;
}

/**
 * A calendar provider's events and free/busy endpoints (the *calendar* role: Google, Outlook).
 * Errors: the entry's token-rejected error (`CalendarAccessTokenRejectedError`, 401),
 * `CalendarEventExistsError`, `CalendarEventGoneError` (404/410 on an event), `CalendarError`
 * with the problem code for anything else; never the upstream body.
 */
export interface CalendarPort {
  /**
   * Creates the event exactly once per `idempotencyKey` (derived from the interview and the
   * meeting row, so a retried insert cannot duplicate) and answers it with the provider's id.
   * A provider whose clients choose event ids (Google) uses the key as the event id and throws
   * `CalendarEventExistsError` when it is taken (by an earlier insert whose answer was lost, or
   * an event deleted since: deleted ids stay taken); the caller then reads the event by the key.
   * A provider that chooses its own ids sends the key as its idempotency token (Outlook:
   * `transactionId`) and answers the earlier event again.
   */
  insertEvent(
    accessToken: string,
    calendarId: string,
    input: {
      idempotencyKey: string;
      content: CalendarEventContent;
      sendUpdates: CalendarSendUpdates;
    },
  ): Promise<CalendarEventSummary>;
  getEvent(accessToken: string, calendarId: string, eventId: string): Promise<CalendarEventSummary>;
  /**
   * Writes every field of `content` (attendees replaced) and never the event's status: an event
   * deleted at the calendar stays deleted. Google keeps deleted events (their ids stay taken)
   * and answers `status: cancelled`; a calendar that drops them throws `CalendarEventGoneError`.
   */
  patchEvent(
    accessToken: string,
    calendarId: string,
    eventId: string,
    input: { content: CalendarEventContent; sendUpdates: CalendarSendUpdates },
  ): Promise<CalendarEventSummary>;
  deleteEvent(
    accessToken: string,
    calendarId: string,
    eventId: string,
    sendUpdates: CalendarSendUpdates,
  ): Promise<void>;
  /** Busy periods of one calendar in [timeMin, timeMax). No in-request retry: callers wait on it. */
  freeBusy(
    accessToken: string,
    input: { calendarId: string; timeMin: Date; timeMax: Date; signal?: AbortSignal },
  ): Promise<BusyPeriod[]>;
}
