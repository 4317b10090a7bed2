import { z } from 'zod';
import {
  HostListSchema,
  HostsQuerySchema,
  InterviewMeetingSchema,
  MeetingPreviewQuerySchema,
  MeetingPreviewSchema,
  MeetingStartUrlSchema,
  SaveMeetingBodySchema,
} from './meetings';
import {
  AuthorizationStartSchema,
  HealthSchema,
  IdParamSchema,
  MyConnectionsSchema,
  OAuthAttemptSchema,
  ProviderSchema,
  type Role,
  roles,
  StartAuthorizationBodySchema,
  schedulerRoles,
} from './schemas';
import {
  RenderVariablesBodySchema,
  RenderVariablesResponseSchema,
  VariableListSchema,
  VariablesQuerySchema,
} from './variables';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * One JSON route of the BFF. `path` uses Express-style `:param` segments; `roles` lists who may
 * call it with a host token, or is `public` for routes that take no host token.
 */
export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params: z.ZodType<Record<string, string>>;
  readonly query: z.ZodType;
  readonly body: z.ZodType | null;
  /** The 2xx answer's body, or null for 204. */
  readonly response: z.ZodType | null;
  readonly successStatus: 200 | 201 | 204;
  readonly roles: readonly Role[] | 'public';
  /**
   * `required`: the request must carry an `Idempotency-Key` header; a replay with the same key
   * returns the stored answer (Stripe's semantics).
   */
  readonly idempotencyKey?: 'required';
}

const noParams = z.strictObject({});
const noQuery = z.strictObject({});

function route<const R extends RouteDefinition>(definition: R): R {
  return definition;
}

/** Every JSON route of the BFF, declared once (the BFF validates with it, the client is typed by it). */
export const routes = {
  getMyConnections: route({
    method: 'GET',
    path: '/v1/connections/me',
    params: noParams,
    query: noQuery,
    body: null,
    response: MyConnectionsSchema,
    successStatus: 200,
    roles,
  }),
  startAuthorization: route({
    method: 'POST',
    path: '/v1/connections/:provider/authorize',
    params: z.strictObject({ provider: ProviderSchema }),
    query: noQuery,
    body: StartAuthorizationBodySchema,
    response: AuthorizationStartSchema,
    successStatus: 201,
    roles,
  }),
  getOAuthAttempt: route({
    method: 'GET',
    path: '/v1/oauth/attempts/:attemptId',
    params: z.strictObject({ attemptId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: OAuthAttemptSchema,
    successStatus: 200,
    roles,
  }),
  deleteConnection: route({
    method: 'DELETE',
    path: '/v1/connections/:connectionId',
    params: z.strictObject({ connectionId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: null,
    successStatus: 204,
    roles,
  }),
  listHosts: route({
    method: 'GET',
    path: '/v1/hosts',
    params: noParams,
    query: HostsQuerySchema,
    body: null,
    response: HostListSchema,
    successStatus: 200,
    roles: schedulerRoles,
  }),
  getMeetingPreview: route({
    method: 'GET',
    path: '/v1/meetings/preview',
    params: noParams,
    query: MeetingPreviewQuerySchema,
    body: null,
    response: MeetingPreviewSchema,
    successStatus: 200,
    roles: schedulerRoles,
  }),
  getInterviewMeeting: route({
    method: 'GET',
    path: '/v1/interviews/:interviewId/meeting',
    params: z.strictObject({ interviewId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: InterviewMeetingSchema,
    successStatus: 200,
    roles: schedulerRoles,
  }),
  saveInterviewMeeting: route({
    method: 'PUT',
    path: '/v1/interviews/:interviewId/meeting',
    params: z.strictObject({ interviewId: IdParamSchema }),
    query: noQuery,
    body: SaveMeetingBodySchema,
    response: InterviewMeetingSchema,
    successStatus: 200,
    roles: schedulerRoles,
    idempotencyKey: 'required',
  }),
  deleteInterviewMeeting: route({
    method: 'DELETE',
    path: '/v1/interviews/:interviewId/meeting',
    params: z.strictObject({ interviewId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: null,
    successStatus: 204,
    roles: schedulerRoles,
  }),
  retryMeetingCalendar: route({
    method: 'POST',
    path: '/v1/interviews/:interviewId/meeting/calendar/retry',
    params: z.strictObject({ interviewId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: InterviewMeetingSchema,
    successStatus: 200,
    roles: schedulerRoles,
  }),
  getMeetingStartUrl: route({
    method: 'GET',
    path: '/v1/interviews/:interviewId/meeting/start-url',
    params: z.strictObject({ interviewId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: MeetingStartUrlSchema,
    successStatus: 200,
    // Any role may ask; only the ATS user who owns the host's Zoom link gets it (checked in the use case).
    roles,
  }),
  listVariables: route({
    method: 'GET',
    path: '/v1/variables',
    params: noParams,
    query: VariablesQuerySchema,
    body: null,
    response: VariableListSchema,
    successStatus: 200,
    roles: schedulerRoles,
  }),
  renderVariables: route({
    method: 'POST',
    path: '/v1/variables/render',
    params: noParams,
    query: noQuery,
    body: RenderVariablesBodySchema,
    response: RenderVariablesResponseSchema,
    successStatus: 200,
    roles: schedulerRoles,
  }),
  healthz: route({
    method: 'GET',
    path: '/healthz',
    params: noParams,
    query: noQuery,
    body: null,
    response: HealthSchema,
    successStatus: 200,
    roles: 'public',
  }),
  readyz: route({
    method: 'GET',
    path: '/readyz',
    params: noParams,
    query: noQuery,
    body: null,
    response: HealthSchema,
    successStatus: 200,
    roles: 'public',
  }),
} as const satisfies Record<string, RouteDefinition>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

export type RouteParams<N extends RouteName> = z.input<Routes[N]['params']>;
export type RouteQuery<N extends RouteName> = z.input<Routes[N]['query']>;
/** The query after the route's schema parsed it (numbers and booleans, not strings). */
export type ParsedRouteQuery<N extends RouteName> = z.output<Routes[N]['query']>;
export type RouteBody<N extends RouteName> = Routes[N]['body'] extends z.ZodType
  ? z.input<Routes[N]['body']>
  : undefined;
/** The body after the route's schema parsed it. */
export type ParsedRouteBody<N extends RouteName> = Routes[N]['body'] extends z.ZodType
  ? z.output<Routes[N]['body']>
  : undefined;
export type RouteResponse<N extends RouteName> = Routes[N]['response'] extends z.ZodType
  ? z.output<Routes[N]['response']>
  : undefined;

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
