export {
  createGraphCaller,
  defaultGraphResilience,
  type GraphCaller,
  type GraphResilienceOptions,
} from './graph-resilience';
export {
  AdminConsentRequiredError,
  classifyAuthorizeError,
  needsAdminConsent,
  OutlookAccessTokenRejectedError,
  OutlookCalendarError,
  type OutlookCalendarProblemCode,
  OutlookEventGoneError,
} from './microsoft-errors';
export {
  createMicrosoftOAuthClient,
  DEFAULT_MICROSOFT_SCOPES,
  MICROSOFT_AUTHORITY,
  MICROSOFT_GRAPH_BASE,
  MICROSOFT_OAUTH_TIMEOUT_MS,
  type MicrosoftOAuthConfig,
  normalizeMicrosoftScope,
} from './microsoft-oauth-client';
export type {
  MailboxBusy,
  MicrosoftOAuthPort,
  MicrosoftUserProfile,
  OutlookCalendarPort,
} from './microsoft-ports';
export {
  createOutlookCalendarClient,
  GET_SCHEDULE_MAX,
  type OutlookCalendarClientOptions,
} from './outlook-calendar-client';
export { createOutlookProvider } from './outlook-provider';
