import type { SaveMeetingCalendar } from '@ats-zoom/contract';
import type { CalendarRetryOptions, MeetingDeps } from '../meetings/meeting-deps';
import type {
  CalendarEventSummary,
  CalendarOwnerRecord,
  CalendarPort,
  CalendarTaskRecord,
  ConnectionRecord,
  MeetingCalendarRecord,
  MeetingRecord,
  StoreRepositories,
} from '../ports';
import { calendarPortOf, providerLabel } from '../providers';
import type { Actor } from '../shared/actor';
import type { CoreDeps } from '../shared/deps';
import {
  CalendarError,
  CalendarEventExistsError,
  CalendarEventGoneError,
  type CalendarProblemCode,
  DomainError,
  describeError,
  isAdminConsentRequired,
  ProviderInvalidGrantError,
  ProviderRateLimitedError,
} from '../shared/errors';
import { callWithFreshToken } from '../shared/fresh-token';
import {
  calendarContentDigest,
  calendarEventContent,
  calendarEventId,
  notRequestedCalendar,
} from './calendar-event';

/** The owner's own calendar: the only one the narrow `calendar.events.owned` scope writes. */
const OWNER_CALENDAR = 'primary';

/** Codes the outbox retries by itself; the others wait for a person (reconnect, permissions). */
const retriedCodes: ReadonlySet<CalendarProblemCode> = new Set([
  'calendar_rate_limited',
  'calendar_quota_exceeded',
  'calendar_unavailable',
]);

/**
 * Whose calendar a save registers on. The scheduler who first asks owns the event; later saves
 * (by anyone) keep that owner. Checked BEFORE the Zoom step: a first registration without a
 * usable Google link is refused with nothing written and nothing created at Zoom.
 */
export async function calendarOwnerFor(
  deps: MeetingDeps,
  actor: Actor,
  existing: MeetingRecord | undefined,
  request: SaveMeetingCalendar | undefined,
): Promise<CalendarOwnerRecord | null> {
  const kept = existing?.calendar.owner ?? null;
  if (!request?.register || kept) return kept;
  const provider = request.provider ?? 'google';
  const vendor = providerLabel(provider).en;
  if (provider !== 'google') {
    // Only Google Calendar can be set up on this BFF so far.
    throw new CalendarError('calendar_not_connected', 'This calendar is not set up here.', {
      provider,
    });
  }
  if (!calendarPortOf(deps.providers, provider)) {
    throw new CalendarError('calendar_not_connected', `${vendor} is not set up here.`, {
      provider,
    });
  }
  const link = await deps.store.connections.findForUser(actor.tenantId, actor.userId, provider);
  if (!link || link.status === 'revoked') {
    throw new CalendarError('calendar_not_connected', `Connect ${vendor} first.`, { provider });
  }
  if (link.status !== 'active') {
    throw new CalendarError('calendar_needs_reauth', `Connect ${vendor} again first.`, {
      provider,
    });
  }
  return {
    userId: actor.userId,
    userName: actor.userName,
    provider,
    connectionId: link.id,
    providerUserId: link.providerUserId,
    email: link.email,
    calendarId: OWNER_CALENDAR,
  };
}

export interface CalendarPlan {
  calendar: MeetingCalendarRecord;
  /** Work for Google, or null when the event already matches (or none may exist). */
  task: CalendarTaskRecord | null;
}

/**
 * The calendar part a save leaves on the meeting (PUT is full state) and the outbox task that
 * brings Google in line: a sync when the event's content changed or is not registered yet, a
 * delete when registration was dropped while an event may exist. The task is leased to this
 * instance: the request runs it at once, and the outbox takes over only if the lease expires.
 */
export function planCalendar(
  deps: MeetingDeps,
  input: {
    existing: MeetingRecord | undefined;
    record: MeetingRecord;
    request: SaveMeetingCalendar | undefined;
    owner: CalendarOwnerRecord | null;
    now: Date;
  },
): CalendarPlan {
  const { record, request, owner, now } = input;
  const previous = input.existing?.calendar ?? notRequestedCalendar(now);
  if (request?.register && owner) {
    const calendar: MeetingCalendarRecord = {
      ...previous,
      register: true,
      attendees: request.attendees.map((a) => ({ email: a.email, name: a.name ?? null })),
      sendUpdates: request.sendUpdates,
      owner,
    };
    const digest = calendarContentDigest(calendarEventContent({ ...record, calendar }));
    const inLine =
      previous.register && previous.status === 'registered' && previous.syncedDigest === digest;
    if (inLine) return { calendar, task: null };
    return {
      calendar: { ...calendar, updatedAt: now },
      task: leasedTask(deps, 'sync', record, owner, request.sendUpdates, now),
    };
  }
  if (!previous.owner) {
    const unchanged = previous.status === 'not_requested' && !previous.register;
    return { calendar: notRequestedCalendar(unchanged ? previous.updatedAt : now), task: null };
  }
  return {
    calendar: { ...previous, register: false, attendees: [], updatedAt: now },
    task: leasedTask(deps, 'delete', record, previous.owner, previous.sendUpdates, now),
  };
}

/** The delete a cancelled meeting leaves behind, if an event of it may exist. */
export function cancellationTask(
  deps: MeetingDeps,
  meeting: MeetingRecord,
  now: Date,
): CalendarTaskRecord | null {
  const { owner, sendUpdates } = meeting.calendar;
  return owner ? leasedTask(deps, 'delete', meeting, owner, sendUpdates, now) : null;
}

function leasedTask(
  deps: MeetingDeps,
  kind: CalendarTaskRecord['kind'],
  meeting: MeetingRecord,
  owner: CalendarOwnerRecord,
  sendUpdates: CalendarTaskRecord['sendUpdates'],
  now: Date,
): CalendarTaskRecord {
  return {
    tenantId: meeting.tenantId,
    interviewId: meeting.interviewId,
    eventId: calendarEventId(meeting),
    kind,
    owner,
    sendUpdates,
    attempts: 0,
    nextAttemptAt: now,
    lastErrorCode: null,
    lockedUntil: new Date(now.getTime() + deps.calendarRetry.leaseMs),
    lockedBy: deps.instanceId,
    createdAt: now,
    updatedAt: now,
  };
}

type StepOutcome =
  | { kind: 'synced'; event: CalendarEventSummary; digest: string; linkId: string }
  | { kind: 'deleted'; linkId: string }
  | { kind: 'failed'; error: CalendarError };

/**
 * Runs one outbox task against Google and records the outcome with the meeting, in one
 * transaction: success deletes the task; a failure counts the attempt and schedules the next
 * one with backoff (or none: the task then waits for the retry route). A sync writes whatever
 * the meeting row says now, so a reschedule while a retry is pending needs no extra work. The
 * caller holds the interview's lock. Google's failures never throw; answers the meeting as
 * recorded (undefined when the row is gone).
 */
export async function runCalendarTask(
  deps: MeetingDeps,
  task: CalendarTaskRecord,
  options: {
    /** Who the audit entries name: the user, or the outbox. */
    actor: string;
    /** More writes for the outcome's transaction (the save's idempotent answer). */
    also?: (tx: StoreRepositories, meeting: MeetingRecord | undefined) => Promise<void>;
  },
): Promise<MeetingRecord | undefined> {
  const row = await deps.store.meetings.findByInterview(task.tenantId, task.interviewId);
  // Another row (re-booked after a cancel) has another event: this task only concerns its own.
  const meeting = row && calendarEventId(row) === task.eventId ? row : undefined;
  const syncing =
    task.kind === 'sync' && meeting?.calendar.register === true && meeting.calendar.owner !== null;

  let outcome: StepOutcome;
  try {
    outcome = syncing && meeting ? await writeEvent(deps, meeting) : await removeEvent(deps, task);
  } catch (error) {
    if (isAdminConsentRequired(error)) {
      // Recorded as the link needing re-authorization (it is now `needs_reauth`): the stored
      // calendar error is one of the calendar codes.
      outcome = {
        kind: 'failed',
        error: new CalendarError('calendar_needs_reauth', error.message, {
          cause: error,
          ...(error.provider ? { provider: error.provider } : {}),
        }),
      };
    } else {
      if (!(error instanceof CalendarError)) throw error;
      outcome = { kind: 'failed', error };
    }
  }
  // The owner's free/busy changed (or may have): busy badges must not show the old one.
  deps.calendarBusy.invalidate(task.owner.connectionId);
  if (outcome.kind !== 'failed') deps.calendarBusy.invalidate(outcome.linkId);

  const now = deps.clock.now();
  const key = { tenantId: task.tenantId, interviewId: task.interviewId, eventId: task.eventId };
  let calendar: MeetingCalendarRecord | undefined;
  let retryAt: Date | null = null;
  let action: string;
  let details: Record<string, unknown> = { eventId: task.eventId, owner: task.owner.userId };
  switch (outcome.kind) {
    case 'synced':
      action = meeting?.calendar.eventId ? 'calendar.updated' : 'calendar.registered';
      calendar = meeting && {
        ...meeting.calendar,
        status: 'registered',
        eventId: outcome.event.id,
        htmlLink: outcome.event.htmlLink,
        syncedDigest: outcome.digest,
        errorCode: null,
        errorAt: null,
        nextRetryAt: null,
        updatedAt: now,
      };
      break;
    case 'deleted':
      action = 'calendar.deleted';
      calendar =
        meeting && !meeting.calendar.register
          ? { ...notRequestedCalendar(now), sendUpdates: meeting.calendar.sendUpdates }
          : undefined;
      break;
    case 'failed': {
      const attempts = task.attempts + 1;
      const nextRetryAt = nextAttemptAt(outcome.error.code, attempts, deps.calendarRetry, now);
      retryAt = nextRetryAt;
      action = 'calendar.failed';
      details = { ...details, kind: task.kind, code: outcome.error.code, attempts };
      calendar = meeting && {
        ...meeting.calendar,
        status: 'failed',
        errorCode: outcome.error.code,
        errorAt: now,
        nextRetryAt,
        updatedAt: now,
      };
      deps.logger.warn(
        {
          tenantId: task.tenantId,
          interviewId: task.interviewId,
          kind: task.kind,
          attempts,
          nextRetryAt: nextRetryAt?.toISOString() ?? null,
          error: describeError(outcome.error),
        },
        'google calendar step failed',
      );
      break;
    }
    default:
      return outcome satisfies never;
  }

  const updated = meeting && calendar ? { ...meeting, calendar } : meeting;
  await deps.store.transaction(async (tx) => {
    if (outcome.kind === 'failed') {
      await tx.calendarTasks.update(key, {
        attempts: task.attempts + 1,
        nextAttemptAt: retryAt,
        lastErrorCode: outcome.error.code,
        lockedUntil: null,
        lockedBy: null,
        updatedAt: now,
      });
    } else {
      await tx.calendarTasks.delete(key);
    }
    if (meeting && calendar) await tx.meetings.update(meeting.id, { calendar });
    await tx.audit.append({
      tenantId: task.tenantId,
      actor: options.actor,
      action,
      subjectType: 'interview',
      subjectId: task.interviewId,
      details,
      at: now,
    });
    await options.also?.(tx, updated);
  });
  return updated;
}

/** Backoff with jitter before the next attempt; null when the task must wait for a person. */
function nextAttemptAt(
  code: CalendarProblemCode,
  attempts: number,
  options: CalendarRetryOptions,
  now: Date,
): Date | null {
  if (!retriedCodes.has(code) || attempts >= options.maxAttempts) return null;
  // Google's usage limits can hold for hours: wait the longest step at once.
  const ceiling =
    code === 'calendar_quota_exceeded'
      ? options.maxDelayMs
      : Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempts - 1));
  return new Date(now.getTime() + ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Puts the meeting's event on its owner's calendar: PATCH when it is known to exist, else
 * INSERT with the derived id; a 409 there means an earlier insert happened (its answer lost, or
 * an event deleted earlier still holding the id), so the event is read and patched instead.
 */
async function writeEvent(deps: MeetingDeps, meeting: MeetingRecord): Promise<StepOutcome> {
  const owner = meeting.calendar.owner;
  if (!owner) throw new CalendarError('calendar_not_connected', 'No calendar owner.');
  const calendar = requireCalendar(deps, owner);
  const link = await ownerLink(deps, meeting.tenantId, owner);
  const content = calendarEventContent(meeting);
  const eventId = calendarEventId(meeting);
  const { sendUpdates } = meeting.calendar;
  const event = await callCalendarAs(deps, link, async (token) => {
    if (meeting.calendar.eventId) {
      try {
        return await calendar.patchEvent(token, owner.calendarId, eventId, {
          content,
          sendUpdates,
        });
      } catch (error) {
        if (!(error instanceof CalendarEventGoneError)) throw error;
      }
    }
    try {
      return await calendar.insertEvent(token, owner.calendarId, {
        idempotencyKey: eventId,
        content,
        sendUpdates,
      });
    } catch (error) {
      if (!(error instanceof CalendarEventExistsError)) throw error;
    }
    const found = await calendar.getEvent(token, owner.calendarId, eventId);
    if (found.privateProperties.atsInterviewId !== meeting.interviewId) {
      throw new CalendarError('calendar_forbidden', 'The event id is held by another event.');
    }
    return calendar.patchEvent(token, owner.calendarId, eventId, { content, sendUpdates });
  });
  return { kind: 'synced', event, digest: calendarContentDigest(content), linkId: link.id };
}

/** Removes the event; already gone (404) or deleted (410) is done too. */
async function removeEvent(deps: MeetingDeps, task: CalendarTaskRecord): Promise<StepOutcome> {
  const calendar = requireCalendar(deps, task.owner);
  const link = await ownerLink(deps, task.tenantId, task.owner);
  await callCalendarAs(deps, link, async (token) => {
    try {
      await calendar.deleteEvent(token, task.owner.calendarId, task.eventId, task.sendUpdates);
    } catch (error) {
      if (!(error instanceof CalendarEventGoneError)) throw error;
    }
  });
  return { kind: 'deleted', linkId: link.id };
}

function requireCalendar(deps: MeetingDeps, owner: CalendarOwnerRecord): CalendarPort {
  const port = calendarPortOf(deps.providers, owner.provider);
  if (!port) {
    throw new CalendarError(
      'calendar_not_connected',
      `${providerLabel(owner.provider).en} is not set up here.`,
      { provider: owner.provider },
    );
  }
  return port;
}

/**
 * The owner's usable Google link: the one stored, or the owner's newer link of the same Google
 * account (a reconnect makes a new row; the event is still on that account's calendar).
 */
async function ownerLink(
  deps: CoreDeps,
  tenantId: string,
  owner: CalendarOwnerRecord,
): Promise<ConnectionRecord> {
  const sameAccount = (link: ConnectionRecord | undefined): link is ConnectionRecord =>
    link !== undefined &&
    link.tenantId === tenantId &&
    link.provider === owner.provider &&
    link.providerUserId === owner.providerUserId;
  let link = await deps.store.connections.findById(owner.connectionId);
  if (!sameAccount(link) || link.status !== 'active') {
    const current = await deps.store.connections.findForUser(
      tenantId,
      owner.userId,
      owner.provider,
    );
    if (sameAccount(current) && current.status === 'active') link = current;
  }
  if (!sameAccount(link) || link.status === 'revoked') {
    throw new CalendarError(
      'calendar_not_connected',
      `The calendar owner's ${providerLabel(owner.provider).en} link is gone.`,
      { provider: owner.provider },
    );
  }
  if (link.status !== 'active') {
    throw new CalendarError(
      'calendar_needs_reauth',
      `The calendar owner's ${providerLabel(owner.provider).en} link must be connected again.`,
      { provider: owner.provider },
    );
  }
  return link;
}

/**
 * Runs a calendar call with the link's access token (`callWithFreshToken`): a rejected token
 * is refreshed once and the call repeated; a refused refresh (`invalid_grant`) marks the link
 * `needs_reauth` in the token source and answers `calendar_needs_reauth`.
 */
export async function callCalendarAs<T>(
  deps: CoreDeps,
  link: ConnectionRecord,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  return callWithFreshToken(deps, link, call, { mapTokenError: calendarTokenError(link) });
}

function calendarTokenError(link: ConnectionRecord): (error: unknown) => unknown {
  const vendor = providerLabel(link.provider).en;
  return (error) => {
    // Said as it is: the user must ask their organisation's administrator, not just reconnect.
    if (isAdminConsentRequired(error)) return error;
    if (error instanceof ProviderInvalidGrantError) {
      return new CalendarError('calendar_needs_reauth', `${vendor} refused the refresh token.`, {
        cause: error,
      });
    }
    if (error instanceof ProviderRateLimitedError) {
      return new CalendarError('calendar_rate_limited', `${vendor} is rate limiting.`, {
        cause: error,
      });
    }
    if (error instanceof DomainError) {
      return new CalendarError('calendar_unavailable', `${vendor} could not refresh the token.`, {
        cause: error,
      });
    }
    return error;
  };
}
