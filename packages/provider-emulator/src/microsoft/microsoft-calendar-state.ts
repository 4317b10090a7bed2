import { randomBytes } from 'node:crypto';
import { GraphApiError, invalidParameter, invalidRequest, itemNotFound } from './microsoft-errors';
import {
  formatUtcStamp,
  formatWallTime,
  ianaZoneOf,
  parseIsoInstant,
  parseWallTime,
} from './microsoft-time';
import type {
  GraphAttendee,
  GraphEvent,
  GraphShowAs,
  MicrosoftTenant,
  MicrosoftUser,
} from './microsoft-types';

interface EventRecord {
  mailbox: string;
  id: string;
  iCalUId: string;
  transactionId: string | null;
  created: number;
  modified: number;
  version: number;
  deleted: boolean;
  start: number;
  end: number;
  startZone: string;
  endZone: string;
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  location: string;
  attendees: GraphAttendee[];
  isOnlineMeeting: boolean;
  showAs: GraphShowAs;
  importance: GraphEvent['importance'];
  sensitivity: GraphEvent['sensitivity'];
  categories: string[];
  isReminderOn: boolean;
}

const SHOW_AS: readonly GraphShowAs[] = [
  'free',
  'tentative',
  'busy',
  'oof',
  'workingElsewhere',
  'unknown',
];
const ATTENDEE_TYPES = ['required', 'optional', 'resource'] as const;
/** Digits of `availabilityView`: 0 free or working elsewhere, 1 tentative, 2 busy, 3 oof. */
const VIEW_DIGIT: Record<GraphShowAs, number> = {
  free: 0,
  workingElsewhere: 0,
  unknown: 0,
  tentative: 1,
  busy: 2,
  oof: 3,
};
const MAX_SCHEDULES = 20;
const MAX_WINDOW_MS = 62 * 24 * 60 * 60 * 1000;
const NEVER = '0001-01-01T00:00:00Z';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stripHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** A `dateTimeTimeZone` from a request body: its instant and the zone name as given. */
function readDateTime(value: unknown, field: string): { ms: number; zone: string } {
  if (!isObject(value)) {
    throw invalidRequest(`The property '${field}' must be a dateTimeTimeZone.`);
  }
  const zone = value.timeZone;
  const iana = ianaZoneOf(zone);
  if (!iana) {
    throw new GraphApiError(
      400,
      'TimeZoneNotSupportedException',
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${typeof zone === 'string' ? zone : ''}'.`,
    );
  }
  const ms = parseWallTime(value.dateTime, iana);
  if (ms === undefined) {
    throw new GraphApiError(
      400,
      'UnableToDeserializePostBody',
      `Cannot convert the literal '${String(value.dateTime)}' to the expected type 'Edm.DateTime'.`,
    );
  }
  return { ms, zone: zone as string };
}

function readAttendees(value: unknown): GraphAttendee[] {
  if (!Array.isArray(value)) throw invalidRequest("The property 'attendees' must be an array.");
  return value.map((entry) => {
    const email = isObject(entry) ? entry.emailAddress : undefined;
    const address = isObject(email) ? email.address : undefined;
    if (typeof address !== 'string' || !address.includes('@')) {
      throw invalidRequest('An attendee must have an emailAddress with an address.');
    }
    const type = isObject(entry) ? entry.type : undefined;
    const name = isObject(email) && typeof email.name === 'string' ? email.name : undefined;
    return {
      emailAddress: { address, ...(name !== undefined ? { name } : { name: address }) },
      type: ATTENDEE_TYPES.find((t) => t === type) ?? 'required',
      status: { response: 'none', time: NEVER },
    };
  });
}

/** Outlook calendars of the seeded mailboxes: events, transactionId dedupe, views, schedules. */
export class MicrosoftCalendarState {
  private readonly records = new Map<string, EventRecord>();
  /** `mailbox\ntransactionId` -> event id. */
  private readonly transactions = new Map<string, string>();
  readonly counters = {
    eventsCreated: 0,
    eventsDeduplicated: 0,
    eventsPatched: 0,
    eventsDeleted: 0,
    scheduleQueries: 0,
  };
  readonly createdByMailbox = new Map<string, number>();

  constructor(
    private readonly users: MicrosoftUser[],
    private readonly tenants: MicrosoftTenant[],
    private readonly now: () => number,
  ) {}

  /** POST /me/events: 201 with the event; a seen `transactionId` answers the existing one. */
  create(user: MicrosoftUser, body: unknown, fromApi = true): EventRecord {
    if (!isObject(body)) throw invalidRequest('The request body must be a JSON object.');
    const mailbox = user.mail.toLowerCase();
    const transactionId = typeof body.transactionId === 'string' ? body.transactionId : null;
    if (transactionId !== null) {
      const existing = this.records.get(
        this.transactions.get(`${mailbox}\n${transactionId}`) ?? '',
      );
      if (existing && !existing.deleted) {
        this.counters.eventsDeduplicated++;
        return existing;
      }
    }
    if (body.start === undefined || body.end === undefined) {
      throw invalidRequest(
        'Your request can’t be completed. The start and end of the event are required.',
      );
    }
    const start = readDateTime(body.start, 'start');
    const end = readDateTime(body.end, 'end');
    if (end.ms < start.ms) {
      throw invalidRequest(
        'Your request can’t be completed. The end time must be after the start time.',
      );
    }
    const now = this.now();
    const id = `AAMkAD${randomBytes(50).toString('base64').replace(/\//g, '-')}`;
    const record: EventRecord = {
      mailbox,
      id,
      iCalUId: `040000008200E00074C5B7101A82E008${randomBytes(28).toString('hex').toUpperCase()}`,
      transactionId,
      created: now,
      modified: now,
      version: 1,
      deleted: false,
      start: start.ms,
      end: end.ms,
      startZone: start.zone,
      endZone: end.zone,
      subject: '',
      body: { contentType: 'text', content: '' },
      location: '',
      attendees: [],
      isOnlineMeeting: false,
      showAs: 'busy',
      importance: 'normal',
      sensitivity: 'normal',
      categories: [],
      isReminderOn: true,
    };
    this.applyFields(record, body);
    this.records.set(id, record);
    if (transactionId !== null) this.transactions.set(`${mailbox}\n${transactionId}`, id);
    if (fromApi) {
      this.counters.eventsCreated++;
      this.createdByMailbox.set(mailbox, (this.createdByMailbox.get(mailbox) ?? 0) + 1);
    }
    return record;
  }

  get(user: MicrosoftUser, id: string): EventRecord {
    const record = this.records.get(id);
    if (!record || record.deleted || record.mailbox !== user.mail.toLowerCase()) {
      throw itemNotFound();
    }
    return record;
  }

  /** PATCH merges the given fields; start/end re-read with their zones. */
  patch(user: MicrosoftUser, id: string, body: unknown): EventRecord {
    const record = this.get(user, id);
    if (!isObject(body)) throw invalidRequest('The request body must be a JSON object.');
    const start = body.start === undefined ? undefined : readDateTime(body.start, 'start');
    const end = body.end === undefined ? undefined : readDateTime(body.end, 'end');
    if ((end?.ms ?? record.end) < (start?.ms ?? record.start)) {
      throw invalidRequest(
        'Your request can’t be completed. The end time must be after the start time.',
      );
    }
    this.applyFields(record, body);
    if (start) {
      record.start = start.ms;
      record.startZone = start.zone;
    }
    if (end) {
      record.end = end.ms;
      record.endZone = end.zone;
    }
    record.modified = this.now();
    record.version++;
    this.counters.eventsPatched++;
    return record;
  }

  delete(user: MicrosoftUser, id: string): void {
    const record = this.get(user, id);
    record.deleted = true;
    record.modified = this.now();
    this.counters.eventsDeleted++;
  }

  /** Live events of the mailbox overlapping [from, to), by start. */
  inWindow(mailbox: string, from: number, to: number): EventRecord[] {
    return this.eventsOf(mailbox).filter((r) => r.start < to && r.end > from);
  }

  eventsOf(mailbox: string): EventRecord[] {
    const key = mailbox.toLowerCase();
    return [...this.records.values()]
      .filter((r) => r.mailbox === key && !r.deleted)
      .sort((a, b) => a.start - b.start || a.created - b.created);
  }

  /** GET /me/calendarView's window, checked as Graph does. */
  calendarWindow(query: Record<string, unknown>): { from: number; to: number } {
    const from = parseIsoInstant(query.startDateTime);
    const to = parseIsoInstant(query.endDateTime);
    if (query.startDateTime === undefined || query.endDateTime === undefined) {
      throw invalidRequest(
        'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      );
    }
    if (from === undefined || to === undefined) {
      throw invalidParameter(
        'The value of the StartDateTime or EndDateTime parameter is not a valid date.',
      );
    }
    return { from, to };
  }

  /** POST /me/calendar/getSchedule for a caller; body fields in camelCase or PascalCase. */
  schedule(caller: MicrosoftUser, body: unknown, zone: { name: string; iana: string }) {
    if (!isObject(body)) throw invalidRequest('The request body must be a JSON object.');
    const lower = Object.fromEntries(
      Object.entries(body).map(([key, value]) => [key.toLowerCase(), value]),
    );
    const schedules = lower.schedules;
    if (!Array.isArray(schedules) || schedules.length === 0) {
      throw invalidRequest(
        "The parameter 'Schedules' is required and must list at least one address.",
      );
    }
    if (schedules.length > MAX_SCHEDULES) {
      throw invalidParameter(
        `The number of schedules requested (${schedules.length}) exceeds the limit of ${MAX_SCHEDULES}.`,
      );
    }
    if (lower.starttime === undefined || lower.endtime === undefined) {
      throw invalidRequest("The parameters 'StartTime' and 'EndTime' are required.");
    }
    const from = readDateTime(lower.starttime, 'StartTime').ms;
    const to = readDateTime(lower.endtime, 'EndTime').ms;
    if (to <= from) throw invalidParameter('EndTime must be after StartTime.');
    if (to - from >= MAX_WINDOW_MS) {
      throw invalidParameter('The requested time window exceeds the limit of 62 days.');
    }
    const interval = lower.availabilityviewinterval ?? 30;
    if (
      typeof interval !== 'number' ||
      !Number.isInteger(interval) ||
      interval < 5 ||
      interval > 1440
    ) {
      throw invalidParameter('AvailabilityViewInterval must be an integer from 5 to 1440.');
    }
    this.counters.scheduleQueries++;
    return schedules.map((entry) => {
      const scheduleId = String(entry);
      const owner = this.users.find((u) => u.mail.toLowerCase() === scheduleId.toLowerCase());
      if (!owner) {
        return {
          scheduleId,
          availabilityView: '',
          scheduleItems: [],
          error: {
            message: `The requested user '${scheduleId}' is invalid.`,
            responseCode: 'ErrorInvalidUser',
          },
        };
      }
      if (owner.tenant !== caller.tenant) {
        return {
          scheduleId,
          availabilityView: '',
          scheduleItems: [],
          error: {
            message: `No free/busy access to '${scheduleId}': the mailbox is in another organization.`,
            responseCode: 'ErrorNoFreeBusyAccess',
          },
        };
      }
      const items = this.inWindow(owner.mail, from, to).filter(
        (r) => r.showAs !== 'free' && r.showAs !== 'unknown',
      );
      const slots = Math.ceil((to - from) / (interval * 60_000));
      let view = '';
      for (let i = 0; i < slots; i++) {
        const slotStart = from + i * interval * 60_000;
        const slotEnd = Math.min(to, slotStart + interval * 60_000);
        const digit = Math.max(
          0,
          ...items
            .filter((r) => r.start < slotEnd && r.end > slotStart)
            .map((r) => VIEW_DIGIT[r.showAs]),
        );
        view += String(digit);
      }
      const tenant = this.tenants.find((t) => t.key === owner.tenant);
      return {
        scheduleId,
        availabilityView: view,
        scheduleItems: items.map((r) => ({
          isPrivate: r.sensitivity === 'private',
          status: r.showAs,
          subject: r.subject,
          location: r.location,
          start: { dateTime: formatWallTime(r.start, zone.iana), timeZone: zone.name },
          end: { dateTime: formatWallTime(r.end, zone.iana), timeZone: zone.name },
        })),
        workingHours: {
          daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
          startTime: '09:00:00.0000000',
          endTime: '18:00:00.0000000',
          timeZone: { name: tenant ? 'Tokyo Standard Time' : 'UTC' },
        },
      };
    });
  }

  /** The event as Graph answers it, times in `zone` (UTC unless `Prefer` asked for another). */
  render(record: EventRecord, zone: { name: string; iana: string }): GraphEvent {
    const organizer = this.users.find((u) => u.mail.toLowerCase() === record.mailbox);
    const text =
      record.body.contentType === 'html' ? stripHtml(record.body.content) : record.body.content;
    return {
      id: record.id,
      createdDateTime: formatUtcStamp(record.created),
      lastModifiedDateTime: formatUtcStamp(record.modified),
      changeKey: Buffer.from(`${record.id}:${record.version}`).toString('base64').slice(-24),
      categories: [...record.categories],
      transactionId: record.transactionId,
      originalStartTimeZone: record.startZone,
      originalEndTimeZone: record.endZone,
      iCalUId: record.iCalUId,
      reminderMinutesBeforeStart: 15,
      isReminderOn: record.isReminderOn,
      hasAttachments: false,
      subject: record.subject,
      bodyPreview: text.slice(0, 255),
      importance: record.importance,
      sensitivity: record.sensitivity,
      isAllDay: false,
      isCancelled: false,
      isOrganizer: true,
      responseRequested: true,
      showAs: record.showAs,
      type: 'singleInstance',
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(record.id)}&exvsurl=1&path=/calendar/item`,
      isOnlineMeeting: record.isOnlineMeeting,
      onlineMeetingProvider: record.isOnlineMeeting ? 'teamsForBusiness' : 'unknown',
      // The description types onlineMeeting as an object (not nullable): left out unless online.
      ...(record.isOnlineMeeting
        ? {
            onlineMeeting: {
              joinUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(record.id.slice(0, 24))}`,
            },
          }
        : {}),
      responseStatus: { response: 'organizer', time: NEVER },
      body: { ...record.body },
      start: { dateTime: formatWallTime(record.start, zone.iana), timeZone: zone.name },
      end: { dateTime: formatWallTime(record.end, zone.iana), timeZone: zone.name },
      location: { displayName: record.location, locationType: 'default', uniqueIdType: 'unknown' },
      attendees: record.attendees.map((a) => ({
        ...a,
        emailAddress: { ...a.emailAddress },
        status: { ...a.status },
      })),
      organizer: {
        emailAddress: { name: organizer?.displayName ?? record.mailbox, address: record.mailbox },
      },
    };
  }

  private applyFields(record: EventRecord, body: Record<string, unknown>): void {
    if (body.subject !== undefined) {
      if (typeof body.subject !== 'string')
        throw invalidRequest("The property 'subject' must be a string.");
      record.subject = body.subject;
    }
    if (body.body !== undefined) {
      const b = body.body;
      if (!isObject(b) || (b.content !== undefined && typeof b.content !== 'string')) {
        throw invalidRequest("The property 'body' must be an itemBody.");
      }
      const type = typeof b.contentType === 'string' ? b.contentType.toLowerCase() : 'text';
      if (type !== 'text' && type !== 'html') {
        throw invalidRequest(`The value '${String(b.contentType)}' is not a valid bodyType.`);
      }
      record.body = { contentType: type, content: (b.content as string | undefined) ?? '' };
    }
    if (body.location !== undefined) {
      const l = body.location;
      if (!isObject(l) || (l.displayName !== undefined && typeof l.displayName !== 'string')) {
        throw invalidRequest("The property 'location' must be a location.");
      }
      record.location = (l.displayName as string | undefined) ?? '';
    }
    if (body.attendees !== undefined) record.attendees = readAttendees(body.attendees);
    if (body.isOnlineMeeting !== undefined) {
      if (typeof body.isOnlineMeeting !== 'boolean') {
        throw invalidRequest("The property 'isOnlineMeeting' must be a boolean.");
      }
      record.isOnlineMeeting = body.isOnlineMeeting;
    }
    if (body.showAs !== undefined) {
      const showAs = SHOW_AS.find((s) => s === body.showAs);
      if (!showAs)
        throw invalidRequest(`The value '${String(body.showAs)}' is not a valid freeBusyStatus.`);
      record.showAs = showAs;
    }
    if (body.importance !== undefined) {
      if (!['low', 'normal', 'high'].includes(String(body.importance))) {
        throw invalidRequest(`The value '${String(body.importance)}' is not a valid importance.`);
      }
      record.importance = body.importance as EventRecord['importance'];
    }
    if (body.sensitivity !== undefined) {
      if (!['normal', 'personal', 'private', 'confidential'].includes(String(body.sensitivity))) {
        throw invalidRequest(`The value '${String(body.sensitivity)}' is not a valid sensitivity.`);
      }
      record.sensitivity = body.sensitivity as EventRecord['sensitivity'];
    }
    if (body.categories !== undefined) {
      if (!Array.isArray(body.categories) || body.categories.some((c) => typeof c !== 'string')) {
        throw invalidRequest("The property 'categories' must be an array of strings.");
      }
      record.categories = [...(body.categories as string[])];
    }
    if (body.isReminderOn !== undefined) record.isReminderOn = body.isReminderOn === true;
  }
}

export type { EventRecord };
