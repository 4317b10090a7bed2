import type { SaveMeetingCalendar } from '@ats-zoom/contract';
import type { CalendarRetryOptions, MeetingDeps } from '../meetings/meeting-deps';
import type {
  CalendarEventContent,
  CalendarEventSummary,
  CalendarOwnerRecord,
  CalendarPort,
  CalendarTaskRecord,
  ConnectionRecord,
  MeetingCalendarRecord,
  MeetingRecord,
  StoreRepositories,
} from '../ports';
import { calendarPortOf, calendarTraits, providerLabel } from '../providers';
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
  calendarEventKey,
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
 * (by anyone) keep that owner. A save naming another calendar provider than the owner's moves
 * the event: the scheduler saving becomes the owner on that calendar (the old event is deleted,
 * see `planCalendar`). A save without `provider` keeps the registered calendar (Google for a
 * first registration). Checked BEFORE the meeting host step: without a usable link of the
 * asked calendar the save is refused with nothing written and nothing created at Zoom; a
 * calendar whose organisation may withdraw consent (Outlook) proves its grant with a refresh
 * first (`admin_consent_required`, `calendar_needs_reauth`).
 */
export async function calendarOwnerFor(
  deps: MeetingDeps,
  actor: Actor,
  existing: MeetingRecord | undefined,
  request: SaveMeetingCalendar | undefined,
): Promise<CalendarOwnerRecord | null> {
  const kept = existing?.calendar.owner ?? null;
  if (!request?.register) return kept;
  const provider = request.provider ?? kept?.provider ?? 'google';
  if (kept && kept.provider === provider) return kept;
  const vendor = providerLabel(provider).en;
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
  if (calendarTraits[provider].refreshBeforeRegistering) await proveGrant(deps, link);
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

/**
 * Refreshes the link's tokens now, whatever their expiry: the token endpoint is what knows
 * that an organisation withdrew its consent (an access token keeps working until it expires).
 * The rotated pair is stored as any refresh's; nothing is sent to the calendar itself.
 */
async function proveGrant(deps: MeetingDeps, link: ConnectionRecord): Promise<void> {
  const expired = new Date(0);
  await deps.store.connections.update(link.id, { accessTokenExpiresAt: expired });
  try {
    await deps.accessTokens.getAccessToken({ ...link, accessTokenExpiresAt: expired });
  } catch (error) {
    const mapped = calendarTokenError(link)(error);
    if (mapped instanceof DomainError) mapped.provider ??= link.provider;
    throw mapped;
  }
}

export interface CalendarPlan {
  calendar: MeetingCalendarRecord;
  /** Work for the calendar, or null when the event already matches (or none may exist). */
  task: CalendarTaskRecord | null;
  /**
   * The delete of the event on the calendar the registration moved away from (another
   * provider), run after `task`; null otherwise.
   */
  movedAway: CalendarTaskRecord | null;
}

/**
 * The calendar part a save leaves on the meeting (PUT is full state) and the outbox task that
 * brings the calendar in line: a sync when the event's content changed or is not registered
 * yet, a delete when registration was dropped while an event may exist. A registration moved to
 * another calendar provider starts a new event generation there and deletes the old event. The
 * tasks are leased to this instance: the request runs them at once, and the outbox takes over
 * only if the lease expires.
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
    const moved = previous.owner !== null && previous.owner.provider !== owner.provider;
    const base: MeetingCalendarRecord = moved
      ? notRequestedCalendar(now, previous.eventGeneration + 1)
      : previous;
    const calendar: MeetingCalendarRecord = {
      ...base,
      register: true,
      attendees: request.attendees.map((a) => ({ email: a.email, name: a.name ?? null })),
      sendUpdates: request.sendUpdates,
      owner,
    };
    const movedAway =
      moved && previous.owner
        ? leasedTask(deps, 'delete', record, previous, previous.owner, now)
        : null;
    const digest = calendarContentDigest(calendarEventContent({ ...record, calendar }));
    const inLine =
      previous.register && previous.status === 'registered' && previous.syncedDigest === digest;
    if (inLine && !moved) return { calendar, task: null, movedAway: null };
    const synced = { ...calendar, updatedAt: now };
    return {
      calendar: synced,
      task: leasedTask(deps, 'sync', record, synced, owner, now),
      movedAway,
    };
  }
  if (!previous.owner) {
    const unchanged = previous.status === 'not_requested' && !previous.register;
    return {
      calendar: notRequestedCalendar(
        unchanged ? previous.updatedAt : now,
        previous.eventGeneration,
      ),
      task: null,
      movedAway: null,
    };
  }
  return {
    calendar: { ...previous, register: false, attendees: [], updatedAt: now },
    task: leasedTask(deps, 'delete', record, previous, previous.owner, now),
    movedAway: null,
  };
}

/** The delete a cancelled meeting leaves behind, if an event of it may exist. */
export function cancellationTask(
  deps: MeetingDeps,
  meeting: MeetingRecord,
  now: Date,
): CalendarTaskRecord | null {
  const { owner } = meeting.calendar;
  return owner ? leasedTask(deps, 'delete', meeting, meeting.calendar, owner, now) : null;
}

/** The task of the event `calendar` is about (its generation), leased to this instance. */
function leasedTask(
  deps: MeetingDeps,
  kind: CalendarTaskRecord['kind'],
  meeting: MeetingRecord,
  calendar: MeetingCalendarRecord,
  owner: CalendarOwnerRecord,
  now: Date,
): CalendarTaskRecord {
  return {
    tenantId: meeting.tenantId,
    interviewId: meeting.interviewId,
    eventId: calendarEventId(meeting, calendar.eventGeneration),
    kind,
    owner,
    providerEventId: calendar.eventId,
    sendUpdates: calendar.sendUpdates,
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

/** Where a sync stands on the meeting's event: its generation and the provider's id. */
interface EventCursor {
  generation: number;
  providerEventId: string | null;
}

/**
 * Runs one outbox task against its calendar and records the outcome with the meeting, in one
 * transaction: success deletes the task; a failure counts the attempt and schedules the next
 * one with backoff (or none: the task then waits for the retry route or a reconnect). A sync
 * writes whatever the meeting row says now, so a reschedule while a retry is pending needs no
 * extra work. The caller holds the interview's lock. The calendar's failures never throw;
 * answers the meeting as recorded (undefined when the row is gone).
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
  // Another row (re-booked after a cancel) or another generation (moved to another calendar)
  // has another event: this task only concerns its own.
  const meeting = row && calendarEventKey(row).eventId === task.eventId ? row : undefined;
  const syncing =
    task.kind === 'sync' && meeting?.calendar.register === true && meeting.calendar.owner !== null;

  const cursor: EventCursor = {
    generation: meeting?.calendar.eventGeneration ?? 0,
    providerEventId: meeting?.calendar.eventId ?? task.providerEventId,
  };
  let outcome: StepOutcome;
  try {
    outcome =
      syncing && meeting ? await writeEvent(deps, meeting, cursor) : await removeEvent(deps, task);
  } catch (error) {
    const failure = calendarFailure(error);
    if (!failure) throw error;
    outcome = { kind: 'failed', error: failure };
  }
  // The owner's free/busy changed (or may have): busy badges must not show the old one.
  deps.calendarBusy.invalidate(task.owner.connectionId);
  if (outcome.kind !== 'failed') deps.calendarBusy.invalidate(outcome.linkId);

  const now = deps.clock.now();
  const key = { tenantId: task.tenantId, interviewId: task.interviewId, eventId: task.eventId };
  // A sync that found its event gone continues under the next generation's key.
  const rekeyed = meeting !== undefined && cursor.generation !== meeting.calendar.eventGeneration;
  const nextKey = rekeyed ? { ...key, eventId: calendarEventId(meeting, cursor.generation) } : key;
  const moved = rekeyed
    ? {
        eventGeneration: cursor.generation,
        eventId: null,
        htmlLink: null,
        syncedDigest: null,
      }
    : {};
  let calendar: MeetingCalendarRecord | undefined;
  let retryAt: Date | null = null;
  let action: string;
  let details: Record<string, unknown> = {
    eventId: nextKey.eventId,
    owner: task.owner.userId,
    provider: task.owner.provider,
  };
  switch (outcome.kind) {
    case 'synced':
      action = meeting?.calendar.eventId && !rekeyed ? 'calendar.updated' : 'calendar.registered';
      calendar = meeting && {
        ...meeting.calendar,
        eventGeneration: cursor.generation,
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
          ? {
              ...notRequestedCalendar(now, generationAfterDelete(meeting.calendar)),
              sendUpdates: meeting.calendar.sendUpdates,
            }
          : undefined;
      break;
    case 'failed': {
      const attempts = task.attempts + 1;
      const nextRetryAt = nextAttemptAt(outcome.error, attempts, deps.calendarRetry, now);
      retryAt = nextRetryAt;
      action = 'calendar.failed';
      details = { ...details, kind: task.kind, code: outcome.error.code, attempts };
      calendar = meeting && {
        ...meeting.calendar,
        ...moved,
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
          provider: task.owner.provider,
          kind: task.kind,
          attempts,
          nextRetryAt: nextRetryAt?.toISOString() ?? null,
          error: describeError(outcome.error),
        },
        'calendar step failed',
      );
      break;
    }
    default:
      return outcome satisfies never;
  }

  const updated = meeting && calendar ? { ...meeting, calendar } : meeting;
  await deps.store.transaction(async (tx) => {
    if (outcome.kind === 'failed') {
      if (rekeyed) {
        await tx.calendarTasks.delete(key);
        await tx.calendarTasks.upsert({
          ...task,
          ...nextKey,
          providerEventId: null,
          attempts: task.attempts + 1,
          nextAttemptAt: retryAt,
          lastErrorCode: outcome.error.code,
          lockedUntil: null,
          lockedBy: null,
          updatedAt: now,
        });
      } else {
        await tx.calendarTasks.update(key, {
          attempts: task.attempts + 1,
          nextAttemptAt: retryAt,
          lastErrorCode: outcome.error.code,
          lockedUntil: null,
          lockedBy: null,
          updatedAt: now,
        });
      }
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

/** The calendar problems a task records (and retries, or parks); anything else is thrown. */
function calendarFailure(error: unknown): CalendarError | null {
  if (error instanceof CalendarError) return error;
  // The grant's organisation withdrew consent (the link is now `needs_reauth`): parked like a
  // lost link, under the code that tells the user to ask their administrator; a reconnect
  // (once the administrator consented) resumes it.
  if (isAdminConsentRequired(error)) {
    return new CalendarError('admin_consent_required', error.message, {
      cause: error,
      ...(error.provider ? { provider: error.provider } : {}),
    });
  }
  return null;
}

/**
 * A later registration of a meeting whose event was deleted starts a new generation (a new
 * key): Google keeps a deleted event's id taken (and a deleted event is never revived), and
 * Outlook may keep its `transactionId` bound.
 */
function generationAfterDelete(calendar: MeetingCalendarRecord) {
  return calendar.eventGeneration + 1;
}

/**
 * Backoff with jitter before the next attempt, never sooner than the calendar's own
 * `Retry-After`; null when the task must wait for a person.
 */
function nextAttemptAt(
  error: CalendarError,
  attempts: number,
  options: CalendarRetryOptions,
  now: Date,
): Date | null {
  const { code } = error;
  if (!retriedCodes.has(code) || attempts >= options.maxAttempts) return null;
  // Google's usage limits can hold for hours: wait the longest step at once.
  const ceiling =
    code === 'calendar_quota_exceeded'
      ? options.maxDelayMs
      : Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempts - 1));
  const backoff = ceiling / 2 + (Math.random() * ceiling) / 2;
  const asked = (error.retryAfterSeconds ?? 0) * 1000;
  return new Date(now.getTime() + Math.max(backoff, asked));
}

/**
 * Puts the meeting's event on its owner's calendar: GET then PATCH when its id is known, else INSERT
 * under the derived key. Google: a 409 there means an earlier insert happened (its answer
 * lost), so the event is read and patched instead. Outlook: the create's `transactionId`
 * answers an earlier create's event again. An event its owner deleted at the calendar (Google:
 * `cancelled`, kept under its id; Outlook: gone, 404) is never brought back or made again by a
 * save: the step fails with `calendar_event_deleted`, not retried by itself; the retry route
 * (the scheduler asking) registers a new event under the next generation's key.
 */
async function writeEvent(
  deps: MeetingDeps,
  meeting: MeetingRecord,
  cursor: EventCursor,
): Promise<StepOutcome> {
  const owner = meeting.calendar.owner;
  if (!owner) throw new CalendarError('calendar_not_connected', 'No calendar owner.');
  const calendar = requireCalendar(deps, owner);
  const link = await ownerLink(deps, meeting.tenantId, owner);
  const content = calendarEventContent(meeting);
  const { sendUpdates } = meeting.calendar;
  const event = await callCalendarAs(deps, link, async (token) => {
    if (cursor.providerEventId) {
      const eventId = cursor.providerEventId;
      const goneMeansDeleted = (error: unknown): never => {
        if (error instanceof CalendarEventGoneError) throw eventDeletedError(owner);
        throw error;
      };
      // Read first: a deleted event is not written at all (its guests get no update mail).
      const current = await calendar
        .getEvent(token, owner.calendarId, eventId)
        .catch(goneMeansDeleted);
      if (current.status === 'cancelled') throw eventDeletedError(owner);
      // The patch sends no status either, so one deleted in between stays deleted.
      const patched = await calendar
        .patchEvent(token, owner.calendarId, eventId, { content, sendUpdates })
        .catch(goneMeansDeleted);
      if (patched.status === 'cancelled') throw eventDeletedError(owner);
      return patched;
    }
    const key = calendarEventId(meeting, cursor.generation);
    try {
      return await calendar.insertEvent(token, owner.calendarId, {
        idempotencyKey: key,
        content,
        sendUpdates,
      });
    } catch (error) {
      if (!(error instanceof CalendarEventExistsError)) throw error;
    }
    const found = await calendar.getEvent(token, owner.calendarId, key);
    if (found.privateProperties.atsInterviewId !== meeting.interviewId) {
      throw new CalendarError('calendar_forbidden', 'The event id is held by another event.');
    }
    // Made by an earlier insert whose answer was lost, and deleted at the calendar since.
    if (found.status === 'cancelled') throw eventDeletedError(owner);
    return calendar.patchEvent(token, owner.calendarId, key, { content, sendUpdates });
  });
  return { kind: 'synced', event, digest: calendarContentDigest(content), linkId: link.id };
}

function eventDeletedError(owner: CalendarOwnerRecord): CalendarError {
  return new CalendarError(
    'calendar_event_deleted',
    `The event was deleted in ${providerLabel(owner.provider).en}; it is not brought back unless registered again.`,
    { provider: owner.provider },
  );
}

/**
 * Removes the event; already gone (404) or deleted (410) is done too. Without the provider's id
 * (the create's answer was never seen): Google's id is the derived key; on a calendar that
 * assigns ids the create is sent again with the same key, which answers the event an earlier
 * create made (Outlook's `transactionId`), and that id is deleted. When no earlier create
 * happened, that creates a placeholder without attendees (nobody is invited) that is deleted
 * at once: the only way to learn an id Graph never told us.
 */
async function removeEvent(deps: MeetingDeps, task: CalendarTaskRecord): Promise<StepOutcome> {
  const calendar = requireCalendar(deps, task.owner);
  const traits = calendarTraits[task.owner.provider];
  const link = await ownerLink(deps, task.tenantId, task.owner);
  let eventId = task.providerEventId ?? (traits.eventIds === 'derived_key' ? task.eventId : null);
  await callCalendarAs(deps, link, async (token) => {
    if (eventId === null) {
      const found = await calendar.insertEvent(token, task.owner.calendarId, {
        idempotencyKey: task.eventId,
        content: placeholderContent(deps.clock.now()),
        sendUpdates: 'none',
      });
      eventId = found.id;
    }
    try {
      await calendar.deleteEvent(token, task.owner.calendarId, eventId, task.sendUpdates);
    } catch (error) {
      if (!(error instanceof CalendarEventGoneError)) throw error;
    }
  });
  return { kind: 'deleted', linkId: link.id };
}

/** What a create sent only to learn an earlier event's id carries: no attendees, one minute. */
function placeholderContent(now: Date): CalendarEventContent {
  return {
    summary: 'ats-zoom',
    description: '',
    location: '',
    start: now,
    end: new Date(now.getTime() + 60_000),
    timeZone: 'UTC',
    attendees: [],
    privateProperties: {},
  };
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
