import type { RequestHandler } from 'msw';
import {
  type ConnectionPlan,
  type ConnectionScenarioOptions,
  createProviderConnectionHandlers,
  notConnectedPlan,
} from './connection-handlers';
import { approvalWaitSince, fixtures } from './fixtures';

export type ZoomConnectionScenarioOptions = ConnectionScenarioOptions;

export type ZoomConnectionScenarioName =
  | 'notConnected'
  | 'connected'
  | 'connectedManaged'
  | 'connectedMovedIn'
  | 'needsReauth'
  | 'revokedAtZoom'
  | 'movedSameTenant'
  | 'movedOtherTenant'
  | 'preApprovalPage'
  | 'awaitingApproval'
  | 'connectDenied'
  | 'loading'
  | 'serverError'
  | 'disconnectFails';

const happyPath = notConnectedPlan(fixtures.personalConnection);

/** The Zoom part of each named connection state (Google stays unlinked in these). */
export const zoomConnectionPlans: Record<ZoomConnectionScenarioName, ConnectionPlan> = {
  notConnected: happyPath,
  connected: { ...happyPath, initial: fixtures.personalConnection },
  connectedManaged: { ...happyPath, initial: fixtures.managedConnection },
  connectedMovedIn: { ...happyPath, initial: fixtures.movedInConnection },
  needsReauth: { ...happyPath, initial: fixtures.needsReauthConnection },
  // The app was removed at Zoom: the link is revoked and must be connected again.
  revokedAtZoom: { ...happyPath, initial: fixtures.revokedConnection },
  movedSameTenant: { ...happyPath, initial: fixtures.movedSameTenantConnection },
  movedOtherTenant: { ...happyPath, initial: fixtures.movedOtherTenantConnection },
  // A managed account without pre-approval: Zoom stays on its pre-approval page and never
  // redirects back, so the attempt stays open (the popup closes without a result).
  preApprovalPage: { ...happyPath, attempt: { kind: 'staysPending' } },
  // The user said they asked their Zoom admin (the wait survives reloads); once the admin has
  // approved, connecting again succeeds and ends the wait.
  awaitingApproval: {
    ...happyPath,
    approvalWait: { since: approvalWaitSince },
    connectsAs: fixtures.managedConnection,
  },
  connectDenied: { ...happyPath, attempt: { kind: 'fails', errorCode: 'oauth_access_denied' } },
  loading: { ...happyPath, me: 'never' },
  serverError: { ...happyPath, me: 'fails' },
  disconnectFails: {
    ...happyPath,
    initial: fixtures.personalConnection,
    disconnect: { failsWith: 'provider_unavailable' },
  },
};

/**
 * MSW handlers faking the BFF's connection routes with the Zoom link in one named state and no
 * Google link. Every call creates fresh in-memory state, so stories and parallel tests never
 * share it. Routes a scenario is not about behave like the happy path: connecting again
 * succeeds, disconnecting works.
 */
export function createZoomConnectionHandlers(
  options: ZoomConnectionScenarioOptions & { scenario: ZoomConnectionScenarioName },
): RequestHandler[] {
  return createProviderConnectionHandlers(options, {
    zoom: zoomConnectionPlans[options.scenario],
    google: notConnectedPlan(fixtures.googleConnection),
  });
}

function scenario(name: ZoomConnectionScenarioName) {
  return (options: ZoomConnectionScenarioOptions): RequestHandler[] =>
    createZoomConnectionHandlers({ ...options, scenario: name });
}

/** One factory per named state of the Zoom connection (Storybook stories, component tests). */
export const zoomConnectionScenarios: Record<
  ZoomConnectionScenarioName,
  (options: ZoomConnectionScenarioOptions) => RequestHandler[]
> = {
  notConnected: scenario('notConnected'),
  connected: scenario('connected'),
  connectedManaged: scenario('connectedManaged'),
  connectedMovedIn: scenario('connectedMovedIn'),
  needsReauth: scenario('needsReauth'),
  revokedAtZoom: scenario('revokedAtZoom'),
  movedSameTenant: scenario('movedSameTenant'),
  movedOtherTenant: scenario('movedOtherTenant'),
  preApprovalPage: scenario('preApprovalPage'),
  awaitingApproval: scenario('awaitingApproval'),
  connectDenied: scenario('connectDenied'),
  loading: scenario('loading'),
  serverError: scenario('serverError'),
  disconnectFails: scenario('disconnectFails'),
};

/** Every scenario name, in a stable order (for tests and story lists). */
export const zoomConnectionScenarioNames = Object.keys(
  zoomConnectionPlans,
) as ZoomConnectionScenarioName[];
