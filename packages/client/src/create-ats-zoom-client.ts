import type {
  ApprovalWaitBody,
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
  UserStatus,
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
  /** The interview's interviewers, ATS user ids comma-separated (`u1,u2`): who could start it. */
  interviewers?: string;
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
  /**
   * `{ waiting: true }`: the user asked their Zoom admin to pre-approve the app (Zoom's
   * pre-approval page never redirects back), so `getMyConnections` reports `zoomApprovalWait`
   * until they connect; `{ waiting: false }`: they stop waiting. Idempotent; answers the user's
   * links as `getMyConnections` does.
   */
  setApprovalWait(body: ApprovalWaitBody, init?: RequestOptions): Promise<MyConnections>;
  /** Marks the link's 「…から移されました」 notice as seen: later reads have `movedFrom: null`. */
  acknowledgeConnectionNotice(connectionId: string, init?: RequestOptions): Promise<void>;
  listHosts(query: HostsQuery, init?: RequestOptions): Promise<HostList>;
  getMeetingPreview(query: MeetingPreviewQuery, init?: RequestOptions): Promise<MeetingPreview>;
  /** The interview's meeting; null when none was issued yet. */
  getInterviewMeeting(interviewId: string, init?: RequestOptions): Promise<InterviewMeeting | null>;
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
   *   baseUrl: 'https://bff.example.com',
   *   getToken: () =>
   *     signHostToken({ secret: process.env.HOST_TOKEN_SECRET, issuer: 'my-ats', user: sender }),
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
  /**
   * `PUT /v1/users/:userId/status`, for the host backend: says that an ATS user of the token's
   * tenant is deactivated (`active: false`: their Zoom links stop being offered as hosts and
   * their own tokens are refused; nothing is revoked and their meetings keep working) or active
   * again. Idempotent. Needs a scheduler's token with `scope: 'users:manage'`.
   */
  setUserStatus(userId: string, active: boolean, init?: RequestOptions): Promise<UserStatus>;
}

/**
 * A typed client of the BFF. It keeps no state between calls: each instance has its own
 * options, and the token is asked for per request.
 */
export function createAtsZoomClient(options: AtsZoomClientOptions): AtsZoomClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  async function request<N extends RouteName>(
    name: N,
    input: RequestInput<N>,
    { headers: extra, signal }: RequestOptions = {},
  ): Promise<RouteResponse<N>> {
    const route: RoutePath = routePaths[name];
    if (route.idempotencyKey && !hasIdempotencyKey(extra)) {
      // Without a key a retried PUT could issue a second Zoom meeting: refuse before sending.
      throw new TypeError(`${name} needs an Idempotency-Key header (RequestOptions.headers)`);
    }
    const {
      params = {},
      query,
      body,
    } = input as {
      params?: Record<string, string>;
      query?: Record<string, unknown>;
      body?: unknown;
    };
    const url = baseUrl + buildPath(route.path, params) + toQueryString(query);
    // A route with a body always gets a JSON body, `{}` when the caller gave none.
    const payload = route.hasBody ? JSON.stringify(body ?? {}) : undefined;

    const send = async (): Promise<Response> => {
      const token = await options.getToken();
      const headers: Record<string, string> = {
        ...extra,
        Accept: json,
        Authorization: `Bearer ${token}`,
        ...(payload && { 'Content-Type': json }),
      };
      try {
        return await (options.fetch ?? globalThis.fetch)(url, {
          method: route.method,
          headers,
          body: payload,
          signal,
        });
      } catch (error) {
        // A cancelled call is not a network failure: callers (React Query) need the abort reason.
        if (signal?.aborted) throw error;
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
    const schema = options.validateResponses?.[name].response;
    if (route.successStatus === 204) {
      await response.body?.cancel();
      return undefined as RouteResponse<N>;
    }
    const data = await readJson(response);
    if (data === undefined) throw unexpected(response, 'with a body that is not JSON');
    if (!schema) return data as RouteResponse<N>;
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data as RouteResponse<N>;
    throw unexpected(response, 'with a body that does not match the contract', parsed.error);
  }

  const passOn = Object.entries(passOnParts).map(([name, part]) => [
    name,
    (value: unknown, init?: RequestOptions) =>
      request(
        name as RouteName,
        (part === 'query' || part === 'body'
          ? { [part]: value }
          : { params: { [part]: value } }) as never,
        init,
      ),
  ]);

  return {
    baseUrl,
    request,
    getMyConnections: (init) => request('getMyConnections', {}, init),
    saveInterviewMeeting: (interviewId, body, { idempotencyKey, ...init }) =>
      request(
        'saveInterviewMeeting',
        { params: { interviewId }, body },
        { ...init, headers: { ...init.headers, 'Idempotency-Key': idempotencyKey } },
      ),
    setUserStatus: (userId, active, init) =>
      request('setUserStatus', { params: { userId }, body: { active } }, init),
    ...(Object.fromEntries(passOn) as PassOnMethods),
  };
}

/**
 * The methods that only pass their first argument on, each named after its route: as the route's
 * one path parameter (named here), or as its query or body. (`startAuthorization`'s body is `{}`,
 * which `request` sends for any route with a body; 204 routes resolve with undefined.)
 */
const passOnParts = {
  startAuthorization: 'provider',
  getOAuthAttempt: 'attemptId',
  deleteConnection: 'connectionId',
  setApprovalWait: 'body',
  acknowledgeConnectionNotice: 'connectionId',
  listHosts: 'query',
  getMeetingPreview: 'query',
  getInterviewMeeting: 'interviewId',
  deleteInterviewMeeting: 'interviewId',
  retryMeetingCalendar: 'interviewId',
  getMeetingStartUrl: 'interviewId',
  listVariables: 'query',
  renderVariables: 'body',
} as const satisfies { [N in RouteName]?: keyof RouteParams<N> | 'query' | 'body' };

type PassOnParts = typeof passOnParts;
type PassOnMethods = {
  [N in keyof PassOnParts]: (
    // The preview's `joinBeforeHost` is a boolean: the query string writes it `true` or `false`.
    value: N extends 'getMeetingPreview'
      ? MeetingPreviewQuery
      : PassOnParts[N] extends 'query'
        ? RouteQuery<N>
        : PassOnParts[N] extends 'body'
          ? RouteBody<N>
          : RouteParams<N>[PassOnParts[N] & keyof RouteParams<N>],
    init?: RequestOptions,
  ) => Promise<RouteResponse<N>>;
};

const json = 'application/json';

function hasIdempotencyKey(headers: Record<string, string> = {}): boolean {
  return Object.entries(headers).some(
    ([name, value]) => name.toLowerCase() === 'idempotency-key' && value.trim() !== '',
  );
}

function toQueryString(query: Record<string, unknown> = {}): string {
  // Every query value of the contract is a string, a number or a boolean (written with String()
  // by URLSearchParams); null and undefined leave the key out.
  const text = String(
    new URLSearchParams(
      Object.entries(query).filter(([, value]) => value != null) as [string, string][],
    ),
  );
  return text && `?${text}`;
}

/** The BFF's answer broke the contract. */
function unexpected({ status }: Response, what: string, cause?: unknown): ApiError {
  return new ApiError({
    status,
    code: 'unexpected_response',
    problem: null,
    message: `The BFF answered ${status} ${what}`,
    cause,
  });
}

async function toApiError(response: Response): Promise<ApiError> {
  const data = await readJson(response);
  return isProblem(data)
    ? new ApiError({
        status: response.status,
        code: data.code,
        problem: data,
        // The BFF sends delay-seconds (never an HTTP date); absent, 0 or unreadable is undefined.
        retryAfterSeconds: Number(response.headers.get('retry-after')) || undefined,
      })
    : unexpected(response, 'without a problem+json body');
}

/** The parsed body, or undefined when it is not JSON (which `JSON.parse` never returns). */
async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text());
  } catch {
    return undefined;
  }
}
