import type {
  CalendarProvider,
  InterviewMeeting,
  MeetingCalendar,
  ProblemCode,
  Role,
  SaveMeetingBody,
} from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { autoHostPick, interviewerHostings } from './auto-host';
import { fixtures } from './fixtures';
import {
  type CalendarRequest,
  calendarAttendees,
  deletedEventCalendar,
  failedCalendar,
  hostFixtures,
  issuedMeeting,
  joinUrlOf,
  notRequestedCalendar,
  registeredCalendar,
  slotTiming,
} from './meeting-fixtures';
import { problemResponse, routeHandler, routeResponse } from './route-handlers';
import {
  allFixtureHosts,
  calendarLinkProblem,
  caller,
  type HostBase,
  hostProblem,
  type ScenarioWorld,
} from './scenario-world';

export interface MeetingScenarioOptions {
  /** The BFF base URL the code under test calls, e.g. http://localhost:4000. */
  baseUrl: string;
  /** ms delay for every answer. @default 0 */
  delay?: number;
  /**
   * Clock for `createdAt` / `updatedAt` and the calendar's error and `nextRetryAt` times.
   * @default () => new Date()
   */
  now?: () => Date;
  /** The caller's role: an interviewer is refused (403 `forbidden`) as by the BFF. @default 'recruiter' */
  role?: Role;
}

export type MeetingScenarioName =
  | 'meetingNone'
  | 'meetingIssued'
  | 'meetingBroken'
  | 'meetingHostRevoked'
  | 'meetingPendingDeletion'
  | 'meetingChangedInZoom'
  | 'meetingSaveQuota'
  | 'meetingSaveRateLimited'
  | 'meetingSaveGoogleNotConnected'
  | 'meetingAutoPicked'
  | 'meetingSaveNoHostAvailable'
  | 'meetingCalendarRegistered'
  | 'meetingCalendarFailed'
  | 'meetingCalendarRetryFails'
  | 'meetingCalendarForbidden'
  | 'meetingCalendarNotRequested'
  | 'meetingCalendarEventDeleted'
  | 'meetingOutlookCalendarRegistered'
  | 'meetingOutlookCalendarFailed';

interface CalendarPlan {
  /** The calendar part of an initially issued meeting. */
  initial: 'not_requested' | 'registered' | 'event_deleted' | { failedWith: ProblemCode };
  /** What a save with 予定を登録 or a retry does at the calendar. */
  whenAsked: 'registers' | { failsWith: ProblemCode };
  /** The calendar of the initially issued meeting. @default 'google' */
  provider?: CalendarProvider;
}

interface MeetingPlan {
  /**
   * What every interview starts with, the first time it is asked about: `host_revoked`, issued
   * at a host whose link was removed at Zoom; `pending_deletion`, moved from such a host, whose
   * old meeting waits to be deleted at Zoom; `changed_in_zoom`, moved in Zoom itself (Zoom's time
   * kept beside the interview's).
   */
  initial:
    | 'none'
    | 'issued'
    | 'broken'
    | 'host_revoked'
    | 'pending_deletion'
    | 'changed_in_zoom'
    | 'auto_picked';
  save: 'works' | 'daily_quota' | 'rate_limited' | 'calendar_not_connected';
  calendar: CalendarPlan;
  /** Every host has something at any slot asked about now: 自動で選ぶ finds nobody free. */
  everyoneBusy?: boolean;
  /** The initial meeting was deleted in Zoom since (re-issuing it is the save the kit's UI makes). */
  linkBroken?: boolean;
}

/**
 * The interviewers of `meetingAutoPicked` (and of previews with 小林 直樹 as the host), one per
 * way they can (or cannot) start the meeting hosted by 小林 直樹: 佐藤 花子 (busy, so passed over) an alternative host, 加藤 由美 a Basic user,
 * 鈴木 一郎 in a Zoom account of his own, 渡辺 翔 without a Zoom link here.
 */
export const interviewerFixtures = Object.freeze([
  { userId: hostFixtures.busyHost.ownerUserId },
  { userId: hostFixtures.colleagueHost.ownerUserId },
  { userId: hostFixtures.basicHost.ownerUserId },
  { userId: hostFixtures.unknownHost.ownerUserId },
  { userId: 'user_watanabe', name: '渡辺 翔' },
]);

const calendarWorks: CalendarPlan = { initial: 'not_requested', whenAsked: 'registers' };

const plans: Record<MeetingScenarioName, MeetingPlan> = {
  meetingNone: { initial: 'none', save: 'works', calendar: calendarWorks },
  meetingIssued: { initial: 'issued', save: 'works', calendar: calendarWorks },
  meetingBroken: { initial: 'broken', save: 'works', calendar: calendarWorks },
  meetingHostRevoked: { initial: 'host_revoked', save: 'works', calendar: calendarWorks },
  meetingPendingDeletion: { initial: 'pending_deletion', save: 'works', calendar: calendarWorks },
  // Moved in Zoom itself to two hours later and 30 minutes: the URL works, the times disagree.
  meetingChangedInZoom: {
    initial: 'changed_in_zoom',
    save: 'works',
    calendar: { initial: 'registered', whenAsked: 'registers' },
  },
  // The two failing saves start from a broken link: its re-issue is the save the kit's own UI makes.
  meetingSaveQuota: { initial: 'broken', save: 'daily_quota', calendar: calendarWorks },
  meetingSaveRateLimited: { initial: 'broken', save: 'rate_limited', calendar: calendarWorks },
  // The scheduler asks for 予定を登録 without a Google link: refused before anything is issued.
  meetingSaveGoogleNotConnected: {
    initial: 'none',
    save: 'calendar_not_connected',
    calendar: calendarWorks,
  },
  // Issued by 自動で選ぶ: 佐藤 花子 was busy, so the interviewer 小林 直樹 hosts; one interviewer
  // is an alternative host, the others say why they are not.
  meetingAutoPicked: { initial: 'auto_picked', save: 'works', calendar: calendarWorks },
  // 自動で選ぶ picked 小林 直樹 earlier; the meeting was deleted in Zoom, and now every host is
  // busy: re-issuing it (自動で選ぶ again) is refused with 409 no_host_available.
  meetingSaveNoHostAvailable: {
    initial: 'auto_picked',
    save: 'works',
    calendar: calendarWorks,
    everyoneBusy: true,
    linkBroken: true,
  },
  meetingCalendarRegistered: {
    initial: 'issued',
    save: 'works',
    calendar: { initial: 'registered', whenAsked: 'registers' },
  },
  // Google was down when the meeting was saved; it is back, so retrying registers the event.
  meetingCalendarFailed: {
    initial: 'issued',
    save: 'works',
    calendar: {
      initial: { failedWith: 'calendar_unavailable' },
      whenAsked: 'registers',
    },
  },
  meetingCalendarRetryFails: {
    initial: 'issued',
    save: 'works',
    calendar: {
      initial: { failedWith: 'calendar_unavailable' },
      whenAsked: { failsWith: 'calendar_unavailable' },
    },
  },
  // The linked Google account may not write the calendar: no background retry, and a retry fails.
  meetingCalendarForbidden: {
    initial: 'issued',
    save: 'works',
    calendar: {
      initial: { failedWith: 'calendar_forbidden' },
      whenAsked: { failsWith: 'calendar_forbidden' },
    },
  },
  meetingCalendarNotRequested: { initial: 'issued', save: 'works', calendar: calendarWorks },
  // The scheduler deleted the event in Google Calendar: a save does not bring it back and nothing
  // retries by itself; 今すぐ再試行 registers it again as a new event.
  meetingCalendarEventDeleted: {
    initial: 'issued',
    save: 'works',
    calendar: { initial: 'event_deleted', whenAsked: 'registers' },
  },
  // The event is on the scheduler's Outlook calendar (Microsoft 365).
  meetingOutlookCalendarRegistered: {
    initial: 'issued',
    save: 'works',
    calendar: { initial: 'registered', whenAsked: 'registers', provider: 'outlook' },
  },
  // Microsoft Graph was down when the meeting was saved; it is back, so retrying registers it.
  meetingOutlookCalendarFailed: {
    initial: 'issued',
    save: 'works',
    calendar: {
      initial: { failedWith: 'calendar_unavailable' },
      whenAsked: 'registers',
      provider: 'outlook',
    },
  },
};

const RATE_LIMIT_RETRY_AFTER_SECONDS = 2;

/**
 * The world a meeting group installed on its own assumes: every fixture host is a link of the
 * tenant, the caller's Google Calendar and Outlook are connected (neither in
 * `meetingSaveGoogleNotConnected`), and the caller may start any meeting.
 */
function standaloneWorld(name: MeetingScenarioName): ScenarioWorld {
  const connected = plans[name].save !== 'calendar_not_connected';
  return {
    hosts: () => allFixtureHosts,
    calendarLink: (provider) =>
      connected
        ? provider === 'outlook'
          ? fixtures.outlookConnection
          : fixtures.googleConnection
        : null,
    meetingHost: () => hostFixtures.freeHost,
    holderOf: (host) => allFixtureHosts.find((each) => each.connectionId === host.connectionId),
    callerUserId: null,
  };
}

/**
 * MSW handlers faking the BFF's interview meeting routes (GET/PUT/DELETE meeting, calendar
 * retry, start URL) in one named state, with fresh in-memory state per call. GET answers null
 * while no meeting is issued. PUT follows the
 * BFF, in its order: the `Idempotency-Key` is required, a replay with the same key and body
 * returns the stored answer, the same key with another body is refused (422); then a slot
 * already over (422 `meeting_in_past`), a host the tenant does not have (404) or cannot use
 * (409), and a first 予定を登録 without a usable Google link (409 `calendar_not_connected` /
 * `calendar_needs_reauth`) are refused with nothing saved. Rescheduling keeps the URL and changing
 * the host issues a new one; `calendar.register` registers the event (or fails as the scenario
 * says, or as the owner's Google link now allows) and its absence removes it. The calendar retry
 * answers the meeting with the step's new state, 409 `calendar_not_requested` or 404
 * `meeting_not_found`.
 */
export function createMeetingHandlers(
  options: MeetingScenarioOptions & { scenario: MeetingScenarioName },
): RequestHandler[] {
  return meetingHandlers(options, options.scenario, standaloneWorld(options.scenario));
}

/** The meeting group over a world it shares with other groups (see `createScenarioHandlers`). */
export function meetingHandlers(
  options: MeetingScenarioOptions,
  name: MeetingScenarioName,
  world: ScenarioWorld,
): RequestHandler[] {
  const plan = plans[name];
  const now = options.now ?? (() => new Date());
  const answer = { baseUrl: options.baseUrl, delay: options.delay ?? 0, role: options.role };
  // `null`: asked about and has no meeting (never issued, or deleted).
  const meetings = new Map<string, InterviewMeeting | null>();
  const replays = new Map<string, { request: string; response: InterviewMeeting }>();
  // Interviews whose event a save without 予定を登録 could not remove yet (its owner's link gone).
  const pendingRemovals = new Set<string>();
  // Interviews whose event its owner deleted at the calendar; a save keeps it deleted.
  const deletedEvents = new Set<string>();
  // How many events each interview's calendar step registered after a deleted one.
  const generations = new Map<string, number>();
  let sequence = 0;

  /** The calendar part of a meeting the scenario starts with (the fixture's: not requested). */
  const initialCalendar = (interviewId: string): Partial<InterviewMeeting> => {
    const at = now().toISOString();
    const { initial, provider = 'google' } = plan.calendar;
    const request = { attendees: calendarAttendees, sendUpdates: 'none', provider } as const;
    if (initial === 'not_requested') return {};
    if (initial === 'registered') return { calendar: registeredCalendar(interviewId, at, request) };
    if (initial === 'event_deleted') {
      deletedEvents.add(interviewId);
      return { calendar: deletedEventCalendar(interviewId, at, request) };
    }
    return { calendar: failedCalendar(initial.failedWith, at, request) };
  };

  /** The tenant's hosts as the slot finds them (all busy in `everyoneBusy`). */
  const hostsAtSlot = (): readonly HostBase[] =>
    world
      .hosts()
      .map((host) =>
        plan.everyoneBusy && host.busy === 'free' ? { ...host, busy: 'busy' as const } : host,
      );
  const schedulerUserId = world.callerUserId ?? caller.userId;

  /** 自動で選ぶ for the initial meeting of `meetingAutoPicked`, as the save made it. */
  const autoPicked = (): Partial<InterviewMeeting> & { pickedHost?: HostBase } => {
    if (plan.initial !== 'auto_picked') return {};
    // As picked when it was issued, before everyone got busy.
    const pick = autoHostPick(world.hosts(), {
      prefer: [],
      interviewers: interviewerFixtures.map(({ userId }) => userId),
      schedulerUserId,
    });
    const pickedHost = world.hosts().find((each) => each.connectionId === pick.connectionId);
    if (pickedHost === undefined) return {};
    return {
      pickedHost,
      hostChoice: { auto: true, prefer: [], role: pick.role, passedOver: pick.passedOver },
      interviewers: interviewerHostings(world.hosts(), pickedHost, interviewerFixtures),
    };
  };

  const meetingOf = (interviewId: string): InterviewMeeting | null => {
    if (!meetings.has(interviewId)) {
      let initial: InterviewMeeting | null = null;
      if (plan.initial !== 'none') {
        const { pickedHost, ...choice } = autoPicked();
        const host = pickedHost ?? world.meetingHost();
        const broken = plan.initial === 'broken' || plan.linkBroken === true;
        const start = issuedMeeting(interviewId, {}, now()).startTime;
        initial = issuedMeeting(
          interviewId,
          {
            host: {
              connectionId: host.connectionId,
              ownerUserId: host.ownerUserId,
              ownerName: host.ownerName,
              zoomEmail: host.zoomEmail,
            },
            ...choice,
            ...(broken
              ? { linkStatus: 'broken', brokenReason: 'deleted_in_zoom' }
              : initialCalendar(interviewId)),
            ...(plan.initial === 'host_revoked' ? { hostLink: 'revoked' } : {}),
            ...(plan.initial === 'pending_deletion'
              ? {
                  pendingDeletions: [
                    {
                      zoomMeetingId: '84111222333',
                      hostOwnerName: hostFixtures.busyHost.ownerName,
                      since: now().toISOString(),
                    },
                  ],
                }
              : {}),
            ...(plan.initial === 'changed_in_zoom'
              ? {
                  zoomTime: {
                    startTime: new Date(Date.parse(start) + 2 * 3_600_000).toISOString(),
                    durationMinutes: 30,
                  },
                }
              : {}),
          },
          now(),
        );
      }
      meetings.set(interviewId, initial);
    }
    return meetings.get(interviewId) ?? null;
  };

  /**
   * The calendar step run now for an event owned by the caller: it fails as the BFF's would
   * when the caller's link to that calendar (Google's or Outlook's) is gone or needs
   * reconnecting (no background retry then), else as the scenario says. An event its owner
   * deleted stays deleted on a save (`calendar_event_deleted`); the retry route registers a new one.
   */
  const calendarStep = (
    interviewId: string,
    request: CalendarRequest,
    asked: 'save' | 'retry',
  ): MeetingCalendar => {
    pendingRemovals.delete(interviewId);
    const at = now().toISOString();
    const linkProblem = calendarLinkProblem(world.calendarLink(request.provider ?? 'google'));
    if (linkProblem !== null) return failedCalendar(linkProblem, at, request);
    if (deletedEvents.has(interviewId)) {
      if (asked === 'save') return deletedEventCalendar(interviewId, at, request);
      deletedEvents.delete(interviewId);
      generations.set(interviewId, (generations.get(interviewId) ?? 0) + 1);
    }
    const { whenAsked } = plan.calendar;
    return whenAsked === 'registers'
      ? registeredCalendar(interviewId, at, request, generations.get(interviewId) ?? 0)
      : failedCalendar(whenAsked.failsWith, at, request);
  };

  /**
   * The event's removal (a save without 予定を登録, or its retry): done when the owner's link
   * works, else recorded as failed with the event kept, for a retry once it is reconnected.
   */
  const removal = (interviewId: string, calendar: MeetingCalendar | null): MeetingCalendar => {
    const at = now().toISOString();
    if (calendar?.owner == null) return notRequestedCalendar(at);
    const { provider } = calendar;
    const linkProblem = calendarLinkProblem(world.calendarLink(provider));
    if (linkProblem === null) {
      pendingRemovals.delete(interviewId);
      deletedEvents.delete(interviewId);
      // As the BFF records a removed event: not requested, the notifications setting kept.
      return { ...notRequestedCalendar(at), sendUpdates: calendar.sendUpdates, provider };
    }
    pendingRemovals.add(interviewId);
    return {
      ...calendar,
      status: 'failed',
      attendees: [],
      error: { code: linkProblem, at },
      nextRetryAt: null,
      updatedAt: at,
    };
  };

  const issue = (
    interviewId: string,
    body: SaveMeetingBody,
    previous: InterviewMeeting | null,
    host: HostBase,
    hostChoice: InterviewMeeting['hostChoice'],
  ): InterviewMeeting => {
    const at = now().toISOString();
    // Rescheduling the same live meeting keeps its id and URL; a new host or a broken link gets a new one.
    const keep =
      previous !== null &&
      previous.linkStatus === 'active' &&
      previous.host.connectionId === host.connectionId;
    sequence += 1;
    const zoomMeetingId = keep ? previous.zoomMeetingId : String(85_000_000_000 + sequence);
    const meeting: InterviewMeeting = {
      interviewId,
      candidateId: body.candidateId,
      host: {
        connectionId: host.connectionId,
        ownerUserId: host.ownerUserId,
        ownerName: host.ownerName,
        zoomEmail: host.zoomEmail,
      },
      hostChoice,
      interviewers: interviewerHostings(world.hosts(), host, body.interviewers),
      zoomMeetingId,
      joinUrl: keep ? previous.joinUrl : joinUrlOf(zoomMeetingId, `pwd${sequence}Xk2`),
      passcodeEmbedded: true,
      hasPasscode: true,
      passcode: null,
      topic: body.topic,
      startTime: body.startTime,
      durationMinutes: body.durationMinutes,
      timezone: body.timezone,
      joinBeforeHost: body.joinBeforeHost,
      waitingRoom: !body.joinBeforeHost,
      linkStatus: 'active',
      brokenReason: null,
      // Zoom has the saved time now, whichever time was chosen.
      zoomTime: null,
      // PUT is full state: without `calendar.register` an event registered earlier is removed.
      // A save that names no calendar keeps the one holding the event, as the BFF does.
      calendar: body.calendar?.register
        ? calendarStep(
            interviewId,
            {
              ...body.calendar,
              provider:
                body.calendar.provider ??
                (previous?.calendar.owner ? previous.calendar.provider : 'google'),
            },
            'save',
          )
        : removal(interviewId, previous?.calendar ?? null),
      hostLink: 'active',
      // Moving away from a host whose link has no token leaves its meeting at Zoom, reported.
      pendingDeletions: [
        ...(previous?.pendingDeletions ?? []),
        ...(previous && !keep && previous.hostLink !== 'active'
          ? [
              {
                zoomMeetingId: previous.zoomMeetingId,
                hostOwnerName: previous.host.ownerName,
                since: at,
              },
            ]
          : []),
      ],
      createdAt: keep ? previous.createdAt : at,
      updatedAt: at,
    };
    meetings.set(interviewId, meeting);
    return meeting;
  };

  /** The meeting with its host link as the world has it now (as the BFF reads it per request). */
  const withHostLink = (meeting: InterviewMeeting): InterviewMeeting => {
    if (meeting.hostLink !== 'active') return meeting;
    const holder = world.holderOf(meeting.host);
    const reason = holder?.unavailableReason;
    const hostLink =
      holder === undefined
        ? 'not_connected'
        : reason === 'needs_reauth' || reason === 'revoked'
          ? reason
          : 'active';
    return { ...meeting, hostLink };
  };

  return [
    // None issued yet answers null, as the BFF does.
    routeHandler('getInterviewMeeting', answer, ({ params }) => {
      const meeting = meetingOf(params.interviewId);
      return routeResponse('getInterviewMeeting', meeting && withHostLink(meeting));
    }),
    routeHandler('saveInterviewMeeting', answer, ({ params, body, request }) => {
      const key = `${params.interviewId}:${request.headers.get('Idempotency-Key')}`;
      const fingerprint = JSON.stringify(body);
      const stored = replays.get(key);
      if (stored !== undefined) {
        if (stored.request !== fingerprint) return problemResponse('idempotency_key_mismatch');
        return routeResponse('saveInterviewMeeting', stored.response);
      }
      // Like the BFF: after the replay, so a save made in time still answers what it stored.
      if (slotTiming(body.startTime, body.durationMinutes, now()) === 'ended') {
        return problemResponse('meeting_in_past');
      }
      const existing = meetingOf(params.interviewId);
      const previous = existing && withHostLink(existing);
      let hostChoice: InterviewMeeting['hostChoice'] = {
        auto: false,
        prefer: [],
        role: null,
        passedOver: [],
      };
      let hostConnectionId = body.hostConnectionId ?? '';
      if (body.host?.auto) {
        const slotHosts = hostsAtSlot();
        const kept = slotHosts.find((each) => each.connectionId === previous?.host.connectionId);
        // Rescheduling keeps an automatic host while it is free at the new slot.
        if (previous?.hostChoice.auto && kept?.selectable && kept.busy === 'free') {
          hostConnectionId = kept.connectionId;
          hostChoice = { ...previous.hostChoice, prefer: body.host.prefer };
        } else {
          const pick = autoHostPick(slotHosts, {
            prefer: body.host.prefer,
            interviewers: body.interviewers.map(({ userId }) => userId),
            schedulerUserId,
          });
          if (pick.connectionId === null) {
            return problemResponse('no_host_available', { passedOver: pick.passedOver });
          }
          hostConnectionId = pick.connectionId;
          const { role, passedOver } = pick;
          hostChoice = { auto: true, prefer: body.host.prefer, role, passedOver };
        }
      }
      const refusedHost = hostProblem(world, hostConnectionId);
      if (refusedHost !== null) return problemResponse(refusedHost);
      // Keeping a host whose link has no token: the scheduler must choose another (or wait).
      if (
        previous &&
        previous.hostLink !== 'active' &&
        previous.host.connectionId === hostConnectionId
      ) {
        return problemResponse('host_needs_reauth');
      }
      // The event's owner is kept; only a first registration needs the caller's own link.
      if (body.calendar?.register && previous?.calendar.owner == null) {
        const provider = body.calendar.provider ?? 'google';
        const refusedCalendar = calendarLinkProblem(world.calendarLink(provider));
        if (refusedCalendar !== null) return problemResponse(refusedCalendar, { provider });
      }
      if (plan.save === 'daily_quota') return problemResponse('provider_daily_quota');
      if (plan.save === 'rate_limited') {
        return problemResponse('provider_rate_limited', {
          headers: { 'Retry-After': String(RATE_LIMIT_RETRY_AFTER_SECONDS) },
        });
      }
      const host = world.hosts().find((each) => each.connectionId === hostConnectionId);
      if (host === undefined) return problemResponse('host_not_found');
      const meeting = issue(params.interviewId, body, previous, host, hostChoice);
      replays.set(key, { request: fingerprint, response: meeting });
      return routeResponse('saveInterviewMeeting', meeting);
    }),
    routeHandler('deleteInterviewMeeting', answer, ({ params }) => {
      // Cancelling is always possible and idempotent (deleting what is gone answers 204 too); a
      // meeting whose host's link has no token stays at Zoom until its owner links again.
      meetings.set(params.interviewId, null);
      pendingRemovals.delete(params.interviewId);
      return routeResponse('deleteInterviewMeeting', undefined);
    }),
    routeHandler('retryMeetingCalendar', answer, ({ params }) => {
      const meeting = meetingOf(params.interviewId);
      if (meeting === null) return problemResponse('meeting_not_found');
      if (meeting.calendar.status === 'not_requested') {
        return problemResponse('calendar_not_requested');
      }
      if (meeting.calendar.status === 'registered') {
        return routeResponse('retryMeetingCalendar', meeting);
      }
      const retried: InterviewMeeting = {
        ...meeting,
        calendar: pendingRemovals.has(params.interviewId)
          ? removal(params.interviewId, meeting.calendar)
          : calendarStep(params.interviewId, meeting.calendar, 'retry'),
      };
      meetings.set(params.interviewId, retried);
      return routeResponse('retryMeetingCalendar', retried);
    }),
    routeHandler('getMeetingStartUrl', answer, ({ params }) => {
      const meeting = meetingOf(params.interviewId);
      if (meeting === null) return problemResponse('meeting_not_found');
      // Only the owner of the host's Zoom link may start it, and only while the link works.
      const holder = world.holderOf(meeting.host);
      const owner = holder?.ownerUserId ?? meeting.host.ownerUserId;
      if (world.callerUserId !== null && owner !== world.callerUserId) {
        return problemResponse('forbidden');
      }
      if (holder === undefined || holder.unavailableReason !== null) {
        return problemResponse('needs_reauth');
      }
      if (meeting.linkStatus === 'broken') return problemResponse('provider_meeting_missing');
      return routeResponse('getMeetingStartUrl', {
        startUrl: `https://us05web.zoom.us/s/${meeting.zoomMeetingId}?zak=emulated-start-token`,
      });
    }),
  ];
}

function scenario(name: MeetingScenarioName) {
  return (options: MeetingScenarioOptions): RequestHandler[] =>
    createMeetingHandlers({ ...options, scenario: name });
}

/** One factory per named state of an interview's meeting. */
export const meetingScenarios: Record<
  MeetingScenarioName,
  (options: MeetingScenarioOptions) => RequestHandler[]
> = {
  meetingNone: scenario('meetingNone'),
  meetingIssued: scenario('meetingIssued'),
  meetingBroken: scenario('meetingBroken'),
  meetingHostRevoked: scenario('meetingHostRevoked'),
  meetingPendingDeletion: scenario('meetingPendingDeletion'),
  meetingChangedInZoom: scenario('meetingChangedInZoom'),
  meetingSaveQuota: scenario('meetingSaveQuota'),
  meetingSaveRateLimited: scenario('meetingSaveRateLimited'),
  meetingSaveGoogleNotConnected: scenario('meetingSaveGoogleNotConnected'),
  meetingAutoPicked: scenario('meetingAutoPicked'),
  meetingSaveNoHostAvailable: scenario('meetingSaveNoHostAvailable'),
  meetingCalendarRegistered: scenario('meetingCalendarRegistered'),
  meetingCalendarFailed: scenario('meetingCalendarFailed'),
  meetingCalendarRetryFails: scenario('meetingCalendarRetryFails'),
  meetingCalendarForbidden: scenario('meetingCalendarForbidden'),
  meetingCalendarNotRequested: scenario('meetingCalendarNotRequested'),
  meetingCalendarEventDeleted: scenario('meetingCalendarEventDeleted'),
  meetingOutlookCalendarRegistered: scenario('meetingOutlookCalendarRegistered'),
  meetingOutlookCalendarFailed: scenario('meetingOutlookCalendarFailed'),
};

/** Every meeting scenario name, in a stable order. */
export const meetingScenarioNames = Object.keys(plans) as MeetingScenarioName[];
