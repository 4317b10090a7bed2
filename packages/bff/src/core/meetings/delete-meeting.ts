import { cancellationTask, runCalendarTask } from '../calendar/calendar-step';
import type { ConnectionRecord, MeetingRecord, StoreRepositories } from '../ports';
import type { Actor } from '../shared/actor';
import { describeError, HostMeetingMissingError, HostUnavailableError } from '../shared/errors';
import { callAsMeetingHost, findMeetingHost } from './host-access';
import { withInterviewLock } from './interview-lock';
import type { MeetingDeps } from './meeting-deps';

export async function markDeletedInZoom(deps: MeetingDeps, meeting: MeetingRecord): Promise<void> {
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
 * usable token), with an audit entry; `deletePendingHostMeetings` deletes it when that Zoom
 * user links again.
 */
export async function recordPendingDeletion(
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
export async function deleteOldMeeting(
  deps: MeetingDeps,
  actor: Actor,
  old: MeetingRecord,
  host: ConnectionRecord,
): Promise<void> {
  let outcome: 'deleted' | 'already_gone' | 'failed' = 'deleted';
  try {
    await callAsMeetingHost(deps, host, (token) =>
      deps.meetingHost.deleteMeeting(token, old.zoomMeetingId),
    );
  } catch (error) {
    if (error instanceof HostMeetingMissingError) outcome = 'already_gone';
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
        await callAsMeetingHost(deps, host, (token) =>
          deps.meetingHost.deleteMeeting(token, meeting.zoomMeetingId),
        );
        deletedAtZoom = true;
      } catch (error) {
        if (error instanceof HostUnavailableError) leftOver = true;
        else if (!(error instanceof HostMeetingMissingError)) throw error;
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
 * A Zoom user linked again: the meetings of theirs we could not delete before (see
 * `recordPendingDeletion`) are deleted at Zoom now, with the new grant. Already gone is fine;
 * each deleted one is audited and forgotten; a failure keeps it for the next time.
 */
export async function deletePendingHostMeetings(
  deps: MeetingDeps,
  connection: ConnectionRecord,
): Promise<void> {
  if (connection.provider !== 'zoom' || connection.status !== 'active') return;
  const pending = await deps.store.pendingHostDeletions.listForHostUser(connection.providerUserId);
  for (const row of pending) {
    let alreadyGone = false;
    try {
      await callAsMeetingHost(deps, connection, (token) =>
        deps.meetingHost.deleteMeeting(token, row.zoomMeetingId),
      );
    } catch (error) {
      if (!(error instanceof HostMeetingMissingError)) {
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
