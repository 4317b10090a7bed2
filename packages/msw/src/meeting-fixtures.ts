import type {
  CalendarProvider,
  Host,
  HostConflict,
  InterviewMeeting,
  MeetingCalendar,
  ProblemCode,
} from '@ats-zoom/contract';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Japan has no daylight saving time: always UTC+9. */
const TOKYO_OFFSET_MS = 9 * HOUR_MS;

/**
 * `hour`:00 in Tokyo, `days` calendar days after today there (negative: before), as ISO 8601
 * with the +09:00 offset, e.g. `2030-01-18T14:00:00+09:00`. Fixtures, stories and tests place
 * their interviews with it, so they never fall into the past as the calendar moves on.
 */
export function tokyoSlotStart(days: number, hour = 14, now: Date = new Date()): string {
  const tokyoToday = Math.floor((now.getTime() + TOKYO_OFFSET_MS) / DAY_MS) * DAY_MS;
  // A Date whose UTC fields read as Tokyo's wall clock.
  const wallClock = new Date(tokyoToday + days * DAY_MS + hour * HOUR_MS);
  return `${wallClock.toISOString().slice(0, 19)}+09:00`;
}

/**
 * Where a slot stands at `now`, as the BFF judges it: not started, started and still running
 * (the preview warns `start_in_past`), or over (the preview warns `meeting_in_past` and a save
 * is refused with that problem).
 */
export function slotTiming(
  start: string,
  durationMinutes: number,
  now: Date,
): 'ahead' | 'started' | 'ended' {
  const startMs = Date.parse(start);
  if (startMs + durationMinutes * MINUTE_MS <= now.getTime()) return 'ended';
  if (startMs < now.getTime()) return 'started';
  return 'ahead';
}

type HostBase = Omit<Host, 'conflicts'>;

function host(overrides: Partial<HostBase> & Pick<HostBase, 'connectionId' | 'ownerName'>) {
  return Object.freeze({
    ownerUserId: `user_${overrides.connectionId}`,
    zoomEmail: 'tanaka.taro@example.com',
    zoomDisplayName: null,
    accountType: 'personal',
    selectable: true,
    unavailableReason: null,
    busy: 'free',
    ...overrides,
  } satisfies HostBase);
}

/**
 * The tenant's connected Zoom accounts of the `hostsMixed` scenario, one per state the picker
 * shows. Conflicts are not part of them: they are placed around whichever slot is asked about.
 */
export const hostFixtures = Object.freeze({
  /** Nothing else at that time. */
  /** The scheduler's own Zoom account (田中 太郎, the ATS user the scenarios answer for). */
  freeHost: host({
    connectionId: 'conn_host_free',
    ownerUserId: 'user_tanaka',
    ownerName: '田中 太郎',
    zoomEmail: 'tanaka.taro@example.com',
    zoomDisplayName: 'Taro Tanaka',
  }),
  /** Two things overlap the slot: a Zoom meeting of the host and an interview issued here. */
  busyHost: host({
    connectionId: 'conn_host_busy',
    ownerName: '佐藤 花子',
    zoomEmail: 'hanako.sato@acme-corp.example.com',
    zoomDisplayName: 'Hanako Sato',
    accountType: 'managed',
    busy: 'busy',
  }),
  /** Free in Zoom and here, but busy in the Google Calendar of the host's owner. */
  googleBusyHost: host({
    connectionId: 'conn_host_google_busy',
    ownerName: '山本 さくら',
    zoomEmail: 'sakura.yamamoto@acme-corp.example.com',
    zoomDisplayName: 'Sakura Yamamoto',
    accountType: 'managed',
    busy: 'busy',
  }),
  /** Free in Zoom and here, but busy in the Outlook calendar of the host's owner. */
  outlookBusyHost: host({
    connectionId: 'conn_host_outlook_busy',
    ownerName: '中村 陽介',
    zoomEmail: 'yosuke.nakamura@acme-corp.example.com',
    zoomDisplayName: 'Yosuke Nakamura',
    accountType: 'managed',
    busy: 'busy',
  }),
  /** Zoom did not answer the meeting list in time. */
  unknownHost: host({
    connectionId: 'conn_host_unknown',
    ownerName: '鈴木 一郎',
    zoomEmail: 'ichiro.suzuki@example.com',
    busy: 'unknown',
  }),
  /** Free, in the same company Zoom account as 佐藤 花子, with a licence: an alternative host. */
  colleagueHost: host({
    connectionId: 'conn_host_colleague',
    ownerName: '小林 直樹',
    zoomEmail: 'naoki.kobayashi@acme-corp.example.com',
    zoomDisplayName: 'Naoki Kobayashi',
    accountType: 'managed',
  }),
  /** Free, in the company Zoom account, but a Basic user: hosts, yet has no alternative hosts. */
  basicHost: host({
    connectionId: 'conn_host_basic',
    ownerName: '加藤 由美',
    zoomEmail: 'yumi.kato@acme-corp.example.com',
    zoomDisplayName: 'Yumi Kato',
    accountType: 'managed',
  }),
  /** The grant was lost: re-link first. */
  needsReauthHost: host({
    connectionId: 'conn_host_needs_reauth',
    ownerName: '高橋 美咲',
    zoomEmail: 'misaki.takahashi@example.com',
    selectable: false,
    unavailableReason: 'needs_reauth',
    busy: 'unknown',
  }),
  /** The Zoom account was linked to another ATS account since. */
  movedHost: host({
    connectionId: 'conn_host_moved',
    ownerName: '伊藤 健',
    zoomEmail: 'ken.ito@example.com',
    selectable: false,
    unavailableReason: 'moved',
    busy: 'unknown',
  }),
});

/** The busy host's conflicts for a slot: one starting before it, one starting inside it. */
export function conflictsAround(slotStart: Date, durationMinutes: number): HostConflict[] {
  const start = slotStart.getTime();
  const at = (offsetMinutes: number) => new Date(start + offsetMinutes * MINUTE_MS).toISOString();
  return [
    { start: at(-30), end: at(Math.min(30, durationMinutes)), source: 'zoom' },
    { start: at(durationMinutes - 15), end: at(durationMinutes + 45), source: 'ats' },
  ];
}

/** The Google-busy host's conflict for a slot: an event in its owner's calendar overlapping the start. */
export function googleConflictsAround(slotStart: Date, durationMinutes: number): HostConflict[] {
  return calendarConflictsAround(slotStart, durationMinutes, 'google');
}

/**
 * A calendar-busy host's conflict for a slot: an event in its owner's Google or Outlook calendar
 * (`source`) overlapping the start.
 */
export function calendarConflictsAround(
  slotStart: Date,
  durationMinutes: number,
  source: 'google' | 'outlook',
): HostConflict[] {
  const start = slotStart.getTime();
  const at = (offsetMinutes: number) => new Date(start + offsetMinutes * MINUTE_MS).toISOString();
  return [{ start: at(-15), end: at(Math.min(45, durationMinutes)), source }];
}

/** Zoom's join URL for a meeting id, with the passcode embedded (`?pwd=`) when given. */
export function joinUrlOf(zoomMeetingId: string, embeddedPasscode: string | null): string {
  const url = `https://us05web.zoom.us/j/${zoomMeetingId}`;
  return embeddedPasscode === null ? url : `${url}?pwd=${embeddedPasscode}`;
}

/**
 * An issued meeting as the BFF answers it, for `interviewId`: 14:00-15:00 in Tokyo three days
 * after `now`'s date there, issued a day before `now`.
 */
export function issuedMeeting(
  interviewId: string,
  overrides: Partial<InterviewMeeting> = {},
  now: Date = new Date(),
): InterviewMeeting {
  const { freeHost } = hostFixtures;
  const issuedAt = new Date(now.getTime() - DAY_MS).toISOString();
  return {
    interviewId,
    candidateId: 'cand_yamada',
    host: {
      connectionId: freeHost.connectionId,
      ownerUserId: freeHost.ownerUserId,
      ownerName: freeHost.ownerName,
      zoomEmail: freeHost.zoomEmail,
    },
    hostChoice: { auto: false, prefer: [], role: null, passedOver: [] },
    interviewers: [],
    zoomMeetingId: '81234567890',
    joinUrl: joinUrlOf('81234567890', 'Zk9hV2xQd1pCT0E1'),
    passcodeEmbedded: true,
    hasPasscode: true,
    passcode: null,
    topic: '一次面接 山田 花子 様',
    startTime: tokyoSlotStart(3, 14, now),
    durationMinutes: 60,
    timezone: 'Asia/Tokyo',
    joinBeforeHost: true,
    waitingRoom: false,
    linkStatus: 'active',
    brokenReason: null,
    zoomTime: null,
    calendar: notRequestedCalendar(issuedAt),
    hostLink: 'active',
    pendingDeletions: [],
    createdAt: issuedAt,
    updatedAt: issuedAt,
    ...overrides,
  };
}

/** The scheduler on whose primary calendar the fixtures' interview events are (Google's e-mail). */
export const calendarOwner = Object.freeze({
  userId: 'user_tanaka',
  userName: '田中 太郎',
  email: 'tanaka@acme-corp.example.com',
});

/** The interviewers the fixtures' events invite. */
export const calendarAttendees: readonly { email: string; name: string | null }[] = Object.freeze([
  { email: 'hanako.sato@acme-corp.example.com', name: '佐藤 花子' },
  { email: 'ichiro.suzuki@example.com', name: '鈴木 一郎' },
]);

/** How long the fixtures' background retry waits after a failure Google may recover from. */
export const CALENDAR_RETRY_DELAY_MS = 5 * MINUTE_MS;

/** Failures the BFF's background retry tries again; the others wait for the user. */
const retriedCalendarFailures = new Set<ProblemCode>([
  'calendar_unavailable',
  'calendar_rate_limited',
  'calendar_quota_exceeded',
]);

/**
 * A Google event id derived from the interview like the BFF's (lowercase hex, so base32hex);
 * a later generation (an event registered again after its owner deleted one) gets its own id.
 */
function eventIdOf(interviewId: string, generation = 0): string {
  const hex = Array.from(interviewId, (char) => char.charCodeAt(0).toString(16)).join('');
  const base = hex.padEnd(32, '0').slice(0, 32);
  return generation === 0
    ? base
    : `${base.slice(0, 28)}${generation.toString(16).padStart(4, '0')}`;
}

/** Google's `htmlLink`: `eid` is base64 of "<event id> <calendar id>". */
function htmlLinkOf(eventId: string, calendarEmail: string): string {
  const eid = btoa(`${eventId} ${calendarEmail}`).replace(/=+$/, '');
  return `https://www.google.com/calendar/event?eid=${eid}`;
}

/** The calendar part of a meeting saved without 予定を登録. */
export function notRequestedCalendar(at: string): MeetingCalendar {
  return {
    status: 'not_requested',
    provider: 'google',
    owner: null,
    attendees: [],
    sendUpdates: 'none',
    eventId: null,
    htmlLink: null,
    error: null,
    nextRetryAt: null,
    updatedAt: at,
  };
}

export interface CalendarRequest {
  attendees: readonly { email: string; name?: string | null }[];
  sendUpdates: MeetingCalendar['sendUpdates'];
  /** The calendar asked for. @default 'google' */
  provider?: CalendarProvider;
}

/** The scheduler's Microsoft 365 address: the owner of the Outlook events of the fixtures. */
const outlookOwnerEmail = 'tanaka.taro@acme-corp.example.onmicrosoft.com';

const defaultRequest: CalendarRequest = { attendees: calendarAttendees, sendUpdates: 'none' };

function requestedCalendar(request: CalendarRequest, at: string) {
  const provider = request.provider ?? 'google';
  return {
    provider,
    owner: {
      ...calendarOwner,
      ...(provider === 'outlook' ? { email: outlookOwnerEmail } : {}),
    },
    attendees: request.attendees.map((a) => ({ email: a.email, name: a.name ?? null })),
    sendUpdates: request.sendUpdates,
    updatedAt: at,
  } as const;
}

/** The event is on the owner's calendar, matching the meeting. */
export function registeredCalendar(
  interviewId: string,
  at: string,
  request: CalendarRequest = defaultRequest,
  generation = 0,
): MeetingCalendar {
  const eventId = eventIdOf(interviewId, generation);
  const outlook = request.provider === 'outlook';
  // Graph's event ids are long opaque strings; its `webLink` opens the event in Outlook on the web.
  const outlookId = `AAMkAGI2${eventId}AAA=`;
  return {
    ...requestedCalendar(request, at),
    status: 'registered',
    eventId: outlook ? outlookId : eventId,
    htmlLink: outlook
      ? `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(outlookId)}&exvsurl=1&path=/calendar/item`
      : htmlLinkOf(eventId, calendarOwner.email),
    error: null,
    nextRetryAt: null,
  };
}

/**
 * The Zoom step worked and the calendar step failed with `code`; failures Google may recover
 * from are retried in the background `CALENDAR_RETRY_DELAY_MS` later, the others are not.
 */
export function failedCalendar(
  code: ProblemCode,
  at: string,
  request: CalendarRequest = defaultRequest,
): MeetingCalendar {
  return {
    ...requestedCalendar(request, at),
    status: 'failed',
    eventId: null,
    htmlLink: null,
    error: { code, at },
    nextRetryAt: retriedCalendarFailures.has(code)
      ? new Date(Date.parse(at) + CALENDAR_RETRY_DELAY_MS).toISOString()
      : null,
  };
}

/**
 * The event its owner deleted at the calendar (Google: cancelled, kept under its id): the step
 * failed with `calendar_event_deleted`, the deleted event's id kept, and nothing retries by
 * itself; only the retry route registers it again, as a new event.
 */
export function deletedEventCalendar(
  interviewId: string,
  at: string,
  request: CalendarRequest = defaultRequest,
): MeetingCalendar {
  return {
    ...failedCalendar('calendar_event_deleted', at, request),
    eventId: registeredCalendar(interviewId, at, request).eventId,
  };
}

/**
 * An issued meeting whose host's company does not embed passcodes in links: the URL has no
 * `?pwd=`, and the BFF answers the passcode the candidate must type (to schedulers).
 */
export function passcodeNotEmbeddedMeeting(
  interviewId: string,
  overrides: Partial<InterviewMeeting> = {},
  now: Date = new Date(),
): InterviewMeeting {
  return issuedMeeting(
    interviewId,
    {
      joinUrl: joinUrlOf('81234567890', null),
      passcodeEmbedded: false,
      hasPasscode: true,
      passcode: 'Tk4mP9qa',
      ...overrides,
    },
    now,
  );
}
