export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * What a caller needs at runtime to send one JSON route of the BFF, without its schemas: the zod
 * route table (`routes`) is built on these entries, so browser code can call the BFF without
 * shipping zod. `path` uses Express-style `:param` segments.
 */
export interface RoutePath {
  readonly method: HttpMethod;
  readonly path: string;
  /** Whether the route takes a JSON body (the client then always sends one, `{}` at least). */
  readonly hasBody: boolean;
  /** 204 answers have no body. */
  readonly successStatus: 200 | 201 | 204;
  /**
   * `required`: the request must carry an `Idempotency-Key` header; a replay with the same key
   * returns the stored answer (Stripe's semantics).
   */
  readonly idempotencyKey?: 'required';
}

/** Method, path and answer of every JSON route of the BFF: the one place they are written. */
export const routePaths = {
  getMyConnections: {
    method: 'GET',
    path: '/v1/connections/me',
    hasBody: false,
    successStatus: 200,
  },
  startAuthorization: {
    method: 'POST',
    path: '/v1/connections/:provider/authorize',
    hasBody: true,
    successStatus: 201,
  },
  getOAuthAttempt: {
    method: 'GET',
    path: '/v1/oauth/attempts/:attemptId',
    hasBody: false,
    successStatus: 200,
  },
  deleteConnection: {
    method: 'DELETE',
    path: '/v1/connections/:connectionId',
    hasBody: false,
    successStatus: 204,
  },
  setApprovalWait: {
    method: 'PUT',
    path: '/v1/connections/zoom/approval-wait',
    hasBody: true,
    successStatus: 200,
  },
  /** The user has seen the one-time 「…から移されました」 notice: later reads leave `movedFrom` out. */
  acknowledgeConnectionNotice: {
    method: 'POST',
    path: '/v1/connections/:connectionId/notices/ack',
    hasBody: false,
    successStatus: 204,
  },
  listHosts: { method: 'GET', path: '/v1/hosts', hasBody: false, successStatus: 200 },
  getMeetingPreview: {
    method: 'GET',
    path: '/v1/meetings/preview',
    hasBody: false,
    successStatus: 200,
  },
  getInterviewMeeting: {
    method: 'GET',
    path: '/v1/interviews/:interviewId/meeting',
    hasBody: false,
    successStatus: 200,
  },
  saveInterviewMeeting: {
    method: 'PUT',
    path: '/v1/interviews/:interviewId/meeting',
    hasBody: true,
    successStatus: 200,
    idempotencyKey: 'required',
  },
  deleteInterviewMeeting: {
    method: 'DELETE',
    path: '/v1/interviews/:interviewId/meeting',
    hasBody: false,
    successStatus: 204,
  },
  retryMeetingCalendar: {
    method: 'POST',
    path: '/v1/interviews/:interviewId/meeting/calendar/retry',
    hasBody: false,
    successStatus: 200,
  },
  getMeetingStartUrl: {
    method: 'GET',
    path: '/v1/interviews/:interviewId/meeting/start-url',
    hasBody: false,
    successStatus: 200,
  },
  listVariables: {
    method: 'GET',
    path: '/v1/variables',
    hasBody: false,
    successStatus: 200,
  },
  renderVariables: {
    method: 'POST',
    path: '/v1/variables/render',
    hasBody: true,
    successStatus: 200,
  },
  setUserStatus: {
    method: 'PUT',
    path: '/v1/users/:userId/status',
    hasBody: true,
    successStatus: 200,
  },
  healthz: { method: 'GET', path: '/healthz', hasBody: false, successStatus: 200 },
  readyz: { method: 'GET', path: '/readyz', hasBody: false, successStatus: 200 },
} as const satisfies Record<string, RoutePath>;

export type RoutePaths = typeof routePaths;

/**
 * Non-JSON endpoints of the BFF (HTML pages for the provider redirect, raw-body webhooks).
 * Providers are configured with these exact paths.
 */
export const providerPaths = {
  /** Opened in the popup: binds the attempt to the browser (cookie) and redirects to Zoom. */
  zoomOAuthStart: '/v1/oauth/zoom/start',
  zoomOAuthCallback: '/v1/oauth/zoom/callback',
  zoomWebhook: '/v1/webhooks/zoom',
  /** Opened in the popup for Google, as for Zoom. */
  googleOAuthStart: '/v1/oauth/google/start',
  googleOAuthCallback: '/v1/oauth/google/callback',
  /** Opened in the popup for Outlook (Microsoft identity platform), as for Zoom. */
  outlookOAuthStart: '/v1/oauth/outlook/start',
  outlookOAuthCallback: '/v1/oauth/outlook/callback',
} as const;

/** Fill `:param` segments of a route path. Values are URI-encoded. */
export function buildPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
