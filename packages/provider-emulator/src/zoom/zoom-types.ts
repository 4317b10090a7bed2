import type { ZoomRecurrence } from './zoom-recurrence';

/** An OAuth app registered with the fake Zoom Marketplace. */
export interface ZoomClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Compared byte for byte with the `redirect_uri` of authorize requests, as Zoom does. */
  redirectUris: string[];
}

export interface ZoomEmulatorOptions {
  clients: ZoomClientRegistration[];
  /** Where signed webhooks (app_deauthorized) are POSTed, and the app's secret token. */
  webhook?: { url: string; secretToken: string };
  /** @default 3599 (what Zoom answers in practice) */
  accessTokenTtlSeconds?: number;
  /**
   * Per-second limits per account and rate-limit label (research §8). Off unless given, so
   * other packages' tests never trip them by accident. @default {} (no QPS limit)
   */
  rateLimits?: ZoomRateLimits;
  /** Meeting create + update requests per host per UTC day. @default 100 */
  dailyMeetingWriteLimit?: number;
  /** Seed the busy meetings (managedApproved and personal, tomorrow). @default true */
  seedMeetings?: boolean;
  /**
   * How many more personal Zoom users to seed beyond the named ones (benchmarks and load
   * runs connect many distinct hosts). They have no meetings. @default 0
   */
  extraUsers?: number;
}

/** Zoom's rate-limit labels; requests per second per account. */
export type ZoomRateLimitLabel = 'Light' | 'Medium' | 'Heavy';
export type ZoomRateLimits = Partial<Record<ZoomRateLimitLabel, number>>;

/** `schedule_meeting.meeting_password_requirement`: the account's passcode policy. */
export interface ZoomPasscodeRequirement {
  length: number;
  have_letter: boolean;
  have_number: boolean;
  have_special_character: boolean;
  have_upper_and_lower_characters: boolean;
  only_allow_numeric: boolean;
  consecutive_characters_length: number;
  weak_enhance_detection: boolean;
}

/** A user's meeting settings as the emulator models them (and the admin lock). */
export interface ZoomMeetingSettingsPolicy {
  /** `schedule_meeting.require_password_for_scheduling_new_meetings`. */
  passcodeRequired: boolean;
  /** The admin locked that setting (always, for personal accounts): the API then adds a passcode. */
  passcodeLocked: boolean;
  /** `schedule_meeting.embed_password_in_join_link`: `join_url` carries `?pwd=`. */
  embedPasswordInJoinLink: boolean;
  /** `in_meeting.waiting_room`: the default for new meetings. */
  waitingRoom: boolean;
  /** `schedule_meeting.join_before_host`: the default for new meetings. */
  joinBeforeHost: boolean;
  /**
   * `feature.concurrent_meeting`: the user's Concurrent Meeting plan. Zoom's support article
   * 206122046: `Basic` lets a licensed user host 2 meetings at once, `Plus` up to 20; `None`
   * one at a time.
   */
  concurrentMeeting: 'Basic' | 'Plus' | 'None';
  passcodeRequirement: ZoomPasscodeRequirement;
}

/** The per-meeting settings the emulator models, in Zoom's names. */
export interface ZoomMeetingSettings {
  host_video: boolean;
  participant_video: boolean;
  join_before_host: boolean;
  /** 0 = any time, 5 or 10 minutes before the start. */
  jbh_time: 0 | 5 | 10;
  mute_upon_entry: boolean;
  waiting_room: boolean;
  meeting_authentication: boolean;
  approval_type: 0 | 1 | 2;
  audio: 'both' | 'telephony' | 'voip';
  auto_recording: 'local' | 'cloud' | 'none';
  use_pmi: boolean;
  watermark: boolean;
  private_meeting: boolean;
  email_notification: boolean;
  alternative_hosts: string;
  /**
   * `settings.custom_keys`: up to 10 key/value pairs an app stores on the meeting (key at most
   * 64, value at most 256 characters). Zoom shows them in reports, not in the meeting's
   * description, so an app can keep its own bookkeeping there.
   */
  custom_keys: ZoomCustomKey[];
}

export interface ZoomCustomKey {
  key: string;
  value: string;
}

/** A meeting as `GET /v2/meetings/{meetingId}` shows it, minus the short-lived `start_url`. */
export interface ZoomMeeting {
  uuid: string;
  id: number;
  host_id: string;
  host_email: string;
  topic: string;
  /** 1 instant, 2 scheduled, 3 recurring with no fixed time, 8 recurring with fixed time. */
  type: 1 | 2 | 3 | 8;
  status: 'waiting' | 'started';
  /**
   * UTC, `yyyy-MM-ddTHH:mm:ssZ`; for type 8 the next occurrence not yet ended; absent for
   * type 3 (no fixed time).
   */
  start_time?: string;
  duration: number;
  timezone: string;
  agenda: string;
  created_at: string;
  join_url: string;
  /** Absent when the meeting has no passcode. */
  password?: string;
  h323_password?: string;
  pstn_password?: string;
  encrypted_password?: string;
  /** The host's personal meeting ID, only when the meeting was scheduled with `use_pmi`. */
  pmi?: string;
  /** Type 8: the occurrences not yet ended (every one with `show_previous_occurrences`). */
  occurrences?: ZoomOccurrence[];
  recurrence?: ZoomRecurrence;
  settings: ZoomMeetingSettings;
}

/** One occurrence of a recurring meeting with a fixed time. */
export interface ZoomOccurrence {
  /** The occurrence's start in epoch milliseconds, as a string. */
  occurrence_id: string;
  start_time: string;
  duration: number;
  status: 'available' | 'deleted';
}

/** What `seedMeeting` takes: `start_time` as Zoom accepts it (UTC `Z`, or local in `timezone`). */
export interface ZoomSeedMeetingInput {
  /** Required unless `type` is 3 (recurring with no fixed time). */
  start_time?: string;
  /** @default 2; 8 needs `recurrence`. */
  type?: 2 | 3 | 8;
  recurrence?: ZoomRecurrence;
  duration: number;
  topic: string;
  /** @default the host's timezone */
  timezone?: string;
  agenda?: string;
  password?: string;
  /** Schedule it on the host's personal meeting ID (types 2 and 3). */
  use_pmi?: boolean;
}

/** What `updateMeetingAsUser` may change, as in Zoom's web UI. */
export interface ZoomMeetingUserPatch {
  topic?: string;
  start_time?: string;
  duration?: number;
  timezone?: string;
  agenda?: string;
  /** A new passcode: the join URL's `pwd` changes with it. */
  password?: string;
}

/**
 * Which requests a fault applies to. `path` globs match the request path from the origin
 * (`*` = one segment, `**` = anything), e.g. `/zoom/v2/meetings/**`; the admin console is
 * never faulted. @default every method, every path under `/zoom`
 */
export interface ZoomFaultScope {
  path?: string | readonly string[];
  method?: string;
}

/** Ready-made scopes for the route groups the BFF calls. */
export const ZOOM_ROUTE_GROUPS = {
  oauth: { path: '/zoom/oauth/**' },
  token: { path: '/zoom/oauth/token' },
  api: { path: '/zoom/v2/**' },
  users: { path: '/zoom/v2/users/*' },
  settings: { path: '/zoom/v2/users/*/settings' },
  meetings: { path: ['/zoom/v2/users/*/meetings', '/zoom/v2/meetings/**'] },
  listMeetings: { path: '/zoom/v2/users/*/meetings', method: 'GET' },
  createMeeting: { path: '/zoom/v2/users/*/meetings', method: 'POST' },
} as const satisfies Record<string, ZoomFaultScope>;

/** The seeded Zoom user, in the field names of Zoom's `GET /v2/users/{userId}`. */
export interface ZoomUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  account_id: string;
  /** 1 = Basic (free), 2 = Licensed. */
  type: 1 | 2;
  role_name: string;
  role_id: string;
  /** Not a Zoom field: whether the user owns a one-person account or is a member of a company account. */
  kind: 'personal' | 'managed';
}

export interface ZoomPreApprovalRequest {
  accountId: string;
  userId: string;
  email: string;
  requestedAt: string;
  approved: boolean;
}

export interface ZoomEmulatorStats {
  tokenRequests: { authorization_code: number; refresh_token: number };
  revocations: number;
  apiRequests: number;
  /**
   * Requests received per endpoint, keyed `METHOD /template` (e.g. `POST /v2/users/{userId}/meetings`,
   * `POST /oauth/token`), counted before faults and rate limits apply.
   */
  endpoints: Record<string, number>;
}

export interface ZoomEmulatorHandle {
  /** Seeded accounts, by role in tests. */
  seeded: {
    personal: ZoomUser;
    personal2: ZoomUser;
    managedApproved: ZoomUser;
    managedApproved2: ZoomUser;
    managedApproved3: ZoomUser;
    managedApproved4: ZoomUser;
    managedApproved5: ZoomUser;
    managedPending: ZoomUser;
    managedPending2: ZoomUser;
  };
  /** The `extraUsers` personal accounts, in order (`user0001@extra.example` first). */
  extraUsers: ZoomUser[];
  /** Paths relative to the emulator origin. */
  paths: { authorize: string; token: string; revoke: string; apiBase: string; admin: string };
  /**
   * Admin pre-approves the app for a managed account. Takes the account id
   * (also the seed's short names `acme`, `globex` and `hooli`); throws for an unknown account.
   */
  preApprove(accountId: string): void;
  listPreApprovalRequests(): ZoomPreApprovalRequest[];
  /**
   * Kills the user's grants and POSTs a signed app_deauthorized webhook per killed grant;
   * resolves to the receiver's HTTP status (0 when no webhook is configured). Rejects when the
   * user has no live grant or the receiver cannot be reached.
   */
  sendDeauthorization(userId: string): Promise<number>;
  /** Counters for tests: token endpoint calls by grant_type, revoke calls, API calls. */
  stats(): ZoomEmulatorStats;
  /** How many registered clients currently hold a live grant for this user (0 or 1 with one client). */
  liveGrantCount(userId: string): number;

  /**
   * An admin changes the user's licence: 1 Basic, 2 Licensed. `GET /users/{id}` shows it at
   * once, and alternative hosts are checked against it from then on (meetings already holding
   * the user keep them, as at Zoom).
   */
  setUserType(userId: string, type: 1 | 2): void;
  /** The user's meeting settings and passcode lock. */
  meetingSettings(userId: string): ZoomMeetingSettingsPolicy;
  /**
   * Changes meeting settings for a user id, or every member of an account (id or alias such as
   * `acme`), as an admin would. Throws when unlocking the passcode of a personal account.
   */
  updateMeetingSettings(userOrAccount: string, patch: Partial<ZoomMeetingSettingsPolicy>): void;
  /** Adds a meeting to a host's calendar (busy), with the rules of a create; no quota used. */
  seedMeeting(userId: string, input: ZoomSeedMeetingInput): ZoomMeeting;
  /** The host's meetings, by start time. */
  meetings(userId: string): ZoomMeeting[];
  /** Every meeting, by start time. */
  allMeetings(): ZoomMeeting[];
  /** The host starts the meeting: it is `live`, and can no longer be updated or deleted. */
  startMeeting(meetingId: number): void;
  /**
   * The host deletes the meeting in Zoom's web UI: it is gone and a signed `meeting.deleted`
   * goes to the webhook URL. Resolves to the receiver's status (0 without a webhook).
   */
  deleteMeetingAsUser(meetingId: number): Promise<number>;
  /** The host edits the meeting in Zoom's web UI; sends a signed `meeting.updated`. */
  updateMeetingAsUser(meetingId: number, patch: ZoomMeetingUserPatch): Promise<number>;
  /** Turns per-second limits on or off (replaces the current limits). */
  setRateLimits(limits: ZoomRateLimits): void;
  /** Every matching request waits `ms` before it is handled (until `resetFaults`). */
  injectLatency(ms: number, scope?: ZoomFaultScope): void;
  /** The next `count` matching requests get Zoom's per-second 429 with `Retry-After`. */
  rateLimitNext(count: number, retryAfterSeconds?: number, scope?: ZoomFaultScope): void;
  /** The next `count` matching requests fail with `status` (5xx) before being handled. @default 500 */
  failNext(count: number, status?: number, scope?: ZoomFaultScope): void;
  /**
   * The next `count` matching requests are handled (state changes are committed) and then the
   * socket is destroyed without an answer, like a response lost on the network.
   */
  dropNext(count: number, scope?: ZoomFaultScope): void;
  /** Clears every injected fault (not the rate limits). */
  resetFaults(): void;
  /**
   * Off: creates ignore `settings.custom_keys` (PATCH still sets them), as the copy of Zoom's
   * spec in the repo describes the create body. @default true (Zoom's reference)
   */
  setCreateKeepsCustomKeys(keep: boolean): void;
}
