import { ConstantBackoff, handleWhen, retry } from 'cockatiel';
import type {
  BusyPeriod,
  CalendarEventContent,
  CalendarEventSummary,
  CalendarPort,
  CalendarSendUpdates,
} from '../../core/ports';
import {
  CalendarAccessTokenRejectedError,
  CalendarError,
  CalendarEventExistsError,
  CalendarEventGoneError,
  type CalendarProblemCode,
} from '../../core/shared/errors';
import { sendBearerJson } from '../http/bearer-json';

// The subset of Calendar API v3 the BFF sends and reads, named as in Google's discovery
// document (google-calendar-v3.discovery.json); a test checks every request against it.

/** `EventDateTime`: an instant with the zone the event is shown in. */
export interface GoogleEventDateTime {
  dateTime: string;
  timeZone: string;
}

/** `EventAttendee` as written: guests start undecided (research §2: accepted can hide it). */
export interface GoogleEventAttendeeWrite {
  email: string;
  displayName?: string;
  responseStatus: 'needsAction';
}

/** The `Event` fields of an insert or patch body. */
export interface GoogleEventWrite {
  id?: string;
  summary: string;
  description: string;
  location: string;
  start: GoogleEventDateTime;
  end: GoogleEventDateTime;
  attendees: GoogleEventAttendeeWrite[];
  reminders: { useDefault: true };
  extendedProperties: { private: Record<string, string> };
}

/** The `Event` fields the BFF reads back. */
export interface GoogleEventRead {
  id?: string;
  status?: string;
  htmlLink?: string;
  extendedProperties?: { private?: Record<string, string> };
}

/** Query parameters of `events.insert`, `events.patch` and `events.delete`. */
export interface GoogleEventWriteQuery {
  sendUpdates: CalendarSendUpdates;
}

/** `FreeBusyRequest`. */
export interface GoogleFreeBusyRequest {
  timeMin: string;
  timeMax: string;
  timeZone: string;
  items: { id: string }[];
}

/** `FreeBusyResponse`, the part read. */
export interface GoogleFreeBusyResponse {
  calendars?: Record<
    string,
    { busy?: { start?: string; end?: string }[]; errors?: { reason?: string }[] }
  >;
}

/** Limits on calls to Google Calendar. */
export interface GoogleCalendarResilienceOptions {
  /** One attempt's limit. @default 8_000 */
  attemptTimeoutMs?: number;
  /**
   * Wait before the one in-request retry of a 5xx, network error, timeout or rate limit; the
   * outbox retries later with backoff. @default 400
   */
  retryDelayMs?: number;
}

export interface GoogleCalendarClientOptions {
  /** e.g. `https://www.googleapis.com/calendar/v3` */
  apiBaseUrl: string;
  fetch?: typeof fetch;
  resilience?: GoogleCalendarResilienceOptions;
}

/** A failure a quick repeat may fix; leaves the adapter as its plain `CalendarError`. */
class GoogleTransientError extends CalendarError {}

interface SendOptions {
  token: string;
  query?: Record<string, string>;
  body?: unknown;
  /** The path names one event: 404 and 410 mean it is not there. */
  eventPath?: boolean;
  /** The call's own signal (freeBusy under the host list's time limit). */
  signal?: AbortSignal;
  /** Repeat a transient failure once. */
  retryOnce: boolean;
}

/**
 * Google Calendar v3 over fetch: events insert/get/patch/delete and freeBusy. Each attempt has
 * a time limit; a transient failure is repeated once (insert too: its client-chosen id turns a
 * repeat into `CalendarEventExistsError`, never a second event). Errors never carry the body.
 */
export function createGoogleCalendarClient(options: GoogleCalendarClientOptions): CalendarPort {
  const doFetch = options.fetch ?? fetch;
  const base = options.apiBaseUrl.replace(/\/+$/, '');
  const attemptTimeoutMs = options.resilience?.attemptTimeoutMs ?? 8_000;
  const retryOnce = retry(
    handleWhen((error) => error instanceof GoogleTransientError),
    {
      maxAttempts: 1,
      backoff: new ConstantBackoff(options.resilience?.retryDelayMs ?? 400),
    },
  );

  async function attempt(method: string, path: string, send: SendOptions): Promise<unknown> {
    const signals = [AbortSignal.timeout(attemptTimeoutMs)];
    if (send.signal) signals.push(send.signal);
    const signal = AbortSignal.any(signals);
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await sendBearerJson(doFetch, {
        method,
        url: `${base}${path}`,
        token: send.token,
        ...(send.query ? { query: send.query } : {}),
        ...(send.body === undefined ? {} : { body: send.body }),
        signal,
      }));
    } catch {
      const timedOut = !send.signal?.aborted && signal.aborted;
      throw new GoogleTransientError(
        'calendar_unavailable',
        timedOut
          ? 'Google Calendar did not answer in time.'
          : 'Google Calendar could not be reached.',
      );
    }
    if (response.ok) return parseJson(text);
    throw answerError(response.status, errorReason(parseJson(text)), send);
  }

  function request(method: string, path: string, send: SendOptions): Promise<unknown> {
    if (!send.retryOnce) return attempt(method, path, send);
    return retryOnce.execute(() => attempt(method, path, send), send.signal);
  }

  const eventsPath = (calendarId: string) => `/calendars/${encodeURIComponent(calendarId)}/events`;
  const eventPath = (calendarId: string, eventId: string) =>
    `${eventsPath(calendarId)}/${encodeURIComponent(eventId)}`;
  const writeQuery = (sendUpdates: CalendarSendUpdates): Record<string, string> => {
    const query: GoogleEventWriteQuery = { sendUpdates };
    return { ...query };
  };

  return {
    async insertEvent(accessToken, calendarId, { idempotencyKey, content, sendUpdates }) {
      // Google lets the client choose the event id: the key is the id, so a retry cannot duplicate.
      const id = idempotencyKey;
      const body: GoogleEventWrite = { id, ...eventBody(content) };
      const answer = await request('POST', eventsPath(calendarId), {
        token: accessToken,
        query: writeQuery(sendUpdates),
        body,
        retryOnce: true,
      });
      return toSummary(answer);
    },

    async getEvent(accessToken, calendarId, eventId) {
      const answer = await request('GET', eventPath(calendarId, eventId), {
        token: accessToken,
        eventPath: true,
        retryOnce: true,
      });
      return toSummary(answer);
    },

    async patchEvent(accessToken, calendarId, eventId, { content, sendUpdates }) {
      // No `status`: `confirmed` would bring back an event its organizer deleted (deleted
      // events keep their id at Google). A deleted event stays deleted and answers `cancelled`.
      const body: GoogleEventWrite = eventBody(content);
      const answer = await request('PATCH', eventPath(calendarId, eventId), {
        token: accessToken,
        query: writeQuery(sendUpdates),
        body,
        eventPath: true,
        retryOnce: true,
      });
      return toSummary(answer);
    },

    async deleteEvent(accessToken, calendarId, eventId, sendUpdates) {
      await request('DELETE', eventPath(calendarId, eventId), {
        token: accessToken,
        query: writeQuery(sendUpdates),
        eventPath: true,
        retryOnce: true,
      });
    },

    async freeBusy(accessToken, { calendarId, timeMin, timeMax, signal }) {
      const body: GoogleFreeBusyRequest = {
        timeMin: timeMin.toISOString(),
        timeMax: timeMax.toISOString(),
        timeZone: 'UTC',
        items: [{ id: calendarId }],
      };
      const answer = (await request('POST', '/freeBusy', {
        token: accessToken,
        body,
        retryOnce: false,
        ...(signal ? { signal } : {}),
      })) as GoogleFreeBusyResponse | undefined;
      const calendar = answer?.calendars?.[calendarId];
      if (!calendar || (calendar.errors?.length ?? 0) > 0) {
        // Per-calendar failures (notFound...) do not fail the call (research §4).
        throw new CalendarError('calendar_forbidden', 'Google gave no free/busy for it.');
      }
      return (calendar.busy ?? []).flatMap((period): BusyPeriod[] => {
        const start = new Date(period.start ?? '');
        const end = new Date(period.end ?? '');
        return Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) ? [] : [{ start, end }];
      });
    },
  };
}

function eventBody(content: CalendarEventContent): GoogleEventWrite {
  return {
    summary: content.summary,
    description: content.description,
    location: content.location,
    start: { dateTime: content.start.toISOString(), timeZone: content.timeZone },
    end: { dateTime: content.end.toISOString(), timeZone: content.timeZone },
    attendees: content.attendees.map((attendee) => ({
      email: attendee.email,
      ...(attendee.name === null ? {} : { displayName: attendee.name }),
      responseStatus: 'needsAction',
    })),
    reminders: { useDefault: true },
    extendedProperties: { private: { ...content.privateProperties } },
  };
}

function toSummary(answer: unknown): CalendarEventSummary {
  const event = (answer ?? {}) as GoogleEventRead;
  if (typeof event.id !== 'string') {
    throw new CalendarError('calendar_unavailable', 'Google sent an unexpected event.');
  }
  const status =
    event.status === 'cancelled' || event.status === 'tentative' ? event.status : 'confirmed';
  return {
    id: event.id,
    status,
    htmlLink: typeof event.htmlLink === 'string' ? event.htmlLink : null,
    privateProperties: { ...(event.extendedProperties?.private ?? {}) },
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

/** `error.errors[0].reason` of Google's error body (research §5). */
function errorReason(body: unknown): string | undefined {
  const errors = (body as { error?: { errors?: { reason?: unknown }[] } } | undefined)?.error
    ?.errors;
  const reason = Array.isArray(errors) ? errors[0]?.reason : undefined;
  return typeof reason === 'string' ? reason : undefined;
}

const rateLimitReasons = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

/** Research §5's table, as the calendar step needs it. */
function answerError(status: number, reason: string | undefined, send: SendOptions): Error {
  if (status === 401) return new CalendarAccessTokenRejectedError({ provider: 'google' });
  if (send.eventPath && (status === 404 || status === 410))
    return new CalendarEventGoneError(status);
  if (status === 409 && reason === 'duplicate') return new CalendarEventExistsError();
  if (status === 429 || (status === 403 && reason !== undefined && rateLimitReasons.has(reason))) {
    return new GoogleTransientError('calendar_rate_limited', 'Google Calendar is rate limiting.');
  }
  if (status === 403 && reason === 'quotaExceeded') {
    return new CalendarError(
      'calendar_quota_exceeded',
      'The Google Calendar usage limit is used up.',
    );
  }
  if (status >= 500) {
    return new GoogleTransientError('calendar_unavailable', `Google Calendar answered ${status}.`);
  }
  const code: CalendarProblemCode =
    status === 403 || status === 404 ? 'calendar_forbidden' : 'calendar_unavailable';
  return new CalendarError(
    code,
    `Google Calendar refused the request (${status}${reason ? `, ${reason}` : ''}).`,
  );
}
