/** Zoom's public endpoints: the defaults of the server's environment (the emulator replaces them). */
export const zoomEndpoints = {
  oauthBaseUrl: 'https://zoom.us',
  apiBaseUrl: 'https://api.zoom.us/v2',
  /** Under `oauthBaseUrl`. */
  authorizePath: '/oauth/authorize',
  tokenPath: '/oauth/token',
  revokePath: '/oauth/revoke',
} as const;

/** The scopes a Zoom connect asks for when the environment names none. */
export const DEFAULT_ZOOM_SCOPES = [
  'user:read:user',
  'user:read:settings',
  'meeting:read:meeting',
  'meeting:read:list_meetings',
  'meeting:write:meeting',
  'meeting:update:meeting',
  'meeting:delete:meeting',
] as const;
