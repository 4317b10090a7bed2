import type { RequestHandler } from 'msw';
import {
  type ConnectionPlan,
  type ConnectionScenarioOptions,
  createProviderConnectionHandlers,
  notConnectedPlan,
} from './connection-handlers';
import { fixtures } from './fixtures';
import { googleConnectionPlans } from './google-connection-scenarios';

export type OutlookConnectionScenarioOptions = ConnectionScenarioOptions;

/**
 * Named states of the Outlook (Microsoft 365) calendar link. Like Google, no pre-approval wait is
 * kept; instead a tenant may let only its administrator consent to the app:
 * `adminConsentRequired` fails the first connect with `admin_consent_required` and lets the next
 * one succeed (the admin approved in between), `adminConsentNeverGiven` fails every connect so.
 */
export type OutlookConnectionScenarioName =
  | 'notConnected'
  | 'connected'
  | 'connectedMovedIn'
  | 'needsReauth'
  | 'revokedAtMicrosoft'
  | 'movedSameTenant'
  | 'movedOtherTenant'
  | 'consentPending'
  | 'connectDenied'
  | 'adminConsentRequired'
  | 'adminConsentNeverGiven'
  | 'loading'
  | 'serverError'
  | 'disconnectFails';

const happyPath = notConnectedPlan(fixtures.outlookConnection);

/** The Outlook part of each named connection state (Zoom and Google stay unlinked in these). */
export const outlookConnectionPlans: Record<OutlookConnectionScenarioName, ConnectionPlan> = {
  notConnected: happyPath,
  connected: { ...happyPath, initial: fixtures.outlookConnection },
  connectedMovedIn: { ...happyPath, initial: fixtures.outlookMovedInConnection },
  needsReauth: { ...happyPath, initial: fixtures.outlookNeedsReauthConnection },
  // The app's access was removed at Microsoft (My Apps, or the admin): connect again.
  revokedAtMicrosoft: { ...happyPath, initial: fixtures.outlookRevokedConnection },
  movedSameTenant: { ...happyPath, initial: fixtures.outlookMovedSameTenantConnection },
  movedOtherTenant: { ...happyPath, initial: fixtures.outlookMovedOtherTenantConnection },
  // The Microsoft sign-in or consent screen left unanswered.
  consentPending: { ...happyPath, attempt: { kind: 'staysPending' } },
  // Declined on Microsoft's consent screen.
  connectDenied: { ...happyPath, attempt: { kind: 'fails', errorCode: 'oauth_access_denied' } },
  // The tenant requires admin consent (AADSTS65001/90094); the admin grants it before the retry.
  adminConsentRequired: {
    ...happyPath,
    attempt: { kind: 'failsFirst', errorCode: 'admin_consent_required' },
  },
  adminConsentNeverGiven: {
    ...happyPath,
    attempt: { kind: 'fails', errorCode: 'admin_consent_required' },
  },
  loading: { ...happyPath, me: 'never' },
  serverError: { ...happyPath, me: 'fails' },
  disconnectFails: {
    ...happyPath,
    initial: fixtures.outlookConnection,
    disconnect: { failsWith: 'calendar_unavailable' },
  },
};

/**
 * MSW handlers faking a BFF that has Outlook configured, with the Outlook link in one named state
 * and no Zoom or Google link; fresh in-memory state per call, like the other scenarios.
 */
export function createOutlookConnectionHandlers(
  options: OutlookConnectionScenarioOptions & { scenario: OutlookConnectionScenarioName },
): RequestHandler[] {
  return createProviderConnectionHandlers(options, {
    zoom: notConnectedPlan(fixtures.personalConnection),
    google: googleConnectionPlans.notConnected,
    outlook: outlookConnectionPlans[options.scenario],
  });
}

function scenario(name: OutlookConnectionScenarioName) {
  return (options: OutlookConnectionScenarioOptions): RequestHandler[] =>
    createOutlookConnectionHandlers({ ...options, scenario: name });
}

/** Every Outlook connection scenario name, in a stable order. */
export const outlookConnectionScenarioNames = Object.keys(
  outlookConnectionPlans,
) as OutlookConnectionScenarioName[];

/** One factory per named state of the Outlook calendar connection. */
export const outlookConnectionScenarios = Object.fromEntries(
  outlookConnectionScenarioNames.map((name) => [name, scenario(name)]),
) as Record<
  OutlookConnectionScenarioName,
  (options: OutlookConnectionScenarioOptions) => RequestHandler[]
>;
