import type { Host } from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { conflictsAround, hostFixtures } from './meeting-fixtures';
import { problemResponse, routeHandler, routeResponse } from './route-handlers';

export interface HostScenarioOptions {
  /** The BFF base URL the code under test calls, e.g. http://localhost:4000. */
  baseUrl: string;
  /** ms delay for every answer. @default 0 */
  delay?: number;
  /** Clock for `checkedAt`. @default () => new Date() */
  now?: () => Date;
}

export type HostScenarioName = 'hostsMixed' | 'hostsEmpty' | 'hostsLoading' | 'hostsError';

type HostPlan =
  | { kind: 'answers'; hosts: readonly Omit<Host, 'conflicts'>[] }
  | { kind: 'never' }
  | { kind: 'fails' };

const plans: Record<HostScenarioName, HostPlan> = {
  hostsMixed: { kind: 'answers', hosts: Object.values(hostFixtures) },
  hostsEmpty: { kind: 'answers', hosts: [] },
  hostsLoading: { kind: 'never' },
  hostsError: { kind: 'fails' },
};

const MINUTE_MS = 60_000;

/**
 * MSW handlers faking `GET /v1/hosts` in one named state. The busy host's conflicts are placed
 * around the slot asked about, so any date a story or test picks shows it busy.
 */
export function createHostHandlers(
  options: HostScenarioOptions & { scenario: HostScenarioName },
): RequestHandler[] {
  const plan = plans[options.scenario];
  const now = options.now ?? (() => new Date());
  const delay = plan.kind === 'never' ? 'infinite' : (options.delay ?? 0);
  let sequence = 0;

  return [
    routeHandler('listHosts', { baseUrl: options.baseUrl, delay }, ({ query }) => {
      if (plan.kind !== 'answers') {
        return problemResponse('internal_error', { requestId: `req_hosts_${++sequence}` });
      }
      const start = new Date(query.start);
      const end = new Date(start.getTime() + query.durationMinutes * MINUTE_MS);
      const hosts: Host[] = plan.hosts.map((host) => ({
        ...host,
        conflicts: host.busy === 'busy' ? conflictsAround(start, query.durationMinutes) : [],
      }));
      return routeResponse('listHosts', {
        hosts,
        slot: { start: start.toISOString(), end: end.toISOString() },
        checkedAt: now().toISOString(),
      });
    }),
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
  hostsEmpty: scenario('hostsEmpty'),
  hostsLoading: scenario('hostsLoading'),
  hostsError: scenario('hostsError'),
};

/** Every host scenario name, in a stable order. */
export const hostScenarioNames = Object.keys(plans) as HostScenarioName[];
