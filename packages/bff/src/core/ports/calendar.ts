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
 * Google Calendar's events and freeBusy endpoints. Errors: `GoogleAccessTokenRejectedError`
 * (401), `GoogleEventExistsError` (insert 409), `GoogleEventGoneError` (404/410 on an event),
 * `GoogleCalendarError` with the problem code for anything else; never the upstream body.
 */
export interface CalendarPort {
  insertEvent(
    accessToken: string,
    calendarId: string,
    input: { id: string; content: CalendarEventContent; sendUpdates: CalendarSendUpdates },
  ): Promise<CalendarEventSummary>;
  getEvent(accessToken: string, calendarId: string, eventId: string): Promise<CalendarEventSummary>;
  /**
   * Writes every field of `content` (attendees replaced) and `status: confirmed`, which also
   * brings back an event deleted earlier (deleted ids stay taken at Google).
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
