import type { HostChoice, InterviewerHosting } from '@ats-zoom/contract';
import type { MeetingCalendarRecord } from './calendar-records';

export type MeetingLinkStatus = 'active' | 'broken';

/** Deleted in Zoom itself. (Rows once marked `changed_in_zoom` were migrated to `zoomTime`.) */
export type MeetingBrokenReason = 'deleted_in_zoom';

/** The time a meeting has at Zoom, when it was changed there and differs from the interview's. */
export interface ZoomTimeRecord {
  startTime: Date;
  durationMinutes: number;
}

/** The Zoom meeting of one interview (at most one per tenant and interview). */
export interface MeetingRecord {
  id: string;
  tenantId: string;
  interviewId: string;
  candidateId: string;
  /** The host's link when the meeting was issued; the link may later move or be deleted. */
  connectionId: string;
  /** The host's Zoom user id: finds the live link again if the connection row changed. */
  hostProviderUserId: string;
  hostOwnerUserId: string;
  hostOwnerName: string;
  hostEmail: string | null;
  /** Chosen by the scheduler, or picked by 自動で選ぶ (and why). */
  hostChoice: HostChoice;
  /** The interviewers of the last save, in order, with who can start the meeting. */
  interviewers: InterviewerHosting[];
  /** Zoom's meeting id (an int64, kept as a string). */
  zoomMeetingId: string;
  joinUrl: string;
  passcodeEmbedded: boolean;
  hasPasscode: boolean;
  /** Zoom's `password` (what a candidate types); null when the meeting has none. */
  passcode: string | null;
  topic: string;
  startTime: Date;
  durationMinutes: number;
  timezone: string;
  joinBeforeHost: boolean;
  waitingRoom: boolean;
  linkStatus: MeetingLinkStatus;
  brokenReason: MeetingBrokenReason | null;
  /**
   * Zoom's time after a change made in Zoom itself, while it differs from the interview's
   * (`startTime` and `durationMinutes` stay the interview's); null when they agree. A save sets
   * Zoom to the saved time and clears it.
   */
  zoomTime: ZoomTimeRecord | null;
  /** The calendar step of the interview (予定を登録), recorded with the meeting host step. */
  calendar: MeetingCalendarRecord;
  createdAt: Date;
  updatedAt: Date;
}

export interface MeetingRepository {
  findByInterview(tenantId: string, interviewId: string): Promise<MeetingRecord | undefined>;
  /** Every interview meeting (any tenant) that points at this Zoom meeting. */
  findByHostMeetingId(zoomMeetingId: string): Promise<MeetingRecord[]>;
  /** Active and broken meetings of these hosts overlapping [start, end), oldest start first. */
  listOverlapping(input: {
    tenantId: string;
    connectionIds: string[];
    start: Date;
    end: Date;
  }): Promise<MeetingRecord[]>;
  /**
   * Each listed candidate's next meeting in the tenant: the one (active or broken) that has not
   * ended at `now`, earliest start first. Candidates without one are absent. One query per call,
   * so a bulk mail send never costs one query per recipient.
   */
  nextMeetingsForCandidates(
    tenantId: string,
    candidateIds: readonly string[],
    now: Date,
  ): Promise<MeetingRecord[]>;
  /** Inserts, or replaces the row of the same (tenant, interview) keeping its id and createdAt. */
  save(record: MeetingRecord): Promise<void>;
  update(
    id: string,
    patch: Partial<Omit<MeetingRecord, 'id' | 'tenantId' | 'interviewId' | 'createdAt'>>,
  ): Promise<void>;
  delete(tenantId: string, interviewId: string): Promise<void>;
}
