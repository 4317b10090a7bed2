export {
  createGoogleCalendarClient,
  type GoogleCalendarClientOptions,
  type GoogleCalendarResilienceOptions,
} from './google-calendar-client';
export { googleEndpoints } from './google-endpoints';
export {
  createGoogleOAuthClient,
  DEFAULT_GOOGLE_SCOPES,
  GOOGLE_ISSUER,
  GOOGLE_OAUTH_TIMEOUT_MS,
  type GoogleOAuthClient,
  type GoogleOAuthConfig,
  type GoogleUserProfile,
  normalizeGoogleScope,
} from './google-oauth-client';
export { createGoogleProvider } from './google-provider';
