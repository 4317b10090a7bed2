/** The host's meeting settings that decide what a candidate gets. */
export interface HostMeetingSettings {
  /** The account forces a passcode on every new meeting (admin lock, or a personal account). */
  passcodeForced: boolean;
  /** `schedule_meeting.require_password_for_scheduling_new_meetings` (on, maybe unlocked). */
  passcodeRequiredByDefault: boolean;
  /** `join_url` carries `?pwd=` when the meeting has a passcode. */
  embedPasscodeInJoinLink: boolean;
  /** `in_meeting.waiting_room`: the default of new meetings. */
  waitingRoomByDefault: boolean;
  /** `schedule_meeting.meeting_password_requirement`. */
  passcodeRequirement: PasscodeRequirement;
}

export interface PasscodeRequirement {
  length: number;
  haveLetter: boolean;
  haveNumber: boolean;
  haveSpecialCharacter: boolean;
  haveUpperAndLowerCharacters: boolean;
  onlyAllowNumeric: boolean;
  consecutiveCharactersLength: number;
}

/** A meeting as the meeting host answers a create or a get. */
export interface HostedMeetingDetails {
  id: string;
  hostId: string;
  topic: string;
  startTime: Date;
  durationMinutes: number;
  timezone: string;
  agenda: string;
  /** The `reconciliationMarker` the create carried (null: none, e.g. a meeting made in Zoom). */
  reconciliationMarker: string | null;
  joinUrl: string;
  hasPasscode: boolean;
  /** Zoom's `password`; null when the meeting has none. */
  passcode: string | null;
  joinBeforeHost: boolean;
  waitingRoom: boolean;
  /** Who else may start the meeting (Zoom's alternative hosts), by e-mail, lower-cased. */
  alternativeHosts: string[];
}

/**
 * One entry of the host's meeting list (Zoom truncates the agenda to 250 characters). Meetings
 * with no fixed time (Zoom's recurring type 3) are not listed: they never occupy a slot.
 */
export type HostedMeetingSummary = {
  id: string;
  topic: string;
  /** When the meeting was created at the host (null: the host did not say). */
  createdAt: Date | null;
  durationMinutes: number;
  agenda: string;
} & (
  | { recurring: false; startTime: Date }
  | {
      /** A series with fixed times: its occurrences come from `listOccurrences`. */
      recurring: true;
      /** Its next occurrence not yet ended, as listed; null when the list gives none. */
      startTime: Date | null;
    }
);

export interface HostedMeetingRequest {
  topic: string;
  startTime: Date;
  durationMinutes: number;
  timezone: string;
  /** The meeting's description, as hosts and attendees read it: always words for people. */
  agenda?: string;
  /**
   * A value stored where people do not read it (Zoom: `settings.custom_keys`) and answered by a
   * get, so a create whose answer was lost can be recognised. Never put it in the agenda.
   */
  reconciliationMarker?: string;
  /** Omitted: Zoom decides (the account may still add one). */
  password?: string;
  joinBeforeHost: boolean;
  /** Omitted: the host's default. */
  waitingRoom?: boolean;
  /**
   * E-mails of users of the host's account who may start the meeting too (Zoom's alternative
   * hosts; licensed users only). A refusal throws `AlternativeHostsRefusedError`.
   */
  alternativeHosts: string[];
}

/**
 * The *meeting host* role (Zoom's meeting endpoints). `zoomUserId` is the host's own user id at
 * the meeting host (the token's user).
 * Errors: `ProviderAccessTokenRejectedError` (401 code 124), `HostMeetingMissingError`
 * (404 / 3001), `ProviderRateLimitedError`, `ProviderDailyQuotaError`,
 * `HostOutcomeUnknownError` (a create that may have happened), `AlternativeHostsRefusedError`
 * (nothing was created or changed), `ProviderUnavailableError`.
 */
export interface MeetingHostPort {
  getHostSettings(accessToken: string, zoomUserId: string): Promise<HostMeetingSettings>;
  createMeeting(
    accessToken: string,
    zoomUserId: string,
    request: HostedMeetingRequest,
  ): Promise<HostedMeetingDetails>;
  /** The meeting, and Zoom's fresh host `start_url` (never store or log it). */
  getMeeting(
    accessToken: string,
    meetingId: string,
  ): Promise<HostedMeetingDetails & { startUrl: string }>;
  updateMeeting(
    accessToken: string,
    meetingId: string,
    patch: Partial<HostedMeetingRequest>,
  ): Promise<void>;
  deleteMeeting(accessToken: string, meetingId: string): Promise<void>;
  /**
   * When a meeting takes place: each occurrence not yet ended of a series, or the meeting's
   * own time (one period).
   */
  listOccurrences(
    accessToken: string,
    meetingId: string,
    signal?: AbortSignal,
  ): Promise<{ start: Date; end: Date }[]>;
  /**
   * How many meetings the host may run at once under its licence (1 unless the licence
   * allows concurrent meetings).
   */
  getConcurrentMeetingLimit(accessToken: string, zoomUserId: string): Promise<number>;
  /** Every page of the host's meetings (`upcoming`, or `scheduled` to include live ones). */
  listMeetings(
    accessToken: string,
    zoomUserId: string,
    options: { type: 'upcoming' | 'scheduled'; signal?: AbortSignal },
  ): Promise<HostedMeetingSummary[]>;
}
