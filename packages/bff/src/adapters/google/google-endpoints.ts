/**
 * Google's public endpoints (`real`), and their paths under one origin as the emulator serves
 * them (`path`, for `GOOGLE_BASE_URL`); `variable` overrides one.
 */
export const googleEndpoints = {
  authorizeUrl: {
    variable: 'GOOGLE_AUTHORIZE_URL',
    path: '/o/oauth2/v2/auth',
    real: 'https://accounts.google.com/o/oauth2/v2/auth',
  },
  tokenUrl: {
    variable: 'GOOGLE_TOKEN_URL',
    path: '/token',
    real: 'https://oauth2.googleapis.com/token',
  },
  revokeUrl: {
    variable: 'GOOGLE_REVOKE_URL',
    path: '/revoke',
    real: 'https://oauth2.googleapis.com/revoke',
  },
  userinfoUrl: {
    variable: 'GOOGLE_USERINFO_URL',
    path: '/oauth2/v3/userinfo',
    real: 'https://openidconnect.googleapis.com/v1/userinfo',
  },
  calendarApiBaseUrl: {
    variable: 'GOOGLE_CALENDAR_API_BASE_URL',
    path: '/calendar/v3',
    real: 'https://www.googleapis.com/calendar/v3',
  },
} as const;
