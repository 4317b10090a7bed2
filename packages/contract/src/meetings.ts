import { z } from 'zod';
import { IdParamSchema } from './schemas';

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
  /** `zoom`: a meeting in the host's Zoom account; `ats`: an interview meeting issued here. */
  source: z.enum(['zoom', 'ats']),
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

export const HostsQuerySchema = z.strictObject({
  start: Instant,
  durationMinutes: z.coerce.number<number>().pipe(DurationMinutesSchema),
  /** When rescheduling: the interview whose own meeting must not count as a conflict. */
  excludeInterviewId: IdParamSchema.optional(),
});

export const HostListSchema = z.object({
  hosts: z.array(HostSchema),
  slot: z.object({ start: Instant, end: Instant }),
  checkedAt: Instant,
});
export type HostList = z.infer<typeof HostListSchema>;

/** Issue or update an interview's Zoom meeting (PUT, with an `Idempotency-Key` header). */
export const SaveMeetingBodySchema = z.strictObject({
  candidateId: IdParamSchema,
  hostConnectionId: IdParamSchema,
  topic: z.string().trim().min(1).max(200),
  startTime: Instant,
  durationMinutes: DurationMinutesSchema,
  timezone: TimeZoneSchema,
  /** Let the candidate in before the host arrives (the waiting room must then be off). */
  joinBeforeHost: z.boolean(),
});
export type SaveMeetingBody = z.infer<typeof SaveMeetingBodySchema>;

export const meetingLinkStatuses = ['active', 'broken'] as const;

export const InterviewMeetingSchema = z.object({
  interviewId: z.string(),
  candidateId: z.string(),
  host: z.object({
    connectionId: z.string(),
    ownerUserId: z.string(),
    ownerName: z.string(),
    zoomEmail: z.string().nullable(),
  }),
  zoomMeetingId: z.string(),
  joinUrl: z.url(),
  /** True when the join URL carries the passcode (`?pwd=`): one click joins. */
  passcodeEmbedded: z.boolean(),
  /** True when the meeting has a passcode at all. */
  hasPasscode: z.boolean(),
  topic: z.string(),
  startTime: Instant,
  durationMinutes: z.number().int(),
  timezone: z.string(),
  joinBeforeHost: z.boolean(),
  waitingRoom: z.boolean(),
  /** `broken`: the meeting was deleted or changed in Zoom itself; re-issue it. */
  linkStatus: z.enum(meetingLinkStatuses),
  brokenReason: z.enum(['deleted_in_zoom', 'changed_in_zoom']).nullable(),
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
});

export const previewWarningCodes = [
  /** Join before host was asked for, but with no passcode Zoom forces the waiting room on. */
  'join_before_host_needs_passcode',
  /** A passcode is required but the host does not embed it in the link: candidates must type it. */
  'passcode_not_embedded',
  /** Few meeting creates/updates left for this host today (Zoom allows 100 per UTC day). */
  'daily_quota_low',
  /** A Basic (free) host: meetings with others are capped at 40 minutes. */
  'basic_license_time_limit',
  /** The host already has something during the slot. */
  'host_busy',
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
});
export type MeetingPreview = z.infer<typeof MeetingPreviewSchema>;

export const MeetingStartUrlSchema = z.object({
  /** Zoom's host start link: valid about 2 hours, never stored. */
  startUrl: z.url(),
});
