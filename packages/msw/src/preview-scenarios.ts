import type { MeetingPreview, Role } from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { interviewerHostings } from './auto-host';
import { slotTiming } from './meeting-fixtures';
import { problemResponse, routeHandler, routeResponse } from './route-handlers';
import { allFixtureHosts, hostProblem, type ScenarioWorld } from './scenario-world';

export interface PreviewScenarioOptions {
  /** The BFF base URL the code under test calls, e.g. http://localhost:4000. */
  baseUrl: string;
  /** ms delay for every answer. @default 0 */
  delay?: number;
  /** Clock the slot is judged by (a start in the past warns). @default () => new Date() */
  now?: () => Date;
  /** The caller's role: an interviewer is refused (403 `forbidden`) as by the BFF. @default 'recruiter' */
  role?: Role;
}

export type PreviewScenarioName =
  | 'previewEmbedded'
  | 'previewJoinBeforeHostNeedsPasscode'
  | 'previewPasscodeNotEmbedded'
  | 'previewQuotaLow'
  | 'previewAlternativeHosts'
  | 'previewBasicHost';

/** What the host's Zoom settings and usage are in each scenario. */
interface HostSettingsPlan {
  /** The host's account forces a passcode (locked by the admin, or a personal account). */
  passcode: boolean;
  embedPasscodeInLink: boolean;
  usedToday: number;
  /**
   * Whether the host has a Zoom licence; false: a Basic host, which has no alternative hosts.
   * @default the fixture host's own licence (加藤 由美 is Basic)
   */
  hostLicensed?: boolean;
}

const DAILY_LIMIT = 100;
/** Like the BFF: at this many writes left today, or fewer, the preview warns. */
const QUOTA_WARNING_AT = 10;

const plans: Record<PreviewScenarioName, HostSettingsPlan> = {
  previewEmbedded: { passcode: true, embedPasscodeInLink: true, usedToday: 3 },
  previewJoinBeforeHostNeedsPasscode: { passcode: false, embedPasscodeInLink: true, usedToday: 3 },
  previewPasscodeNotEmbedded: { passcode: true, embedPasscodeInLink: false, usedToday: 3 },
  previewQuotaLow: { passcode: true, embedPasscodeInLink: true, usedToday: 96 },
  // Ask with the host 小林 直樹 and the interviewers of `hostFixtures`: each status shows.
  previewAlternativeHosts: { passcode: true, embedPasscodeInLink: true, usedToday: 3 },
  // The host is a Basic user: Zoom gives it no alternative hosts, whoever the interviewers are.
  previewBasicHost: {
    passcode: true,
    embedPasscodeInLink: true,
    usedToday: 3,
    hostLicensed: false,
  },
};

/** Standing alone, the preview knows the fixture hosts (`hostFixtures`) as the tenant's links. */
const standaloneWorld: Pick<ScenarioWorld, 'hosts'> = { hosts: () => allFixtureHosts };

/**
 * MSW handlers faking `GET /v1/meetings/preview`. The answer follows the rules the BFF applies
 * (design 1.2): a host the tenant does not have is 404 `host_not_found`, one that cannot be used
 * 409 (`host_needs_reauth`, `host_moved`); join before host asked of an account that forces no
 * passcode gets one from the BFF (`join_before_host_needs_passcode`), so the waiting room is off
 * and join before host applies; the passcode is in the URL only when the host embeds it; a
 * busy host warns `host_busy`; a slot that has started warns `start_in_past`, one that is over
 * warns `meeting_in_past` (its save is refused). The interviewers asked about say who could
 * start the meeting (host, alternative host) and why the others could not (see
 * `interviewerHostings`).
 */
export function createPreviewHandlers(
  options: PreviewScenarioOptions & { scenario: PreviewScenarioName },
): RequestHandler[] {
  return previewHandlers(options, options.scenario, standaloneWorld);
}

/** The preview group over a world it shares with other groups (see `createScenarioHandlers`). */
export function previewHandlers(
  options: PreviewScenarioOptions,
  name: PreviewScenarioName,
  world: Pick<ScenarioWorld, 'hosts'>,
): RequestHandler[] {
  const plan = plans[name];
  const now = options.now ?? (() => new Date());
  return [
    routeHandler(
      'getMeetingPreview',
      { baseUrl: options.baseUrl, delay: options.delay ?? 0, role: options.role },
      ({ query }) => {
        const refused = hostProblem(world, query.hostConnectionId);
        if (refused !== null) return problemResponse(refused);
        const hosts = world.hosts();
        const host = hosts.find((each) => each.connectionId === query.hostConnectionId);
        const requested = query.joinBeforeHost;
        // The BFF adds a passcode for join before host, so Zoom keeps the waiting room off.
        const hasPasscode = plan.passcode || requested;
        const waitingRoom = !requested;
        const warnings: MeetingPreview['warnings'] = [];
        const timing = slotTiming(query.start, query.durationMinutes, now());
        if (timing === 'ended') warnings.push({ code: 'meeting_in_past' });
        if (timing === 'started') warnings.push({ code: 'start_in_past' });
        if (requested && !plan.passcode) warnings.push({ code: 'join_before_host_needs_passcode' });
        if (hasPasscode && !plan.embedPasscodeInLink) {
          warnings.push({ code: 'passcode_not_embedded' });
        }
        const remaining = DAILY_LIMIT - plan.usedToday;
        if (remaining <= QUOTA_WARNING_AT) warnings.push({ code: 'daily_quota_low' });
        if (host?.busy === 'busy') warnings.push({ code: 'host_busy' });
        let passcode: MeetingPreview['passcode'] = 'none';
        if (hasPasscode) passcode = plan.embedPasscodeInLink ? 'embedded' : 'required_not_embedded';
        return routeResponse('getMeetingPreview', {
          hostConnectionId: query.hostConnectionId,
          passcode,
          waitingRoom,
          joinBeforeHost: { requested, effective: requested },
          quota: { usedToday: plan.usedToday, limit: DAILY_LIMIT, remaining },
          warnings,
          interviewers: host
            ? interviewerHostings(
                hosts,
                host,
                (query.interviewers ?? []).map((userId) => ({ userId })),
                plan.hostLicensed,
              )
            : [],
        });
      },
    ),
  ];
}

function scenario(name: PreviewScenarioName) {
  return (options: PreviewScenarioOptions): RequestHandler[] =>
    createPreviewHandlers({ ...options, scenario: name });
}

/** One factory per named state of the meeting preview. */
export const previewScenarios: Record<
  PreviewScenarioName,
  (options: PreviewScenarioOptions) => RequestHandler[]
> = {
  previewEmbedded: scenario('previewEmbedded'),
  previewJoinBeforeHostNeedsPasscode: scenario('previewJoinBeforeHostNeedsPasscode'),
  previewPasscodeNotEmbedded: scenario('previewPasscodeNotEmbedded'),
  previewQuotaLow: scenario('previewQuotaLow'),
  previewAlternativeHosts: scenario('previewAlternativeHosts'),
  previewBasicHost: scenario('previewBasicHost'),
};

/** Every preview scenario name, in a stable order. */
export const previewScenarioNames = Object.keys(plans) as PreviewScenarioName[];
