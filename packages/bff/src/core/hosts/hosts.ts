import {
  type BusyStatus,
  calendarProviders,
  type Host,
  type HostConflict,
  type HostList,
  isCalendarProvider,
} from '@ats-zoom/contract';
import type { MeetingDeps } from '../meetings/meeting-deps';
import type { BusyPeriod, ConnectionRecord, HostedMeetingSummary, MeetingRecord } from '../ports';
import { calendarPortOf } from '../providers';
import type { Actor } from '../shared/actor';
import { type AutoHostPeople, autoHostOrder, pickAutoHost } from './auto-host';
import type { HostSchedule } from './host-schedules';

export interface HostSlot {
  start: Date;
  end: Date;
  /** When rescheduling: this interview's own meeting is no conflict. */
  excludeInterviewId?: string | undefined;
}

interface HostBusy {
  busy: BusyStatus;
  conflicts: HostConflict[];
}

/** What the busy check of some hosts needs, loaded once for all of them. */
export interface BusyContext {
  /** Our meetings of these hosts overlapping the slot. */
  own: MeetingRecord[];
  /** The meeting being rescheduled, if any. */
  excluded: MeetingRecord | undefined;
  /**
   * Calendar links of the hosts' owners, by ATS user id: one per configured calendar provider
   * the owner linked (empty when no calendar is configured).
   */
  calendarLinks: Map<string, ConnectionRecord[]>;
}

const iso = (date: Date) => date.toISOString();
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The free/busy window asked of a calendar for a slot: whole UTC days with at least half a day
 * around it, so a nearby slot reuses the cached answer and the busy blocks we compare with our
 * own meetings are whole (calendars clip them to the window).
 */
function busyWindow(slot: HostSlot): BusyPeriod {
  const startDay = Math.floor((slot.start.getTime() - DAY_MS / 2) / DAY_MS) * DAY_MS;
  const endDay = Math.ceil((slot.end.getTime() + DAY_MS / 2) / DAY_MS) * DAY_MS;
  return { start: new Date(startDay), end: new Date(endDay) };
}

/** `periods` minus `covered`: what remains of each period outside every covered span. */
function subtract(periods: BusyPeriod[], covered: BusyPeriod[]): BusyPeriod[] {
  let remaining = periods;
  for (const cut of covered) {
    remaining = remaining.flatMap((p) => {
      if (cut.end <= p.start || cut.start >= p.end) return [p];
      const pieces: BusyPeriod[] = [];
      if (p.start < cut.start) pieces.push({ start: p.start, end: cut.start });
      if (cut.end < p.end) pieces.push({ start: cut.end, end: p.end });
      return pieces;
    });
  }
  return remaining;
}

const spanOf = (meeting: MeetingRecord): BusyPeriod => ({
  start: meeting.startTime,
  end: new Date(meeting.startTime.getTime() + meeting.durationMinutes * 60_000),
});

/** What each source of one host's busy check answered (undefined: it did not answer). */
interface BusySources {
  hosted: HostedInSlot | undefined;
  calendars: { provider: string; busy: BusyPeriod[] | undefined }[];
}

/** The calendar links of the host's owner its busy check reads. */
const activeCalendarLinks = (connection: ConnectionRecord, context: BusyContext) =>
  (context.calendarLinks.get(connection.userId) ?? []).filter((link) => link.status === 'active');

/**
 * 予定あり for one host: our own meetings records of the host in the slot, the host's meetings
 * at the meeting host (Zoom) in the slot, every occurrence of its recurring series included
 * (see `hostedMeetingsInSlot`), and, for each calendar the host's owner linked (Google,
 * Outlook), its free/busy (source: that provider); all are asked in parallel, each within the
 * per-host time limit. A meeting issued here is reported once, as `ats`; calendar time already
 * reported (our meetings, the meeting host's, another calendar's) and the rescheduled
 * interview's own event are not reported again. A host whose licence allows several meetings at
 * once (Zoom's Concurrent Meeting plans) is taken by its meetings only when as many overlap
 * somewhere in the slot; calendar time outside its meetings still makes the owner busy.
 * `unknown` when a source did not answer, or more series could overlap than the check reads,
 * and nothing says busy.
 */
export async function checkHostBusy(
  deps: MeetingDeps,
  connection: ConnectionRecord,
  slot: HostSlot,
  context: BusyContext,
): Promise<HostBusy> {
  return (
    cachedHostBusy(deps, connection, slot, context) ?? askHostBusy(deps, connection, slot, context)
  );
}

/** The check with every source asked (see `askBusySources`). */
async function askHostBusy(
  deps: MeetingDeps,
  connection: ConnectionRecord,
  slot: HostSlot,
  context: BusyContext,
): Promise<HostBusy> {
  return busyFrom(connection, slot, context, await askBusySources(deps, connection, slot, context));
}

/**
 * The same check answered synchronously when every source it reads is in the caches already
 * (so a repeated host list needs no timer or promise per host); undefined when one is not.
 */
function cachedHostBusy(
  deps: MeetingDeps,
  connection: ConnectionRecord,
  slot: HostSlot,
  context: BusyContext,
): HostBusy | undefined {
  let hosted: HostedInSlot | undefined;
  if (connection.status === 'active') {
    hosted = cachedHostedInSlot(deps, connection, slot, ownInSlot(connection, slot, context));
    if (!hosted) return undefined;
  }
  const calendars: BusySources['calendars'] = [];
  for (const link of activeCalendarLinks(connection, context)) {
    const busy = deps.calendarBusy.peek(link, busyWindow(slot));
    if (!busy) return undefined;
    calendars.push({ provider: link.provider, busy });
  }
  return busyFrom(connection, slot, context, { hosted, calendars });
}

/** Every source of the check asked in parallel, each within the per-host time limit. */
async function askBusySources(
  deps: MeetingDeps,
  connection: ConnectionRecord,
  slot: HostSlot,
  context: BusyContext,
): Promise<BusySources> {
  const limit = deps.meetingOptions.hostCheckTimeoutMs;
  const failed = (source: string) => (error: unknown) => {
    deps.logger.warn(
      {
        connectionId: connection.id,
        source,
        error: error instanceof Error ? error.name : 'unknown',
      },
      'host busy check failed',
    );
    return undefined;
  };
  const [hosted, calendars] = await Promise.all([
    connection.status === 'active'
      ? withinLimit(
          hostedMeetingsInSlot(deps, connection, slot, ownInSlot(connection, slot, context)),
          limit,
        ).catch(failed(connection.provider))
      : Promise.resolve(undefined),
    Promise.all(
      activeCalendarLinks(connection, context).map(async (link) => ({
        provider: link.provider,
        busy: await withinLimit(deps.calendarBusy.busy(link, busyWindow(slot)), limit).catch(
          failed(link.provider),
        ),
      })),
    ),
  ]);
  return { hosted, calendars };
}

/** The busy check's answer from what its sources answered (see `checkHostBusy`). */
function busyFrom(
  connection: ConnectionRecord,
  slot: HostSlot,
  context: BusyContext,
  { hosted, calendars }: BusySources,
): HostBusy {
  const { own, excluded } = context;
  const ats = own.filter(
    (m) => m.connectionId === connection.id && m.interviewId !== slot.excludeInterviewId,
  );
  const known = new Set(own.map((m) => m.zoomMeetingId));
  if (excluded) known.add(excluded.zoomMeetingId);
  const hostConflicts: HostConflict[] = ats.map((m) => ({
    start: iso(m.startTime),
    end: iso(spanOf(m).end),
    source: 'ats',
  }));

  const reported: BusyPeriod[] = ats.map(spanOf);
  for (const period of hosted?.periods ?? []) {
    if (known.has(period.meetingId)) continue;
    hostConflicts.push({ start: iso(period.start), end: iso(period.end), source: 'zoom' });
    reported.push({ start: period.start, end: period.end });
  }
  // A host that may run several meetings at once is taken only when the slot is full.
  const capacity = hosted?.concurrentMeetings ?? 1;
  const full = capacity <= 1 || peakOverlap(reported, slot) >= capacity;
  const conflicts: HostConflict[] = full ? hostConflicts : [];
  // The rescheduled interview's own event sits on its calendar owner's calendar.
  if (calendars.length > 0 && excluded?.calendar.owner?.userId === connection.userId) {
    reported.push(spanOf(excluded));
  }
  for (const { provider, busy: calendarBusy } of calendars) {
    if (!calendarBusy || !isCalendarProvider(provider)) continue;
    const fresh = subtract(calendarBusy, reported);
    for (const period of fresh) {
      if (period.start < slot.end && period.end > slot.start) {
        conflicts.push({ start: iso(period.start), end: iso(period.end), source: provider });
      }
    }
    // Time one calendar reported is not reported again by another.
    reported.push(...fresh);
  }
  conflicts.sort((a, b) => a.start.localeCompare(b.start));
  const allKnown =
    hosted?.complete === true && calendars.every((calendar) => calendar.busy !== undefined);
  const busy: BusyStatus = conflicts.length > 0 ? 'busy' : allKnown ? 'free' : 'unknown';
  return { busy, conflicts };
}

interface HostedInSlot {
  /** The host's meetings at the meeting host, and occurrences of its series, in the slot. */
  periods: (BusyPeriod & { meetingId: string })[];
  concurrentMeetings: number;
  /** False when more series could overlap the slot than the check may read. */
  complete: boolean;
}

/**
 * The host's meetings at the meeting host overlapping the slot. A series is listed once, at its
 * next occurrence not yet ended, so only series listed before the slot's end (or with no time
 * listed) can overlap it;
 * the occurrences of at most `maxSeriesPerHostCheck` of those (the nearest first) are read.
 * Meetings with no fixed time are never listed and never count.
 */
async function hostedMeetingsInSlot(
  deps: MeetingDeps,
  connection: ConnectionRecord,
  slot: HostSlot,
  ownMeetingInSlot: boolean,
): Promise<HostedInSlot> {
  const schedule = await deps.hostSchedules.upcoming(connection);
  const { read, series } = seriesToRead(deps, schedule, slot);
  const occurrences = await Promise.all(
    read.map((meeting) => deps.hostSchedules.occurrences(connection, meeting.id)),
  );
  const inSlot = hostedIn(schedule, slot, read, occurrences, series);
  const concurrentMeetings = needsCapacity(inSlot, ownMeetingInSlot)
    ? await deps.hostSchedules.concurrentMeetings(connection)
    : 1;
  return { ...inSlot, concurrentMeetings };
}

/**
 * How many meetings the host may run at once matters only when one of its meetings (ours, or
 * one at the meeting host) is in the slot; a host with none is free whatever its plan, so its
 * check needs no second call.
 */
const needsCapacity = (inSlot: Pick<HostedInSlot, 'periods'>, ownMeetingInSlot: boolean) =>
  ownMeetingInSlot || inSlot.periods.length > 0;

/** Whether our own meetings of the host (other than the one being rescheduled) are in the slot. */
const ownInSlot = (connection: ConnectionRecord, slot: HostSlot, context: BusyContext) =>
  context.own.some(
    (meeting) =>
      meeting.connectionId === connection.id && meeting.interviewId !== slot.excludeInterviewId,
  );

/** The same from the host schedule cache alone; undefined when something is not cached. */
function cachedHostedInSlot(
  deps: MeetingDeps,
  connection: ConnectionRecord,
  slot: HostSlot,
  ownMeetingInSlot: boolean,
): HostedInSlot | undefined {
  const schedule = deps.hostSchedules.peekUpcoming(connection);
  if (!schedule) return undefined;
  const { read, series } = seriesToRead(deps, schedule, slot);
  const occurrences: BusyPeriod[][] = [];
  for (const meeting of read) {
    const periods = deps.hostSchedules.peekOccurrences(connection, meeting.id);
    if (!periods) return undefined;
    occurrences.push(periods);
  }
  const inSlot = hostedIn(schedule, slot, read, occurrences, series);
  if (!needsCapacity(inSlot, ownMeetingInSlot)) return { ...inSlot, concurrentMeetings: 1 };
  const concurrentMeetings = deps.hostSchedules.peekConcurrentMeetings(connection);
  return concurrentMeetings === undefined ? undefined : { ...inSlot, concurrentMeetings };
}

/** The series that could overlap the slot, and those of them whose occurrences are read. */
function seriesToRead(deps: MeetingDeps, { meetings }: HostSchedule, slot: HostSlot) {
  const candidates = meetings.filter(
    (meeting) => meeting.recurring && (meeting.startTime ?? slot.start) < slot.end,
  );
  if (candidates.length > 1) {
    candidates.sort((a, b) => (a.startTime?.getTime() ?? 0) - (b.startTime?.getTime() ?? 0));
  }
  return {
    read: candidates.slice(0, deps.meetingOptions.maxSeriesPerHostCheck),
    series: candidates.length,
  };
}

function hostedIn(
  { meetings }: HostSchedule,
  slot: HostSlot,
  read: readonly HostedMeetingSummary[],
  occurrences: readonly BusyPeriod[][],
  series: number,
): Omit<HostedInSlot, 'concurrentMeetings'> {
  const periods: HostedInSlot['periods'] = [];
  for (const meeting of meetings) {
    if (meeting.recurring) continue;
    const period = {
      meetingId: meeting.id,
      start: meeting.startTime,
      end: new Date(meeting.startTime.getTime() + meeting.durationMinutes * 60_000),
    };
    if (overlapsSlot(period, slot)) periods.push(period);
  }
  for (const [index, { id: meetingId }] of read.entries()) {
    for (const period of occurrences[index] ?? []) {
      if (overlapsSlot(period, slot)) periods.push({ ...period, meetingId });
    }
  }
  return { periods, complete: read.length === series };
}

const overlapsSlot = (period: BusyPeriod, slot: HostSlot) =>
  period.start < slot.end && period.end > slot.start;

/** The most periods running at one instant within the slot. */
function peakOverlap(periods: BusyPeriod[], slot: HostSlot): number {
  const edges: [number, number][] = [];
  for (const period of periods) {
    const start = Math.max(period.start.getTime(), slot.start.getTime());
    const end = Math.min(period.end.getTime(), slot.end.getTime());
    if (start < end) edges.push([start, 1], [end, -1]);
  }
  // Ends before starts at the same instant: back-to-back meetings do not overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, step] of edges) {
    running += step;
    peak = Math.max(peak, running);
  }
  return peak;
}

/** Resolves to undefined when `work` takes longer than `ms` (the work itself runs on). */
function withinLimit<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Everything a busy check of these hosts needs (see `BusyContext`). */
export async function loadBusyContext(
  deps: MeetingDeps,
  tenantId: string,
  hosts: ConnectionRecord[],
  slot: HostSlot,
): Promise<BusyContext> {
  const [own, excluded, calendarLinks] = await Promise.all([
    deps.store.meetings.listOverlapping({
      tenantId,
      connectionIds: hosts.map((c) => c.id),
      start: slot.start,
      end: slot.end,
    }),
    slot.excludeInterviewId
      ? deps.store.meetings.findByInterview(tenantId, slot.excludeInterviewId)
      : Promise.resolve(undefined),
    loadCalendarLinks(deps, tenantId, hosts),
  ]);
  return { own, excluded, calendarLinks };
}

/** The hosts' owners' links of every configured calendar provider, by ATS user id. */
async function loadCalendarLinks(
  deps: MeetingDeps,
  tenantId: string,
  hosts: ConnectionRecord[],
): Promise<Map<string, ConnectionRecord[]>> {
  const configured = calendarProviders.filter((provider) =>
    calendarPortOf(deps.providers, provider),
  );
  if (configured.length === 0 || hosts.length === 0) return new Map();
  const [one] = hosts;
  const perProvider = await Promise.all(
    configured.map(async (provider) =>
      hosts.length === 1 && one
        ? [await deps.store.connections.findForUser(tenantId, one.userId, provider)]
        : deps.store.connections.listForTenant(tenantId, provider),
    ),
  );
  const links = new Map<string, ConnectionRecord[]>();
  for (const link of perProvider.flat()) {
    if (link) links.set(link.userId, [...(links.get(link.userId) ?? []), link]);
  }
  return links;
}

/**
 * `GET /v1/hosts`: every Zoom link of the tenant as a host candidate, busy-checked in parallel;
 * the links of deactivated ATS users are left out (kept, not offered). `auto` is what 自動で選ぶ
 * would pick from these same checks, trying `people` first (and, when rescheduling, keeping the
 * interview's current host while it is free, as a save does).
 */
export function listHosts(
  deps: MeetingDeps,
  actor: Actor,
  slot: HostSlot,
  people: Pick<AutoHostPeople, 'prefer' | 'interviewers'> = { prefer: [], interviewers: [] },
): Promise<HostList> {
  // The caller is part of the key: 自動で選ぶ tries the scheduler before the tenant's others.
  const key = [
    actor.tenantId,
    actor.userId,
    slot.start.getTime(),
    slot.end.getTime(),
    slot.excludeInterviewId ?? '',
    people.prefer.join(','),
    people.interviewers.join(','),
  ].join('\u0000');
  return deps.hostLists.answer(key, () => buildHostList(deps, actor, slot, people));
}

/** The host list, and whether every host's check was answered from the caches. */
async function buildHostList(
  deps: MeetingDeps,
  actor: Actor,
  slot: HostSlot,
  people: Pick<AutoHostPeople, 'prefer' | 'interviewers'>,
): Promise<{ value: HostList; keep: boolean }> {
  const [links, deactivated] = await Promise.all([
    deps.store.connections.listForTenant(actor.tenantId, 'zoom'),
    deps.store.userStatuses.listDeactivated(actor.tenantId),
  ]);
  const away = new Set(deactivated.map((record) => record.userId));
  const connections = links.filter((connection) => !away.has(connection.userId));
  const context = await loadBusyContext(deps, actor.tenantId, connections, slot);
  const hostOf = (connection: ConnectionRecord, { busy, conflicts }: HostBusy): Host => ({
    connectionId: connection.id,
    ownerUserId: connection.userId,
    ownerName: connection.userName,
    zoomEmail: connection.email,
    zoomDisplayName: connection.displayName,
    accountType: connection.accountType,
    selectable: connection.status === 'active',
    unavailableReason: connection.status === 'active' ? null : connection.status,
    busy,
    conflicts,
  });
  // Hosts whose sources are all cached are answered at once; only the others are awaited.
  let fromCaches = true;
  const hosts = await Promise.all(
    connections.map((connection) => {
      const cached = cachedHostBusy(deps, connection, slot, context);
      if (cached) return hostOf(connection, cached);
      fromCaches = false;
      return askHostBusy(deps, connection, slot, context).then((busy) => hostOf(connection, busy));
    }),
  );
  const busyById = new Map(hosts.map((host) => [host.connectionId, host.busy]));
  const order = autoHostOrder(connections, away, { ...people, scheduler: actor.userId });
  const { connection: _picked, ...auto } = await pickAutoHost(
    order,
    async (connection) => busyById.get(connection.id) ?? 'unknown',
    context.excluded?.hostProviderUserId,
  );
  const list: HostList = {
    hosts,
    slot: { start: iso(slot.start), end: iso(slot.end) },
    auto,
    checkedAt: iso(deps.clock.now()),
  };
  // Kept only when every busy check came from the caches (a store read is current as read).
  return { value: list, keep: fromCaches };
}
