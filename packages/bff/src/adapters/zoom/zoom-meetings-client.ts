import type {
  Clock,
  HostedMeetingDetails,
  HostedMeetingRequest,
  HostedMeetingSummary,
  HostMeetingSettings,
  MeetingHostPort,
} from '../../core/ports';
import {
  AlternativeHostsRefusedError,
  DomainError,
  HostMeetingMissingError,
  HostOutcomeUnknownError,
  ProviderAccessTokenRejectedError,
  ProviderDailyQuotaError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
} from '../../core/shared/errors';
import { sendBearerJson } from '../http/bearer-json';
import type { operations } from './zoom-openapi';
import {
  type AttemptContext,
  createZoomCaller,
  parseRetryAfter,
  ZoomQpsLimitedError,
  type ZoomResilienceOptions,
  ZoomTransientError,
} from './zoom-resilience';

type Json<Op extends keyof operations, Status extends number> = operations[Op] extends {
  responses: { [S in Status]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

type CreateMeetingBody = operations['meetingCreate']['requestBody']['content']['application/json'];
type UpdateMeetingBody = NonNullable<
  operations['meetingUpdate']['requestBody']
>['content']['application/json'];
type CreateSettings = NonNullable<CreateMeetingBody['settings']>;
type UpdateSettings = NonNullable<UpdateMeetingBody['settings']>;
type WrittenSetting = 'join_before_host' | 'jbh_time' | 'waiting_room' | 'alternative_hosts';
/** The fields we write, valid in both the create and the update body of the spec. */
type MeetingWriteBody = Pick<
  CreateMeetingBody & UpdateMeetingBody,
  'topic' | 'start_time' | 'duration' | 'timezone' | 'agenda' | 'password'
> & { settings?: Pick<CreateSettings, WrittenSetting> & Pick<UpdateSettings, WrittenSetting> };
type CreatedMeeting = Json<'meetingCreate', 201>;
type FetchedMeeting = Json<'meeting', 200>;
type MeetingList = Json<'meetings', 200>;
type UserSettings = Json<'userSettings', 200>;
type ListQuery = NonNullable<operations['meetings']['parameters']['query']>;

/** Zoom answers at most 300 meetings per page. */
const PAGE_SIZE = 300;
/** A list longer than this many pages is not a host's calendar; stop rather than loop. */
const MAX_PAGES = 20;

export interface ZoomMeetingsClientOptions {
  apiBaseUrl: string;
  clock: Clock;
  fetch?: typeof fetch;
  resilience?: ZoomResilienceOptions;
}

interface SendOptions {
  token: string;
  query?: Record<string, string>;
  body?: unknown;
  /** A POST that creates: never repeated unless the request certainly did not arrive. */
  creates?: boolean;
  /** On a meeting's own path: 404 means the meeting is gone. */
  meetingPath?: boolean;
}

interface ZoomAnswer {
  status: number;
  body: unknown;
}

/**
 * Zoom's meeting endpoints over Node's fetch (undici's default agent: keep-alive, no
 * per-origin connection cap, so a fan-out over many hosts runs in parallel), typed from Zoom's
 * published OpenAPI description (zoom-openapi.d.ts), with timeouts, retries and a breaker.
 */
export function createZoomMeetingsClient(options: ZoomMeetingsClientOptions): MeetingHostPort {
  const doFetch = options.fetch ?? fetch;
  const base = options.apiBaseUrl.replace(/\/+$/, '');
  const caller = createZoomCaller(options.resilience);

  async function attemptOnce(
    method: string,
    path: string,
    send: SendOptions,
    context: AttemptContext,
  ): Promise<ZoomAnswer> {
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await sendBearerJson(doFetch, {
        method,
        url: `${base}${path}`,
        token: send.token,
        ...(send.query ? { query: send.query } : {}),
        ...(send.body === undefined ? {} : { body: send.body }),
        signal: context.signal,
      }));
    } catch (error) {
      throw transportError(error, context.signal, send.creates === true);
    }
    const body = parseBody(text);
    if (response.ok) return { status: response.status, body };
    throw answerError(response, body, send, context);
  }

  function answerError(
    response: Response,
    body: unknown,
    send: SendOptions,
    context: AttemptContext,
  ): DomainError {
    const code = zoomErrorCode(body);
    const { status } = response;
    if (status === 401 && code === 124) return new ProviderAccessTokenRejectedError();
    if (status === 404 && (code === 3001 || send.meetingPath)) return new HostMeetingMissingError();
    if (status === 429) {
      const nowMs = options.clock.now().getTime();
      const daily =
        response.headers.get('x-ratelimit-type')?.toLowerCase() === 'daily-limit' ||
        /daily/i.test(zoomErrorMessage(body));
      if (daily) {
        // Zoom's daily counter resets at 00:00 UTC; its Retry-After, when sent, says the same.
        const waitMs =
          parseRetryAfter(response.headers.get('retry-after'), nowMs) ?? msToUtcMidnight(nowMs);
        return new ProviderDailyQuotaError(Math.ceil(waitMs / 1000));
      }
      const waitMs = parseRetryAfter(response.headers.get('retry-after'), nowMs);
      if (waitMs !== undefined && Date.now() + waitMs > context.deadlineAt) {
        return new ProviderRateLimitedError(Math.ceil(waitMs / 1000));
      }
      return new ZoomQpsLimitedError(waitMs);
    }
    if (status >= 500) {
      return send.creates
        ? new HostOutcomeUnknownError(`Zoom answered ${status} to a create.`)
        : new ZoomTransientError(`Zoom answered ${status}.`);
    }
    if (status === 400 && code === ALTERNATIVE_HOST_REFUSED) {
      return new AlternativeHostsRefusedError(refusedAlternativeHosts(zoomErrorMessage(body)));
    }
    // Other 4xx (validation, 3000/3003/3161...): our request or the account, not a blip.
    return new ProviderUnavailableError(
      `Zoom refused the request (${status}${code === undefined ? '' : `, code ${code}`}).`,
    );
  }

  async function request(method: string, path: string, send: SendOptions, signal?: AbortSignal) {
    return caller.run((context) => attemptOnce(method, path, send, context), signal);
  }

  const userPath = (zoomUserId: string) => `/users/${encodeURIComponent(zoomUserId)}`;
  const meetingPath = (meetingId: string) => {
    if (!/^\d{1,20}$/.test(meetingId)) throw new HostMeetingMissingError();
    return `/meetings/${meetingId}`;
  };

  return {
    async getHostSettings(accessToken, zoomUserId) {
      const [general, security] = await Promise.all([
        request('GET', `${userPath(zoomUserId)}/settings`, { token: accessToken }),
        request('GET', `${userPath(zoomUserId)}/settings`, {
          token: accessToken,
          query: { option: 'meeting_security' },
        }),
      ]);
      return toHostSettings(general.body as UserSettings, security.body as UserSettings);
    },

    async createMeeting(accessToken, zoomUserId, meeting) {
      const written = toRequestBody(meeting);
      const body: CreateMeetingBody & { settings?: { custom_keys?: ZoomCustomKey[] } } = {
        ...written,
        type: 2,
      };
      if (meeting.reconciliationMarker !== undefined) {
        // Zoom's GET answer and PATCH body list `settings.custom_keys`; the repo's copy of the
        // spec omits it from the create body, Zoom's current reference has it (see the README).
        body.settings = {
          ...written.settings,
          custom_keys: [{ key: RECONCILIATION_KEY, value: meeting.reconciliationMarker }],
        };
      }
      const answer = await request('POST', `${userPath(zoomUserId)}/meetings`, {
        token: accessToken,
        body,
        creates: true,
      });
      return toDetails(answer.body as CreatedMeeting);
    },

    async getMeeting(accessToken, meetingId) {
      const answer = await request('GET', meetingPath(meetingId), {
        token: accessToken,
        meetingPath: true,
      });
      const meeting = answer.body as FetchedMeeting;
      if (typeof meeting.start_url !== 'string') {
        throw new ProviderUnavailableError('Zoom sent no start URL.');
      }
      return { ...toDetails(meeting), startUrl: meeting.start_url };
    },

    async listOccurrences(accessToken, meetingId, signal) {
      const answer = await request(
        'GET',
        meetingPath(meetingId),
        { token: accessToken, meetingPath: true },
        signal,
      );
      return toOccurrences(answer.body as FetchedMeeting);
    },

    async getConcurrentMeetingLimit(accessToken, zoomUserId) {
      const answer = await request('GET', `${userPath(zoomUserId)}/settings`, {
        token: accessToken,
      });
      const settings = answer.body as UserSettings;
      const feature = 'feature' in settings ? settings.feature : undefined;
      return concurrentMeetingLimit(feature?.concurrent_meeting);
    },

    async updateMeeting(accessToken, meetingId, patch) {
      const body: UpdateMeetingBody = toRequestBody(patch);
      await request('PATCH', meetingPath(meetingId), {
        token: accessToken,
        body,
        meetingPath: true,
      });
    },

    async deleteMeeting(accessToken, meetingId) {
      await request('DELETE', meetingPath(meetingId), { token: accessToken, meetingPath: true });
    },

    async listMeetings(accessToken, zoomUserId, { type, signal }) {
      const found: HostedMeetingSummary[] = [];
      let pageToken = '';
      for (let page = 0; page < MAX_PAGES; page++) {
        const query: ListQuery = { type, page_size: PAGE_SIZE };
        if (pageToken) query.next_page_token = pageToken;
        const answer = await request(
          'GET',
          `${userPath(zoomUserId)}/meetings`,
          { token: accessToken, query: stringQuery(query) },
          signal,
        );
        const list = answer.body as MeetingList;
        if (!Array.isArray(list.meetings)) {
          throw new ProviderUnavailableError('Zoom sent an unexpected meeting list.');
        }
        for (const meeting of list.meetings) {
          const summary = toSummary(meeting);
          if (summary) found.push(summary);
        }
        pageToken = list.next_page_token ?? '';
        if (!pageToken) return found;
      }
      return found;
    },
  };
}

function stringQuery(query: ListQuery): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
}

/** Zoom takes `yyyy-MM-ddTHH:mm:ssZ` (UTC, no milliseconds). */
export function formatZoomTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The custom key (`settings.custom_keys`: shown in Zoom's reports, not in the meeting's
 * description) that carries the lost-create marker.
 */
const RECONCILIATION_KEY = 'ats_zoom_operation';

interface ZoomCustomKey {
  key: string;
  value: string;
}

function reconciliationMarkerOf(meeting: CreatedMeeting | FetchedMeeting): string | null {
  const keys: { key?: string; value?: string }[] = meeting.settings?.custom_keys ?? [];
  const found = keys.find((entry) => entry.key === RECONCILIATION_KEY);
  return typeof found?.value === 'string' ? found.value : null;
}

/**
 * Zoom refusing an alternative host (not in the host's account, not licensed, or a Basic host).
 * Not in Zoom's published references: public integrations and forum reports show code 1114 with
 * the refused value in single quotes ("Unable to assign 'a@b.example' as an alternative host").
 */
const ALTERNATIVE_HOST_REFUSED = 1114;

/** The e-mails a 1114 message names in quotes; none when it names none. */
function refusedAlternativeHosts(message: string): string[] {
  return [...message.matchAll(/'([^'\s]+@[^'\s]+)'/g)].map((match) =>
    (match[1] ?? '').toLowerCase(),
  );
}

function toRequestBody(meeting: Partial<HostedMeetingRequest>): MeetingWriteBody {
  const body: MeetingWriteBody = {};
  if (meeting.topic !== undefined) body.topic = meeting.topic;
  if (meeting.startTime !== undefined) body.start_time = formatZoomTime(meeting.startTime);
  if (meeting.durationMinutes !== undefined) body.duration = meeting.durationMinutes;
  if (meeting.timezone !== undefined) body.timezone = meeting.timezone;
  if (meeting.agenda !== undefined) body.agenda = meeting.agenda;
  if (meeting.password !== undefined) body.password = meeting.password;
  if (meeting.joinBeforeHost !== undefined || meeting.waitingRoom !== undefined) {
    body.settings = {};
    if (meeting.joinBeforeHost !== undefined) {
      body.settings.join_before_host = meeting.joinBeforeHost;
      // 0 = any time before the host: the point of the option for hosts who do not attend.
      if (meeting.joinBeforeHost) body.settings.jbh_time = 0;
    }
    if (meeting.waitingRoom !== undefined) body.settings.waiting_room = meeting.waitingRoom;
  }
  if (meeting.alternativeHosts !== undefined) {
    // Zoom's format: one string, ";"-separated; "" removes them all.
    body.settings = { ...body.settings, alternative_hosts: meeting.alternativeHosts.join(';') };
  }
  return body;
}

function toDetails(meeting: CreatedMeeting | FetchedMeeting): HostedMeetingDetails {
  const startTime = meeting.start_time ? new Date(meeting.start_time) : undefined;
  if (
    typeof meeting.id !== 'number' ||
    typeof meeting.join_url !== 'string' ||
    !startTime ||
    Number.isNaN(startTime.getTime())
  ) {
    throw new ProviderUnavailableError('Zoom sent an unexpected meeting.');
  }
  const passcode =
    typeof meeting.password === 'string' && meeting.password !== '' ? meeting.password : null;
  return {
    id: String(meeting.id),
    hostId: 'host_id' in meeting && typeof meeting.host_id === 'string' ? meeting.host_id : '',
    topic: meeting.topic ?? '',
    startTime,
    durationMinutes: meeting.duration ?? 0,
    timezone: meeting.timezone ?? 'UTC',
    agenda: meeting.agenda ?? '',
    reconciliationMarker: reconciliationMarkerOf(meeting),
    joinUrl: meeting.join_url,
    // Zoom omits `password` (or sends "") when the meeting has none.
    hasPasscode: passcode !== null,
    passcode,
    joinBeforeHost: meeting.settings?.join_before_host ?? false,
    waitingRoom: meeting.settings?.waiting_room ?? false,
    alternativeHosts: (meeting.settings?.alternative_hosts ?? '')
      .split(/[;,]/)
      .map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== ''),
  };
}

/**
 * Zoom's Concurrent Meeting plans (`feature.concurrent_meeting` of the user's settings; support
 * article 206122046): `Basic` lets a licensed user host 2 meetings at once, `Plus` up to 20;
 * `None`, absent, or anything else: one at a time.
 */
export function concurrentMeetingLimit(plan: string | undefined): number {
  if (plan === 'Basic') return 2;
  if (plan === 'Plus') return 20;
  return 1;
}

/**
 * A series' occurrences (Zoom lists only those not yet ended unless asked; deleted ones do not
 * take place), or a single meeting's own time.
 */
function toOccurrences(meeting: FetchedMeeting): { start: Date; end: Date }[] {
  const span = (start: string | undefined, minutes: number | undefined) => {
    const startTime = start ? new Date(start) : undefined;
    if (!startTime || Number.isNaN(startTime.getTime())) return [];
    return [{ start: startTime, end: new Date(startTime.getTime() + (minutes ?? 0) * 60_000) }];
  };
  if (Array.isArray(meeting.occurrences)) {
    return meeting.occurrences
      .filter((occurrence) => occurrence.status !== 'deleted')
      .flatMap((occurrence) =>
        span(occurrence.start_time, occurrence.duration ?? meeting.duration),
      );
  }
  return span(meeting.start_time, meeting.duration);
}

/**
 * A listed meeting; none for a meeting with no fixed time (type 3: no `start_time`). A series
 * with fixed times (type 8) is kept even without a listed start: its occurrences are read.
 */
function toSummary(
  meeting: NonNullable<MeetingList['meetings']>[number],
): HostedMeetingSummary | undefined {
  if (typeof meeting.id !== 'number') return undefined;
  const listed = meeting.start_time ? new Date(meeting.start_time) : undefined;
  const startTime = listed && !Number.isNaN(listed.getTime()) ? listed : undefined;
  const createdAt = meeting.created_at ? new Date(meeting.created_at) : null;
  const common = {
    id: String(meeting.id),
    topic: meeting.topic ?? '',
    createdAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : null,
    durationMinutes: meeting.duration ?? 0,
    agenda: meeting.agenda ?? '',
  };
  if (meeting.type === 8) return { ...common, recurring: true, startTime: startTime ?? null };
  return startTime ? { ...common, recurring: false, startTime } : undefined;
}

function toHostSettings(general: UserSettings, security: UserSettings): HostMeetingSettings {
  const schedule = 'schedule_meeting' in general ? general.schedule_meeting : undefined;
  const inMeeting = 'in_meeting' in general ? general.in_meeting : undefined;
  const guard = 'meeting_security' in security ? security.meeting_security : undefined;
  if (!schedule || !guard) throw new ProviderUnavailableError('Zoom sent unexpected settings.');
  const requirement = schedule.meeting_password_requirement ?? guard.meeting_password_requirement;
  return {
    // `meeting_password` under meeting_security is on when every new meeting gets a passcode
    // whatever the request says: the admin turned it on and locked it, or a personal account.
    passcodeForced: guard.meeting_password === true,
    passcodeRequiredByDefault: schedule.require_password_for_scheduling_new_meetings === true,
    embedPasscodeInJoinLink:
      schedule.embed_password_in_join_link ?? guard.embed_password_in_join_link ?? false,
    waitingRoomByDefault: inMeeting?.waiting_room ?? guard.waiting_room ?? false,
    passcodeRequirement: {
      length: requirement?.length ?? 0,
      haveLetter: requirement?.have_letter ?? false,
      haveNumber: requirement?.have_number ?? false,
      haveSpecialCharacter: requirement?.have_special_character ?? false,
      haveUpperAndLowerCharacters: requirement?.have_upper_and_lower_characters ?? false,
      onlyAllowNumeric: requirement?.only_allow_numeric ?? false,
      consecutiveCharactersLength: requirement?.consecutive_characters_length ?? 0,
    },
  };
}

/** Zoom's error bodies are JSON `{code, message}`, but some 400s come back as XML. */
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function zoomErrorCode(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || !('code' in body)) return undefined;
  return typeof body.code === 'number' ? body.code : undefined;
}

function zoomErrorMessage(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('message' in body)) return '';
  return typeof body.message === 'string' ? body.message : '';
}

function msToUtcMidnight(nowMs: number): number {
  const now = new Date(nowMs);
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - nowMs;
}

const neverSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * A fetch that threw: the caller gave up (not Zoom's fault), the connection was never made
 * (safe to repeat), or the request may have arrived (a create's outcome is then unknown).
 * Never carries the request, which holds the bearer token.
 */
function transportError(error: unknown, signal: AbortSignal, creates: boolean): DomainError {
  if (error instanceof DomainError) return error;
  const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
  if (signal.aborted && !timedOut) return new ProviderUnavailableError('The call was abandoned.');
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const neverSent = typeof cause?.code === 'string' && neverSentCodes.has(cause.code);
  const what = timedOut ? 'Zoom did not answer in time.' : 'Zoom could not be reached.';
  if (creates && !neverSent) return new HostOutcomeUnknownError(what);
  return new ZoomTransientError(what);
}
