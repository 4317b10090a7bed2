import type { BusyStatus, Host, HostConflict, HostList } from '@ats-zoom/contract';
import type { Actor } from './actor';
import type { MeetingDeps } from './meeting-deps';
import type { ConnectionRecord, MeetingRecord } from './ports';

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

const iso = (date: Date) => date.toISOString();

/**
 * 予定あり for one host: our own meetings records of the host in the slot, plus the host's
 * Zoom meetings in the slot (the Zoom side within the per-host time limit, else `unknown`).
 * A meeting issued here is reported once, as `ats`.
 */
export async function checkHostBusy(
  deps: MeetingDeps,
  connection: ConnectionRecord,
  slot: HostSlot,
  ownMeetings: MeetingRecord[],
  excludedZoomMeetingId: string | undefined,
): Promise<HostBusy> {
  const ats = ownMeetings.filter(
    (m) => m.connectionId === connection.id && m.interviewId !== slot.excludeInterviewId,
  );
  const known = new Set(ownMeetings.map((m) => m.zoomMeetingId));
  if (excludedZoomMeetingId) known.add(excludedZoomMeetingId);
  const conflicts: HostConflict[] = ats.map((m) => ({
    start: iso(m.startTime),
    end: iso(new Date(m.startTime.getTime() + m.durationMinutes * 60_000)),
    source: 'ats',
  }));

  let zoomKnown = false;
  if (connection.status === 'active') {
    const upcoming = await withinLimit(
      deps.hostSchedules.upcoming(connection),
      deps.meetingOptions.hostCheckTimeoutMs,
    ).catch((error: unknown) => {
      deps.logger.warn(
        { connectionId: connection.id, error: error instanceof Error ? error.name : 'unknown' },
        'host busy check failed',
      );
      return undefined;
    });
    if (upcoming) {
      zoomKnown = true;
      for (const meeting of upcoming) {
        const end = meeting.startTime.getTime() + meeting.durationMinutes * 60_000;
        const overlaps = meeting.startTime < slot.end && end > slot.start.getTime();
        if (overlaps && !known.has(meeting.id)) {
          conflicts.push({
            start: iso(meeting.startTime),
            end: iso(new Date(end)),
            source: 'zoom',
          });
        }
      }
    }
  }
  conflicts.sort((a, b) => a.start.localeCompare(b.start));
  const busy: BusyStatus = conflicts.length > 0 ? 'busy' : zoomKnown ? 'free' : 'unknown';
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

/** The meeting records and excluded Zoom meeting a busy check of these hosts needs. */
export async function loadOwnMeetings(
  deps: MeetingDeps,
  tenantId: string,
  connectionIds: string[],
  slot: HostSlot,
): Promise<{ own: MeetingRecord[]; excludedZoomMeetingId: string | undefined }> {
  const [own, excluded] = await Promise.all([
    deps.store.meetings.listOverlapping({
      tenantId,
      connectionIds,
      start: slot.start,
      end: slot.end,
    }),
    slot.excludeInterviewId
      ? deps.store.meetings.findByInterview(tenantId, slot.excludeInterviewId)
      : Promise.resolve(undefined),
  ]);
  return { own, excludedZoomMeetingId: excluded?.zoomMeetingId };
}

/** `GET /v1/hosts`: every Zoom link of the tenant as a host candidate, busy-checked in parallel. */
export async function listHosts(
  deps: MeetingDeps,
  actor: Actor,
  slot: HostSlot,
): Promise<HostList> {
  const connections = await deps.store.connections.listForTenant(actor.tenantId, 'zoom');
  const { own, excludedZoomMeetingId } = await loadOwnMeetings(
    deps,
    actor.tenantId,
    connections.map((c) => c.id),
    slot,
  );
  const hosts = await Promise.all(
    connections.map(async (connection): Promise<Host> => {
      const { busy, conflicts } = await checkHostBusy(
        deps,
        connection,
        slot,
        own,
        excludedZoomMeetingId,
      );
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
