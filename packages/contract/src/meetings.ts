import { z } from 'zod';
import { calendarProviders } from './providers';
import { autoHostRoles, IdParamSchema, PassedOverHostSchema, ProblemCodeSchema } from './schemas';

/** ISO 8601 instant with an explicit offset (`Z` or `+09:00`). */
const Instant = z.iso.datetime({ offset: true });

/** IANA time zone id, e.g. `Asia/Tokyo`. */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Tokyo');

export const DurationMinutesSchema = z.number().int().min(15).max(480);

export const busyStatuses = ['free', 'busy', 'unknown'] as const;
export const BusyStatusSchema = z.enum(busyStatuses);
export type BusyStatus = z.infer<typeof BusyStatusSchema>;

/** Something the host already has during the slot. Times only: another meeting's topic stays private. */
export const HostConflictSchema = z.object({
  start: Instant,
  end: Instant,
  /**
   * `zoom`: a meeting in the host's Zoom account; `ats`: an interview meeting issued here;
   * `google` / `outlook`: busy in the Google Calendar or Outlook calendar of the host's owner
   * (when that user linked it).
   */
  source: z.enum(['zoom', 'ats', 'google', 'outlook']),
});
export type HostConflict = z.infer<typeof HostConflictSchema>;

export const hostUnavailableReasons = ['needs_reauth', 'moved', 'revoked'] as const;

/** A connected Zoom account of the tenant, as a candidate interview host. */
export const HostSchema = z.object({
  connectionId: z.string(),
  ownerUserId: z.string(),
  /** The ATS user who linked the Zoom account. */
  ownerName: z.string(),
  zoomEmail: z.string().nullable(),
  zoomDisplayName: z.string().nullable(),
  accountType: z.enum(['personal', 'managed']).nullable(),
  /** False when the link must be re-authorized first; `unavailableReason` says why. */
  selectable: z.boolean(),
  unavailableReason: z.enum(hostUnavailableReasons).nullable(),
  busy: BusyStatusSchema,
  conflicts: z.array(HostConflictSchema),
});
export type Host = z.infer<typeof HostSchema>;

/** An ATS user id, as the `sub` of that user's host tokens. */
export const UserIdSchema = z.string().min(1).max(200);

/**
 * A list of ATS user ids in a query string, comma-separated (`interviewers=u1,u2`), at most 20;
 * an id holding a comma cannot be listed.
 */
const UserIdListQuery = z
  .string()
  .max(4200)
  .transform((value) => value.split(',').filter((id) => id !== ''))
  .pipe(z.array(UserIdSchema).max(20));

/**
 * What 自動で選ぶ picks for a slot: the first host free at it, in preference order (the `prefer`
 * list, then the interviewers in their order, then the scheduler, then the tenant's other hosts
 * by name); `passedOver` lists the hosts tried before it, or every host when nobody is free
 * (`connectionId: null`). Only a host known to be free is picked (`unknown` is passed over).
 */
export const AutoHostPickSchema = z.object({
  connectionId: z.string().nullable(),
  ownerUserId: z.string().nullable(),
  ownerName: z.string().nullable(),
  role: z.enum(autoHostRoles).nullable(),
  passedOver: z.array(PassedOverHostSchema),
});
export type AutoHostPick = z.infer<typeof AutoHostPickSchema>;

export const HostsQuerySchema = z.strictObject({
  start: Instant,
  durationMinutes: z.coerce.number<number>().pipe(DurationMinutesSchema),
  /** When rescheduling: the interview whose own meeting must not count as a conflict. */
  excludeInterviewId: IdParamSchema.optional(),
  /** The interview's interviewers (ATS user ids, in order): 自動で選ぶ tries them first. */
  interviewers: UserIdListQuery.optional(),
  /** ATS user ids 自動で選ぶ tries before everyone else (the save's `host.prefer`). */
  prefer: UserIdListQuery.optional(),
});

export const HostListSchema = z.object({
  hosts: z.array(HostSchema),
  slot: z.object({ start: Instant, end: Instant }),
  /** What 自動で選ぶ would pick now for this slot (a save decides again, under the interview lock). */
  auto: AutoHostPickSchema,
  checkedAt: Instant,
});
export type HostList = z.infer<typeof HostListSchema>;

export const CalendarAttendeeSchema = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200).optional(),
});
export type CalendarAttendee = z.infer<typeof CalendarAttendeeSchema>;

/**
 * Google's `sendUpdates`: who Google e-mails about the event (`none`: nobody). Outlook invites
 * the attendees whatever it says (Microsoft Graph has no such switch).
 */
export const calendarSendUpdates = ['all', 'externalOnly', 'none'] as const;

/**
 * The calendar part of a save (予定を登録). PUT is full state: absent means not requested, and an
 * event registered earlier is then removed from the calendar.
 */
export const SaveMeetingCalendarSchema = z.strictObject({
  register: z.boolean(),
  /** The interviewers, added as attendees of the event. */
  attendees: z
    .array(CalendarAttendeeSchema)
    .max(50)
    .default([])
    .refine(
      (list) => new Set(list.map((a) => a.email.toLowerCase())).size === list.length,
      'each attendee e-mail once',
    ),
  sendUpdates: z.enum(calendarSendUpdates).default('none'),
  /**
   * Which of the scheduler's connected calendars receives the event. Absent: the calendar that
   * already holds it, else `google`. Another provider than the registered one moves the event
   * there (the old one is deleted; the scheduler saving becomes its owner).
   */
  provider: z.enum(calendarProviders).optional(),
});
export type SaveMeetingCalendar = z.infer<typeof SaveMeetingCalendarSchema>;

/** An interviewer of the interview: an ATS user, named as the host app shows them. */
export const InterviewerSchema = z.strictObject({
  userId: UserIdSchema,
  name: z.string().trim().min(1).max(200).optional(),
});
export type Interviewer = z.infer<typeof InterviewerSchema>;

/**
 * 自動で選ぶ: the BFF picks the first host free at the slot, under the interview lock (see
 * `AutoHostPickSchema` for the order). Rescheduling keeps the host while it is free at the new
 * slot and picks again only when it became busy.
 */
export const AutoHostSchema = z.strictObject({
  auto: z.literal(true),
  /** ATS user ids tried before the interviewers, in this order. */
  prefer: z.array(UserIdSchema).max(20).default([]),
});

/**
 * Issue or update an interview's Zoom meeting (PUT, with an `Idempotency-Key` header). The host is
 * either chosen (`hostConnectionId`) or picked by the BFF (`host: { auto: true }`): exactly one.
 */
export const SaveMeetingBodySchema = z
  .strictObject({
    candidateId: IdParamSchema,
    /** The chosen host (a Zoom link of the tenant); absent when `host.auto` picks it. */
    hostConnectionId: IdParamSchema.optional(),
    host: AutoHostSchema.optional(),
    /**
     * The interview's interviewers, in order: 自動で選ぶ tries them first, and those in the host's
     * Zoom account with a licence become its alternative hosts (they can start the meeting).
     */
    interviewers: z
      .array(InterviewerSchema)
      .max(20)
      .default([])
      .refine(
        (list) => new Set(list.map((i) => i.userId)).size === list.length,
        'each interviewer once',
      ),
    topic: z.string().trim().min(1).max(200),
    startTime: Instant,
    durationMinutes: DurationMinutesSchema,
    timezone: TimeZoneSchema,
    /** Let the candidate in before the host arrives (the waiting room must then be off). */
    joinBeforeHost: z.boolean(),
    /** Register the interview on the scheduler's calendar, Google or Outlook (予定を登録). */
    calendar: SaveMeetingCalendarSchema.optional(),
  })
  .check((ctx) => {
    const { hostConnectionId, host } = ctx.value;
    if ((hostConnectionId === undefined) === (host === undefined)) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: host === undefined ? ['hostConnectionId'] : ['host'],
        message: 'give either hostConnectionId or host: { auto: true }, not both',
      });
    }
  });
export type SaveMeetingBody = z.infer<typeof SaveMeetingBodySchema>;
/** What a caller sends: `calendar.attendees` and `calendar.sendUpdates` may be left to their defaults. */
export type SaveMeetingInput = z.input<typeof SaveMeetingBodySchema>;

export const meetingLinkStatuses = ['active', 'broken'] as const;

/** The state of the meeting host's Zoom link, as `InterviewMeeting.hostLink` tells it. */
export const meetingHostLinkStatuses = [
  'active',
  'needs_reauth',
  'revoked',
  'not_connected',
] as const;
export type MeetingHostLinkStatus = (typeof meetingHostLinkStatuses)[number];

/**
 * `registered`: the event on the calendar matches the meeting; `not_requested`: no calendar
 * registration was asked for; `failed`: Zoom succeeded but the calendar step did not (the
 * meeting is kept; `error` says why, `nextRetryAt` when the background retry runs, if it will).
 */
export const calendarStatuses = ['registered', 'not_requested', 'failed'] as const;

export const MeetingCalendarSchema = z.object({
  status: z.enum(calendarStatuses),
  /** The calendar holding (or to hold) the event. */
  provider: z.enum(calendarProviders),
  /** The ATS user on whose primary calendar the event is (the scheduler who asked). */
  owner: z
    .object({ userId: z.string(), userName: z.string(), email: z.string().nullable() })
    .nullable(),
  attendees: z.array(z.object({ email: z.string(), name: z.string().nullable() })),
  sendUpdates: z.enum(calendarSendUpdates),
  /**
   * The calendar's own event id once created: Google's is derived from the interview, Outlook's
   * is Microsoft Graph's.
   */
  eventId: z.string().nullable(),
  /** The calendar's link to the event, for its owner. */
  htmlLink: z.string().nullable(),
  error: z.object({ code: ProblemCodeSchema, at: Instant }).nullable(),
  /** When the background retry runs next; null when it will not retry by itself. */
  nextRetryAt: Instant.nullable(),
  updatedAt: Instant,
});
export type MeetingCalendar = z.infer<typeof MeetingCalendarSchema>;

/**
 * Whether an interviewer can start the meeting: `host` (their Zoom account hosts it),
 * `alternative_host` (added at Zoom: signed in to Zoom, they start it from the join URL), or why
 * not: `different_account` (their Zoom account is not in the host's Zoom account),
 * `not_licensed` (a Basic user: Zoom takes licensed users only), `host_not_licensed` (a Basic
 * host has no alternative hosts), `not_connected` (no usable Zoom link here, so their Zoom
 * account is not known).
 */
export const interviewerHostStatuses = [
  'host',
  'alternative_host',
  'different_account',
  'not_licensed',
  'host_not_licensed',
  'not_connected',
] as const;
export type InterviewerHostStatus = (typeof interviewerHostStatuses)[number];

export const InterviewerHostingSchema = z.object({
  userId: z.string(),
  /** The name the save gave, else the name of their Zoom link's owner; null when neither is known. */
  name: z.string().nullable(),
  /** Their Zoom e-mail, when they connected Zoom here. */
  zoomEmail: z.string().nullable(),
  status: z.enum(interviewerHostStatuses),
});
export type InterviewerHosting = z.infer<typeof InterviewerHostingSchema>;

/**
 * How the host was chosen: by the scheduler (`auto: false`), or by 自動で選ぶ (`auto: true`,
 * with why: `role`, and who was passed over; `prefer` is the save's list, for the next save).
 */
export const HostChoiceSchema = z.object({
  auto: z.boolean(),
  prefer: z.array(z.string()),
  role: z.enum(autoHostRoles).nullable(),
  passedOver: z.array(PassedOverHostSchema),
});
export type HostChoice = z.infer<typeof HostChoiceSchema>;

export const InterviewMeetingSchema = z.object({
  interviewId: z.string(),
  candidateId: z.string(),
  host: z.object({
    connectionId: z.string(),
    ownerUserId: z.string(),
    ownerName: z.string(),
    zoomEmail: z.string().nullable(),
  }),
  /** Chosen by the scheduler, or picked by 自動で選ぶ and why. */
  hostChoice: HostChoiceSchema,
  /**
   * The interviewers of the last save, in order, with who can start the meeting (the host and
   * the alternative hosts added at Zoom) and why the others cannot. The host's start URL is
   * never handed to them: alternative hosts start from the join URL, signed in to Zoom.
   */
  interviewers: z.array(InterviewerHostingSchema),
  zoomMeetingId: z.string(),
  joinUrl: z.url(),
  /** True when the join URL carries the passcode (`?pwd=`): one click joins. */
  passcodeEmbedded: z.boolean(),
  /** True when the meeting has a passcode at all. */
  hasPasscode: z.boolean(),
  /**
   * The passcode the candidate must type, when the meeting has one and the join URL does not
   * carry it (the host's company does not embed passcodes); null otherwise. The route answers
   * schedulers only, who pass it on (mail variable `next_web_interview_passcode`; the calendar
   * event carries it for the interviewers).
   */
  passcode: z.string().nullable(),
  topic: z.string(),
  startTime: Instant,
  durationMinutes: z.number().int(),
  timezone: z.string(),
  joinBeforeHost: z.boolean(),
  waitingRoom: z.boolean(),
  /** `broken`: the meeting was deleted in Zoom itself; re-issue it. */
  linkStatus: z.enum(meetingLinkStatuses),
  brokenReason: z.enum(['deleted_in_zoom']).nullable(),
  /**
   * Zoom's time, when the meeting was changed in Zoom itself and no longer matches the
   * interview's (`startTime`, `durationMinutes`); null when they agree. The URL still works:
   * the scheduler chooses which time wins by saving the meeting again with it (Zoom and the
   * calendar event then follow), and the host records the chosen time on its interview.
   */
  zoomTime: z.object({ startTime: Instant, durationMinutes: z.number().int() }).nullable(),
  /** The calendar step (Google or Outlook), recorded with the Zoom step. */
  calendar: MeetingCalendarSchema,
  /**
   * Whether the host's Zoom link can still act on the meeting (reschedule, re-issue, delete):
   * `revoked` (the app was removed at Zoom), `needs_reauth` or `not_connected` (unlinked) mean
   * only the link's owner can fix it by connecting again; the join URL itself still works.
   * Schedulers can move the interview to another host meanwhile.
   */
  hostLink: z.enum(meetingHostLinkStatuses),
  /**
   * Earlier Zoom meetings of this interview that could not be deleted at Zoom (their host's link
   * had no usable token); each is deleted when `hostOwnerName` connects that Zoom account again.
   */
  pendingDeletions: z.array(
    z.object({ zoomMeetingId: z.string(), hostOwnerName: z.string(), since: Instant }),
  ),
  createdAt: Instant,
  updatedAt: Instant,
});
export type InterviewMeeting = z.infer<typeof InterviewMeetingSchema>;

export const MeetingPreviewQuerySchema = z.strictObject({
  hostConnectionId: IdParamSchema,
  start: Instant,
  durationMinutes: z.coerce.number<number>().pipe(DurationMinutesSchema),
  joinBeforeHost: z.enum(['true', 'false']).transform((value) => value === 'true'),
  /** When rescheduling: the interview whose own meeting must not count as the host being busy. */
  excludeInterviewId: IdParamSchema.optional(),
  /** The interview's interviewers (ATS user ids): the preview says who could start the meeting. */
  interviewers: UserIdListQuery.optional(),
});

export const previewWarningCodes = [
  /**
   * Join before host was asked for and the account forces no passcode: the BFF adds one (to the
   * account's policy), so Zoom keeps the waiting room off and join before host takes effect.
   */
  'join_before_host_needs_passcode',
  /** A passcode is required but the host does not embed it in the link: candidates must type it. */
  'passcode_not_embedded',
  /** Few meeting creates/updates left for this host today (Zoom allows 100 per UTC day). */
  'daily_quota_low',
  /** A Basic (free) host: meetings with others are capped at 40 minutes. */
  'basic_license_time_limit',
  /** The host already has something during the slot. */
  'host_busy',
  /** The slot has started but not ended yet: saving works (e.g. changing an interview in progress). */
  'start_in_past',
  /** The slot has already ended: a save is refused with the problem of the same code. */
  'meeting_in_past',
] as const;

/** What the candidate will get if the meeting is saved with this host and slot. */
export const MeetingPreviewSchema = z.object({
  hostConnectionId: z.string(),
  passcode: z.enum(['embedded', 'required_not_embedded', 'none']),
  waitingRoom: z.boolean(),
  joinBeforeHost: z.object({ requested: z.boolean(), effective: z.boolean() }),
  quota: z.object({
    usedToday: z.number().int(),
    limit: z.number().int(),
    remaining: z.number().int(),
  }),
  warnings: z.array(z.object({ code: z.enum(previewWarningCodes) })),
  /**
   * The interviewers asked about, in order, with who could start the meeting with this host (as
   * a save would set it) and why the others could not. Names are those of their Zoom links
   * (null when not connected: the host app knows them).
   */
  interviewers: z.array(InterviewerHostingSchema),
});
export type MeetingPreview = z.infer<typeof MeetingPreviewSchema>;

export const MeetingStartUrlSchema = z.object({
  /** Zoom's host start link: valid about 2 hours, never stored. */
  startUrl: z.url(),
});
