import type { HostList } from '@ats-zoom/contract';
import type { CalendarBusyCache, HostScheduleCache } from '../hosts/host-schedules';
import type { MeetingHostPort } from '../ports';
import type { AnswerMemo } from '../shared/answer-memo';
import type { CoreDeps } from '../shared/deps';
import type { KeyedMutex } from '../shared/keyed-mutex';
import type { IdempotencyKeyPruner } from './idempotency-retention';

export interface MeetingOptions {
  /** Per-host limit of the busy check in the host list; slower hosts show `unknown`. */
  hostCheckTimeoutMs: number;
  /** How many recurring series of one host a busy check reads the occurrences of. */
  maxSeriesPerHostCheck: number;
  /** An in-flight idempotency claim older than this is taken to be from a dead process. */
  idempotencyStaleMs: number;
  /** Words the agenda (Zoom's meeting description); absent or blank: the default. */
  agenda?: MeetingAgendaWriter;
}

/** What the host app may use to word a meeting's agenda. */
export interface MeetingAgendaInput {
  interviewId: string;
  topic: string;
  startTime: Date;
  timezone: string;
}
export type MeetingAgendaWriter = (meeting: MeetingAgendaInput) => string;

/** How the calendar outbox retries a failed calendar step. */
export interface CalendarRetryOptions {
  /** How often the background loop looks for due tasks. */
  pollIntervalMs: number;
  /** Backoff (exponential, with jitter) before the first retry, doubling up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failed attempts after which the task waits for a person (the retry route). */
  maxAttempts: number;
  /** How long a picked task is reserved for its runner: longer than one calendar step. */
  leaseMs: number;
}

/** What the meeting use cases need on top of the core's deps (built once per createBff). */
export interface MeetingDeps extends CoreDeps {
  /** The meeting host's port (the registry's meeting host entry: Zoom). */
  meetingHost: MeetingHostPort;
  hostSchedules: HostScheduleCache;
  interviewLocks: KeyedMutex;
  idempotencyKeyPruner: IdempotencyKeyPruner;
  meetingOptions: MeetingOptions;
  /** Free/busy of host owners' calendars, briefly cached. */
  calendarBusy: CalendarBusyCache;
  /** Host lists built wholly from the caches above, answered again while those stand still. */
  hostLists: AnswerMemo<HostList>;
  calendarRetry: CalendarRetryOptions;
  /** Names this BFF instance in the calendar outbox's leases. */
  instanceId: string;
}
