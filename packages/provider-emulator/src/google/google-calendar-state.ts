import { randomBytes } from 'node:crypto';
import { badRequest, GoogleApiError, notFound } from './google-errors';
import { type EventsListQuery, encodePageToken } from './google-events-list';
import {
  formatInZone,
  formatUtcMillis,
  isValidTimeZone,
  parseDate,
  parseLocalDateTime,
  parseRfc3339,
} from './google-time';
import type { GoogleEvent, GoogleEventAttendee, GoogleUser } from './google-types';

/** Every seeded calendar is set to Tokyo time; responses render dateTime in it (research §6). */
export const CALENDAR_TIME_ZONE = 'Asia/Tokyo';

interface EventTime {
  ms: number;
  date?: string;
  timeZone?: string;
}

interface EventRecord {
  calendar: string;
  id: string;
  status: GoogleEvent['status'];
  start: EventTime;
  end: EventTime;
  created: number;
  updated: number;
  sequence: number;
  revision: number;
  /** Optional writable fields, stored as the client sent them. */
  fields: Partial<
    Pick<
      GoogleEvent,
      | 'summary'
      | 'description'
      | 'location'
      | 'colorId'
      | 'transparency'
      | 'visibility'
      | 'guestsCanInviteOthers'
      | 'guestsCanModify'
      | 'guestsCanSeeOtherGuests'
      | 'anyoneCanAddSelf'
      | 'extendedProperties'
      | 'source'
      | 'attendees'
    >
  >;
  reminders: GoogleEvent['reminders'];
}

const ID_PATTERN = /^[a-v0-9]{5,1024}$/;
const RESPONSE_STATUSES = ['needsAction', 'declined', 'tentative', 'accepted'] as const;
const STRING_FIELDS = ['summary', 'description', 'location', 'colorId'] as const;
const BOOLEAN_FIELDS = [
  'guestsCanInviteOthers',
  'guestsCanModify',
  'guestsCanSeeOtherGuests',
  'anyoneCanAddSelf',
] as const;
const ENUM_FIELDS = {
  transparency: ['opaque', 'transparent'],
  visibility: ['default', 'public', 'private', 'confidential'],
} as const;
const STATUSES = ['confirmed', 'tentative', 'cancelled'] as const;

type Body = Record<string, unknown>;
const isObject = (v: unknown): v is Body =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const invalidField = (name: string) => badRequest('invalid', `Invalid value for: ${name}`);

function parseEventTime(value: unknown, which: 'start' | 'end'): EventTime {
  if (!isObject(value) || (value.dateTime === undefined && value.date === undefined)) {
    throw badRequest('required', `Missing ${which} time.`);
  }
  const { dateTime, date, timeZone } = value;
  if (timeZone !== undefined && (typeof timeZone !== 'string' || !isValidTimeZone(timeZone))) {
    throw badRequest('invalid', `Invalid time zone definition for ${which} time.`);
  }
  const zone = typeof timeZone === 'string' ? timeZone : undefined;
  if (dateTime !== undefined && dateTime !== null) {
    if (typeof dateTime !== 'string') throw badRequest('invalid', `Invalid ${which} time.`);
    const withOffset = parseRfc3339(dateTime);
    if (withOffset !== undefined) return { ms: withOffset, timeZone: zone };
    if (!zone) {
      if (parseLocalDateTime(dateTime, 'UTC') !== undefined) {
        throw badRequest('required', `Missing time zone definition for ${which} time.`);
      }
      throw badRequest('invalid', `Invalid ${which} time.`);
    }
    const local = parseLocalDateTime(dateTime, zone);
    if (local === undefined) throw badRequest('invalid', `Invalid ${which} time.`);
    return { ms: local, timeZone: zone };
  }
  const day = typeof date === 'string' ? parseDate(date, zone ?? CALENDAR_TIME_ZONE) : undefined;
  if (day === undefined || typeof date !== 'string')
    throw badRequest('invalid', `Invalid ${which} time.`);
  return { ms: day, date, timeZone: zone };
}

function parseAttendees(value: unknown, owner: string): GoogleEventAttendee[] {
  if (!Array.isArray(value)) throw invalidField('attendees');
  return value.map((entry) => {
    if (!isObject(entry)) throw invalidField('attendees');
    if (typeof entry.email !== 'string' || entry.email === '') {
      throw badRequest('required', 'Missing attendee email.');
    }
    const status = entry.responseStatus ?? 'needsAction';
    if (!RESPONSE_STATUSES.includes(status as GoogleEventAttendee['responseStatus'])) {
      throw invalidField('attendees.responseStatus');
    }
    const attendee: GoogleEventAttendee = {
      email: entry.email,
      responseStatus: status as GoogleEventAttendee['responseStatus'],
    };
    if (typeof entry.displayName === 'string') attendee.displayName = entry.displayName;
    if (entry.optional === true) attendee.optional = true;
    if (typeof entry.comment === 'string') attendee.comment = entry.comment;
    if (typeof entry.additionalGuests === 'number')
      attendee.additionalGuests = entry.additionalGuests;
    if (entry.email.toLowerCase() === owner) {
      attendee.organizer = true;
      attendee.self = true;
    }
    return attendee;
  });
}

function parseReminders(value: unknown): GoogleEvent['reminders'] {
  if (!isObject(value) || typeof value.useDefault !== 'boolean') throw invalidField('reminders');
  const overrides = value.overrides;
  if (overrides === undefined || overrides === null) return { useDefault: value.useDefault };
  if (!Array.isArray(overrides) || overrides.length > 5) throw invalidField('reminders.overrides');
  if (value.useDefault) {
    throw badRequest(
      'cannotUseDefaultRemindersAndSpecifyOverride',
      'Cannot specify both default reminders and overrides at the same time.',
      'calendar',
    );
  }
  return {
    useDefault: false,
    overrides: overrides.map((o) => {
      if (!isObject(o) || (o.method !== 'email' && o.method !== 'popup')) {
        throw invalidField('reminders.overrides.method');
      }
      if (typeof o.minutes !== 'number' || o.minutes < 0 || o.minutes > 40320) {
        throw invalidField('reminders.overrides.minutes');
      }
      return { method: o.method, minutes: o.minutes };
    }),
  };
}

function parseStringMap(value: unknown, name: string): Record<string, string> {
  if (!isObject(value)) throw invalidField(name);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    // XP: keys over 44 chars are dropped and values over 1024 truncated, silently.
    if (key.length > 44 || v === null) continue;
    if (typeof v !== 'string') throw invalidField(name);
    out[key] = v.slice(0, 1024);
  }
  return out;
}

/** The `Events` resource `events.list` answers. */
export interface GoogleEventsPage {
  kind: 'calendar#events';
  etag: string;
  summary: string;
  updated: string;
  timeZone: string;
  accessRole: 'owner';
  defaultReminders: { method: 'popup' | 'email'; minutes: number }[];
  nextPageToken?: string;
  items: GoogleEvent[];
}

export interface WriteOutcome {
  event: GoogleEvent;
  /** Attendees (other than the organizer) Google would e-mail for this write. */
  notified: number;
}

/** All calendars and their events; the primary calendar of each user is keyed by e-mail. */
export class GoogleCalendarState {
  private readonly calendars = new Map<string, Map<string, EventRecord>>();
  readonly counters = {
    eventsInserted: 0,
    eventsPatched: 0,
    eventsDeleted: 0,
    freeBusyQueries: 0,
    notificationsSent: 0,
  };

  constructor(
    readonly users: GoogleUser[],
    private readonly now: () => number,
  ) {
    for (const user of users) this.calendars.set(user.email, new Map());
  }

  /** The calendar's events, cancelled ones included. */
  eventsOf(calendar: string): GoogleEvent[] {
    return [...(this.calendars.get(calendar)?.values() ?? [])]
      .sort((a, b) => a.start.ms - b.start.ms)
      .map((r) => this.render(r));
  }

  insert(calendar: string, body: Body, sendUpdates?: string): WriteOutcome {
    const events = this.calendarOf(calendar);
    const id = body.id === undefined ? randomBytes(16).toString('hex') : body.id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      throw badRequest('invalid', 'Invalid resource id value.');
    }
    // Deleted events keep their id (research §2): a cancelled record still blocks it.
    if (events.has(id)) {
      throw new GoogleApiError(409, 'duplicate', 'The requested identifier already exists.');
    }
    const nowMs = this.now();
    const record: EventRecord = {
      calendar,
      id,
      status: 'confirmed',
      start: parseEventTime(body.start, 'start'),
      end: parseEventTime(body.end, 'end'),
      created: nowMs,
      updated: nowMs,
      sequence: 0,
      revision: 1,
      fields: {},
      reminders: { useDefault: true },
    };
    this.applyFields(record, body);
    this.checkTimes(record);
    events.set(id, record);
    this.counters.eventsInserted++;
    return this.written(record, sendUpdates);
  }

  get(calendar: string, eventId: string): GoogleEvent {
    return this.render(this.recordOf(calendar, eventId));
  }

  patch(calendar: string, eventId: string, body: Body, sendUpdates?: string): WriteOutcome {
    const current = this.recordOf(calendar, eventId);
    const next: EventRecord = structuredClone(current);
    if (body.start !== undefined) next.start = parseEventTime(body.start, 'start');
    if (body.end !== undefined) next.end = parseEventTime(body.end, 'end');
    this.applyFields(next, body);
    this.checkTimes(next);
    const moved =
      next.start.ms !== current.start.ms ||
      next.end.ms !== current.end.ms ||
      next.fields.location !== current.fields.location;
    next.sequence += moved ? 1 : 0;
    next.revision++;
    next.updated = this.now();
    this.calendarOf(calendar).set(eventId, next);
    this.counters.eventsPatched++;
    return this.written(next, sendUpdates);
  }

  delete(calendar: string, eventId: string, sendUpdates?: string): number {
    const record = this.recordOf(calendar, eventId);
    if (record.status === 'cancelled') {
      throw new GoogleApiError(410, 'deleted', 'Resource has been deleted');
    }
    record.status = 'cancelled';
    record.updated = this.now();
    record.revision++;
    this.counters.eventsDeleted++;
    return this.notify(record, sendUpdates);
  }

  /** `events.list`: one page of the calendar's events matching the query. */
  list(calendar: string, query: EventsListQuery): GoogleEventsPage {
    const records = [...this.calendarOf(calendar).values()];
    const matching = records
      .filter((r) => this.matches(r, query))
      .sort((a, b) =>
        query.orderBy === 'updated'
          ? a.updated - b.updated || a.created - b.created
          : a.start.ms - b.start.ms || a.created - b.created,
      );
    const end = query.offset + query.maxResults;
    const updated = Math.max(0, ...records.map((r) => r.updated));
    return {
      kind: 'calendar#events',
      etag: `"${updated}"`,
      summary: calendar,
      updated: formatUtcMillis(updated || this.now()),
      timeZone: CALENDAR_TIME_ZONE,
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      ...(end < matching.length ? { nextPageToken: encodePageToken(end) } : {}),
      items: matching
        .slice(query.offset, end)
        .map((r) => this.render(r, query.timeZone ?? CALENDAR_TIME_ZONE)),
    };
  }

  private matches(record: EventRecord, query: EventsListQuery): boolean {
    const recentlyChanged = query.updatedMin !== undefined && record.updated >= query.updatedMin;
    if (query.updatedMin !== undefined && !recentlyChanged) return false;
    // Deleted events show with showDeleted, or when updatedMin asks for changes since.
    if (record.status === 'cancelled' && !query.showDeleted && !recentlyChanged) return false;
    if (query.timeMin !== undefined && record.end.ms <= query.timeMin) return false;
    if (query.timeMax !== undefined && record.start.ms >= query.timeMax) return false;
    if (query.iCalUID !== undefined && `${record.id}@google.com` !== query.iCalUID) return false;
    const { fields } = record;
    const has = (map: Record<string, string> | undefined, [key, value]: [string, string]) =>
      map?.[key] === value;
    if (!query.privateProperties.every((p) => has(fields.extendedProperties?.private, p))) {
      return false;
    }
    if (!query.sharedProperties.every((p) => has(fields.extendedProperties?.shared, p))) {
      return false;
    }
    if (query.q) {
      const text = [
        fields.summary,
        fields.description,
        fields.location,
        ...(fields.attendees ?? []).flatMap((a) => [a.email, a.displayName]),
      ]
        .filter(Boolean)
        .join(' ')
        .toLowerCase();
      if (!query.q.every((word) => text.includes(word))) return false;
    }
    return true;
  }

  /** Busy periods of live, opaque events overlapping [from, to), clipped and merged. */
  busy(calendar: string, from: number, to: number): { start: number; end: number }[] {
    const periods = [...this.calendarOf(calendar).values()]
      .filter(
        (r) =>
          r.status !== 'cancelled' &&
          r.fields.transparency !== 'transparent' &&
          r.start.ms < to &&
          r.end.ms > from,
      )
      .map((r) => ({ start: Math.max(r.start.ms, from), end: Math.min(r.end.ms, to) }))
      .sort((a, b) => a.start - b.start);
    const merged: { start: number; end: number }[] = [];
    for (const period of periods) {
      const last = merged.at(-1);
      if (last && period.start <= last.end) last.end = Math.max(last.end, period.end);
      else merged.push({ ...period });
    }
    return merged;
  }

  private calendarOf(calendar: string): Map<string, EventRecord> {
    const events = this.calendars.get(calendar);
    if (!events) throw notFound();
    return events;
  }

  private recordOf(calendar: string, eventId: string): EventRecord {
    const record = this.calendarOf(calendar).get(eventId);
    if (!record) throw notFound();
    return record;
  }

  private applyFields(record: EventRecord, body: Body): void {
    const { fields } = record;
    for (const name of STRING_FIELDS) {
      const value = body[name];
      if (value === null) delete fields[name];
      else if (typeof value === 'string') fields[name] = value;
      else if (value !== undefined) throw invalidField(name);
    }
    for (const name of BOOLEAN_FIELDS) {
      const value = body[name];
      if (value === null) delete fields[name];
      else if (typeof value === 'boolean') fields[name] = value;
      else if (value !== undefined) throw invalidField(name);
    }
    for (const [name, allowed] of Object.entries(ENUM_FIELDS) as [
      keyof typeof ENUM_FIELDS,
      readonly string[],
    ][]) {
      const value = body[name];
      if (value === null) delete fields[name];
      else if (typeof value === 'string' && allowed.includes(value)) {
        (fields as Record<string, string>)[name] = value;
      } else if (value !== undefined) throw invalidField(name);
    }
    if (body.status !== undefined) {
      if (!STATUSES.includes(body.status as GoogleEvent['status'])) throw invalidField('status');
      record.status = body.status as GoogleEvent['status'];
    }
    if (body.attendees === null) delete fields.attendees;
    else if (body.attendees !== undefined) {
      // A supplied array replaces the old one entirely (research §3).
      fields.attendees = parseAttendees(body.attendees, record.calendar);
    }
    if (body.reminders !== undefined) record.reminders = parseReminders(body.reminders);
    if (body.source === null) delete fields.source;
    else if (body.source !== undefined) {
      const source = body.source;
      if (!isObject(source) || typeof source.url !== 'string' || !/^https?:\/\//.test(source.url)) {
        throw invalidField('source.url');
      }
      fields.source = {
        url: source.url,
        ...(typeof source.title === 'string' ? { title: source.title } : {}),
      };
    }
    if (body.extendedProperties === null) delete fields.extendedProperties;
    else if (body.extendedProperties !== undefined) {
      const value = body.extendedProperties;
      if (!isObject(value)) throw invalidField('extendedProperties');
      // Patching sets or overwrites the keys sent; `null` removes one (XP).
      const merged = structuredClone(fields.extendedProperties ?? {});
      for (const kind of ['private', 'shared'] as const) {
        if (value[kind] === undefined) continue;
        const map = {
          ...(merged[kind] ?? {}),
          ...parseStringMap(value[kind], `extendedProperties.${kind}`),
        };
        for (const [key, v] of Object.entries(value[kind] as Body)) if (v === null) delete map[key];
        merged[kind] = map;
      }
      fields.extendedProperties = merged;
    }
  }

  private checkTimes(record: EventRecord): void {
    if ((record.start.date === undefined) !== (record.end.date === undefined)) {
      throw badRequest(
        'invalid',
        'Start and end times must either both be date or both be dateTime.',
      );
    }
    if (record.end.ms < record.start.ms) {
      throw badRequest('timeRangeEmpty', 'The specified time range is empty.', 'calendar');
    }
  }

  private written(record: EventRecord, sendUpdates?: string): WriteOutcome {
    return { event: this.render(record), notified: this.notify(record, sendUpdates) };
  }

  private notify(record: EventRecord, sendUpdates?: string): number {
    if (sendUpdates !== 'all' && sendUpdates !== 'externalOnly') return 0;
    const domain = record.calendar.split('@')[1];
    const guests = (record.fields.attendees ?? []).filter(
      (a) =>
        !a.organizer && (sendUpdates === 'all' || a.email.toLowerCase().split('@')[1] !== domain),
    );
    this.counters.notificationsSent += guests.length;
    return guests.length;
  }

  private render(record: EventRecord, zone = CALENDAR_TIME_ZONE): GoogleEvent {
    const time = (t: EventTime) =>
      t.date !== undefined
        ? { date: t.date }
        : {
            dateTime: formatInZone(t.ms, zone),
            ...(t.timeZone ? { timeZone: t.timeZone } : {}),
          };
    const eid = Buffer.from(`${record.id} ${record.calendar.replace(/@gmail\.com$/, '@m')}`)
      .toString('base64')
      .replace(/=+$/, '');
    const { attendees, ...fields } = structuredClone(record.fields);
    return {
      kind: 'calendar#event',
      etag: `"${record.updated}${String(record.revision).padStart(3, '0')}"`,
      id: record.id,
      status: record.status,
      htmlLink: `https://www.google.com/calendar/event?eid=${eid}`,
      created: formatUtcMillis(record.created),
      updated: formatUtcMillis(record.updated),
      ...fields,
      creator: { email: record.calendar, self: true },
      organizer: { email: record.calendar, self: true },
      start: time(record.start),
      end: time(record.end),
      iCalUID: `${record.id}@google.com`,
      sequence: record.sequence,
      ...(attendees ? { attendees } : {}),
      reminders: record.reminders,
    };
  }
}
