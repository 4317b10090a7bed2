import { calendarEventKey } from '../calendar/calendar-event';
import type { MeetingRecord } from '../ports';
import { callAsMeetingHost, findMeetingHost } from './host-access';
import { withInterviewLock } from './interview-lock';
import type { MeetingDeps } from './meeting-deps';

/**
 * The host changed the meeting's passcode in Zoom (`meeting.updated` carries `password`), and
 * Zoom's join URL changed with it. Reads the meeting back with the host's grant and takes the
 * URL and passcode Zoom now serves; a registered calendar event is synced again by the outbox
 * (a task due now), so the interview, the Zoom meeting and the event agree. Without a live grant
 * nothing changes (the meeting's `hostLink` already says why). Answers whether the row changed.
 */
export async function takeJoinLinkFromHost(
  deps: MeetingDeps,
  meeting: MeetingRecord,
): Promise<boolean> {
  const host = await findMeetingHost(deps, meeting);
  if (host?.status !== 'active') return false;
  const details = await callAsMeetingHost(deps, host, (token) =>
    deps.meetingHost.getMeeting(token, meeting.zoomMeetingId),
  );
  return withInterviewLock(deps, meeting.tenantId, meeting.interviewId, async () => {
    const current = await deps.store.meetings.findByInterview(
      meeting.tenantId,
      meeting.interviewId,
    );
    if (current?.zoomMeetingId !== meeting.zoomMeetingId) return false;
    if (current.joinUrl === details.joinUrl && current.passcode === details.passcode) return false;
    const now = deps.clock.now();
    const { calendar } = current;
    await deps.store.transaction(async (tx) => {
      await tx.meetings.update(current.id, {
        joinUrl: details.joinUrl,
        hasPasscode: details.hasPasscode,
        passcode: details.passcode,
        passcodeEmbedded: details.hasPasscode && new URL(details.joinUrl).searchParams.has('pwd'),
        updatedAt: now,
      });
      if (calendar.register && calendar.owner) {
        const key = calendarEventKey(current);
        const pending = await tx.calendarTasks.find(key);
        await tx.calendarTasks.upsert({
          ...key,
          kind: 'sync',
          owner: calendar.owner,
          providerEventId: calendar.eventId,
          sendUpdates: pending?.sendUpdates ?? calendar.sendUpdates,
          attempts: 0,
          nextAttemptAt: now,
          lastErrorCode: null,
          lockedUntil: null,
          lockedBy: null,
          createdAt: pending?.createdAt ?? now,
          updatedAt: now,
        });
      }
      await tx.audit.append({
        tenantId: current.tenantId,
        actor: 'zoom-webhook',
        action: 'meeting.link_changed_in_zoom',
        subjectType: 'interview',
        subjectId: current.interviewId,
        details: { zoomMeetingId: current.zoomMeetingId },
        at: now,
      });
    });
    return true;
  });
}
