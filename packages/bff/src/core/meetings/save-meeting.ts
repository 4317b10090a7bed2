import { createHash } from 'node:crypto';
import type { HostChoice, InterviewMeeting, SaveMeetingBody } from '@ats-zoom/contract';
import {
  type CalendarPlan,
  calendarOwnerFor,
  planCalendar,
  runCalendarTask,
} from '../calendar/calendar-step';
import { chosenHostChoice } from '../hosts/auto-host';
import { chooseAutoHost } from '../hosts/choose-auto-host';
import {
  alternativeHostEmails,
  planInterviewerHosting,
  settleInterviewerHosting,
} from '../hosts/interviewer-hosting';
import type {
  CalendarTaskRecord,
  ConnectionRecord,
  HostedMeetingRequest,
  IdempotencyScope,
  MeetingRecord,
} from '../ports';
import type { Actor } from '../shared/actor';
import {
  describeError,
  HostMeetingMissingError,
  HostNotFoundError,
  IdempotencyKeyError,
  MeetingInPastError,
} from '../shared/errors';
import { settleWithZoom, withRefusedAlternativeHostsDropped } from './alternative-hosts';
import { markDeletedInZoom } from './delete-meeting';
import {
  type CalendarHandover,
  fromZoom,
  issueAtHost,
  type MeetingHosting,
  meetingRequest,
} from './exactly-once-create';
import { asChosenHost, callAsMeetingHost, loadUsableHost } from './host-access';
import { withAutoHostLock, withInterviewLock } from './interview-lock';
import type { MeetingDeps } from './meeting-deps';
import { slotTiming, utcDay } from './meeting-preview';
import { meetingView } from './meeting-view';

const SAVE_ROUTE = 'saveInterviewMeeting';
/** Visible ASCII, as the Idempotency-Key draft and Stripe allow; at most 255 characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

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
  const chosen =
    body.hostConnectionId === undefined
      ? undefined
      : await loadUsableHost(
          deps,
          actor.tenantId,
          body.hostConnectionId,
          () => new HostNotFoundError(),
        );
  const existing = await deps.store.meetings.findByInterview(actor.tenantId, interviewId);
  const owner = await calendarOwnerFor(deps, actor, existing, body.calendar);

  const planned: { task: CalendarTaskRecord | null; movedAway: CalendarTaskRecord | null } = {
    task: null,
    movedAway: null,
  };
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
      planned.movedAway = plan.movedAway;
      return { ...record, calendar: plan.calendar };
    },
    async finish(tx, record, at) {
      if (planned.movedAway) await tx.calendarTasks.upsert(planned.movedAway);
      if (planned.task) await tx.calendarTasks.upsert(planned.task);
      else await tx.idempotencyKeys.complete(scope, 200, await meetingView(tx, record), at);
    },
  };

  /** The Zoom step with this host: reschedule in place, or create / move to another host. */
  const atHost = async (host: ConnectionRecord, hostChoice: HostChoice) => {
    const hosting: MeetingHosting = { hostChoice };
    const sameHost =
      existing !== undefined &&
      (existing.connectionId === host.id || existing.hostProviderUserId === host.providerUserId);
    return existing && sameHost && existing.brokenReason !== 'deleted_in_zoom'
      ? rescheduleMeeting(deps, actor, existing, host, body, handover, hosting)
      : issueAtHost(deps, actor, interviewId, existing, host, body, handover, hosting);
  };
  const { host: auto } = body;
  const record = chosen
    ? await atHost(chosen, chosenHostChoice)
    : await withAutoHostLock(deps, actor.tenantId, async () => {
        // Under the lock the store holds every meeting an earlier pick created.
        const picked = await chooseAutoHost(deps, actor, {
          slot: { ...slotOf(body), excludeInterviewId: interviewId },
          prefer: auto?.prefer ?? [],
          interviewers: body.interviewers.map((interviewer) => interviewer.userId),
          current: existing,
        });
        return atHost(picked.connection, picked.hostChoice);
      });
  const { task, movedAway } = planned;
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
  // The registration moved to another calendar: the old event goes (its failure is the outbox's).
  if (movedAway) await runCalendarTask(deps, movedAway, { actor: actor.userId });
  return meetingView(deps.store, updated ?? record);
}

/**
 * Same host: PATCH the same meeting (same id and URL), then GET it (PATCH answers nothing). The
 * alternative hosts go in the PATCH only when the interviewers who can be ones changed.
 */
async function rescheduleMeeting(
  deps: MeetingDeps,
  actor: Actor,
  existing: MeetingRecord,
  host: ConnectionRecord,
  body: SaveMeetingBody,
  handover: CalendarHandover,
  hosting: MeetingHosting,
): Promise<MeetingRecord> {
  const wanted = await meetingRequest(deps, host, body, body.joinBeforeHost, existing.hasPasscode);
  const planned = await planInterviewerHosting(deps, actor.tenantId, host, body.interviewers);
  const patch: Partial<HostedMeetingRequest> = {};
  const atZoom = existing.interviewers
    .filter((i) => i.status === 'alternative_host' && i.zoomEmail !== null)
    .map((i) => (i.zoomEmail ?? '').toLowerCase());
  const alternativeHosts = alternativeHostEmails(planned);
  if ([...alternativeHosts].sort().join(';') !== [...atZoom].sort().join(';')) {
    patch.alternativeHosts = alternativeHosts;
  }
  if (wanted.topic !== existing.topic) patch.topic = wanted.topic;
  // Each part of the slot only when it differs from what Zoom has (its own time after a change
  // made in Zoom): Zoom refuses a start in the past, so an interview in progress can still be
  // extended (or get another topic) without moving it.
  const zoomSlot = existing.zoomTime ?? existing;
  if (wanted.startTime.getTime() !== zoomSlot.startTime.getTime()) {
    patch.startTime = wanted.startTime;
  }
  if (wanted.durationMinutes !== zoomSlot.durationMinutes) {
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
    ...hosting,
    // Unchanged at Zoom: the alternative hosts it has are still the ones wanted.
    interviewers: settleInterviewerHosting(planned, atZoom),
  };
  const changed = Object.keys(patch).length > 0;
  // Zoom has the saved time after this: a change made in Zoom is settled, whichever time won.
  const settled = existing.zoomTime !== null;
  if (changed) {
    try {
      const update = (asked?: string[]) =>
        callAsMeetingHost(deps, host, (token) =>
          deps.meetingHost.updateMeeting(token, existing.zoomMeetingId, {
            ...patch,
            ...(asked ? { alternativeHosts: asked } : {}),
          }),
        );
      if (patch.alternativeHosts) {
        await withRefusedAlternativeHostsDropped(deps, patch.alternativeHosts, update);
      } else await update();
      const fresh = await callAsMeetingHost(deps, host, (token) =>
        deps.meetingHost.getMeeting(token, existing.zoomMeetingId),
      );
      record = {
        ...record,
        ...fromZoom(fresh, body.joinBeforeHost),
        interviewers: settleWithZoom(deps, planned, fresh.alternativeHosts),
        linkStatus: 'active',
        brokenReason: null,
        zoomTime: null,
      };
    } catch (error) {
      if (error instanceof HostMeetingMissingError) await markDeletedInZoom(deps, existing);
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
