import { calendarProviders, type InterviewMeeting, type ProblemCode } from '@ats-zoom/contract';
import { withInterviewLock } from '../meetings/interview-lock';
import type { MeetingDeps } from '../meetings/meeting-deps';
import { meetingView } from '../meetings/meeting-view';
import type { CalendarTaskRecord, ConnectionRecord, MeetingRecord } from '../ports';
import type { Actor } from '../shared/actor';
import { CalendarNotRequestedError, describeError, MeetingNotFoundError } from '../shared/errors';
import { calendarEventKey } from './calendar-event';
import { runCalendarTask } from './calendar-step';

const isCalendarProvider = (provider: string) =>
  (calendarProviders as readonly string[]).includes(provider);

/** Tasks one pass of the loop picks at most (the rest wait for the next pass). */
const BATCH = 20;

/** Failures a new grant of the owner's calendar link cures: those tasks resume on a reconnect. */
const curedByReconnect: readonly ProblemCode[] = [
  'calendar_needs_reauth',
  'calendar_not_connected',
  'admin_consent_required',
];

export interface CalendarOutbox {
  /** One pass: runs the tasks due now that no other instance holds; answers how many ran. */
  runDue(): Promise<number>;
  /**
   * A calendar link (Google, Outlook) has just become active (connect or reconnect): the tasks
   * parked on its owner (same tenant, ATS user, provider and calendar account) for a missing or dead link are due again with a
   * fresh attempt budget, and a running outbox takes them at once. Answers how many resumed.
   */
  resumeForLink(link: ConnectionRecord): Promise<number>;
  /** Starts polling every `pollIntervalMs` (the timer does not keep the process alive). */
  start(): void;
  /** Stops polling and waits for a pass in progress. */
  close(): Promise<void>;
  /**
   * Whether the background loop is alive: `off` (never started), `running`, `stopped` (closed)
   * or `stalled` (a pass has made no progress for longer than a task's lease, `leaseMs`).
   */
  liveness(): CalendarOutboxLiveness;
}

export type CalendarOutboxLiveness = 'off' | 'running' | 'stopped' | 'stalled';

/**
 * The background side of the calendar step: failed syncs and deletes are retried with backoff.
 * A task is leased (one conditional UPDATE, so two BFF instances never pick the same one), then
 * run under the interview's lock, re-read there: a save that ran it meanwhile wins.
 */
export function createCalendarOutbox(deps: MeetingDeps): CalendarOutbox {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pass: Promise<unknown> | undefined;
  let kicked: Promise<void> | undefined;
  let kickAgain = false;
  let started = false;
  let closed = false;
  /** Monotonic time of the loop's last sign of progress (scheduled, pass begun, task done). */
  let lastBeat = performance.now();
  const beat = () => {
    lastBeat = performance.now();
  };

  async function runOne(task: CalendarTaskRecord): Promise<boolean> {
    const now = deps.clock.now();
    const until = new Date(now.getTime() + deps.calendarRetry.leaseMs);
    if (!(await deps.store.calendarTasks.claim(task, deps.instanceId, now, until))) return false;
    return withInterviewLock(deps, task.tenantId, task.interviewId, async () => {
      const current = await deps.store.calendarTasks.find(task);
      if (current?.lockedBy !== deps.instanceId) return false;
      await runCalendarTask(deps, current, { actor: 'calendar-outbox' });
      return true;
    });
  }

  async function runDue(): Promise<number> {
    const due = await deps.store.calendarTasks.listDue(deps.clock.now(), BATCH);
    let ran = 0;
    for (const task of due) {
      if (closed) break;
      try {
        beat();
        if (await runOne(task)) ran++;
      } catch (error) {
        // The lease runs out and a later pass tries again.
        deps.logger.error(
          { tenantId: task.tenantId, interviewId: task.interviewId, error: describeError(error) },
          'calendar outbox task failed unexpectedly',
        );
      }
    }
    return ran;
  }

  /** One pass now, beside the timer's (the leases keep them apart); coalesces while one runs. */
  function kick(): void {
    if (!started || closed) return;
    if (kicked) {
      kickAgain = true;
      return;
    }
    kicked = (async () => {
      do {
        kickAgain = false;
        await runDue().catch((error: unknown) => {
          deps.logger.error({ error: describeError(error) }, 'calendar outbox pass failed');
        });
      } while (kickAgain && !closed);
    })().finally(() => {
      kicked = undefined;
    });
  }

  /** Makes one parked task due now, with the meeting saying when it retries; false if moved on. */
  async function resumeOne(task: CalendarTaskRecord, link: ConnectionRecord): Promise<boolean> {
    return withInterviewLock(deps, task.tenantId, task.interviewId, async () => {
      const current = await deps.store.calendarTasks.find(task);
      if (
        !current ||
        current.nextAttemptAt !== null ||
        current.lastErrorCode === null ||
        !curedByReconnect.includes(current.lastErrorCode) ||
        current.owner.userId !== link.userId ||
        current.owner.provider !== link.provider ||
        current.owner.providerUserId !== link.providerUserId
      ) {
        return false;
      }
      const now = deps.clock.now();
      const row = await deps.store.meetings.findByInterview(task.tenantId, task.interviewId);
      const meeting = row && calendarEventKey(row).eventId === task.eventId ? row : undefined;
      await deps.store.transaction(async (tx) => {
        await tx.calendarTasks.update(current, {
          attempts: 0,
          nextAttemptAt: now,
          lockedUntil: null,
          lockedBy: null,
          updatedAt: now,
        });
        if (meeting?.calendar.status === 'failed') {
          await tx.meetings.update(meeting.id, {
            calendar: { ...meeting.calendar, nextRetryAt: now, updatedAt: now },
          });
        }
        await tx.audit.append({
          tenantId: task.tenantId,
          actor: link.userId,
          action: 'calendar.resumed',
          subjectType: 'interview',
          subjectId: task.interviewId,
          details: {
            eventId: task.eventId,
            kind: current.kind,
            code: current.lastErrorCode,
            connectionId: link.id,
          },
          at: now,
        });
      });
      return true;
    });
  }

  async function resumeForLink(link: ConnectionRecord): Promise<number> {
    if (!isCalendarProvider(link.provider) || link.status !== 'active') return 0;
    const parked = await deps.store.calendarTasks.listParkedForOwner(
      { tenantId: link.tenantId, userId: link.userId, providerUserId: link.providerUserId },
      curedByReconnect,
    );
    let resumed = 0;
    for (const task of parked) {
      try {
        if (await resumeOne(task, link)) resumed++;
      } catch (error) {
        // Still parked: the retry route (or the meeting's next save) runs it.
        deps.logger.error(
          { tenantId: task.tenantId, interviewId: task.interviewId, error: describeError(error) },
          'calendar task could not be resumed after the calendar link was connected',
        );
      }
    }
    if (resumed > 0) {
      deps.logger.info(
        { tenantId: link.tenantId, connectionId: link.id, provider: link.provider, resumed },
        'calendar tasks resumed after the calendar link was connected',
      );
      kick();
    }
    return resumed;
  }

  const schedule = () => {
    if (closed) return;
    beat();
    timer = setTimeout(() => {
      beat();
      pass = runDue()
        .catch((error: unknown) => {
          deps.logger.error({ error: describeError(error) }, 'calendar outbox pass failed');
        })
        .finally(() => {
          pass = undefined;
          schedule();
        });
    }, deps.calendarRetry.pollIntervalMs);
    timer.unref?.();
  };

  return {
    runDue,
    resumeForLink,
    start() {
      if (timer === undefined && !closed) {
        started = true;
        schedule();
      }
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await Promise.all([pass, kicked]);
    },
    liveness() {
      if (closed) return started ? 'stopped' : 'off';
      if (!started) return 'off';
      if (pass !== undefined && performance.now() - lastBeat > deps.calendarRetry.leaseMs) {
        return 'stalled';
      }
      return 'running';
    },
  };
}

/**
 * `POST /v1/interviews/:id/meeting/calendar/retry`: runs the interview's calendar work now (its
 * attempt budget starts again) and answers the meeting as it then stands.
 */
/**
 * The event was deleted at the calendar by its owner and the scheduler asks to register it
 * again: a new event under the next generation's key (the deleted one is never revived). The
 * parked task of the deleted event goes.
 */
async function renewDeletedEvent(
  deps: MeetingDeps,
  meeting: MeetingRecord,
): Promise<MeetingRecord> {
  const { calendar } = meeting;
  if (
    calendar.status !== 'failed' ||
    calendar.errorCode !== 'calendar_event_deleted' ||
    !calendar.register
  ) {
    return meeting;
  }
  const renewed: MeetingRecord = {
    ...meeting,
    calendar: {
      ...calendar,
      eventGeneration: calendar.eventGeneration + 1,
      eventId: null,
      htmlLink: null,
      syncedDigest: null,
    },
  };
  await deps.store.transaction(async (tx) => {
    await tx.calendarTasks.delete(calendarEventKey(meeting));
    await tx.meetings.update(meeting.id, { calendar: renewed.calendar });
  });
  return renewed;
}

export async function retryMeetingCalendar(
  deps: MeetingDeps,
  actor: Actor,
  interviewId: string,
): Promise<InterviewMeeting> {
  return withInterviewLock(deps, actor.tenantId, interviewId, async () => {
    const found = await deps.store.meetings.findByInterview(actor.tenantId, interviewId);
    if (!found) throw new MeetingNotFoundError();
    const meeting = await renewDeletedEvent(deps, found);
    const key = calendarEventKey(meeting);
    const pending = await deps.store.calendarTasks.find(key);
    const { calendar } = meeting;
    if (!pending && calendar.status !== 'failed') {
      if (!calendar.register) throw new CalendarNotRequestedError();
      return meetingView(deps.store, meeting);
    }
    const owner = pending?.owner ?? calendar.owner;
    if (!owner) throw new CalendarNotRequestedError();
    const now = deps.clock.now();
    const task: CalendarTaskRecord = {
      ...key,
      kind: calendar.register ? 'sync' : 'delete',
      owner,
      providerEventId: calendar.eventId ?? pending?.providerEventId ?? null,
      sendUpdates: pending?.sendUpdates ?? calendar.sendUpdates,
      attempts: 0,
      nextAttemptAt: now,
      lastErrorCode: pending?.lastErrorCode ?? null,
      lockedUntil: new Date(now.getTime() + deps.calendarRetry.leaseMs),
      lockedBy: deps.instanceId,
      createdAt: pending?.createdAt ?? now,
      updatedAt: now,
    };
    await deps.store.calendarTasks.upsert(task);
    const updated = await runCalendarTask(deps, task, { actor: actor.userId });
    return meetingView(deps.store, updated ?? meeting);
  });
}
