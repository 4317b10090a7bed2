import { createHash, randomUUID } from 'node:crypto';
import type { InterviewMeeting, SaveMeetingBody } from '@ats-zoom/contract';
import type { Actor } from './actor';
import { notRequestedCalendar, toMeetingCalendarView } from './calendar-event';
import {
  type CalendarPlan,
  calendarOwnerFor,
  cancellationTask,
  planCalendar,
  runCalendarTask,
} from './calendar-step';
import {
  describeError,
  ForbiddenError,
  HostNotFoundError,
  HostUnavailableError,
  IdempotencyKeyError,
  InterviewBusyError,
  MeetingInPastError,
  MeetingNotFoundError,
  ProviderUnavailableError,
  ZoomMeetingMissingError,
  ZoomOutcomeUnknownError,
} from './errors';
import type { MeetingDeps } from './meeting-deps';
import { generateMeetingPasscode } from './meeting-passcode';
import { slotTiming, utcDay } from './meeting-preview';
import {
  type CalendarTaskRecord,
  type ConnectionRecord,
  type HostedMeetingDetails,
  type HostedMeetingRequest,
  type IdempotencyScope,
  type MeetingOperationRecord,
  type MeetingRecord,
  StoreLockTimeoutError,
  type StoreRepositories,
} from './ports';
import {
  asChosenHost,
  callZoomAsHost,
  findMeetingHost,
  loadUsableHost,
  meetingHostLink,
} from './zoom-host-access';

const SAVE_ROUTE = 'saveInterviewMeeting';
/** Visible ASCII, as the Idempotency-Key draft and Stripe allow; at most 255 characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The meeting as the contract shows it; `health` from `meetingView` (the store's truth). */
export function toInterviewMeetingView(
  record: MeetingRecord,
  health: Pick<InterviewMeeting, 'hostLink' | 'pendingDeletions'>,
): InterviewMeeting {
  return {
    interviewId: record.interviewId,
    candidateId: record.candidateId,
    host: {
      connectionId: record.connectionId,
      ownerUserId: record.hostOwnerUserId,
      ownerName: record.hostOwnerName,
      zoomEmail: record.hostEmail,
    },
    zoomMeetingId: record.zoomMeetingId,
    joinUrl: record.joinUrl,
    passcodeEmbedded: record.passcodeEmbedded,
    hasPasscode: record.hasPasscode,
    // Only what a candidate must type: a passcode the URL carries needs no passing on.
    passcode: record.passcodeEmbedded ? null : record.passcode,
    topic: record.topic,
    startTime: record.startTime.toISOString(),
    durationMinutes: record.durationMinutes,
    timezone: record.timezone,
    joinBeforeHost: record.joinBeforeHost,
    waitingRoom: record.waitingRoom,
    linkStatus: record.linkStatus,
    brokenReason: record.brokenReason,
    zoomTime: record.zoomTime && {
      startTime: record.zoomTime.startTime.toISOString(),
      durationMinutes: record.zoomTime.durationMinutes,
    },
    calendar: toMeetingCalendarView(record.calendar),
    ...health,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/**
 * The contract's view of a stored meeting with its host link's state and the earlier meetings
 * of the interview still waiting to be deleted at Zoom, read through `repos` (a transaction's
 * or the store).
 */
export async function meetingView(
  repos: StoreRepositories,
  record: MeetingRecord,
): Promise<InterviewMeeting> {
  const hostLink = await meetingHostLink(repos, record);
  const pending = await repos.pendingHostDeletions.listForInterview(
    record.tenantId,
    record.interviewId,
  );
  return toInterviewMeetingView(record, {
    hostLink,
    pendingDeletions: pending.map((row) => ({
      zoomMeetingId: row.zoomMeetingId,
      hostOwnerName: row.hostOwnerName,
      since: row.createdAt.toISOString(),
    })),
  });
}

export async function getInterviewMeeting(
  deps: MeetingDeps,
  actor: Actor,
  interviewId: string,
): Promise<InterviewMeeting | null> {
  const meeting = await deps.store.meetings.findByInterview(actor.tenantId, interviewId);
  // None issued yet (or another tenant's interview) is an answer, not an error.
  return meeting ? meetingView(deps.store, meeting) : null;
}

/** SHA-256 of a canonical JSON (sorted keys) of what the request asks for. */
function requestHash(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

/**
 * `PUT /v1/interviews/:id/meeting` with Stripe's idempotency semantics: the key is claimed
 * atomically; a replay returns the stored answer, another body with the key is refused, a
 * key still in flight is refused. A failed request releases its key so the client may retry.
 */
export async function saveInterviewMeeting(
  deps: MeetingDeps,
  actor: Actor,
  input: { interviewId: string; body: SaveMeetingBody; idempotencyKey: string | undefined },
): Promise<InterviewMeeting> {
  const key = input.idempotencyKey;
  if (key === undefined || !IDEMPOTENCY_KEY.test(key)) {
    throw new IdempotencyKeyError('idempotency_key_required');
  }
  const scope: IdempotencyScope = {
    tenantId: actor.tenantId,
    userId: actor.userId,
    route: SAVE_ROUTE,
    key,
  };
  await deps.idempotencyKeyPruner.pruneIfDue();
  const now = deps.clock.now();
  const claim = await deps.store.idempotencyKeys.claim(
    scope,
    requestHash({ interviewId: input.interviewId, body: input.body }),
    now,
    new Date(now.getTime() - deps.meetingOptions.idempotencyStaleMs),
  );
  switch (claim.kind) {
    case 'mismatch':
      throw new IdempotencyKeyError('idempotency_key_mismatch');
    case 'in_flight':
      throw new IdempotencyKeyError('idempotency_key_in_use');
    case 'replay':
      return claim.body as InterviewMeeting;
    case 'claimed':
      break;
    default:
      return claim satisfies never;
  }
  try {
    // After the claim, so a replay of a save made in time still answers what it stored.
    if (slotTiming(slotOf(input.body), deps.clock.now()) === 'ended') {
      throw new MeetingInPastError();
    }
    return await withInterviewLock(deps, actor.tenantId, input.interviewId, () =>
      asChosenHost(applySave(deps, actor, input.interviewId, input.body, scope)),
    );
  } catch (error) {
    await deps.store.idempotencyKeys.release(scope).catch((releaseError: unknown) => {
      deps.logger.error(
        { error: describeError(releaseError) },
        'could not release an idempotency key',
      );
    });
    throw error;
  }
}

function slotOf(body: Pick<SaveMeetingBody, 'startTime' | 'durationMinutes'>) {
  const start = new Date(body.startTime);
  return { start, end: new Date(start.getTime() + body.durationMinutes * 60_000) };
}

/**
 * Serializes the saves, cancels and calendar runs of one interview across every BFF instance.
 */
export async function withInterviewLock<T>(
  deps: MeetingDeps,
  tenantId: string,
  interviewId: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await deps.interviewLocks.run(`${tenantId}\n${interviewId}`, work);
  } catch (error) {
    if (error instanceof StoreLockTimeoutError) throw new InterviewBusyError({ cause: error });
    throw error;
  }
}

/**
 * How a save's Zoom step hands over to its calendar step: the record gets its planned calendar
 * part, and the Zoom step's transaction either stores the answer (nothing for Google) or the
 * outbox task the request then runs at once.
 */
interface CalendarHandover {
  withCalendar(record: MeetingRecord): MeetingRecord;
  finish(tx: StoreRepositories, record: MeetingRecord, at: Date): Promise<void>;
}

/**
 * A save: the Zoom step (reschedule in place, or create / move to another host), then the
 * Google Calendar step. A first registration without a usable Google link is refused before
 * anything reaches Zoom; after Zoom succeeded, a calendar failure never loses the meeting: the
 * answer carries `calendar.status: failed` and the outbox retries.
 */
async function applySave(
  deps: MeetingDeps,
  actor: Actor,
  interviewId: string,
  body: SaveMeetingBody,
  scope: IdempotencyScope,
): Promise<InterviewMeeting> {
  const host = await loadUsableHost(
    deps,
    actor.tenantId,
    body.hostConnectionId,
    () => new HostNotFoundError(),
  );
  const existing = await deps.store.meetings.findByInterview(actor.tenantId, interviewId);
  const owner = await calendarOwnerFor(deps, actor, existing, body.calendar);
  const sameHost =
    existing !== undefined &&
    (existing.connectionId === host.id || existing.hostProviderUserId === host.providerUserId);

  const planned: { task: CalendarTaskRecord | null } = { task: null };
  const handover: CalendarHandover = {
    withCalendar(record) {
      const plan: CalendarPlan = planCalendar(deps, {
        existing,
        record,
        request: body.calendar,
        owner,
        now: deps.clock.now(),
      });
      planned.task = plan.task;
      return { ...record, calendar: plan.calendar };
    },
    async finish(tx, record, at) {
      if (planned.task) await tx.calendarTasks.upsert(planned.task);
      else await tx.idempotencyKeys.complete(scope, 200, await meetingView(tx, record), at);
    },
  };

  const record =
    existing && sameHost && existing.brokenReason !== 'deleted_in_zoom'
      ? await rescheduleMeeting(deps, actor, existing, host, body, handover)
      : await issueAtHost(deps, actor, interviewId, existing, host, body, handover);
  const task = planned.task;
  if (!task) return meetingView(deps.store, record);
  const updated = await runCalendarTask(deps, task, {
    actor: actor.userId,
    also: async (tx, meeting) =>
      tx.idempotencyKeys.complete(
        scope,
        200,
        await meetingView(tx, meeting ?? record),
        deps.clock.now(),
      ),
  });
  return meetingView(deps.store, updated ?? record);
}

/** A new meeting at the host: the first issue, a re-issue, or a move from another host. */
async function issueAtHost(
  deps: MeetingDeps,
  actor: Actor,
  interviewId: string,
  existing: MeetingRecord | undefined,
  host: ConnectionRecord,
  body: SaveMeetingBody,
  handover: CalendarHandover,
): Promise<MeetingRecord> {
  const created = await createAtHost(deps, actor.tenantId, interviewId, host, body);
  const now = deps.clock.now();
  const record: MeetingRecord = handover.withCalendar({
    ...fromZoom(created.details, created.joinBeforeHost),
    id: existing?.id ?? randomUUID(),
    tenantId: actor.tenantId,
    interviewId,
    candidateId: body.candidateId,
    connectionId: host.id,
    hostProviderUserId: host.providerUserId,
    hostOwnerUserId: host.userId,
    hostOwnerName: host.userName,
    hostEmail: host.email,
    linkStatus: 'active',
    brokenReason: null,
    zoomTime: null,
    calendar: existing?.calendar ?? notRequestedCalendar(now),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  const moving = existing !== undefined && existing.brokenReason !== 'deleted_in_zoom';
  // The old host's link has no usable token (removed at Zoom, or needing re-authorization):
  // its meeting cannot be deleted now, so it is recorded with the move and deleted when that
  // Zoom user links again.
  const oldHost = moving ? await findMeetingHost(deps, existing) : undefined;
  const leftOver = moving && oldHost?.status !== 'active';
  await deps.store.transaction(async (tx) => {
    if (existing && leftOver) await recordPendingDeletion(tx, actor, existing, now);
    await tx.meetings.save(record);
    await tx.meetingOperations.complete(created.operationId, record.zoomMeetingId, now);
    await tx.hostDailyWrites.increment(host.providerUserId, utcDay(now));
    await handover.finish(tx, record, now);
    await tx.audit.append({
      tenantId: actor.tenantId,
      actor: actor.userId,
      action: moving ? 'meeting.moved' : 'meeting.issued',
      subjectType: 'interview',
      subjectId: interviewId,
      details: {
        zoomMeetingId: record.zoomMeetingId,
        hostConnectionId: host.id,
        ...(existing ? { previousZoomMeetingId: existing.zoomMeetingId, reissued: !moving } : {}),
      },
      at: now,
    });
  });
  deps.hostSchedules.invalidate(host.id);
  if (existing) {
    deps.hostSchedules.invalidate(existing.connectionId);
    // The new meeting is recorded: a failure to delete the old one can no longer lose it.
    if (oldHost && !leftOver) await deleteOldMeeting(deps, actor, existing, oldHost);
  }
  return record;
}

function fromZoom(details: HostedMeetingDetails, joinBeforeHostAsked: boolean) {
  return {
    zoomMeetingId: details.id,
    joinUrl: details.joinUrl,
    passcodeEmbedded: details.hasPasscode && new URL(details.joinUrl).searchParams.has('pwd'),
    hasPasscode: details.hasPasscode,
    passcode: details.passcode,
    topic: details.topic,
    startTime: details.startTime,
    durationMinutes: details.durationMinutes,
    timezone: details.timezone,
    // Zoom's answer is the truth; a waiting room it forced on switches join-before-host off.
    joinBeforeHost: details.joinBeforeHost && joinBeforeHostAsked,
    waitingRoom: details.waitingRoom,
  };
}

/**
 * What we ask Zoom for, per design 1.2: the host's settings except the passcode rules below.
 * Join before host needs the waiting room off, and (unless the account forces a passcode
 * anyway) a passcode we choose to the account's policy, or Zoom forces the waiting room on.
 */
async function meetingRequest(
  deps: MeetingDeps,
  host: ConnectionRecord,
  body: Pick<SaveMeetingBody, 'topic' | 'startTime' | 'durationMinutes' | 'timezone'>,
  joinBeforeHost: boolean,
  meetingHasPasscode: boolean,
): Promise<HostedMeetingRequest> {
  const request: HostedMeetingRequest = {
    topic: body.topic,
    startTime: new Date(body.startTime),
    durationMinutes: body.durationMinutes,
    timezone: body.timezone,
    joinBeforeHost,
  };
  if (joinBeforeHost) {
    request.waitingRoom = false;
    if (!meetingHasPasscode) {
      const settings = await callZoomAsHost(deps, host, (token) =>
        deps.meetingHost.getHostSettings(token, host.providerUserId),
      );
      if (!settings.passcodeForced) {
        request.password = generateMeetingPasscode(settings.passcodeRequirement);
      }
    }
  }
  return request;
}

const operationMarker = (operationId: string) => `op:${operationId}`;

/**
 * Creates the meeting at the host without ever creating it twice: the operation row is
 * written before the call and its id rides in the agenda; when the answer is lost, the host's
 * meetings are listed and the one carrying the marker is adopted. Only when Zoom has none is
 * the create sent again (once), under the same operation.
 */
async function createAtHost(
  deps: MeetingDeps,
  tenantId: string,
  interviewId: string,
  host: ConnectionRecord,
  body: SaveMeetingBody,
): Promise<{ details: HostedMeetingDetails; operationId: string; joinBeforeHost: boolean }> {
  const now = deps.clock.now();
  let operation = await deps.store.meetingOperations.findPending(tenantId, interviewId, host.id);
  if (operation) {
    // An earlier request's create may have happened after all.
    const adopted = await adoptMarkedMeeting(deps, host, operation);
    if (adopted) {
      return { details: adopted, operationId: operation.id, joinBeforeHost: body.joinBeforeHost };
    }
  } else {
    operation = {
      id: randomUUID(),
      tenantId,
      interviewId,
      connectionId: host.id,
      status: 'pending',
      zoomMeetingId: null,
      createdAt: now,
      updatedAt: now,
    };
    await deps.store.meetingOperations.insert(operation);
  }

  const request = await meetingRequest(deps, host, body, body.joinBeforeHost, false);
  request.agenda = operationMarker(operation.id);
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const details = await callZoomAsHost(deps, host, (token) =>
        deps.meetingHost.createMeeting(token, host.providerUserId, request),
      );
      return { details, operationId: operation.id, joinBeforeHost: body.joinBeforeHost };
    } catch (error) {
      if (!(error instanceof ZoomOutcomeUnknownError)) throw error;
      deps.logger.warn(
        { operationId: operation.id, error: describeError(error) },
        'zoom create outcome unknown; reconciling',
      );
      const adopted = await adoptMarkedMeeting(deps, host, operation);
      if (adopted) {
        return { details: adopted, operationId: operation.id, joinBeforeHost: body.joinBeforeHost };
      }
    }
  }
  throw new ProviderUnavailableError('Zoom did not confirm the meeting; try again.');
}

async function adoptMarkedMeeting(
  deps: MeetingDeps,
  host: ConnectionRecord,
  operation: MeetingOperationRecord,
): Promise<HostedMeetingDetails | undefined> {
  const marker = operationMarker(operation.id);
  const meetings = await callZoomAsHost(deps, host, (token) =>
    deps.meetingHost.listMeetings(token, host.providerUserId, { type: 'scheduled' }),
  );
  const found = meetings.find((m) => m.agenda.includes(marker));
  if (!found) return undefined;
  const { startUrl: _never, ...details } = await callZoomAsHost(deps, host, (token) =>
    deps.meetingHost.getMeeting(token, found.id),
  );
  deps.logger.info(
    { operationId: operation.id, zoomMeetingId: found.id },
    'adopted a zoom meeting whose create answer was lost',
  );
  return details;
}

/** Same host: PATCH the same meeting (same id and URL), then GET it (PATCH answers nothing). */
async function rescheduleMeeting(
  deps: MeetingDeps,
  actor: Actor,
  existing: MeetingRecord,
  host: ConnectionRecord,
  body: SaveMeetingBody,
  handover: CalendarHandover,
): Promise<MeetingRecord> {
  const wanted = await meetingRequest(deps, host, body, body.joinBeforeHost, existing.hasPasscode);
  const patch: Partial<HostedMeetingRequest> = {};
  if (wanted.topic !== existing.topic) patch.topic = wanted.topic;
  // Each part of the slot only when it differs from what Zoom has (its own time after a change
  // made in Zoom): Zoom refuses a start in the past, so an interview in progress can still be
  // extended (or get another topic) without moving it.
  const atZoom = existing.zoomTime ?? existing;
  if (wanted.startTime.getTime() !== atZoom.startTime.getTime()) {
    patch.startTime = wanted.startTime;
  }
  if (wanted.durationMinutes !== atZoom.durationMinutes) {
    patch.durationMinutes = wanted.durationMinutes;
  }
  if (wanted.timezone !== existing.timezone) patch.timezone = wanted.timezone;
  if (wanted.joinBeforeHost !== existing.joinBeforeHost) {
    patch.joinBeforeHost = wanted.joinBeforeHost;
    if (wanted.waitingRoom !== undefined) patch.waitingRoom = wanted.waitingRoom;
    if (wanted.password !== undefined) patch.password = wanted.password;
  }

  const now = deps.clock.now();
  let record: MeetingRecord = {
    ...existing,
    candidateId: body.candidateId,
    connectionId: host.id,
    hostOwnerUserId: host.userId,
    hostOwnerName: host.userName,
    hostEmail: host.email,
  };
  const changed = Object.keys(patch).length > 0;
  // Zoom has the saved time after this: a change made in Zoom is settled, whichever time won.
  const settled = existing.zoomTime !== null;
  if (changed) {
    try {
      await callZoomAsHost(deps, host, (token) =>
        deps.meetingHost.updateMeeting(token, existing.zoomMeetingId, patch),
      );
      const fresh = await callZoomAsHost(deps, host, (token) =>
        deps.meetingHost.getMeeting(token, existing.zoomMeetingId),
      );
      record = {
        ...record,
        ...fromZoom(fresh, body.joinBeforeHost),
        linkStatus: 'active',
        brokenReason: null,
        zoomTime: null,
      };
    } catch (error) {
      if (error instanceof ZoomMeetingMissingError) await markDeletedInZoom(deps, existing);
      throw error;
    }
  } else if (settled) {
    // Zoom's own time was chosen: Zoom already has it, the interview takes it.
    record = { ...record, startTime: wanted.startTime, durationMinutes: wanted.durationMinutes };
  }
  record.zoomTime = null;
  record.updatedAt = changed || settled ? now : existing.updatedAt;
  record = handover.withCalendar(record);
  await deps.store.transaction(async (tx) => {
    await tx.meetings.save(record);
    if (changed) await tx.hostDailyWrites.increment(host.providerUserId, utcDay(now));
    if (changed || settled) {
      await tx.audit.append({
        tenantId: actor.tenantId,
        actor: actor.userId,
        action: changed ? 'meeting.rescheduled' : 'meeting.zoom_time_adopted',
        subjectType: 'interview',
        subjectId: existing.interviewId,
        details: {
          zoomMeetingId: existing.zoomMeetingId,
          fields: Object.keys(patch),
          previousStartTime: existing.startTime.toISOString(),
          ...(existing.zoomTime
            ? { zoomStartTime: existing.zoomTime.startTime.toISOString() }
            : {}),
        },
        at: now,
      });
    }
    await handover.finish(tx, record, now);
  });
  if (changed || settled) deps.hostSchedules.invalidate(host.id);
  return record;
}

async function markDeletedInZoom(deps: MeetingDeps, meeting: MeetingRecord): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.meetings.update(meeting.id, {
      linkStatus: 'broken',
      brokenReason: 'deleted_in_zoom',
      // Re-issue creates a meeting at the interview's time: nothing left to choose.
      zoomTime: null,
      updatedAt: now,
    });
    await appendBrokenAudit(tx, meeting, 'deleted_in_zoom', 'zoom-api', now);
  });
}

export async function appendBrokenAudit(
  tx: StoreRepositories,
  meeting: MeetingRecord,
  reason: 'deleted_in_zoom',
  actor: string,
  at: Date,
): Promise<void> {
  await tx.audit.append({
    tenantId: meeting.tenantId,
    actor,
    action: 'meeting.broken',
    subjectType: 'interview',
    subjectId: meeting.interviewId,
    details: { zoomMeetingId: meeting.zoomMeetingId, reason },
    at,
  });
}

/**
 * Records a meeting of `meeting`'s host that cannot be deleted at Zoom now (its link has no
 * usable token), with an audit entry; `deletePendingZoomMeetings` deletes it when that Zoom
 * user links again.
 */
async function recordPendingDeletion(
  tx: StoreRepositories,
  actor: Actor,
  meeting: MeetingRecord,
  at: Date,
): Promise<void> {
  await tx.pendingHostDeletions.add({
    tenantId: meeting.tenantId,
    zoomMeetingId: meeting.zoomMeetingId,
    zoomUserId: meeting.hostProviderUserId,
    interviewId: meeting.interviewId,
    hostOwnerName: meeting.hostOwnerName,
    createdAt: at,
  });
  await tx.audit.append({
    tenantId: meeting.tenantId,
    actor: actor.userId,
    action: 'meeting.zoom_delete_pending',
    subjectType: 'interview',
    subjectId: meeting.interviewId,
    details: {
      zoomMeetingId: meeting.zoomMeetingId,
      hostConnectionId: meeting.connectionId,
      zoomUserId: meeting.hostProviderUserId,
    },
    at,
  });
}

/**
 * After a move: the old meeting goes; a failure is logged and audited, never thrown. Zoom
 * refusing the old host's grant records the meeting for deletion when its owner links again.
 */
async function deleteOldMeeting(
  deps: MeetingDeps,
  actor: Actor,
  old: MeetingRecord,
  host: ConnectionRecord,
): Promise<void> {
  let outcome: 'deleted' | 'already_gone' | 'failed' = 'deleted';
  try {
    await callZoomAsHost(deps, host, (token) =>
      deps.meetingHost.deleteMeeting(token, old.zoomMeetingId),
    );
  } catch (error) {
    if (error instanceof ZoomMeetingMissingError) outcome = 'already_gone';
    else if (error instanceof HostUnavailableError) {
      await deps.store.transaction((tx) => recordPendingDeletion(tx, actor, old, deps.clock.now()));
      return;
    } else {
      outcome = 'failed';
      deps.logger.warn(
        { zoomMeetingId: old.zoomMeetingId, error: describeError(error) },
        'the moved meeting could not be deleted at the old host',
      );
    }
  }
  await deps.store.audit.append({
    tenantId: actor.tenantId,
    actor: actor.userId,
    action: outcome === 'failed' ? 'meeting.old_delete_failed' : 'meeting.old_deleted',
    subjectType: 'interview',
    subjectId: old.interviewId,
    details: { zoomMeetingId: old.zoomMeetingId, hostConnectionId: old.connectionId, outcome },
    at: deps.clock.now(),
  });
}

/**
 * `DELETE`: deletes at Zoom (already gone is fine), then the row. Idempotent. Always possible:
 * when the host's link has no usable token (removed at Zoom, needing re-authorization, or
 * unlinked), the Zoom meeting is recorded and deleted when that Zoom user links again.
 */
export async function deleteInterviewMeeting(
  deps: MeetingDeps,
  actor: Actor,
  interviewId: string,
): Promise<void> {
  await withInterviewLock(deps, actor.tenantId, interviewId, async () => {
    const meeting = await deps.store.meetings.findByInterview(actor.tenantId, interviewId);
    if (!meeting) return;
    let deletedAtZoom = false;
    let leftOver = false;
    const host = await findMeetingHost(deps, meeting);
    if (host?.status === 'active') {
      try {
        await callZoomAsHost(deps, host, (token) =>
          deps.meetingHost.deleteMeeting(token, meeting.zoomMeetingId),
        );
        deletedAtZoom = true;
      } catch (error) {
        if (error instanceof HostUnavailableError) leftOver = true;
        else if (!(error instanceof ZoomMeetingMissingError)) throw error;
      }
    } else leftOver = meeting.brokenReason !== 'deleted_in_zoom';
    const now = deps.clock.now();
    // The event goes too; the task outlives the row, so the outbox finishes a failed delete.
    const calendarTask = cancellationTask(deps, meeting, now);
    await deps.store.transaction(async (tx) => {
      await tx.meetings.delete(actor.tenantId, interviewId);
      if (leftOver) await recordPendingDeletion(tx, actor, meeting, now);
      if (calendarTask) await tx.calendarTasks.upsert(calendarTask);
      await tx.audit.append({
        tenantId: actor.tenantId,
        actor: actor.userId,
        action: 'meeting.deleted',
        subjectType: 'interview',
        subjectId: interviewId,
        details: {
          zoomMeetingId: meeting.zoomMeetingId,
          deletedAtZoom,
          ...(leftOver ? { pendingAtZoom: true } : {}),
        },
        at: now,
      });
    });
    deps.hostSchedules.invalidate(meeting.connectionId);
    if (host) deps.hostSchedules.invalidate(host.id);
    if (calendarTask) await runCalendarTask(deps, calendarTask, { actor: actor.userId });
  });
}

/**
 * Zoom's host `start_url` (starts the meeting as host; valid ~2 h): fetched fresh, only for
 * the ATS user who owns the host's Zoom link, never stored or logged.
 */
export async function getMeetingStartUrl(
  deps: MeetingDeps,
  actor: Actor,
  interviewId: string,
): Promise<{ startUrl: string }> {
  const meeting = await deps.store.meetings.findByInterview(actor.tenantId, interviewId);
  if (!meeting) throw new MeetingNotFoundError();
  const host = await findMeetingHost(deps, meeting);
  const ownerUserId = host?.userId ?? meeting.hostOwnerUserId;
  if (ownerUserId !== actor.userId || (host && host.tenantId !== actor.tenantId)) {
    throw new ForbiddenError('Only the host of the meeting may start it.');
  }
  if (host?.status !== 'active') throw new HostUnavailableError('needs_reauth');
  try {
    const fetched = await callZoomAsHost(deps, host, (token) =>
      deps.meetingHost.getMeeting(token, meeting.zoomMeetingId),
    );
    return { startUrl: fetched.startUrl };
  } catch (error) {
    if (error instanceof ZoomMeetingMissingError) await markDeletedInZoom(deps, meeting);
    throw error;
  }
}

/**
 * A Zoom user linked again: the meetings of theirs we could not delete before (see
 * `recordPendingDeletion`) are deleted at Zoom now, with the new grant. Already gone is fine;
 * each deleted one is audited and forgotten; a failure keeps it for the next time.
 */
export async function deletePendingZoomMeetings(
  deps: MeetingDeps,
  connection: ConnectionRecord,
): Promise<void> {
  if (connection.provider !== 'zoom' || connection.status !== 'active') return;
  const pending = await deps.store.pendingHostDeletions.listForZoomUser(connection.providerUserId);
  for (const row of pending) {
    let alreadyGone = false;
    try {
      await callZoomAsHost(deps, connection, (token) =>
        deps.meetingHost.deleteMeeting(token, row.zoomMeetingId),
      );
    } catch (error) {
      if (!(error instanceof ZoomMeetingMissingError)) {
        deps.logger.warn(
          { zoomMeetingId: row.zoomMeetingId, error: describeError(error) },
          'a zoom meeting left by a revoked link could not be deleted yet',
        );
        continue;
      }
      alreadyGone = true;
    }
    const now = deps.clock.now();
    await deps.store.transaction(async (tx) => {
      await tx.pendingHostDeletions.remove(row.tenantId, row.zoomMeetingId);
      await tx.audit.append({
        tenantId: row.tenantId,
        actor: connection.tenantId === row.tenantId ? connection.userId : 'another-tenant',
        action: 'meeting.pending_zoom_deleted',
        subjectType: 'interview',
        subjectId: row.interviewId,
        details: { zoomMeetingId: row.zoomMeetingId, hostConnectionId: connection.id, alreadyGone },
        at: now,
      });
    });
  }
  if (pending.length > 0) deps.hostSchedules.invalidate(connection.id);
}
