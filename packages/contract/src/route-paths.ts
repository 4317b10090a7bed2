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

function routePath<const P extends RoutePath>(definition: P): P {
  return definition;
}

/** Method, path and answer of every JSON route of the BFF: the one place they are written. */
export const routePaths = {
  getMyConnections: routePath({
    method: 'GET',
    path: '/v1/connections/me',
    hasBody: false,
    successStatus: 200,
  }),
  startAuthorization: routePath({
    method: 'POST',
    path: '/v1/connections/:provider/authorize',
    hasBody: true,
    successStatus: 201,
  }),
  getOAuthAttempt: routePath({
    method: 'GET',
    path: '/v1/oauth/attempts/:attemptId',
    hasBody: false,
    successStatus: 200,
  }),
  deleteConnection: routePath({
    method: 'DELETE',
    path: '/v1/connections/:connectionId',
    hasBody: false,
    successStatus: 204,
  }),
  listHosts: routePath({ method: 'GET', path: '/v1/hosts', hasBody: false, successStatus: 200 }),
  getMeetingPreview: routePath({
    method: 'GET',
    path: '/v1/meetings/preview',
    hasBody: false,
    successStatus: 200,
  }),
  getInterviewMeeting: routePath({
    method: 'GET',
    path: '/v1/interviews/:interviewId/meeting',
    hasBody: false,
    successStatus: 200,
  }),
  saveInterviewMeeting: routePath({
    method: 'PUT',
    path: '/v1/interviews/:interviewId/meeting',
    hasBody: true,
    successStatus: 200,
    idempotencyKey: 'required',
  }),
  deleteInterviewMeeting: routePath({
    method: 'DELETE',
    path: '/v1/interviews/:interviewId/meeting',
    hasBody: false,
    successStatus: 204,
  }),
  retryMeetingCalendar: routePath({
    method: 'POST',
    path: '/v1/interviews/:interviewId/meeting/calendar/retry',
    hasBody: false,
    successStatus: 200,
  }),
  getMeetingStartUrl: routePath({
    method: 'GET',
    path: '/v1/interviews/:interviewId/meeting/start-url',
    hasBody: false,
    successStatus: 200,
  }),
  listVariables: routePath({
    method: 'GET',
    path: '/v1/variables',
    hasBody: false,
    successStatus: 200,
  }),
  renderVariables: routePath({
    method: 'POST',
    path: '/v1/variables/render',
    hasBody: true,
    successStatus: 200,
  }),
  healthz: routePath({ method: 'GET', path: '/healthz', hasBody: false, successStatus: 200 }),
  readyz: routePath({ method: 'GET', path: '/readyz', hasBody: false, successStatus: 200 }),
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
} as const;

/** Fill `:param` segments of a route path. Values are URI-encoded. */
export function buildPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
