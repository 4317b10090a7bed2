import type { BusyStatus, Host, HostConflict, HostList } from '@ats-zoom/contract';
import type { MeetingDeps } from '../meetings/meeting-deps';
import type { BusyPeriod, ConnectionRecord, MeetingRecord } from '../ports';
import { calendarPortOf } from '../providers';
import type { Actor } from '../shared/actor';

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
  /** Google links of the hosts' owners, by ATS user id (empty without Google). */
  googleLinks: Map<string, ConnectionRecord>;
}

const iso = (date: Date) => date.toISOString();
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The free/busy window asked of Google for a slot: whole UTC days with at least half a day
 * around it, so a nearby slot reuses the cached answer and the busy blocks we compare with our
 * own meetings are whole (Google clips them to the window).
 */
function googleWindow(slot: HostSlot): BusyPeriod {
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

/**
 * 予定あり for one host: our own meetings records of the host in the slot, the host's Zoom
 * meetings in the slot and, when the host's owner linked Google, the owner's Google free/busy;
 * Zoom and Google are asked in parallel, each within the per-host time limit. A meeting issued
 * here is reported once, as `ats`; Google time already reported (our meetings, Zoom's) and the
 * rescheduled interview's own event are not reported again. `unknown` when a source did not
 * answer and nothing says busy.
 */
export async function checkHostBusy(
  deps: MeetingDeps,
  connection: ConnectionRecord,
  slot: HostSlot,
  context: BusyContext,
): Promise<HostBusy> {
  const { own, excluded } = context;
  const ats = own.filter(
    (m) => m.connectionId === connection.id && m.interviewId !== slot.excludeInterviewId,
  );
  const known = new Set(own.map((m) => m.zoomMeetingId));
  if (excluded) known.add(excluded.zoomMeetingId);
  const conflicts: HostConflict[] = ats.map((m) => ({
    start: iso(m.startTime),
    end: iso(spanOf(m).end),
    source: 'ats',
  }));

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
  const googleLink = context.googleLinks.get(connection.userId);
  const checksGoogle =
    calendarPortOf(deps.providers, 'google') !== undefined && googleLink?.status === 'active';
  const [upcoming, calendarBusy] = await Promise.all([
    connection.status === 'active'
      ? withinLimit(deps.hostSchedules.upcoming(connection), limit).catch(failed('zoom'))
      : Promise.resolve(undefined),
    checksGoogle && googleLink
      ? withinLimit(deps.calendarBusy.busy(googleLink, googleWindow(slot)), limit).catch(
          failed('google'),
        )
      : Promise.resolve(null),
  ]);

  const reported: BusyPeriod[] = ats.map(spanOf);
  if (upcoming) {
    for (const meeting of upcoming) {
      const end = meeting.startTime.getTime() + meeting.durationMinutes * 60_000;
      const overlaps = meeting.startTime < slot.end && end > slot.start.getTime();
      if (overlaps && !known.has(meeting.id)) {
        conflicts.push({ start: iso(meeting.startTime), end: iso(new Date(end)), source: 'zoom' });
        reported.push({ start: meeting.startTime, end: new Date(end) });
      }
    }
  }
  if (calendarBusy) {
    // The rescheduled interview's own event sits on its calendar owner's calendar.
    if (excluded?.calendar.owner?.userId === connection.userId) reported.push(spanOf(excluded));
    for (const period of subtract(calendarBusy, reported)) {
      if (period.start < slot.end && period.end > slot.start) {
        conflicts.push({ start: iso(period.start), end: iso(period.end), source: 'google' });
      }
    }
  }
  conflicts.sort((a, b) => a.start.localeCompare(b.start));
  const allKnown = upcoming !== undefined && calendarBusy !== undefined;
  const busy: BusyStatus = conflicts.length > 0 ? 'busy' : allKnown ? 'free' : 'unknown';
  return { busy, conflicts };
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
  const [own, excluded, googleLinks] = await Promise.all([
    deps.store.meetings.listOverlapping({
      tenantId,
      connectionIds: hosts.map((c) => c.id),
      start: slot.start,
      end: slot.end,
    }),
    slot.excludeInterviewId
      ? deps.store.meetings.findByInterview(tenantId, slot.excludeInterviewId)
      : Promise.resolve(undefined),
    loadGoogleLinks(deps, tenantId, hosts),
  ]);
  return { own, excluded, googleLinks };
}

async function loadGoogleLinks(
  deps: MeetingDeps,
  tenantId: string,
  hosts: ConnectionRecord[],
): Promise<Map<string, ConnectionRecord>> {
  if (!calendarPortOf(deps.providers, 'google') || hosts.length === 0) return new Map();
  const [one] = hosts;
  const links =
    hosts.length === 1 && one
      ? [await deps.store.connections.findForUser(tenantId, one.userId, 'google')]
      : await deps.store.connections.listForTenant(tenantId, 'google');
  return new Map(links.flatMap((link) => (link ? [[link.userId, link] as const] : [])));
}

/**
 * `GET /v1/hosts`: every Zoom link of the tenant as a host candidate, busy-checked in parallel;
 * the links of deactivated ATS users are left out (kept, not offered).
 */
export async function listHosts(
  deps: MeetingDeps,
  actor: Actor,
  slot: HostSlot,
): Promise<HostList> {
  const [links, deactivated] = await Promise.all([
    deps.store.connections.listForTenant(actor.tenantId, 'zoom'),
    deps.store.userStatuses.listDeactivated(actor.tenantId),
  ]);
  const away = new Set(deactivated.map((record) => record.userId));
  const connections = links.filter((connection) => !away.has(connection.userId));
  const context = await loadBusyContext(deps, actor.tenantId, connections, slot);
  const hosts = await Promise.all(
    connections.map(async (connection): Promise<Host> => {
      const { busy, conflicts } = await checkHostBusy(deps, connection, slot, context);
      return {
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
      };
    }),
  );
  return {
    hosts,
    slot: { start: iso(slot.start), end: iso(slot.end) },
    checkedAt: iso(deps.clock.now()),
  };
}
