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
import { type RoutePath, routePaths } from './route-paths';
import {
  ApprovalWaitBodySchema,
  AuthorizationStartSchema,
  HealthSchema,
  HostTokenClaimsSchema,
  IdParamSchema,
  MyConnectionsSchema,
  OAuthAttemptSchema,
  ProviderSchema,
  type Role,
  roles,
  StartAuthorizationBodySchema,
  schedulerRoles,
  USERS_MANAGE_SCOPE,
  UserStatusBodySchema,
  UserStatusSchema,
} from './schemas';
import {
  RenderVariablesBodySchema,
  RenderVariablesResponseSchema,
  VariableListSchema,
  VariablesQuerySchema,
} from './variables';

/**
 * One JSON route of the BFF: its zod-free `RoutePath` (method, path, answer status) plus the
 * schemas the BFF validates with and the roles that may call it with a host token (`public` for
 * routes that take no host token).
 */
export interface RouteDefinition extends RoutePath {
  readonly params: z.ZodType<Record<string, string>>;
  readonly query: z.ZodType;
  readonly body: z.ZodType | null;
  /** The 2xx answer's body, or null for 204. */
  readonly response: z.ZodType | null;
  readonly roles: readonly Role[] | 'public';
  /** A grant the host token's `scope` must carry on top of the role. */
  readonly scope?: typeof USERS_MANAGE_SCOPE;
}

/** The schemas of a route, held to its path entry: a body iff it takes one, no answer iff 204. */
interface RouteSchemas<P extends RoutePath> {
  readonly params: z.ZodType<Record<string, string>>;
  readonly query: z.ZodType;
  readonly body: P['hasBody'] extends true ? z.ZodType : null;
  readonly response: P['successStatus'] extends 204 ? null : z.ZodType;
  readonly roles: readonly Role[] | 'public';
  readonly scope?: typeof USERS_MANAGE_SCOPE;
}

const noParams = z.strictObject({});
const noQuery = z.strictObject({});

function route<const P extends RoutePath, const S extends RouteSchemas<P>>(
  path: P,
  schemas: S,
): P & S {
  return { ...path, ...schemas };
}

/**
 * Every JSON route of the BFF with its schemas, built on `routePaths` (the BFF validates with it,
 * the client is typed by it).
 */
export const routes = {
  getMyConnections: route(routePaths.getMyConnections, {
    params: noParams,
    query: noQuery,
    body: null,
    response: MyConnectionsSchema,
    roles,
  }),
  startAuthorization: route(routePaths.startAuthorization, {
    params: z.strictObject({ provider: ProviderSchema }),
    query: noQuery,
    body: StartAuthorizationBodySchema,
    response: AuthorizationStartSchema,
    roles,
  }),
  getOAuthAttempt: route(routePaths.getOAuthAttempt, {
    params: z.strictObject({ attemptId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: OAuthAttemptSchema,
    roles,
  }),
  deleteConnection: route(routePaths.deleteConnection, {
    params: z.strictObject({ connectionId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: null,
    roles,
  }),
  // Only Zoom has a pre-approval step. Answers the user's links as GET /connections/me does.
  setApprovalWait: route(routePaths.setApprovalWait, {
    params: noParams,
    query: noQuery,
    body: ApprovalWaitBodySchema,
    response: MyConnectionsSchema,
    roles,
  }),
  acknowledgeConnectionNotice: route(routePaths.acknowledgeConnectionNotice, {
    params: z.strictObject({ connectionId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: null,
    roles,
  }),
  listHosts: route(routePaths.listHosts, {
    params: noParams,
    query: HostsQuerySchema,
    body: null,
    response: HostListSchema,
    roles: schedulerRoles,
  }),
  getMeetingPreview: route(routePaths.getMeetingPreview, {
    params: noParams,
    query: MeetingPreviewQuerySchema,
    body: null,
    response: MeetingPreviewSchema,
    roles: schedulerRoles,
  }),
  getInterviewMeeting: route(routePaths.getInterviewMeeting, {
    params: z.strictObject({ interviewId: IdParamSchema }),
    query: noQuery,
    body: null,
    /** `null`: no meeting issued yet (an answer, not a 404). */
    response: InterviewMeetingSchema.nullable(),
    roles: schedulerRoles,
  }),
  saveInterviewMeeting: route(routePaths.saveInterviewMeeting, {
    params: z.strictObject({ interviewId: IdParamSchema }),
    query: noQuery,
    body: SaveMeetingBodySchema,
    response: InterviewMeetingSchema,
    roles: schedulerRoles,
  }),
  deleteInterviewMeeting: route(routePaths.deleteInterviewMeeting, {
    params: z.strictObject({ interviewId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: null,
    roles: schedulerRoles,
  }),
  retryMeetingCalendar: route(routePaths.retryMeetingCalendar, {
    params: z.strictObject({ interviewId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: InterviewMeetingSchema,
    roles: schedulerRoles,
  }),
  getMeetingStartUrl: route(routePaths.getMeetingStartUrl, {
    params: z.strictObject({ interviewId: IdParamSchema }),
    query: noQuery,
    body: null,
    response: MeetingStartUrlSchema,
    // Any role may ask; only the ATS user who owns the host's Zoom link gets it (checked in the use case).
    roles,
  }),
  listVariables: route(routePaths.listVariables, {
    params: noParams,
    query: VariablesQuerySchema,
    body: null,
    response: VariableListSchema,
    roles: schedulerRoles,
  }),
  renderVariables: route(routePaths.renderVariables, {
    params: noParams,
    query: noQuery,
    body: RenderVariablesBodySchema,
    response: RenderVariablesResponseSchema,
    roles: schedulerRoles,
  }),
  setUserStatus: route(routePaths.setUserStatus, {
    // Any `sub` a host token may carry (percent-encoded in the path).
    params: z.strictObject({ userId: HostTokenClaimsSchema.shape.sub }),
    query: noQuery,
    body: UserStatusBodySchema,
    response: UserStatusSchema,
    // The host (its backend, or an ATS administrator) says who is deactivated: a scheduler's
    // token with the `users:manage` scope, never a plain browser user's.
    roles: schedulerRoles,
    scope: USERS_MANAGE_SCOPE,
  }),
  healthz: route(routePaths.healthz, {
    params: noParams,
    query: noQuery,
    body: null,
    response: HealthSchema,
    roles: 'public',
  }),
  readyz: route(routePaths.readyz, {
    params: noParams,
    query: noQuery,
    body: null,
    response: HealthSchema,
    roles: 'public',
  }),
} as const satisfies Record<keyof typeof routePaths, RouteDefinition>;

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
