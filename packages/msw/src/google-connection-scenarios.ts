import type { RequestHandler } from 'msw';
import {
  type ConnectionPlan,
  type ConnectionScenarioOptions,
  createProviderConnectionHandlers,
  notConnectedPlan,
} from './connection-handlers';
import { fixtures } from './fixtures';

export type GoogleConnectionScenarioOptions = ConnectionScenarioOptions;

/**
 * Named states of the Google Calendar link. Google has no pre-approval step; `consentPending`
 * is a consent screen the user has not answered yet (the popup stays open, or is closed).
 */
export type GoogleConnectionScenarioName =
  | 'notConnected'
  | 'connected'
  | 'connectedMovedIn'
  | 'needsReauth'
  | 'movedSameTenant'
  | 'movedOtherTenant'
  | 'consentPending'
  | 'connectDenied'
  | 'loading'
  | 'serverError'
  | 'disconnectFails';

const happyPath = notConnectedPlan(fixtures.googleConnection);

/** The Google part of each named connection state (Zoom stays unlinked in these). */
export const googleConnectionPlans: Record<GoogleConnectionScenarioName, ConnectionPlan> = {
  notConnected: happyPath,
  connected: { ...happyPath, initial: fixtures.googleConnection },
  connectedMovedIn: { ...happyPath, initial: fixtures.googleMovedInConnection },
  needsReauth: { ...happyPath, initial: fixtures.googleNeedsReauthConnection },
  movedSameTenant: { ...happyPath, initial: fixtures.googleMovedSameTenantConnection },
  movedOtherTenant: { ...happyPath, initial: fixtures.googleMovedOtherTenantConnection },
  consentPending: { ...happyPath, attempt: { kind: 'staysPending' } },
  // Declined at Google, or the calendar permission was unticked on the consent screen.
  connectDenied: { ...happyPath, attempt: { kind: 'fails', errorCode: 'oauth_access_denied' } },
  loading: { ...happyPath, me: 'never' },
  serverError: { ...happyPath, me: 'fails' },
  disconnectFails: {
    ...happyPath,
    initial: fixtures.googleConnection,
    disconnect: { failsWith: 'calendar_unavailable' },
  },
};

/**
 * MSW handlers faking the BFF's connection routes with the Google Calendar link in one named
 * state and no Zoom link; fresh in-memory state per call, like the Zoom scenarios.
 */
export function createGoogleConnectionHandlers(
  options: GoogleConnectionScenarioOptions & { scenario: GoogleConnectionScenarioName },
): RequestHandler[] {
  return createProviderConnectionHandlers(options, {
    zoom: notConnectedPlan(fixtures.personalConnection),
    google: googleConnectionPlans[options.scenario],
  });
}

function scenario(name: GoogleConnectionScenarioName) {
  return (options: GoogleConnectionScenarioOptions): RequestHandler[] =>
    createGoogleConnectionHandlers({ ...options, scenario: name });
}

/** One factory per named state of the Google Calendar connection. */
export const googleConnectionScenarios: Record<
  GoogleConnectionScenarioName,
  (options: GoogleConnectionScenarioOptions) => RequestHandler[]
> = {
  notConnected: scenario('notConnected'),
  connected: scenario('connected'),
  connectedMovedIn: scenario('connectedMovedIn'),
  needsReauth: scenario('needsReauth'),
  movedSameTenant: scenario('movedSameTenant'),
  movedOtherTenant: scenario('movedOtherTenant'),
  consentPending: scenario('consentPending'),
  connectDenied: scenario('connectDenied'),
  loading: scenario('loading'),
  serverError: scenario('serverError'),
  disconnectFails: scenario('disconnectFails'),
};

/** Every Google connection scenario name, in a stable order. */
export const googleConnectionScenarioNames = Object.keys(
  googleConnectionPlans,
) as GoogleConnectionScenarioName[];
