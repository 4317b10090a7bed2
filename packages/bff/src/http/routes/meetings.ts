import { retryMeetingCalendar } from '../../core/calendar/calendar-outbox';
import { listHosts } from '../../core/hosts/hosts';
import { deleteInterviewMeeting } from '../../core/meetings/delete-meeting';
import { previewMeeting } from '../../core/meetings/meeting-preview';
import { getInterviewMeeting, getMeetingStartUrl } from '../../core/meetings/meeting-view';
import { saveInterviewMeeting } from '../../core/meetings/save-meeting';
import { type JsonRouteTable, mountRoute, type RouteAccess } from '../json-routes';
import type { BffWiring } from '../wiring';

/** Hosts, the meeting preview and the interview meeting (save, read, delete, calendar retry). */
export function mountMeetingRoutes(
  table: JsonRouteTable,
  wiring: BffWiring,
  access: RouteAccess,
): void {
  const { meetingCore } = wiring;
  mountRoute(table, 'listHosts', access, ({ actor, query }) => {
    const start = new Date(query.start);
    return listHosts(
      meetingCore,
      actor,
      {
        start,
        end: new Date(start.getTime() + query.durationMinutes * 60_000),
        excludeInterviewId: query.excludeInterviewId,
      },
      { prefer: query.prefer ?? [], interviewers: query.interviewers ?? [] },
    );
  });
  mountRoute(table, 'getMeetingPreview', access, ({ actor, query }) => {
    const start = new Date(query.start);
    return previewMeeting(meetingCore, actor, {
      hostConnectionId: query.hostConnectionId,
      joinBeforeHost: query.joinBeforeHost,
      durationMinutes: query.durationMinutes,
      start,
      end: new Date(start.getTime() + query.durationMinutes * 60_000),
      excludeInterviewId: query.excludeInterviewId,
      interviewers: query.interviewers,
    });
  });
  mountRoute(table, 'getInterviewMeeting', access, ({ actor, params }) =>
    getInterviewMeeting(meetingCore, actor, params.interviewId),
  );
  mountRoute(table, 'saveInterviewMeeting', access, ({ actor, params, body, req }) =>
    saveInterviewMeeting(meetingCore, actor, {
      interviewId: params.interviewId,
      body,
      idempotencyKey: req.get('idempotency-key'),
    }),
  );
  mountRoute(table, 'deleteInterviewMeeting', access, async ({ actor, params }) => {
    await deleteInterviewMeeting(meetingCore, actor, params.interviewId);
    return undefined;
  });
  mountRoute(table, 'retryMeetingCalendar', access, ({ actor, params }) =>
    retryMeetingCalendar(meetingCore, actor, params.interviewId),
  );
  mountRoute(table, 'getMeetingStartUrl', access, async ({ actor, params, res }) => {
    // A host credential: never cached by the browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    return getMeetingStartUrl(meetingCore, actor, params.interviewId);
  });
}
