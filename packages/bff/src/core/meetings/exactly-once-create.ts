import { randomUUID } from 'node:crypto';
import type { InterviewerHosting, SaveMeetingBody } from '@ats-zoom/contract';
import { notRequestedCalendar } from '../calendar/calendar-event';
import { alternativeHostEmails, planInterviewerHosting } from '../hosts/interviewer-hosting';
import type {
  ConnectionRecord,
  HostedMeetingDetails,
  HostedMeetingRequest,
  HostedMeetingSummary,
  MeetingOperationRecord,
  MeetingRecord,
  StoreRepositories,
} from '../ports';
import type { Actor } from '../shared/actor';
import {
  describeError,
  HostMeetingMissingError,
  HostOutcomeUnknownError,
  ProviderUnavailableError,
} from '../shared/errors';
import { settleWithZoom, withRefusedAlternativeHostsDropped } from './alternative-hosts';
import { deleteOldMeeting, recordPendingDeletion } from './delete-meeting';
import { callAsMeetingHost, findMeetingHost } from './host-access';
import type { MeetingDeps } from './meeting-deps';
import { generateMeetingPasscode } from './meeting-passcode';
import { utcDay } from './meeting-preview';

/**
 * How a save's Zoom step hands over to its calendar step: the record gets its planned calendar
 * part, and the Zoom step's transaction either stores the answer (nothing for Google) or the
 * outbox task the request then runs at once.
 */
export interface CalendarHandover {
  withCalendar(record: MeetingRecord): MeetingRecord;
  finish(tx: StoreRepositories, record: MeetingRecord, at: Date): Promise<void>;
}

/**
 * How the save's host was chosen. Who of its interviewers can start the meeting is settled with
 * Zoom's answer (the alternative hosts it accepted), by the create or the reschedule.
 */
export type MeetingHosting = Pick<MeetingRecord, 'hostChoice'>;

/** A new meeting at the host: the first issue, a re-issue, or a move from another host. */
export async function issueAtHost(
  deps: MeetingDeps,
  actor: Actor,
  interviewId: string,
  existing: MeetingRecord | undefined,
  host: ConnectionRecord,
  body: SaveMeetingBody,
  handover: CalendarHandover,
  hosting: MeetingHosting,
): Promise<MeetingRecord> {
  const created = await createAtHost(deps, actor.tenantId, interviewId, host, body);
  const now = deps.clock.now();
  const record: MeetingRecord = handover.withCalendar({
    ...fromZoom(created.details, created.joinBeforeHost),
    interviewers: created.interviewers,
    id: existing?.id ?? randomUUID(),
    tenantId: actor.tenantId,
    interviewId,
    candidateId: body.candidateId,
    connectionId: host.id,
    hostProviderUserId: host.providerUserId,
    hostOwnerUserId: host.userId,
    hostOwnerName: host.userName,
    hostEmail: host.email,
    ...hosting,
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
        ...(hosting.hostChoice.auto ? { autoHostRole: hosting.hostChoice.role } : {}),
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

export function fromZoom(details: HostedMeetingDetails, joinBeforeHostAsked: boolean) {
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
export async function meetingRequest(
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
    alternativeHosts: [],
  };
  if (joinBeforeHost) {
    request.waitingRoom = false;
    if (!meetingHasPasscode) {
      const settings = await callAsMeetingHost(deps, host, (token) =>
        deps.meetingHost.getHostSettings(token, host.providerUserId),
      );
      if (!settings.passcodeForced) {
        request.password = generateMeetingPasscode(settings.passcodeRequirement);
      }
    }
  }
  return request;
}

/**
 * The agenda (Zoom's meeting description) hosts and candidates read. The host app may word it
 * (`meetings.agenda`); by default it names the interview in Japanese, then English.
 */
export function meetingAgenda(
  deps: MeetingDeps,
  meeting: Pick<SaveMeetingBody, 'topic' | 'startTime' | 'timezone'> & { interviewId: string },
): string {
  const custom = deps.meetingOptions.agenda?.({
    interviewId: meeting.interviewId,
    topic: meeting.topic,
    startTime: new Date(meeting.startTime),
    timezone: meeting.timezone,
  });
  const agenda = custom?.trim() || defaultAgenda(meeting.topic);
  // Zoom takes at most 2,000 characters.
  return agenda.slice(0, 2000);
}

const defaultAgenda = (topic: string) =>
  `面接「${topic}」（採用管理システムから作成）\nInterview "${topic}" (scheduled from the applicant tracking system)`;

/** Clocks of Zoom and of this server may differ by this much. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** At most this many of the host's recent meetings are fetched to look for the marker. */
const MAX_CANDIDATES = 20;

/**
 * Creates the meeting at the host without ever creating it twice: the operation row is
 * written before the call and its id rides as the meeting's reconciliation marker (a Zoom
 * custom key, which hosts do not see in the meeting's description); when the answer is lost,
 * the host's meetings created since the operation began are fetched and the one carrying the
 * marker is adopted. Only when Zoom has none is the create sent again (once), under the same
 * operation. The interviewers who can be alternative hosts ride along; Zoom refusing one
 * refuses the whole create (nothing is made), which is then sent without the refused ones.
 */
async function createAtHost(
  deps: MeetingDeps,
  tenantId: string,
  interviewId: string,
  host: ConnectionRecord,
  body: SaveMeetingBody,
): Promise<{
  details: HostedMeetingDetails;
  operationId: string;
  joinBeforeHost: boolean;
  interviewers: InterviewerHosting[];
}> {
  const planned = await planInterviewerHosting(deps, tenantId, host, body.interviewers);
  const outcome = (details: HostedMeetingDetails, operationId: string) => ({
    details,
    operationId,
    joinBeforeHost: body.joinBeforeHost,
    interviewers: settleWithZoom(deps, planned, details.alternativeHosts),
  });
  const now = deps.clock.now();
  const agenda = meetingAgenda(deps, { ...body, interviewId });
  let operation = await deps.store.meetingOperations.findPending(tenantId, interviewId, host.id);
  if (operation) {
    // An earlier request's create may have happened after all.
    const adopted = await adoptMarkedMeeting(deps, host, operation, body, agenda);
    if (adopted) return outcome(adopted, operation.id);
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
  request.agenda = agenda;
  request.reconciliationMarker = operation.id;
  request.alternativeHosts = alternativeHostEmails(planned);
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const details = await withRefusedAlternativeHostsDropped(
        deps,
        request.alternativeHosts,
        (asked) => {
          // A later attempt (after a lost answer) asks for what the last one did.
          request.alternativeHosts = asked;
          return callAsMeetingHost(deps, host, (token) =>
            deps.meetingHost.createMeeting(token, host.providerUserId, request),
          );
        },
      );
      return outcome(details, operation.id);
    } catch (error) {
      if (!(error instanceof HostOutcomeUnknownError)) throw error;
      deps.logger.warn(
        { operationId: operation.id, error: describeError(error) },
        'zoom create outcome unknown; reconciling',
      );
      const adopted = await adoptMarkedMeeting(deps, host, operation, body, agenda);
      if (adopted) return outcome(adopted, operation.id);
    }
  }
  throw new ProviderUnavailableError('Zoom did not confirm the meeting; try again.');
}

/**
 * The list does not show the marker, so the meetings created since the operation began are
 * fetched one by one, those with this save's topic and start first (an earlier request of the
 * same operation may have asked for another time). The one carrying the operation's marker is
 * ours. Should Zoom ever drop the custom key from a create, a meeting without any marker whose
 * topic, start and agenda are exactly this save's, created since the operation began and not
 * recorded for any interview, is taken as ours too, rather than creating a second one.
 */
async function adoptMarkedMeeting(
  deps: MeetingDeps,
  host: ConnectionRecord,
  operation: MeetingOperationRecord,
  body: Pick<SaveMeetingBody, 'topic' | 'startTime'>,
  agenda: string,
): Promise<HostedMeetingDetails | undefined> {
  const meetings = await callAsMeetingHost(deps, host, (token) =>
    deps.meetingHost.listMeetings(token, host.providerUserId, { type: 'scheduled' }),
  );
  const since = operation.createdAt.getTime() - CLOCK_SKEW_MS;
  const start = new Date(body.startTime).getTime();
  const likely = (m: HostedMeetingSummary) =>
    m.topic === body.topic && m.startTime?.getTime() === start ? 0 : 1;
  // The BFF creates single meetings only: a series is never one of ours.
  const candidates = meetings
    .filter((m) => !m.recurring)
    .filter((m) => m.createdAt === null || m.createdAt.getTime() >= since)
    .sort(
      (a, b) =>
        likely(a) - likely(b) || (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
    )
    .slice(0, MAX_CANDIDATES);
  for (const candidate of candidates) {
    const fetched = await callAsMeetingHost(deps, host, (token) =>
      deps.meetingHost.getMeeting(token, candidate.id),
    ).catch((error: unknown) => {
      // Deleted between the list and the get: not ours to adopt.
      if (error instanceof HostMeetingMissingError) return undefined;
      throw error;
    });
    if (!fetched) continue;
    const marked = fetched.reconciliationMarker === operation.id;
    const unmarkedTwin =
      fetched.reconciliationMarker === null &&
      likely(candidate) === 0 &&
      fetched.agenda === agenda &&
      // Not another interview's meeting (same topic and slot on a host with two licences).
      (await deps.store.meetings.findByHostMeetingId(candidate.id)).length === 0;
    if (!marked && !unmarkedTwin) continue;
    const { startUrl: _never, ...details } = fetched;
    deps.logger.info(
      { operationId: operation.id, zoomMeetingId: candidate.id },
      'adopted a zoom meeting whose create answer was lost',
    );
    return details;
  }
  return undefined;
}
