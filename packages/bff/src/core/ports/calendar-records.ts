import type { CalendarProvider, ProblemCode } from '@ats-zoom/contract';

export type CalendarSendUpdates = 'all' | 'externalOnly' | 'none';

export type MeetingCalendarStatus = 'registered' | 'not_requested' | 'failed';

export interface CalendarAttendeeRecord {
  email: string;
  name: string | null;
}

/** Whose calendar holds the interview's event: the scheduler who first asked for it. */
export interface CalendarOwnerRecord {
  userId: string;
  userName: string;
  /** Which calendar provider holds the event (rows from before Outlook: `google`). */
  provider: CalendarProvider;
  /** The owner's calendar link when the event was first asked for. */
  connectionId: string;
  /**
   * The provider's user id of that link (Google's `sub`): a reconnect of the same account still
   * reaches the event. (Stored JSON from before: `googleUserId`.)
   */
  providerUserId: string;
  /** The calendar account's e-mail. */
  email: string | null;
  /** The owner's own calendar (Google: `primary`). */
  calendarId: string;
}

/** The calendar part of a meeting row. */
export interface MeetingCalendarRecord {
  /** What the last save asked for. */
  register: boolean;
  attendees: CalendarAttendeeRecord[];
  sendUpdates: CalendarSendUpdates;
  /** Set by the first registration; cleared once no event of this meeting can exist any more. */
  owner: CalendarOwnerRecord | null;
  status: MeetingCalendarStatus;
  /**
   * The provider's own event id, once the insert is known to have happened: Google's is the
   * derived key, Outlook's is Graph's id (learnt from the create answer).
   */
  eventId: string | null;
  /**
   * Which event of this meeting row the calendar holds now: 0 at first, moved on when the event
   * is known gone (a patch answered 404 on a calendar that assigns its own ids), when the
   * registration moved to another calendar provider, or after a delete on such a calendar.
   * The derived key (Google's id, Outlook's `transactionId`) includes it.
   */
  eventGeneration: number;
  htmlLink: string | null;
  /** Digest of the event content last written to the calendar: a save that changes it syncs again. */
  syncedDigest: string | null;
  errorCode: ProblemCode | null;
  errorAt: Date | null;
  /** When the outbox tries again; null when it will not by itself. */
  nextRetryAt: Date | null;
  updatedAt: Date;
}

/** One interview event on a calendar. */
export interface CalendarEventKey {
  tenantId: string;
  interviewId: string;
  /**
   * Derived from the interview, the meeting row and the event generation, so a retried insert
   * cannot duplicate: Google's event id, Outlook's `transactionId`.
   */
  eventId: string;
}
