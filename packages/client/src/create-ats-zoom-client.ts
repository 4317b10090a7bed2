import type {
  AuthorizationStart,
  HostList,
  InterviewMeeting,
  MeetingPreview,
  MyConnections,
  OAuthAttempt,
  Provider,
  RenderVariablesBody,
  RenderVariablesResponse,
  RouteBody,
  RouteName,
  RouteParams,
  RouteQuery,
  RouteResponse,
  SaveMeetingInput,
  VariableList,
} from '@ats-zoom/contract';
import { buildPath, isProblem, type RoutePath, routePaths } from '@ats-zoom/contract/core';
import { ApiError } from './api-error';

export interface AtsZoomClientOptions {
  /** BFF base URL, e.g. http://localhost:4000 (no trailing slash needed). */
  baseUrl: string;
  /**
   * Returns the host's short-lived user token (JWT); called per request (async), and once more
   * after a 401 `invalid_token`. Whatever it throws reaches the caller unchanged.
   */
  getToken: () => string | Promise<string>;
  /**
   * The fetch to use. @default the global `fetch`, looked up at each call (so test
   * interceptors installed after the client was created still apply)
   */
  fetch?: typeof fetch;
  /**
   * Checks every 2xx answer against the route's response schema: pass `routes` from
   * `@ats-zoom/contract` (tests and development, to catch a BFF or mock that drifted from the
   * contract). A mismatch rejects with `unexpected_response`. Off by default: the BFF already
   * parses each answer with the same schema before sending it, and leaving the schemas out keeps
   * zod (over 40 kB gzipped) out of the browser bundle.
   * @default undefined (answers are typed by the contract, not checked)
   */
  validateResponses?: ResponseSchemas;
}

/** A response schema as the client uses it: anything with zod's `safeParse`. */
export interface ResponseSchema {
  safeParse(data: unknown): { success: true; data: unknown } | { success: false; error: unknown };
}

/** Each route's response schema (null for 204): `routes` from `@ats-zoom/contract` fits. */
export type ResponseSchemas = {
  readonly [N in RouteName]: { readonly response: ResponseSchema | null };
};

export interface RequestOptions {
  signal?: AbortSignal;
  /** Extra headers (e.g. `Idempotency-Key`); Authorization, Accept and Content-Type are ours. */
  headers?: Record<string, string>;
}

// A part is optional when every key of it is optional (including when it has none).
type InputPart<K extends string, T> = [T] extends [undefined]
  ? { [P in K]?: undefined }
  : Record<never, never> extends T
    ? { [P in K]?: T }
    : { [P in K]: T };

/** What a route takes: `params`, `query` and `body`, each required only when the route needs it. */
export type RequestInput<N extends RouteName> = InputPart<'params', RouteParams<N>> &
  InputPart<'query', RouteQuery<N>> &
  InputPart<'body', RouteBody<N>>;

/** `GET /v1/hosts`: the slot to check every connected Zoom account of the tenant against. */
export type HostsQuery = RouteQuery<'listHosts'>;

/** `GET /v1/meetings/preview`: what a meeting with this host and slot would give the candidate. */
export interface MeetingPreviewQuery {
  hostConnectionId: string;
  /** ISO 8601 with an offset. */
  start: string;
  durationMinutes: number;
  joinBeforeHost: boolean;
  /** When rescheduling: the interview whose own meeting must not make the host busy. */
  excludeInterviewId?: string;
}

/**
 * `GET /v1/variables`: which mail variables can be resolved where. `single` needs the
 * `candidateId` (availability is that candidate's); `template` and `bulk` take none.
 */
export type VariablesQuery = RouteQuery<'listVariables'>;

export interface SaveMeetingOptions extends RequestOptions {
  /**
   * One key per user intent: send the same key when retrying the same body, so the BFF replays
   * its stored answer instead of issuing a second meeting.
   */
  idempotencyKey: string;
}

export interface AtsZoomClient {
  /** The normalized base URL (no trailing slash). */
  readonly baseUrl: string;
  /**
   * Call any route of the contract's table; the answer is typed by the route's schema (and checked
   * against it with `validateResponses`).
   */
  request<N extends RouteName>(
    name: N,
    input: RequestInput<N>,
    init?: RequestOptions,
  ): Promise<RouteResponse<N>>;
  getMyConnections(init?: RequestOptions): Promise<MyConnections>;
  startAuthorization(provider: Provider, init?: RequestOptions): Promise<AuthorizationStart>;
  getOAuthAttempt(attemptId: string, init?: RequestOptions): Promise<OAuthAttempt>;
  deleteConnection(connectionId: string, init?: RequestOptions): Promise<void>;
  listHosts(query: HostsQuery, init?: RequestOptions): Promise<HostList>;
  getMeetingPreview(query: MeetingPreviewQuery, init?: RequestOptions): Promise<MeetingPreview>;
  /** The interview's meeting; rejects with code `meeting_not_found` when none was issued. */
  getInterviewMeeting(interviewId: string, init?: RequestOptions): Promise<InterviewMeeting>;
  /** Issues, reschedules or moves the interview's meeting (PUT with `Idempotency-Key`). */
  saveInterviewMeeting(
    interviewId: string,
    body: SaveMeetingInput,
    options: SaveMeetingOptions,
  ): Promise<InterviewMeeting>;
  /** Deletes the meeting at Zoom and here; resolves as well when there was none. */
  deleteInterviewMeeting(interviewId: string, init?: RequestOptions): Promise<void>;
  /**
   * Runs the failed Google Calendar step of the interview's meeting now, instead of waiting for
   * the background retry. Resolves with the meeting, whose `calendar.status` says how it went
   * (`failed` again keeps the new reason); rejects with `calendar_not_requested` when the
   * interview is not set to be registered, or `meeting_not_found`.
   */
  retryMeetingCalendar(interviewId: string, init?: RequestOptions): Promise<InterviewMeeting>;
  /** Zoom's host start link, fetched fresh (about 2 hours valid); only for the host's owner. */
  getMeetingStartUrl(interviewId: string, init?: RequestOptions): Promise<{ startUrl: string }>;
  /** The variable catalog's keys with their availability in a context (for one candidate in `single`). */
  listVariables(query: VariablesQuery, init?: RequestOptions): Promise<VariableList>;
  /**
   * Resolves the variables of one text for one or many candidates (at most
   * `MAX_RENDER_RECIPIENTS` per call): one result per candidate, in the order given, with the
   * text or what is missing and why. A malformed template rejects with `template_malformed`.
   *
   * From a host backend's mail sender (Node), sign a token for the sending user per call:
   *
   * ```ts
   * import { createAtsZoomClient } from '@ats-zoom/client';
   * import { signHostToken } from '@ats-zoom/client/host';
   *
   * const bff = createAtsZoomClient({
   *   baseUrl: process.env.ATS_ZOOM_BFF_URL,
   *   getToken: () =>
   *     signHostToken({ secret: process.env.ATS_ZOOM_SECRET, issuer: 'my-ats', user: sender }),
   * });
   * const { results } = await bff.renderVariables({ template: mail.body, candidateIds });
   * for (const result of results) {
   *   if (result.status === 'resolved') await sendMail(result.candidateId, result.text);
   *   else reportUnresolved(result.candidateId, result.missing); // e.g. no_upcoming_interview
   * }
   * ```
   */
  renderVariables(
    body: RenderVariablesBody,
    init?: RequestOptions,
  ): Promise<RenderVariablesResponse>;
}

/**
 * A typed client of the BFF. It keeps no state between calls: each instance has its own
 * options, and the token is asked for per request.
 */
export function createAtsZoomClient(options: AtsZoomClientOptions): AtsZoomClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);

  async function request<N extends RouteName>(
    name: N,
    input: RequestInput<N>,
    init: RequestOptions = {},
  ): Promise<RouteResponse<N>> {
    const route: RoutePath = routePaths[name];
    if (route.idempotencyKey === 'required' && !hasIdempotencyKey(init.headers)) {
      // Without a key a retried PUT could issue a second Zoom meeting: refuse before sending.
      throw new TypeError(`${name} needs an Idempotency-Key header (RequestOptions.headers)`);
    }
    const { params, query, body } = input as {
      params?: Record<string, string>;
      query?: Record<string, unknown>;
      body?: unknown;
    };
    const url = baseUrl + buildPath(route.path, params ?? {}) + toQueryString(query);
    // A route with a body always gets a JSON body, `{}` when the caller gave none.
    const payload = route.hasBody ? JSON.stringify(body ?? {}) : undefined;

    const send = async (): Promise<Response> => {
      const token = await options.getToken();
      const headers: Record<string, string> = {
        ...init.headers,
        Accept: 'application/json',
        Authorization: `Bearer ${token}`,
      };
      if (payload !== undefined) headers['Content-Type'] = 'application/json';
      try {
        return await fetchImpl(url, {
          method: route.method,
          headers,
          body: payload,
          signal: init.signal,
        });
      } catch (error) {
        // A cancelled call is not a network failure: callers (React Query) need the abort reason.
        if (init.signal?.aborted) throw error;
        throw new ApiError({
          status: 0,
          code: 'network_error',
          problem: null,
          message: `Could not reach the BFF at ${baseUrl}`,
          cause: error,
        });
      }
    };

    let response = await send();
    if (response.status === 401) {
      const failure = await toApiError(response);
      // The host may have rotated its token since: ask for a fresh one and retry once.
      if (failure.code !== 'invalid_token') throw failure;
      response = await send();
    }
    if (!response.ok) throw await toApiError(response);
    const schema = options.validateResponses?.[name].response ?? null;
    return (await readSuccess(route, schema, response)) as RouteResponse<N>;
  }

  return {
    baseUrl,
    request,
    getMyConnections: (init) => request('getMyConnections', {}, init),
    startAuthorization: (provider, init) =>
      request('startAuthorization', { params: { provider }, body: {} }, init),
    getOAuthAttempt: (attemptId, init) =>
      request('getOAuthAttempt', { params: { attemptId } }, init),
    deleteConnection: async (connectionId, init) => {
      await request('deleteConnection', { params: { connectionId } }, init);
    },
    listHosts: (query, init) => request('listHosts', { query }, init),
    getMeetingPreview: ({ joinBeforeHost, ...query }, init) =>
      request(
        'getMeetingPreview',
        { query: { ...query, joinBeforeHost: joinBeforeHost ? 'true' : 'false' } },
        init,
      ),
    getInterviewMeeting: (interviewId, init) =>
      request('getInterviewMeeting', { params: { interviewId } }, init),
    saveInterviewMeeting: (interviewId, body, { idempotencyKey, ...init }) =>
      request(
        'saveInterviewMeeting',
        { params: { interviewId }, body },
        { ...init, headers: { ...init.headers, 'Idempotency-Key': idempotencyKey } },
      ),
    deleteInterviewMeeting: async (interviewId, init) => {
      await request('deleteInterviewMeeting', { params: { interviewId } }, init);
    },
    retryMeetingCalendar: (interviewId, init) =>
      request('retryMeetingCalendar', { params: { interviewId } }, init),
    getMeetingStartUrl: (interviewId, init) =>
      request('getMeetingStartUrl', { params: { interviewId } }, init),
    listVariables: (query, init) => request('listVariables', { query }, init),
    renderVariables: (body, init) => request('renderVariables', { body }, init),
  };
}

function hasIdempotencyKey(headers: Record<string, string> | undefined): boolean {
  if (headers === undefined) return false;
  return Object.entries(headers).some(
    ([name, value]) => name.toLowerCase() === 'idempotency-key' && value.trim() !== '',
  );
}

function toQueryString(query: Record<string, unknown> | undefined): string {
  if (query === undefined) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(key, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

async function readSuccess(
  route: RoutePath,
  schema: ResponseSchema | null,
  response: Response,
): Promise<unknown> {
  if (route.successStatus === 204) {
    await response.body?.cancel();
    return undefined;
  }
  const data = await readJson(response);
  if (!data.ok) {
    throw new ApiError({
      status: response.status,
      code: 'unexpected_response',
      problem: null,
      message: `The BFF answered ${response.status} with a body that is not JSON`,
    });
  }
  if (schema === null) return data.value;
  const parsed = schema.safeParse(data.value);
  if (parsed.success) return parsed.data;
  throw new ApiError({
    status: response.status,
    code: 'unexpected_response',
    problem: null,
    message: `The BFF answered ${response.status} with a body that does not match the contract`,
    cause: parsed.error,
  });
}

async function toApiError(response: Response): Promise<ApiError> {
  const data = await readJson(response);
  if (data.ok && isProblem(data.value)) {
    return new ApiError({ status: response.status, code: data.value.code, problem: data.value });
  }
  return new ApiError({
    status: response.status,
    code: 'unexpected_response',
    problem: null,
    message: `The BFF answered ${response.status} without a problem+json body`,
  });
}

async function readJson(response: Response): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    const text = await response.text();
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
