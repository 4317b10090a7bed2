import type { InterviewMeeting } from '@ats-zoom/contract';
import { toMeetingCalendarView } from '../calendar/calendar-event';
import type { MeetingRecord, StoreRepositories } from '../ports';
import type { Actor } from '../shared/actor';
import {
  ForbiddenError,
  HostMeetingMissingError,
  HostUnavailableError,
  MeetingNotFoundError,
} from '../shared/errors';
import { markDeletedInZoom } from './delete-meeting';
import { callAsMeetingHost, findMeetingHost, meetingHostLink } from './host-access';
import type { MeetingDeps } from './meeting-deps';

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
    hostChoice: record.hostChoice,
    interviewers: record.interviewers,
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
    const fetched = await callAsMeetingHost(deps, host, (token) =>
      deps.meetingHost.getMeeting(token, meeting.zoomMeetingId),
    );
    return { startUrl: fetched.startUrl };
  } catch (error) {
    if (error instanceof HostMeetingMissingError) await markDeletedInZoom(deps, meeting);
    throw error;
  }
}
