import type { MeetingPreview } from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { slotTiming } from './meeting-fixtures';
import { routeHandler, routeResponse } from './route-handlers';

export interface PreviewScenarioOptions {
  /** The BFF base URL the code under test calls, e.g. http://localhost:4000. */
  baseUrl: string;
  /** ms delay for every answer. @default 0 */
  delay?: number;
  /** Clock the slot is judged by (a start in the past warns). @default () => new Date() */
  now?: () => Date;
}

export type PreviewScenarioName =
  | 'previewEmbedded'
  | 'previewJoinBeforeHostNeedsPasscode'
  | 'previewQuotaLow';

/** What the host's Zoom settings and usage are in each scenario. */
interface HostSettingsPlan {
  /** The host's account forces a passcode (locked by the admin, or a personal account). */
  passcode: boolean;
  embedPasscodeInLink: boolean;
  usedToday: number;
}

const DAILY_LIMIT = 100;
const QUOTA_LOW_BELOW = 10;

const plans: Record<PreviewScenarioName, HostSettingsPlan> = {
  previewEmbedded: { passcode: true, embedPasscodeInLink: true, usedToday: 3 },
  previewJoinBeforeHostNeedsPasscode: { passcode: false, embedPasscodeInLink: true, usedToday: 3 },
  previewQuotaLow: { passcode: true, embedPasscodeInLink: true, usedToday: 96 },
};

/**
 * MSW handlers faking `GET /v1/meetings/preview`. The answer follows the rules the BFF applies
 * (design 1.2): without a passcode Zoom forces the waiting room on, which defeats join before
 * host; the passcode is in the URL only when the host embeds it; a slot that has started warns
 * `start_in_past`, one that is over warns `meeting_in_past` (its save is refused).
 */
export function createPreviewHandlers(
  options: PreviewScenarioOptions & { scenario: PreviewScenarioName },
): RequestHandler[] {
  const plan = plans[options.scenario];
  const now = options.now ?? (() => new Date());
  return [
    routeHandler(
      'getMeetingPreview',
      { baseUrl: options.baseUrl, delay: options.delay ?? 0 },
      ({ query }) => {
        const requested = query.joinBeforeHost;
        const waitingRoom = !plan.passcode || !requested;
        const warnings: MeetingPreview['warnings'] = [];
        const timing = slotTiming(query.start, query.durationMinutes, now());
        if (timing === 'ended') warnings.push({ code: 'meeting_in_past' });
        if (timing === 'started') warnings.push({ code: 'start_in_past' });
        if (requested && !plan.passcode) warnings.push({ code: 'join_before_host_needs_passcode' });
        if (plan.passcode && !plan.embedPasscodeInLink) {
          warnings.push({ code: 'passcode_not_embedded' });
        }
        const remaining = DAILY_LIMIT - plan.usedToday;
        if (remaining < QUOTA_LOW_BELOW) warnings.push({ code: 'daily_quota_low' });
        let passcode: MeetingPreview['passcode'] = 'none';
        if (plan.passcode)
          passcode = plan.embedPasscodeInLink ? 'embedded' : 'required_not_embedded';
        return routeResponse('getMeetingPreview', {
          hostConnectionId: query.hostConnectionId,
          passcode,
          waitingRoom,
          joinBeforeHost: { requested, effective: requested && !waitingRoom },
          quota: { usedToday: plan.usedToday, limit: DAILY_LIMIT, remaining },
          warnings,
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
  previewQuotaLow: scenario('previewQuotaLow'),
};

/** Every preview scenario name, in a stable order. */
export const previewScenarioNames = Object.keys(plans) as PreviewScenarioName[];
