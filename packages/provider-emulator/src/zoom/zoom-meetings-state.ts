import { randomBytes, randomInt } from 'node:crypto';
import type { ZoomUserProfile } from './seed-zoom-accounts';
import { occurrenceStarts, parseRecurrence, type ZoomRecurrence } from './zoom-recurrence';
import { formatZoomTime, isValidTimeZone, nextUtcMidnight, parseZoomStartTime } from './zoom-time';
import type {
  ZoomCustomKey,
  ZoomMeeting,
  ZoomMeetingSettings,
  ZoomMeetingSettingsPolicy,
  ZoomOccurrence,
} from './zoom-types';
import {
  generatePasscode,
  passcodeForced,
  passcodeProblem,
  seedMeetingSettings,
} from './zoom-user-settings';

/** A Zoom error answer: status, `{code, message, errors?}` body and extra headers. */
export interface ZoomApiError {
  status: number;
  body: { code: number; message: string; errors?: { field: string; message: string }[] };
  headers?: Record<string, string>;
}

export type ZoomOutcome<T> = { ok: true; value: T } | { ok: false; error: ZoomApiError };

interface Passcode {
  password: string;
  numeric: string;
  encrypted: string;
}

export interface MeetingRecord {
  uuid: string;
  id: number;
  hostId: string;
  accountId: string;
  hostEmail: string;
  topic: string;
  /** 1 instant, 2 scheduled, 3 recurring with no fixed time, 8 recurring with fixed time. */
  type: 1 | 2 | 3 | 8;
  status: 'waiting' | 'started';
  /** Type 8: the first occurrence; type 3: when it was created (never shown as a time). */
  startMs: number;
  /** The host's personal meeting ID, when the meeting was scheduled with `use_pmi`. */
  pmi?: number;
  /** Type 8 only. */
  recurrence?: ZoomRecurrence;
  /** Type 8 only: every occurrence's start (epoch ms), the first being `startMs`. */
  occurrenceStarts?: number[];
  duration: number;
  timezone: string;
  agenda: string;
  createdMs: number;
  passcode: Passcode | null;
  settings: ZoomMeetingSettings;
}

export type MeetingListType =
  | 'scheduled'
  | 'live'
  | 'upcoming'
  | 'upcoming_meetings'
  | 'previous_meetings';
const LIST_TYPES: readonly MeetingListType[] = [
  'scheduled',
  'live',
  'upcoming',
  'upcoming_meetings',
  'previous_meetings',
];

/** Scheduled meetings expire 30 days after their start and leave the lists (Zoom's rule). */
const EXPIRY_MS = 30 * 24 * 60 * 60 * 1000;
const PAGE_TOKEN_TTL_MS = 15 * 60 * 1000;

type FieldError = { field: string; message: string };

const validation = (errors: FieldError[]): ZoomApiError => ({
  status: 400,
  body: { code: 300, message: 'Validation Failed.', errors },
});

/**
 * Zoom's refusal of an alternative host. Zoom's published references (and the copy of its spec in
 * this package) do not list this error; the code 1114 and the wording "Unable to assign '<email>'
 * as an alternative host" come from public integrations that handle it (e.g. code parsing
 * Zoom's 1114 answers to pick the refused e-mail out of the quotes) and from reports on Zoom's
 * developer forum, not from Zoom's own documentation: unconfirmed. The rules themselves (same
 * account, both licensed) are Zoom's support article 208220166 "Designating an alternative
 * host". Zoom names one refused value per answer; so does the emulator (the first one).
 */
export const ALTERNATIVE_HOST_REFUSED_CODE = 1114;

const alternativeHostRefused = (value: string, reason: string): ZoomApiError => ({
  status: 400,
  body: {
    code: ALTERNATIVE_HOST_REFUSED_CODE,
    message: `Unable to assign '${value}' as an alternative host: ${reason}`,
  },
});

export const meetingNotFound = (id: string | number): ZoomApiError => ({
  status: 404,
  body: { code: 3001, message: `Meeting does not exist: ${id}.` },
});

/** The create/update fields after type checks; absent = not given. */
interface MeetingInput {
  topic?: string;
  type?: 1 | 2 | 3 | 8;
  recurrence?: ZoomRecurrence;
  startMs?: number;
  duration?: number;
  timezone?: string;
  agenda?: string;
  password?: string;
  defaultPassword?: boolean;
  settings: Partial<ZoomMeetingSettings>;
}

const SETTING_CHECKS: {
  [K in keyof ZoomMeetingSettings]: (v: unknown) => boolean;
} = {
  host_video: isBoolean,
  participant_video: isBoolean,
  join_before_host: isBoolean,
  jbh_time: (v) => v === 0 || v === 5 || v === 10,
  mute_upon_entry: isBoolean,
  waiting_room: isBoolean,
  meeting_authentication: isBoolean,
  approval_type: (v) => v === 0 || v === 1 || v === 2,
  audio: (v) => v === 'both' || v === 'telephony' || v === 'voip',
  auto_recording: (v) => v === 'local' || v === 'cloud' || v === 'none',
  use_pmi: isBoolean,
  watermark: isBoolean,
  private_meeting: isBoolean,
  email_notification: isBoolean,
  alternative_hosts: (v) => typeof v === 'string',
  custom_keys: isCustomKeys,
};

function isCustomKeys(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.length <= 10 &&
    v.every(
      (entry) =>
        isRecord(entry) &&
        typeof entry.key === 'string' &&
        entry.key.length > 0 &&
        entry.key.length <= 64 &&
        typeof entry.value === 'string' &&
        entry.value.length <= 256,
    )
  );
}

function isBoolean(v: unknown): v is boolean {
  return typeof v === 'boolean';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Type checks on a create or PATCH body (unknown fields are ignored, as Zoom does). */
function parseMeetingInput(
  body: unknown,
  fallbackTimezone: string,
): { ok: true; input: MeetingInput } | { ok: false; error: ZoomApiError } {
  if (!isRecord(body)) {
    return {
      ok: false,
      error: {
        status: 400,
        body: { code: 300, message: 'Request Body should be a valid JSON object.' },
      },
    };
  }
  const errors: FieldError[] = [];
  const input: MeetingInput = { settings: {} };
  const invalid = (field: string, message = 'Invalid field.') => errors.push({ field, message });

  if (body.topic !== undefined) {
    if (typeof body.topic !== 'string' || body.topic.length > 200) invalid('topic');
    else input.topic = body.topic;
  }
  if (body.type !== undefined) {
    if (body.type === 1 || body.type === 2 || body.type === 3 || body.type === 8) {
      input.type = body.type;
    } else invalid('type');
  }
  if (body.recurrence !== undefined) {
    const parsed = parseRecurrence(body.recurrence);
    if (parsed.ok) input.recurrence = parsed.recurrence;
    else errors.push(...parsed.errors);
  }
  if (body.timezone !== undefined) {
    if (typeof body.timezone !== 'string' || !isValidTimeZone(body.timezone)) invalid('timezone');
    else input.timezone = body.timezone;
  }
  if (body.start_time !== undefined) {
    const ms =
      typeof body.start_time === 'string'
        ? parseZoomStartTime(body.start_time, input.timezone ?? fallbackTimezone)
        : undefined;
    if (ms === undefined) invalid('start_time');
    else input.startMs = ms;
  }
  if (body.duration !== undefined) {
    if (!Number.isInteger(body.duration) || (body.duration as number) < 0) invalid('duration');
    else input.duration = body.duration as number;
  }
  if (body.agenda !== undefined) {
    if (typeof body.agenda !== 'string' || body.agenda.length > 2000) invalid('agenda');
    else input.agenda = body.agenda;
  }
  if (body.password !== undefined) {
    if (typeof body.password !== 'string') invalid('password');
    else input.password = body.password;
  }
  if (body.default_password !== undefined) {
    if (!isBoolean(body.default_password)) invalid('default_password');
    else input.defaultPassword = body.default_password;
  }
  if (body.settings !== undefined) {
    if (!isRecord(body.settings)) invalid('settings');
    else {
      const settings: Record<string, unknown> = {};
      for (const [name, check] of Object.entries(SETTING_CHECKS)) {
        const value = body.settings[name];
        if (value === undefined) continue;
        if (!check(value)) invalid(`settings.${name}`);
        else if (name === 'custom_keys') {
          // Only Zoom's two fields are kept.
          settings[name] = (value as ZoomCustomKey[]).map(({ key, value: v }) => ({
            key,
            value: v,
          }));
        } else settings[name] = value;
      }
      input.settings = settings as Partial<ZoomMeetingSettings>;
    }
  }
  return errors.length > 0 ? { ok: false, error: validation(errors) } : { ok: true, input };
}

/**
 * Zoom insists on one security option: with no passcode and no authentication it turns the
 * waiting room on, and the waiting room turns join-before-host off (research §5).
 */
function secureSettings(settings: ZoomMeetingSettings, hasPasscode: boolean): ZoomMeetingSettings {
  const secured = { ...settings };
  if (!hasPasscode && !secured.meeting_authentication) secured.waiting_room = true;
  if (secured.waiting_room) secured.join_before_host = false;
  return secured;
}

function makePasscode(password: string): Passcode {
  const numeric = /^\d+$/.test(password)
    ? password
    : String(randomInt(100000, 1000000)).padStart(6, '0');
  return { password, numeric, encrypted: randomBytes(24).toString('base64url') };
}

function dayKey(hostId: string, nowMs: number): string {
  return `${hostId}:${formatZoomTime(nowMs).slice(0, 10)}`;
}

/** Every meeting of the fake Zoom, the hosts' meeting settings and the daily write counters. */
export class ZoomMeetingsState {
  /**
   * Whether a create keeps `settings.custom_keys`. Zoom's reference lists them on the create
   * body; the copy of the spec in the repo lists them only on GET and PATCH. Off, a create
   * ignores them (a PATCH still sets them), for clients that must cope with either.
   */
  createKeepsCustomKeys = true;
  private readonly policies = new Map<string, ZoomMeetingSettingsPolicy>();
  /** The profiles themselves (shared with the OAuth state), so a licence change shows here. */
  private readonly usersById = new Map<string, ZoomUserProfile>();
  private readonly pmis = new Map<string, number>();
  private readonly byId = new Map<number, MeetingRecord>();
  private readonly dailyWrites = new Map<string, number>();
  private readonly pageTokens = new Map<
    string,
    { hostId: string; type: MeetingListType; pageSize: number; page: number; expiresAt: number }
  >();

  constructor(
    users: readonly ZoomUserProfile[],
    private readonly now: () => number,
    private readonly dailyWriteLimit: number,
  ) {
    for (const user of users) {
      this.policies.set(user.id, seedMeetingSettings(user));
      this.usersById.set(user.id, user);
      this.pmis.set(user.id, user.pmi);
    }
  }

  policy(userId: string): ZoomMeetingSettingsPolicy {
    const policy = this.policies.get(userId);
    if (!policy) throw new Error(`Unknown Zoom user "${userId}"`);
    return policy;
  }

  updatePolicy(user: ZoomUserProfile, patch: Partial<ZoomMeetingSettingsPolicy>): void {
    const current = this.policy(user.id);
    const next = { ...current, ...patch };
    if (user.kind === 'personal' && !passcodeForced(next)) {
      throw new Error(
        `${user.email} is a single-user account: its passcode requirement cannot be turned off`,
      );
    }
    this.policies.set(user.id, next);
  }

  find(id: number): MeetingRecord | undefined {
    return this.byId.get(id);
  }

  ofHost(hostId: string): MeetingRecord[] {
    return this.all().filter((m) => m.hostId === hostId);
  }

  all(): MeetingRecord[] {
    return [...this.byId.values()].sort((a, b) => a.startMs - b.startMs || a.id - b.id);
  }

  /** 429 when the host used up today's create/update requests, else null. */
  dailyQuotaExceeded(hostId: string): ZoomApiError | null {
    const used = this.dailyWrites.get(dayKey(hostId, this.now())) ?? 0;
    if (used < this.dailyWriteLimit) return null;
    const resetAt = nextUtcMidnight(this.now());
    return {
      status: 429,
      body: {
        code: 429,
        message: `You have exceeded the daily rate limit (${this.dailyWriteLimit}) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.`,
      },
      // Zoom's rate-limit guide documents these on daily hits; Retry-After is an ISO instant there.
      headers: {
        'Retry-After': formatZoomTime(resetAt),
        'X-RateLimit-Type': 'Daily-limit',
        'X-RateLimit-Limit': String(this.dailyWriteLimit),
        'X-RateLimit-Remaining': '0',
      },
    };
  }

  private countWrite(hostId: string): void {
    const key = dayKey(hostId, this.now());
    this.dailyWrites.set(key, (this.dailyWrites.get(key) ?? 0) + 1);
  }

  create(host: ZoomUserProfile, body: unknown, countQuota = true): ZoomOutcome<MeetingRecord> {
    const parsed = parseMeetingInput(body, host.timezone);
    if (!parsed.ok) return parsed;
    const { input } = parsed;
    if (!this.createKeepsCustomKeys) delete input.settings.custom_keys;
    const alternatives = this.alternativeHosts(host, input.settings.alternative_hosts);
    if (!alternatives.ok) return alternatives;
    if (alternatives.value !== undefined) input.settings.alternative_hosts = alternatives.value;
    const policy = this.policy(host.id);
    let passcode: Passcode | null = null;
    if (input.password !== undefined && input.password !== '') {
      const problem = passcodeProblem(input.password, policy.passcodeRequirement);
      if (problem)
        return { ok: false, error: validation([{ field: 'password', message: problem }]) };
      passcode = makePasscode(input.password);
    } else if (input.defaultPassword === true || passcodeForced(policy)) {
      passcode = makePasscode(generatePasscode(policy.passcodeRequirement));
    }
    const type = input.type ?? 2;
    if (type === 8 && input.recurrence === undefined) {
      return {
        ok: false,
        error: validation([
          {
            field: 'recurrence',
            message: 'A recurring meeting with a fixed time needs recurrence.',
          },
        ]),
      };
    }
    const nowMs = this.now();
    const defaults: ZoomMeetingSettings = {
      host_video: false,
      participant_video: false,
      join_before_host: policy.joinBeforeHost,
      jbh_time: 0,
      mute_upon_entry: false,
      waiting_room: policy.waitingRoom,
      meeting_authentication: false,
      approval_type: 2,
      audio: 'both',
      auto_recording: 'none',
      use_pmi: false,
      watermark: false,
      private_meeting: false,
      email_notification: true,
      alternative_hosts: '',
      custom_keys: [],
    };
    const record: MeetingRecord = {
      uuid: randomBytes(16).toString('base64'),
      id: this.freshId(),
      hostId: host.id,
      accountId: host.account_id,
      hostEmail: host.email,
      topic: input.topic ?? 'Zoom meeting',
      type,
      status: 'waiting',
      // Instant meetings start now; scheduled ones without start_time too (Zoom's fallback).
      startMs: type === 1 ? nowMs : (input.startMs ?? nowMs),
      duration: input.duration ?? 60,
      timezone: input.timezone ?? host.timezone,
      agenda: input.agenda ?? '',
      createdMs: nowMs,
      passcode,
      settings: secureSettings({ ...defaults, ...input.settings }, passcode !== null),
    };
    applyRecurrence(record, input.recurrence);
    if (record.settings.use_pmi) {
      // Zoom: the PMI serves scheduled meetings and recurring ones with no fixed time only.
      if (type !== 2 && type !== 3) {
        return {
          ok: false,
          error: validation([
            {
              field: 'settings.use_pmi',
              message: 'The personal meeting ID cannot be used for this meeting type.',
            },
          ]),
        };
      }
      record.pmi = host.pmi;
    }
    this.byId.set(record.id, record);
    if (countQuota) this.countWrite(host.id);
    return { ok: true, value: record };
  }

  /** PATCH semantics: merge, re-apply the security rule; counts toward the daily quota. */
  update(
    record: MeetingRecord,
    body: unknown,
    options: { countQuota: boolean; requireFuture: boolean },
  ): ZoomOutcome<{ before: MeetingRecord; after: MeetingRecord }> {
    if (record.status === 'started') {
      return {
        ok: false,
        error: {
          status: 400,
          body: {
            code: 3000,
            message: 'You cannot update or delete meetings that have started using this method.',
          },
        },
      };
    }
    const parsed = parseMeetingInput(body, record.timezone);
    if (!parsed.ok) return parsed;
    const { input } = parsed;
    const host = this.usersById.get(record.hostId);
    if (host) {
      const alternatives = this.alternativeHosts(host, input.settings.alternative_hosts);
      if (!alternatives.ok) return alternatives;
      if (alternatives.value !== undefined) input.settings.alternative_hosts = alternatives.value;
    }
    if (options.requireFuture && input.startMs !== undefined && input.startMs <= this.now()) {
      return {
        ok: false,
        error: validation([{ field: 'start_time', message: 'start_time must be in the future.' }]),
      };
    }
    const policy = this.policy(record.hostId);
    let passcode = record.passcode;
    if (input.password !== undefined) {
      if (input.password === '') {
        if (passcodeForced(policy)) {
          return {
            ok: false,
            error: validation([
              { field: 'password', message: 'Your account requires a passcode for meetings.' },
            ]),
          };
        }
        passcode = null;
      } else if (input.password !== record.passcode?.password) {
        const problem = passcodeProblem(input.password, policy.passcodeRequirement);
        if (problem) {
          return { ok: false, error: validation([{ field: 'password', message: problem }]) };
        }
        passcode = makePasscode(input.password);
      }
    } else if (input.defaultPassword === true && passcode === null) {
      passcode = makePasscode(generatePasscode(policy.passcodeRequirement));
    }
    const before = { ...record, settings: { ...record.settings } };
    Object.assign(record, {
      topic: input.topic ?? record.topic,
      type: input.type ?? record.type,
      startMs: input.startMs ?? record.startMs,
      duration: input.duration ?? record.duration,
      timezone: input.timezone ?? record.timezone,
      agenda: input.agenda ?? record.agenda,
      passcode,
      settings: secureSettings({ ...record.settings, ...input.settings }, passcode !== null),
    });
    if (record.type === 8 && (record.recurrence ?? input.recurrence) === undefined) {
      Object.assign(record, before);
      return {
        ok: false,
        error: validation([
          {
            field: 'recurrence',
            message: 'A recurring meeting with a fixed time needs recurrence.',
          },
        ]),
      };
    }
    applyRecurrence(record, input.recurrence ?? record.recurrence);
    if (record.settings.use_pmi && record.type !== 2 && record.type !== 3) {
      Object.assign(record, before);
      return {
        ok: false,
        error: validation([
          {
            field: 'settings.use_pmi',
            message: 'The personal meeting ID cannot be used for this meeting type.',
          },
        ]),
      };
    }
    if (record.settings.use_pmi) record.pmi = this.pmis.get(record.hostId);
    else delete record.pmi;
    if (options.countQuota) this.countWrite(record.hostId);
    return { ok: true, value: { before, after: record } };
  }

  delete(record: MeetingRecord): ZoomApiError | null {
    if (record.status === 'started') {
      return {
        status: 400,
        body: {
          code: 3002,
          message: 'Sorry, you cannot delete this meeting since it is in progress.',
        },
      };
    }
    this.byId.delete(record.id);
    return null;
  }

  /** `GET /users/{userId}/meetings`: one page, by start time. */
  list(
    hostId: string,
    query: Record<string, unknown>,
  ): ZoomOutcome<{
    items: MeetingRecord[];
    page: number;
    pageSize: number;
    total: number;
    next: string;
  }> {
    const errors: FieldError[] = [];
    const nowMs = this.now();
    let type: MeetingListType = 'scheduled';
    let pageSize = 30;
    let page = 1;
    const token = typeof query.next_page_token === 'string' ? query.next_page_token : '';
    if (token) {
      const saved = this.pageTokens.get(token);
      if (!saved || saved.hostId !== hostId || saved.expiresAt <= nowMs) {
        return {
          ok: false,
          error: {
            status: 400,
            body: { code: 300, message: 'The next page token is invalid or expired.' },
          },
        };
      }
      ({ type, pageSize, page } = saved);
    } else {
      if (query.type !== undefined) {
        if (LIST_TYPES.includes(query.type as MeetingListType))
          type = query.type as MeetingListType;
        else errors.push({ field: 'type', message: 'Invalid field.' });
      }
      if (query.page_size !== undefined) {
        const n = Number(query.page_size);
        // Zoom answers at most 300 per page and echoes the page size it used.
        if (Number.isInteger(n) && n >= 1) pageSize = Math.min(n, 300);
        else errors.push({ field: 'page_size', message: 'Invalid field.' });
      }
      if (query.page_number !== undefined) {
        const n = Number(query.page_number);
        if (Number.isInteger(n) && n >= 1) page = n;
        else errors.push({ field: 'page_number', message: 'Invalid field.' });
      }
    }
    if (errors.length > 0) return { ok: false, error: validation(errors) };

    const matching = this.ofHost(hostId).filter((m) => {
      // A series ends with its last occurrence; one with no fixed time never ends by time.
      const endMs = m.type === 3 ? Infinity : lastStartMs(m) + m.duration * 60_000;
      switch (type) {
        case 'live':
          return m.status === 'started';
        case 'upcoming':
        case 'upcoming_meetings':
          return m.status === 'started' || endMs > nowMs;
        case 'previous_meetings':
          return m.status !== 'started' && endMs <= nowMs;
        case 'scheduled':
          return m.type !== 1 && lastStartMs(m) + EXPIRY_MS > nowMs;
        default:
          return type satisfies never;
      }
    });
    const items = matching.slice((page - 1) * pageSize, page * pageSize);
    let next = '';
    if (page * pageSize < matching.length) {
      next = randomBytes(24).toString('base64url');
      this.pageTokens.set(next, {
        hostId,
        type,
        pageSize,
        page: page + 1,
        expiresAt: nowMs + PAGE_TOKEN_TTL_MS,
      });
    }
    return { ok: true, value: { items, page, pageSize, total: matching.length, next } };
  }

  /**
   * `settings.alternative_hosts` (e-mails or user ids, ";"-separated; "," is taken too) checked
   * as Zoom does: each one a licensed user of the host's own account, not the host, and the host
   * licensed itself. Answers the value as GET shows it: the users' e-mails, ";"-separated.
   */
  private alternativeHosts(
    host: ZoomUserProfile,
    value: string | undefined,
  ): ZoomOutcome<string | undefined> {
    if (value === undefined) return { ok: true, value };
    const entries = value
      .split(/[;,]/)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const emails: string[] = [];
    for (const entry of entries) {
      const user = [...this.usersById.values()].find(
        (u) => u.id === entry || u.email.toLowerCase() === entry.toLowerCase(),
      );
      let reason: string | null = null;
      if (host.type < 2) reason = 'the meeting host is not a licensed user.';
      else if (!user || user.account_id !== host.account_id) {
        reason = "the user does not belong to the meeting host's account.";
      } else if (user.id === host.id)
        reason = 'the meeting host cannot be its own alternative host.';
      else if (user.type < 2) reason = 'alternative hosts must be licensed users.';
      if (reason !== null || !user) {
        return { ok: false, error: alternativeHostRefused(entry, reason ?? '') };
      }
      if (!emails.includes(user.email)) emails.push(user.email);
    }
    return { ok: true, value: emails.join(';') };
  }

  private freshId(): number {
    for (;;) {
      // 11 digits like today's meeting numbers (research §4: 10-11 digits, int64).
      const id = randomInt(81_000_000_000, 99_999_999_999);
      if (!this.byId.has(id)) return id;
    }
  }
}

function lastStartMs(record: MeetingRecord): number {
  return record.occurrenceStarts?.at(-1) ?? record.startMs;
}

/** Type 8 gets its occurrences; any other type drops them. */
function applyRecurrence(record: MeetingRecord, recurrence: ZoomRecurrence | undefined): void {
  if (record.type === 8 && recurrence) {
    record.recurrence = recurrence;
    record.occurrenceStarts = occurrenceStarts(record.startMs, recurrence);
  } else {
    delete record.recurrence;
    delete record.occurrenceStarts;
  }
}

/**
 * The start Zoom shows for a meeting: a series' next occurrence not yet ended (its last one when
 * all have ended); none for a recurring meeting with no fixed time.
 */
export function shownStartMs(record: MeetingRecord, nowMs: number): number | undefined {
  if (record.type === 3) return undefined;
  const starts = record.occurrenceStarts;
  if (!starts) return record.startMs;
  const next = starts.find((ms) => ms + record.duration * 60_000 > nowMs);
  return next ?? lastStartMs(record);
}

/** `occurrences` of a type 8 meeting; ended ones only with `show_previous_occurrences`. */
export function toOccurrences(
  record: MeetingRecord,
  nowMs: number,
  showPrevious: boolean,
): ZoomOccurrence[] | undefined {
  if (!record.occurrenceStarts) return undefined;
  return record.occurrenceStarts
    .filter((ms) => showPrevious || ms + record.duration * 60_000 > nowMs)
    .map((ms) => ({
      occurrence_id: String(ms),
      start_time: formatZoomTime(ms),
      duration: record.duration,
      status: 'available',
    }));
}

/** `join_url`: `?pwd=` only when there is a passcode and the host embeds it (research §4). */
export function joinUrl(
  record: MeetingRecord,
  origin: string,
  policy: ZoomMeetingSettingsPolicy,
): string {
  const base = `${origin}/j/${record.id}`;
  return record.passcode && policy.embedPasswordInJoinLink
    ? `${base}?pwd=${record.passcode.encrypted}`
    : base;
}

/** A ZAK-like opaque token; a new one on every read, as Zoom's start_url changes. */
export function startUrl(record: MeetingRecord, origin: string, nowMs: number): string {
  const header = Buffer.from('{"typ":"JWT","alg":"HS256"}').toString('base64url');
  const claims = Buffer.from(
    JSON.stringify({
      sub: record.hostId,
      mnum: String(record.id),
      exp: Math.floor(nowMs / 1000) + 7200,
    }),
  ).toString('base64url');
  return `${origin}/s/${record.id}?zak=${header}.${claims}.${randomBytes(16).toString('base64url')}`;
}

/** The meeting as GET shows it, without `start_url`. */
export function toZoomMeeting(
  record: MeetingRecord,
  joinUrlValue: string,
  nowMs: number,
  showPreviousOccurrences = false,
): ZoomMeeting {
  const start = shownStartMs(record, nowMs);
  const occurrences = toOccurrences(record, nowMs, showPreviousOccurrences);
  return {
    uuid: record.uuid,
    id: record.id,
    host_id: record.hostId,
    host_email: record.hostEmail,
    topic: record.topic,
    type: record.type,
    status: record.status,
    ...(start === undefined ? {} : { start_time: formatZoomTime(start) }),
    duration: record.duration,
    timezone: record.timezone,
    agenda: record.agenda,
    created_at: formatZoomTime(record.createdMs),
    join_url: joinUrlValue,
    ...(record.pmi === undefined ? {} : { pmi: String(record.pmi) }),
    ...(occurrences ? { occurrences } : {}),
    ...(record.recurrence ? { recurrence: { ...record.recurrence } } : {}),
    ...(record.passcode
      ? {
          password: record.passcode.password,
          h323_password: record.passcode.numeric,
          pstn_password: record.passcode.numeric,
          encrypted_password: record.passcode.encrypted,
        }
      : {}),
    settings: {
      ...record.settings,
      custom_keys: record.settings.custom_keys.map(({ key, value }) => ({ key, value })),
    },
  };
}
