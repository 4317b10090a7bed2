import type { Host, HostConflict, Role } from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { autoHostPick } from './auto-host';
import { calendarConflictsAround, conflictsAround, hostFixtures } from './meeting-fixtures';
import { problemResponse, routeHandler, routeResponse } from './route-handlers';
import { caller } from './scenario-world';

export interface HostScenarioOptions {
  /** The BFF base URL the code under test calls, e.g. http://localhost:4000. */
  baseUrl: string;
  /** ms delay for every answer. @default 0 */
  delay?: number;
  /** Clock for `checkedAt`. @default () => new Date() */
  now?: () => Date;
  /** The caller's role: an interviewer is refused (403 `forbidden`) as by the BFF. @default 'recruiter' */
  role?: Role;
}

export type HostScenarioName =
  | 'hostsMixed'
  | 'hostsGoogleConflict'
  | 'hostsOutlookConflict'
  | 'hostsAutoInterviewerFree'
  | 'hostsAutoNobodyFree'
  | 'hostsEmpty'
  | 'hostsLoading'
  | 'hostsError';

export type HostPlan =
  | { kind: 'answers'; hosts: readonly Omit<Host, 'conflicts'>[] }
  | { kind: 'never' }
  | { kind: 'fails' };

const {
  freeHost,
  busyHost,
  googleBusyHost,
  outlookBusyHost,
  unknownHost,
  needsReauthHost,
  movedHost,
  colleagueHost,
} = hostFixtures;

export const hostPlans: Record<HostScenarioName, HostPlan> = {
  hostsMixed: {
    kind: 'answers',
    hosts: [freeHost, busyHost, unknownHost, needsReauthHost, movedHost],
  },
  // One host is busy only in its owner's Google Calendar, next to one busy in Zoom and here.
  hostsGoogleConflict: { kind: 'answers', hosts: [freeHost, googleBusyHost, busyHost] },
  // One host is busy only in its owner's Outlook calendar, next to one busy in Google's.
  hostsOutlookConflict: { kind: 'answers', hosts: [freeHost, outlookBusyHost, googleBusyHost] },
  // 自動で選ぶ with the interviewers 佐藤 花子 (busy) and 小林 直樹 (free): 小林 直樹 is picked.
  hostsAutoInterviewerFree: {
    kind: 'answers',
    hosts: [freeHost, busyHost, colleagueHost, unknownHost],
  },
  // Nobody is free: busy in Zoom, in a calendar, not answering, or needing a re-link.
  hostsAutoNobodyFree: {
    kind: 'answers',
    hosts: [busyHost, googleBusyHost, unknownHost, needsReauthHost],
  },
  hostsEmpty: { kind: 'answers', hosts: [] },
  hostsLoading: { kind: 'never' },
  hostsError: { kind: 'fails' },
};

const MINUTE_MS = 60_000;

/** Where each busy fixture host's conflicts come from, placed around the slot asked about. */
function conflictsOf(host: Omit<Host, 'conflicts'>, start: Date, durationMinutes: number) {
  if (host.busy !== 'busy') return [] satisfies HostConflict[];
  const calendar =
    host.connectionId === googleBusyHost.connectionId
      ? 'google'
      : host.connectionId === outlookBusyHost.connectionId
        ? 'outlook'
        : null;
  return calendar
    ? calendarConflictsAround(start, durationMinutes, calendar)
    : conflictsAround(start, durationMinutes);
}

/**
 * MSW handlers faking `GET /v1/hosts` in one named state. The busy host's conflicts are placed
 * around the slot asked about, so any date a story or test picks shows it busy. `auto` is what
 * 自動で選ぶ would pick, from the query's `prefer` and `interviewers` and the caller (田中 太郎)
 * as the scheduler.
 */
export function createHostHandlers(
  options: HostScenarioOptions & { scenario: HostScenarioName },
): RequestHandler[] {
  const plan = hostPlans[options.scenario];
  return hostHandlers(options, options.scenario, () => (plan.kind === 'answers' ? plan.hosts : []));
}

/**
 * The host group listing `listed()` (when its scenario answers at all): the tenant's links as
 * the world shared with other groups has them (see `createScenarioHandlers`).
 */
export function hostHandlers(
  options: HostScenarioOptions,
  name: HostScenarioName,
  listed: () => readonly Omit<Host, 'conflicts'>[],
): RequestHandler[] {
  const plan = hostPlans[name];
  const now = options.now ?? (() => new Date());
  const delay = plan.kind === 'never' ? 'infinite' : (options.delay ?? 0);
  let sequence = 0;

  return [
    routeHandler(
      'listHosts',
      { baseUrl: options.baseUrl, delay, role: options.role },
      ({ query }) => {
        if (plan.kind !== 'answers') {
          return problemResponse('internal_error', { requestId: `req_hosts_${++sequence}` });
        }
        const start = new Date(query.start);
        const end = new Date(start.getTime() + query.durationMinutes * MINUTE_MS);
        const bases = listed();
        const hosts: Host[] = bases.map((host) => ({
          ...host,
          conflicts: conflictsOf(host, start, query.durationMinutes),
        }));
        return routeResponse('listHosts', {
          hosts,
          slot: { start: start.toISOString(), end: end.toISOString() },
          auto: autoHostPick(bases, {
            prefer: query.prefer ?? [],
            interviewers: query.interviewers ?? [],
            schedulerUserId: caller.userId,
          }),
          checkedAt: now().toISOString(),
        });
      },
    ),
  ];
}

function scenario(name: HostScenarioName) {
  return (options: HostScenarioOptions): RequestHandler[] =>
    createHostHandlers({ ...options, scenario: name });
}

/** One factory per named state of the host list (Storybook stories, component tests). */
export const hostScenarios: Record<
  HostScenarioName,
  (options: HostScenarioOptions) => RequestHandler[]
> = {
  hostsMixed: scenario('hostsMixed'),
  hostsGoogleConflict: scenario('hostsGoogleConflict'),
  hostsOutlookConflict: scenario('hostsOutlookConflict'),
  hostsAutoInterviewerFree: scenario('hostsAutoInterviewerFree'),
  hostsAutoNobodyFree: scenario('hostsAutoNobodyFree'),
  hostsEmpty: scenario('hostsEmpty'),
  hostsLoading: scenario('hostsLoading'),
  hostsError: scenario('hostsError'),
};

/** Every host scenario name, in a stable order. */
export const hostScenarioNames = Object.keys(hostPlans) as HostScenarioName[];
