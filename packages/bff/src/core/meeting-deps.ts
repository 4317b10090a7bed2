import type { CoreDeps } from './deps';
import type { HostScheduleCache } from './host-schedules';
import type { IdempotencyKeyPruner } from './idempotency-retention';
import type { KeyedMutex } from './keyed-mutex';
import type { ZoomMeetingsPort } from './ports';

export interface MeetingOptions {
  /** Per-host limit of the busy check in the host list; slower hosts show `unknown`. */
  hostCheckTimeoutMs: number;
  /** An in-flight idempotency claim older than this is taken to be from a dead process. */
  idempotencyStaleMs: number;
}

/** What the meeting use cases need on top of the core's deps (built once per createBff). */
export interface MeetingDeps extends CoreDeps {
  zoomMeetings: ZoomMeetingsPort;
  hostSchedules: HostScheduleCache;
  interviewLocks: KeyedMutex;
  idempotencyKeyPruner: IdempotencyKeyPruner;
  meetingOptions: MeetingOptions;
}
