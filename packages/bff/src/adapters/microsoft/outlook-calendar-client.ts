import { createHash } from 'node:crypto';
import type { BusyPeriod, CalendarEventContent, CalendarEventSummary } from '../../core/ports';
import { sendBearerJson } from '../http/bearer-json';
import {
  createGraphCaller,
  type GraphResilienceOptions,
  GraphTransientError,
  parseGraphRetryAfter,
} from './graph-resilience';
import {
  OutlookAccessTokenRejectedError,
  OutlookCalendarError,
  OutlookEventGoneError,
} from './microsoft-errors';
import type { MailboxBusy, OutlookCalendarPort } from './microsoft-ports';

// The subset of Graph v1.0 the BFF sends and reads, named as in the Graph description
// (msgraph-calendar-v1.0.openapi.json); a test checks every request against it.

/** `microsoft.graph.dateTimeTimeZone`: wall time without offset, and its zone. */
export interface GraphDateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

/** The `microsoft.graph.event` fields of a create or patch body. */
export interface GraphEventWrite {
  transactionId?: string;
  subject: string;
  body: { contentType: 'text'; content: string };
  location: { displayName: string };
  start: GraphDateTimeTimeZone;
  end: GraphDateTimeTimeZone;
  attendees: {
    emailAddress: { address: string; name?: string };
    type: 'required';
  }[];
  /** False: otherwise Outlook adds its own Teams meeting next to (or over) the Zoom URL. */
  isOnlineMeeting: false;
}

/** The `microsoft.graph.event` fields the BFF reads back. */
export interface GraphEventRead {
  id?: string;
  isCancelled?: boolean | null;
  webLink?: string | null;
}

/**
 * The getSchedule action's body, with the parameter names of the Graph description
 * (PascalCase; Graph's own examples also use camelCase: the names are case-insensitive).
 */
export interface GraphGetScheduleRequest {
  Schedules: string[];
  StartTime: GraphDateTimeTimeZone;
  EndTime: GraphDateTimeTimeZone;
}

/** `scheduleInformation`, the part read. */
export interface GraphScheduleInformation {
  scheduleId?: string | null;
  scheduleItems?: {
    status?: string;
    start?: Partial<GraphDateTimeTimeZone>;
    end?: Partial<GraphDateTimeTimeZone>;
  }[];
  error?: { responseCode?: string | null } | null;
}

/** Graph takes at most 20 schedules per getSchedule call (research §4). */
export const GET_SCHEDULE_MAX = 20;

/**
 * Statuses that make a host look taken. Tentative counts: a host who tentatively accepted
 * something at that time is likely not free, and the badge is a hint, not a lock.
 */
const BUSY_STATUSES = new Set(['busy', 'oof', 'tentative']);

export interface OutlookCalendarClientOptions {
  /** e.g. `https://graph.microsoft.com/v1.0` (the emulator: its Graph base). */
  graphBaseUrl: string;
  fetch?: typeof fetch;
  resilience?: GraphResilienceOptions;
}

interface SendOptions {
  token: string;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** The path names one event: 404 `ErrorItemNotFound` means it is gone. */
  eventPath?: boolean;
  signal?: AbortSignal;
}

/**
 * Outlook calendar over Microsoft Graph v1.0: events on the user's default calendar and
 * getSchedule. Every call runs under the mailbox's 4-request concurrency limit and is repeated
 * on 429 (after `Retry-After`), 5xx and lost answers; errors never carry Graph's body or a token.
 */
export function createOutlookCalendarClient(
  options: OutlookCalendarClientOptions,
): OutlookCalendarPort {
  const doFetch = options.fetch ?? fetch;
  const base = options.graphBaseUrl.replace(/\/+$/, '');
  const caller = createGraphCaller(options.resilience);

  async function attempt(method: string, path: string, send: SendOptions, signal: AbortSignal) {
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await sendBearerJson(withHeaders(doFetch, send.headers), {
        method,
        url: `${base}${path}`,
        token: send.token,
        ...(send.query ? { query: send.query } : {}),
        ...(send.body === undefined ? {} : { body: send.body }),
        signal,
      }));
    } catch {
      if (send.signal?.aborted) {
        // The caller gave up (the host list's time limit): not Graph's failure, not repeated.
        throw new OutlookCalendarError('calendar_unavailable', 'The Outlook call was abandoned.');
      }
      throw new GraphTransientError(
        'calendar_unavailable',
        signal.aborted
          ? 'Microsoft Graph did not answer in time.'
          : 'Microsoft Graph could not be reached.',
      );
    }
    if (response.ok) return parseJson(text);
    throw answerError(response, errorCode(parseJson(text)), send);
  }

  function request(method: string, path: string, send: SendOptions): Promise<unknown> {
    // Keyed by a digest: the limiter must not keep tokens in memory longer than a call.
    return caller.run(
      mailboxKey(send.token),
      (signal) => attempt(method, path, send, signal),
      send.signal,
    );
  }

  const eventPath = (eventId: string) => `/me/events/${encodeURIComponent(eventId)}`;
  const select = { $select: 'id,isCancelled,webLink' };

  async function scheduleChunk(
    token: string,
    emails: string[],
    window: { timeMin: Date; timeMax: Date; timeZone: string },
    signal: AbortSignal | undefined,
  ): Promise<MailboxBusy[]> {
    const body: GraphGetScheduleRequest = {
      Schedules: emails,
      StartTime: graphDateTime(window.timeMin, window.timeZone),
      EndTime: graphDateTime(window.timeMax, window.timeZone),
    };
    const answer = (await request('POST', '/me/calendar/getSchedule', {
      token,
      body,
      // Times in the answer come back in UTC and are read as such.
      headers: { prefer: 'outlook.timezone="UTC"' },
      ...(signal ? { signal } : {}),
    })) as { value?: GraphScheduleInformation[] } | undefined;
    const byId = new Map<string, GraphScheduleInformation>();
    for (const info of answer?.value ?? []) {
      if (typeof info.scheduleId === 'string') byId.set(info.scheduleId.toLowerCase(), info);
    }
    return emails.map((email) => toMailboxBusy(email, byId.get(email.toLowerCase())));
  }

  return {
    async createEvent(accessToken, { transactionId, content }) {
      const body: GraphEventWrite = { transactionId, ...eventBody(content) };
      return toSummary(await request('POST', '/me/events', { token: accessToken, body }));
    },

    async getEvent(accessToken, eventId) {
      const answer = await request('GET', eventPath(eventId), {
        token: accessToken,
        query: select,
        eventPath: true,
      });
      return toSummary(answer);
    },

    async patchEvent(accessToken, eventId, { content }) {
      const answer = await request('PATCH', eventPath(eventId), {
        token: accessToken,
        body: eventBody(content),
        eventPath: true,
      });
      return toSummary(answer);
    },

    async deleteEvent(accessToken, eventId) {
      try {
        await request('DELETE', eventPath(eventId), { token: accessToken, eventPath: true });
      } catch (error) {
        // Already deleted (by us on an earlier try whose answer was lost, or by the user).
        if (!(error instanceof OutlookEventGoneError)) throw error;
      }
    },

    async busy(accessToken, { emails, timeMin, timeMax, timeZone = 'UTC', signal }) {
      const unique = [...new Map(emails.map((email) => [email.toLowerCase(), email])).values()];
      const chunks: string[][] = [];
      for (let i = 0; i < unique.length; i += GET_SCHEDULE_MAX) {
        chunks.push(unique.slice(i, i + GET_SCHEDULE_MAX));
      }
      const results = await Promise.all(
        chunks.map((chunk) =>
          scheduleChunk(accessToken, chunk, { timeMin, timeMax, timeZone }, signal),
        ),
      );
      const byEmail = new Map(results.flat().map((result) => [result.email.toLowerCase(), result]));
      return emails.map((email) => {
        const found = byEmail.get(email.toLowerCase());
        return found ? { ...found, email } : { email, status: 'unknown' };
      });
    },
  };
}

/** A fetch that adds `headers` to what `sendBearerJson` sets. */
function withHeaders(doFetch: typeof fetch, headers: Record<string, string> | undefined) {
  if (!headers) return doFetch;
  const wrapped: typeof fetch = (input, init) =>
    doFetch(input, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), ...headers },
    });
  return wrapped;
}

function mailboxKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function eventBody(content: CalendarEventContent): GraphEventWrite {
  // The description already names the Zoom URL as the core writes it; if not, it goes first.
  const text = content.description.includes(content.location)
    ? content.description
    : `${content.location}\n\n${content.description}`;
  return {
    subject: content.summary,
    body: { contentType: 'text', content: text },
    location: { displayName: content.location },
    start: graphDateTime(content.start, content.timeZone),
    end: graphDateTime(content.end, content.timeZone),
    attendees: content.attendees.map((attendee) => ({
      emailAddress: {
        address: attendee.email,
        ...(attendee.name === null ? {} : { name: attendee.name }),
      },
      type: 'required',
    })),
    isOnlineMeeting: false,
  };
}

const wallClock = new Map<string, Intl.DateTimeFormat>();

/** The instant as wall time in `timeZone` (`2030-01-20T10:00:00`), as Graph takes it. */
export function graphDateTime(instant: Date, timeZone: string): GraphDateTimeTimeZone {
  let format = wallClock.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClock.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    dateTime: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`,
    timeZone,
  };
}

function toMailboxBusy(email: string, info: GraphScheduleInformation | undefined): MailboxBusy {
  // No answer for it, or Graph could not read it (no mailbox, not shared...): unknown, not free.
  if (!info || info.error) return { email, status: 'unknown' };
  const busy: BusyPeriod[] = [];
  for (const item of info.scheduleItems ?? []) {
    if (!item.status || !BUSY_STATUSES.has(item.status)) continue;
    const start = utcInstant(item.start);
    const end = utcInstant(item.end);
    // A time in another zone means the Prefer header was not honoured: it cannot be read safely.
    if (!start || !end) return { email, status: 'unknown' };
    busy.push({ start, end });
  }
  return { email, status: 'known', busy };
}

function utcInstant(value: Partial<GraphDateTimeTimeZone> | undefined): Date | null {
  if (!value?.dateTime) return null;
  if (value.timeZone && !/^(UTC|Etc\/UTC|GMT)$/i.test(value.timeZone)) return null;
  const hasOffset = /(Z|[+-]\d\d:\d\d)$/i.test(value.dateTime);
  const date = new Date(hasOffset ? value.dateTime : `${value.dateTime}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function toSummary(answer: unknown): CalendarEventSummary {
  const event = (answer ?? {}) as GraphEventRead;
  if (typeof event.id !== 'string') {
    throw new OutlookCalendarError('calendar_unavailable', 'Graph sent an unexpected event.');
  }
  return {
    id: event.id,
    status: event.isCancelled === true ? 'cancelled' : 'confirmed',
    htmlLink: typeof event.webLink === 'string' ? event.webLink : null,
    // Outlook events carry no private properties from this adapter.
    privateProperties: {},
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `error.code` of Graph's error body, only when it looks like a code (never free text). */
function errorCode(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_.]{1,64}$/.test(code) ? code : undefined;
}

const FORBIDDEN_CODES = new Set(['ErrorAccessDenied', 'MailboxNotEnabledForRESTAPI']);

/** Graph's answer as the calendar step needs it (research §5 and §7). */
function answerError(response: Response, code: string | undefined, send: SendOptions): Error {
  const status = response.status;
  const named = code ? `${status}, ${code}` : `${status}`;
  if (status === 401) return new OutlookAccessTokenRejectedError();
  if (code && FORBIDDEN_CODES.has(code)) {
    return new OutlookCalendarError('calendar_forbidden', `Graph refused the calendar (${named}).`);
  }
  if (send.eventPath && status === 404) return new OutlookEventGoneError();
  if (status === 429) {
    return new GraphTransientError(
      'calendar_rate_limited',
      'Microsoft Graph is throttling this mailbox.',
      parseGraphRetryAfter(response.headers.get('retry-after'), Date.now()),
    );
  }
  if (code === 'ErrorQuotaExceeded') {
    return new OutlookCalendarError('calendar_quota_exceeded', 'The Outlook mailbox is full.');
  }
  if (status >= 500) {
    return new GraphTransientError(
      'calendar_unavailable',
      `Microsoft Graph answered ${status}.`,
      parseGraphRetryAfter(response.headers.get('retry-after'), Date.now()),
    );
  }
  if (status === 403 || status === 404) {
    return new OutlookCalendarError('calendar_forbidden', `Graph refused the calendar (${named}).`);
  }
  return new OutlookCalendarError('calendar_unavailable', `Graph refused the request (${named}).`);
}
