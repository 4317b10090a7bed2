export { createZoomOAuthClient, ZOOM_TIMEOUT_MS, type ZoomOAuthConfig } from './zoom-oauth-client';
export { createZoomUsersClient } from './zoom-users-client';
