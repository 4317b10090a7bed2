import { badRequest, GoogleApiError } from './google-errors';
import { isValidTimeZone, parseRfc3339 } from './google-time';

/** `events.list` parameters the emulator honours (discovery document, Calendar v3). */
export interface EventsListQuery {
  /** Exclusive lower bound for an event's end. */
  timeMin?: number;
  /** Exclusive upper bound for an event's start. */
  timeMax?: number;
  /** Modified at or after this instant; deleted events since then come back too. */
  updatedMin?: number;
  singleEvents: boolean;
  orderBy?: 'startTime' | 'updated';
  showDeleted: boolean;
  /** 1..2500. @default 250 */
  maxResults: number;
  /** Index of the first event of the page (decoded from `pageToken`). */
  offset: number;
  /** Zone the `dateTime`s of the answer are written in. @default the calendar's */
  timeZone?: string;
  iCalUID?: string;
  /** Case-insensitive words that must all appear in summary, description, location or attendees. */
  q?: string[];
  privateProperties: [string, string][];
  sharedProperties: [string, string][];
}

export const DEFAULT_MAX_RESULTS = 250;
const MAX_RESULTS_CAP = 2500;

type Query = Record<string, unknown>;

const invalid = (name: string) => badRequest('invalid', `Invalid value for: ${name}`);

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(name);
  return value;
}

function repeated(query: Query, name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v) => typeof v === 'string')) throw invalid(name);
  return values as string[];
}

function bool(query: Query, name: string): boolean {
  const value = single(query, name);
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw invalid(name);
}

function instant(query: Query, name: string): number | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const ms = parseRfc3339(value);
  if (ms === undefined) throw invalid(name);
  return ms;
}

function properties(query: Query, name: string): [string, string][] {
  return repeated(query, name).map((constraint) => {
    const eq = constraint.indexOf('=');
    if (eq <= 0) throw invalid(name);
    return [constraint.slice(0, eq), constraint.slice(eq + 1)];
  });
}

/** Page tokens are opaque to clients; here they carry the offset of the next page. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodePageToken(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      offset?: unknown;
    };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the error below.
  }
  throw invalid('pageToken');
}

/** Reads and checks the query string of `GET calendars/{calendarId}/events`. */
export function parseEventsListQuery(query: Query): EventsListQuery {
  if (query.syncToken !== undefined) {
    // Incremental sync is not emulated; saying so beats answering as if it were.
    throw badRequest('invalid', 'The emulator does not support syncToken.');
  }
  const timeMin = instant(query, 'timeMin');
  const timeMax = instant(query, 'timeMax');
  if (timeMin !== undefined && timeMax !== undefined && timeMax <= timeMin) {
    throw badRequest('timeRangeEmpty', 'The specified time range is empty.', 'calendar');
  }
  const singleEvents = bool(query, 'singleEvents');
  const orderBy = single(query, 'orderBy');
  if (orderBy !== undefined && orderBy !== 'startTime' && orderBy !== 'updated') {
    throw invalid('orderBy');
  }
  if (orderBy === 'startTime' && !singleEvents) {
    throw new GoogleApiError(
      400,
      'badRequest',
      'The requested ordering is not available for the particular query.',
    );
  }
  const maxText = single(query, 'maxResults');
  const maxResults = maxText === undefined ? DEFAULT_MAX_RESULTS : Number(maxText);
  if (!/^\d+$/.test(maxText ?? '250') || maxResults < 1) throw invalid('maxResults');
  const timeZone = single(query, 'timeZone');
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
    throw badRequest('invalid', 'Invalid time zone definition.');
  }
  const q = single(query, 'q')?.toLowerCase().split(/\s+/).filter(Boolean);
  return {
    timeMin,
    timeMax,
    updatedMin: instant(query, 'updatedMin'),
    singleEvents,
    orderBy,
    showDeleted: bool(query, 'showDeleted'),
    // "The page size can never be larger than 2500 events."
    maxResults: Math.min(maxResults, MAX_RESULTS_CAP),
    offset: decodePageToken(single(query, 'pageToken')),
    timeZone,
    iCalUID: single(query, 'iCalUID'),
    q: q?.length ? q : undefined,
    privateProperties: properties(query, 'privateExtendedProperty'),
    sharedProperties: properties(query, 'sharedExtendedProperty'),
  };
}
