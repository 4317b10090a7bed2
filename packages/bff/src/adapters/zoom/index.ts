export { DEFAULT_ZOOM_SCOPES, zoomEndpoints } from './zoom-endpoints';
export { createZoomMeetingsClient, type ZoomMeetingsClientOptions } from './zoom-meetings-client';
export { createZoomOAuthClient, ZOOM_TIMEOUT_MS, type ZoomOAuthConfig } from './zoom-oauth-client';
export { createZoomProvider, zoomLinkedAccount } from './zoom-provider';
export {
  defaultZoomResilience,
  parseRetryAfter,
  type ZoomResilienceOptions,
} from './zoom-resilience';
export { createZoomUsersClient } from './zoom-users-client';
export {
  handleZoomWebhook,
  parseZoomWebhook,
  verifyZoomWebhookRequest,
  verifyZoomWebhookSignature,
  zoomUrlValidationAnswer,
} from './zoom-webhook';
