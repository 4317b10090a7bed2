import type { InterviewMeeting, SaveMeetingBody } from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { hostFixtures, issuedMeeting, joinUrlOf } from './meeting-fixtures';
import { problemResponse, routeHandler, routeResponse } from './route-handlers';

export interface MeetingScenarioOptions {
  /** The BFF base URL the code under test calls, e.g. http://localhost:4000. */
  baseUrl: string;
  /** ms delay for every answer. @default 0 */
  delay?: number;
  /** Clock for `createdAt` / `updatedAt`. @default () => new Date() */
  now?: () => Date;
}

export type MeetingScenarioName =
  | 'meetingNone'
  | 'meetingIssued'
  | 'meetingBroken'
  | 'meetingSaveQuota'
  | 'meetingSaveRateLimited';

interface MeetingPlan {
  /** What every interview starts with, the first time it is asked about. */
  initial: 'none' | 'issued' | 'broken';
  save: 'works' | 'daily_quota' | 'rate_limited';
}

const plans: Record<MeetingScenarioName, MeetingPlan> = {
  meetingNone: { initial: 'none', save: 'works' },
  meetingIssued: { initial: 'issued', save: 'works' },
  meetingBroken: { initial: 'broken', save: 'works' },
  // The two failing saves start from a broken link: its re-issue is the save the kit's own UI makes.
  meetingSaveQuota: { initial: 'broken', save: 'daily_quota' },
  meetingSaveRateLimited: { initial: 'broken', save: 'rate_limited' },
};

type HostFixture = (typeof hostFixtures)[keyof typeof hostFixtures];

const RATE_LIMIT_RETRY_AFTER_SECONDS = 2;

/**
 * MSW handlers faking the BFF's interview meeting routes (GET/PUT/DELETE meeting, start URL) in
 * one named state, with fresh in-memory state per call. PUT follows the BFF: the
 * `Idempotency-Key` is required, a replay with the same key and body returns the stored answer,
 * the same key with another body is refused (422); rescheduling keeps the URL and changing the
 * host issues a new one.
 */
export function createMeetingHandlers(
  options: MeetingScenarioOptions & { scenario: MeetingScenarioName },
): RequestHandler[] {
  const plan = plans[options.scenario];
  const now = options.now ?? (() => new Date());
  const answer = { baseUrl: options.baseUrl, delay: options.delay ?? 0 };
  // `null`: asked about and has no meeting (never issued, or deleted).
  const meetings = new Map<string, InterviewMeeting | null>();
  const replays = new Map<string, { request: string; response: InterviewMeeting }>();
  let sequence = 0;

  const meetingOf = (interviewId: string): InterviewMeeting | null => {
    if (!meetings.has(interviewId)) {
      let initial: InterviewMeeting | null = null;
      if (plan.initial === 'issued') initial = issuedMeeting(interviewId);
      if (plan.initial === 'broken') {
        initial = issuedMeeting(interviewId, {
          linkStatus: 'broken',
          brokenReason: 'deleted_in_zoom',
        });
      }
      meetings.set(interviewId, initial);
    }
    return meetings.get(interviewId) ?? null;
  };

  const issue = (
    interviewId: string,
    body: SaveMeetingBody,
    previous: InterviewMeeting | null,
    host: HostFixture,
  ): InterviewMeeting => {
    const at = now().toISOString();
    // Rescheduling the same live meeting keeps its id and URL; a new host or a broken link gets a new one.
    const keep =
      previous !== null &&
      previous.linkStatus === 'active' &&
      previous.host.connectionId === body.hostConnectionId;
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
      zoomMeetingId,
      joinUrl: keep ? previous.joinUrl : joinUrlOf(zoomMeetingId, `pwd${sequence}Xk2`),
      passcodeEmbedded: true,
      hasPasscode: true,
      topic: body.topic,
      startTime: body.startTime,
      durationMinutes: body.durationMinutes,
      timezone: body.timezone,
      joinBeforeHost: body.joinBeforeHost,
      waitingRoom: !body.joinBeforeHost,
      linkStatus: 'active',
      brokenReason: null,
      createdAt: keep ? previous.createdAt : at,
      updatedAt: at,
    };
    meetings.set(interviewId, meeting);
    return meeting;
  };

  return [
    routeHandler('getInterviewMeeting', answer, ({ params }) => {
      const meeting = meetingOf(params.interviewId);
      if (meeting === null) return problemResponse('meeting_not_found');
      return routeResponse('getInterviewMeeting', meeting);
    }),
    routeHandler('saveInterviewMeeting', answer, ({ params, body, request }) => {
      const key = `${params.interviewId}:${request.headers.get('Idempotency-Key')}`;
      const fingerprint = JSON.stringify(body);
      const stored = replays.get(key);
      if (stored !== undefined) {
        if (stored.request !== fingerprint) return problemResponse('idempotency_key_mismatch');
        return routeResponse('saveInterviewMeeting', stored.response);
      }
      if (plan.save === 'daily_quota') return problemResponse('provider_daily_quota');
      if (plan.save === 'rate_limited') {
        return problemResponse('provider_rate_limited', {
          headers: { 'Retry-After': String(RATE_LIMIT_RETRY_AFTER_SECONDS) },
        });
      }
      const host = Object.values(hostFixtures).find(
        (candidate) => candidate.connectionId === body.hostConnectionId,
      );
      if (host === undefined) return problemResponse('host_not_found');
      if (host.unavailableReason === 'needs_reauth') return problemResponse('needs_reauth');
      if (host.unavailableReason !== null) return problemResponse('connection_moved');
      const meeting = issue(params.interviewId, body, meetingOf(params.interviewId), host);
      replays.set(key, { request: fingerprint, response: meeting });
      return routeResponse('saveInterviewMeeting', meeting);
    }),
    routeHandler('deleteInterviewMeeting', answer, ({ params }) => {
      // Cancelling is idempotent: deleting what is already gone answers 204 as well.
      meetings.set(params.interviewId, null);
      return routeResponse('deleteInterviewMeeting', undefined);
    }),
    routeHandler('getMeetingStartUrl', answer, ({ params }) => {
      const meeting = meetingOf(params.interviewId);
      if (meeting === null) return problemResponse('meeting_not_found');
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
  meetingSaveQuota: scenario('meetingSaveQuota'),
  meetingSaveRateLimited: scenario('meetingSaveRateLimited'),
};

/** Every meeting scenario name, in a stable order. */
export const meetingScenarioNames = Object.keys(plans) as MeetingScenarioName[];
