import { createHash } from 'node:crypto';
import type { MeetingCalendar } from '@ats-zoom/contract';
import type {
  CalendarEventContent,
  CalendarEventKey,
  MeetingCalendarRecord,
  MeetingRecord,
} from '../ports';

/** The calendar part of a meeting nobody asked to register. */
export function notRequestedCalendar(at: Date, eventGeneration = 0): MeetingCalendarRecord {
  return {
    eventGeneration,
    register: false,
    attendees: [],
    sendUpdates: 'none',
    owner: null,
    status: 'not_requested',
    eventId: null,
    htmlLink: null,
    syncedDigest: null,
    errorCode: null,
    errorAt: null,
    nextRetryAt: null,
    updatedAt: at,
  };
}

/**
 * The derived key of a meeting row's event: 32 lowercase hex characters (inside Google's
 * base32hex alphabet) from the tenant, the interview, the row and the event generation (left
 * out at 0, so rows from before generations keep their keys). Google takes it as the event id,
 * Outlook as the create's `transactionId`: a retried insert meets its own event and cannot
 * duplicate; a booking made after a cancel is a new row, so it gets a fresh key (deleted ids
 * stay taken at Google).
 */
export function calendarEventId(
  meeting: Pick<MeetingRecord, 'tenantId' | 'interviewId' | 'id'>,
  generation = 0,
) {
  const seed = `ats-zoom-event\n${meeting.tenantId}\n${meeting.interviewId}\n${meeting.id}`;
  return createHash('sha256')
    .update(generation === 0 ? seed : `${seed}\n${generation}`)
    .digest('hex')
    .slice(0, 32);
}

/** The key of the event the meeting's calendar part is about now (its current generation). */
export function calendarEventKey(meeting: MeetingRecord): CalendarEventKey {
  return {
    tenantId: meeting.tenantId,
    interviewId: meeting.interviewId,
    eventId: calendarEventId(meeting, meeting.calendar.eventGeneration),
  };
}

function passcodeLine(meeting: MeetingRecord): string {
  if (meeting.passcodeEmbedded) {
    return 'パスコードはURLに含まれています / The passcode is included in the link.';
  }
  // The candidate and the interviewers type it: the event is where interviewers find it.
  if (meeting.hasPasscode && meeting.passcode !== null) {
    return `パスコード / Passcode: ${meeting.passcode}`;
  }
  // A meeting saved before passcodes were kept: only Zoom knows it.
  if (meeting.hasPasscode) {
    return 'パスコードが必要です（URLには含まれていません） / A passcode is required; it is not in the link.';
  }
  return 'パスコードはありません / No passcode.';
}

/**
 * The event as the interview wants it. The Zoom URL goes in `location` and the description:
 * a plain OAuth app cannot attach Zoom as conference data (research §2).
 */
export function calendarEventContent(meeting: MeetingRecord): CalendarEventContent {
  return {
    summary: meeting.topic,
    location: meeting.joinUrl,
    description: [
      `Zoom: ${meeting.joinUrl}`,
      `ミーティングID / Meeting ID: ${meeting.zoomMeetingId}`,
      passcodeLine(meeting),
    ].join('\n'),
    start: meeting.startTime,
    end: new Date(meeting.startTime.getTime() + meeting.durationMinutes * 60_000),
    timeZone: meeting.timezone,
    attendees: meeting.calendar.attendees,
    privateProperties: {
      atsTenantId: meeting.tenantId,
      atsInterviewId: meeting.interviewId,
      atsMeetingId: meeting.id,
      zoomMeetingId: meeting.zoomMeetingId,
    },
  };
}

/** Digest of an event's content: equal digests need no write to Google. */
export function calendarContentDigest(content: CalendarEventContent): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        content.summary,
        content.location,
        content.description,
        content.start.toISOString(),
        content.end.toISOString(),
        content.timeZone,
        content.attendees.map((a) => [a.email.toLowerCase(), a.name]),
        Object.entries(content.privateProperties).sort(([a], [b]) => a.localeCompare(b)),
      ]),
    )
    .digest('hex');
}

export function toMeetingCalendarView(calendar: MeetingCalendarRecord): MeetingCalendar {
  return {
    status: calendar.status,
    provider: calendar.owner?.provider ?? 'google',
    owner: calendar.owner && {
      userId: calendar.owner.userId,
      userName: calendar.owner.userName,
      email: calendar.owner.email,
    },
    attendees: calendar.attendees.map((a) => ({ email: a.email, name: a.name })),
    sendUpdates: calendar.sendUpdates,
    eventId: calendar.eventId,
    htmlLink: calendar.htmlLink,
    error:
      calendar.errorCode && calendar.errorAt
        ? { code: calendar.errorCode, at: calendar.errorAt.toISOString() }
        : null,
    nextRetryAt: calendar.nextRetryAt?.toISOString() ?? null,
    updatedAt: calendar.updatedAt.toISOString(),
  };
}
