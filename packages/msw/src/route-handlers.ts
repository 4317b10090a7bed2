import {
  type ParsedRouteBody,
  type ParsedRouteQuery,
  type PassedOverHost,
  type ProblemCode,
  type Provider,
  problemTypes,
  problemTypeUri,
  type Role,
  type RouteDefinition,
  type RouteName,
  type RouteParams,
  type RouteResponse,
  routes,
} from '@ats-zoom/contract';
import { type DefaultBodyType, delay, type HttpHandler, HttpResponse, http } from 'msw';

/** The MSW path of a route: `baseUrl` + the table's path (MSW reads `:param` like Express). */
export function routeUrl(baseUrl: string, name: RouteName): string {
  return baseUrl.replace(/\/+$/, '') + routes[name].path;
}

/** A problem+json answer shaped like the BFF's, with the registry's status and title. */
export function problemResponse(
  code: ProblemCode,
  init: {
    detail?: string;
    requestId?: string;
    /** Which vendor failed, when the problem is about one (`google`, `outlook`…). */
    provider?: Provider;
    errors?: { pointer: string; message: string }[];
    /** For `no_host_available`: every host 自動で選ぶ tried, and why it was passed over. */
    passedOver?: PassedOverHost[];
    /** Extra response headers, e.g. `Retry-After`. */
    headers?: Record<string, string>;
  } = {},
): HttpResponse<DefaultBodyType> {
  const { status, title } = problemTypes[code];
  const { headers, ...fields } = init;
  return HttpResponse.json(
    { type: problemTypeUri(code), title, status, code, ...fields },
    { status, headers: { ...headers, 'Content-Type': 'application/problem+json' } },
  );
}

/** The route's success answer (status from the table, 204 without a body). */
export function routeResponse<N extends RouteName>(
  name: N,
  body: RouteResponse<N>,
): HttpResponse<DefaultBodyType> {
  const { successStatus } = routes[name];
  if (successStatus === 204) return new HttpResponse(null, { status: 204 });
  return HttpResponse.json(body, { status: successStatus });
}

export interface RouteResolverInput<N extends RouteName> {
  params: RouteParams<N>;
  /** The query string parsed with the route's schema. */
  query: ParsedRouteQuery<N>;
  /** The body parsed with the route's schema (undefined for routes without one). */
  body: ParsedRouteBody<N>;
  request: Request;
}

export interface RouteHandlerOptions {
  baseUrl: string;
  /** ms before every answer, or `'infinite'` for an answer that never comes. @default 0 */
  delay?: number | 'infinite';
  /**
   * The caller's role, as the host token would carry it: a route the role may not use answers
   * 403 `forbidden` like the BFF (e.g. an interviewer issuing a meeting). @default 'recruiter'
   */
  role?: Role;
}

const methods = { GET: http.get, POST: http.post, PUT: http.put, DELETE: http.delete } as const;

/**
 * An MSW handler for one route of the table that checks what the real BFF checks first, in its
 * order (a bearer token, the role, params, query and body against the route's schemas, then the
 * `Idempotency-Key`) and answers problem+json the same way, then hands typed params to `resolve`.
 */
export function routeHandler<N extends RouteName>(
  name: N,
  options: RouteHandlerOptions,
  resolve: (
    input: RouteResolverInput<N>,
  ) => HttpResponse<DefaultBodyType> | Promise<HttpResponse<DefaultBodyType>>,
): HttpHandler {
  const route: RouteDefinition = routes[name];
  return methods[route.method](routeUrl(options.baseUrl, name), async ({ request, params }) => {
    if (options.delay === 'infinite' || (options.delay ?? 0) > 0) await delay(options.delay);
    if (
      route.roles !== 'public' &&
      !/^Bearer \S+$/.test(request.headers.get('Authorization') ?? '')
    ) {
      return problemResponse('unauthenticated');
    }
    if (route.roles !== 'public' && !route.roles.includes(options.role ?? 'recruiter')) {
      return problemResponse('forbidden');
    }
    const parsedParams = route.params.safeParse(params);
    if (!parsedParams.success) {
      return problemResponse('validation_failed', {
        errors: parsedParams.error.issues.map((issue) => ({
          pointer: `/params/${issue.path.join('/')}`,
          message: issue.message,
        })),
      });
    }
    const parsedQuery = route.query.safeParse(
      Object.fromEntries(new URL(request.url).searchParams),
    );
    if (!parsedQuery.success) {
      return problemResponse('validation_failed', {
        errors: parsedQuery.error.issues.map((issue) => ({
          pointer: `/query/${issue.path.join('/')}`,
          message: issue.message,
        })),
      });
    }
    let parsedBodyData: unknown;
    if (route.body !== null) {
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return problemResponse('malformed_json');
      }
      const parsedBody = route.body.safeParse(body);
      if (!parsedBody.success) {
        return problemResponse('validation_failed', {
          errors: parsedBody.error.issues.map((issue) => ({
            pointer: `/${issue.path.join('/')}`,
            message: issue.message,
          })),
        });
      }
      parsedBodyData = parsedBody.data;
    }
    if (
      route.idempotencyKey === 'required' &&
      (request.headers.get('Idempotency-Key') ?? '').trim() === ''
    ) {
      return problemResponse('idempotency_key_required');
    }
    return resolve({
      params: parsedParams.data as RouteParams<N>,
      query: parsedQuery.data as ParsedRouteQuery<N>,
      body: parsedBodyData as ParsedRouteBody<N>,
      request,
    });
  });
}
