import type { MeetingHostProvider } from '@ats-zoom/contract';
import type { HostScheduleCache } from '../hosts/host-schedules';
import { appendBrokenAudit } from '../meetings/delete-meeting';
import type { MeetingRecord } from '../ports';
import type { CoreDeps } from '../shared/deps';

/**
 * A meeting host's webhook delivery, read by its adapter (signature checked, payload parsed)
 * into what the core acts on. `deliveryKey` names one delivery: a redelivery has the same key.
 */
export type MeetingHostEvent =
  | { kind: 'url_validation'; answer: { plainToken: string; encryptedToken: string } }
  | { kind: 'ignored'; reason: string }
  | { kind: 'host_deauthorized'; deliveryKey: string; hostUserId: string }
  | {
      kind: 'meeting_deleted' | 'meeting_updated';
      deliveryKey: string;
      meetingId: string;
      /** The host's user id at the provider, when sent. */
      hostUserId?: string;
      /** What changed (updated): the new start (ISO), duration and passcode, when sent. */
      startTime?: string;
      durationMinutes?: number;
      passcode?: string;
    };

export type MeetingHostEventResult =
  | { kind: 'url_validation'; answer: { plainToken: string; encryptedToken: string } }
  | { kind: 'handled' }
  | { kind: 'duplicate' }
  | { kind: 'ignored'; reason: string };

/**
 * What webhook handling needs: the core, and (when meetings are served) the host-list cache,
 * so a meeting changed at the host shows in the busy badges at once, not after the cache's TTL.
 */
export type MeetingHostEventDeps = CoreDeps & {
  hostSchedules?: Pick<HostScheduleCache, 'invalidate'>;
  /** Takes a join URL changed at the host (with the passcode) onto the meeting and its event. */
  takeJoinLink?: (meeting: MeetingRecord) => Promise<boolean>;
};

/** Acts on one delivery of a meeting host (whose adapter already verified and parsed it). */
export async function handleMeetingHostEvent(
  deps: MeetingHostEventDeps,
  provider: MeetingHostProvider,
  event: MeetingHostEvent,
): Promise<MeetingHostEventResult> {
  switch (event.kind) {
    case 'url_validation':
    case 'ignored':
      return event;
    case 'host_deauthorized':
      return deauthorizeHostUser(deps, provider, event.deliveryKey, event.hostUserId);
    case 'meeting_deleted':
    case 'meeting_updated':
      return applyMeetingEvent(deps, provider, event);
    default:
      return event satisfies never;
  }
}

/**
 * A meeting deleted in Zoom marks its interview's link broken (re-issue creates a new one). A
 * meeting whose time changed in Zoom keeps working: the row keeps the interview's time and
 * records Zoom's beside it (`zoomTime`), so the disagreement is shown until a scheduler chooses
 * which time wins; the calendar event stays with the interview meanwhile. Zoom's time back at
 * the interview's clears it; our own PATCHes arrive with the time we hold and change nothing.
 */
async function applyMeetingEvent(
  deps: MeetingHostEventDeps,
  provider: MeetingHostProvider,
  event: Extract<MeetingHostEvent, { kind: 'meeting_deleted' | 'meeting_updated' }>,
): Promise<MeetingHostEventResult> {
  const zoomMeetingId = event.meetingId;
  const now = deps.clock.now();
  const actor = `${provider}-webhook`;
  const result = await deps.store.transaction(async (tx) => {
    if (!(await tx.webhookEvents.recordIfNew(provider, event.deliveryKey, now))) {
      return { kind: 'duplicate' } as const;
    }
    const meetings = await tx.meetings.findByHostMeetingId(zoomMeetingId);
    for (const meeting of meetings) {
      if (event.kind === 'meeting_deleted') {
        await tx.meetings.update(meeting.id, {
          linkStatus: 'broken',
          brokenReason: 'deleted_in_zoom',
          // Re-issue creates a meeting at the interview's time: nothing left to choose.
          zoomTime: null,
          updatedAt: now,
        });
        await appendBrokenAudit(tx, meeting, 'deleted_in_zoom', actor, now);
        continue;
      }
      // `object` carries what changed: the rest of Zoom's time is what we last knew of it.
      const { startTime: startText, durationMinutes: duration } = event;
      const known = meeting.zoomTime ?? meeting;
      const start = startText === undefined ? known.startTime : new Date(startText);
      if (Number.isNaN(start.getTime())) continue;
      const durationMinutes = duration ?? known.durationMinutes;
      const agrees =
        start.getTime() === meeting.startTime.getTime() &&
        durationMinutes === meeting.durationMinutes;
      const zoomTime = agrees ? null : { startTime: start, durationMinutes };
      const same =
        zoomTime?.startTime.getTime() === meeting.zoomTime?.startTime.getTime() &&
        zoomTime?.durationMinutes === meeting.zoomTime?.durationMinutes;
      if (same) continue;
      await tx.meetings.update(meeting.id, { zoomTime, updatedAt: now });
      await tx.audit.append({
        tenantId: meeting.tenantId,
        actor,
        action: zoomTime ? 'meeting.changed_in_zoom' : 'meeting.zoom_time_matches',
        subjectType: 'interview',
        subjectId: meeting.interviewId,
        details: {
          zoomMeetingId: meeting.zoomMeetingId,
          ...(zoomTime ? { zoomStartTime: start.toISOString(), durationMinutes } : {}),
        },
        at: now,
      });
    }
    return { kind: 'handled', meetings } as const;
  });
  if (result.kind === 'duplicate') return result;
  await invalidateHostSchedules(deps, provider, event.hostUserId, result.meetings);
  const password = event.passcode;
  if (event.kind === 'meeting_updated' && password !== undefined && deps.takeJoinLink) {
    for (const meeting of result.meetings) {
      if (meeting.passcode === password) continue;
      // Zoom's answer is what counts; a failure leaves the row (logged), not the delivery, failed.
      await deps.takeJoinLink(meeting).catch((error: unknown) => {
        deps.logger.warn({ err: error, interviewId: meeting.interviewId }, 'join link not taken');
      });
    }
  }
  return { kind: 'handled' };
}

/**
 * Forgets the cached Zoom schedule of the meeting's host: the live link of Zoom's `host_id`
 * (any meeting of theirs, ours or not, decides their busy badge) and the links our records of
 * that meeting were issued with. Only this instance's cache: other instances catch up within
 * their TTL.
 */
async function invalidateHostSchedules(
  deps: MeetingHostEventDeps,
  provider: MeetingHostProvider,
  zoomHostId: string | undefined,
  meetings: readonly MeetingRecord[],
): Promise<void> {
  const cache = deps.hostSchedules;
  if (!cache) return;
  const connectionIds = new Set(meetings.map((meeting) => meeting.connectionId));
  const hostIds = new Set(meetings.map((meeting) => meeting.hostProviderUserId));
  if (zoomHostId) hostIds.add(zoomHostId);
  for (const hostId of hostIds) {
    const live = await deps.store.connections.findLiveByProviderUser(provider, hostId);
    if (live) connectionIds.add(live.id);
  }
  for (const connectionId of connectionIds) cache.invalidate(connectionId);
}

/** The user removed the app in Zoom: their live link becomes `revoked` and its tokens go. */
async function deauthorizeHostUser(
  deps: CoreDeps,
  provider: MeetingHostProvider,
  deliveryKey: string,
  zoomUserId: string,
): Promise<MeetingHostEventResult> {
  const now = deps.clock.now();
  const apply = () =>
    deps.store.transaction(async (tx) => {
      // Same transaction as the effect: a crash cannot record a delivery that did nothing.
      if (!(await tx.webhookEvents.recordIfNew(provider, deliveryKey, now))) {
        return { kind: 'duplicate' } as const;
      }
      const live = await tx.connections.findLiveByProviderUser(provider, zoomUserId);
      if (!live) return { kind: 'handled' } as const;
      await tx.connections.update(live.id, {
        status: 'revoked',
        tokenCiphertext: null,
        accessTokenExpiresAt: null,
        updatedAt: now,
      });
      await tx.audit.append({
        tenantId: live.tenantId,
        actor: `${provider}-webhook`,
        action: 'connection.deauthorized',
        subjectType: 'connection',
        subjectId: live.id,
        details: { providerUserId: zoomUserId },
        at: now,
      });
      return { kind: 'handled' } as const;
    });
  // Under the refresh lock: a refresh refused because of this very revocation must not mark
  // the link `needs_reauth` over `revoked`.
  const live = await deps.store.connections.findLiveByProviderUser(provider, zoomUserId);
  return live ? deps.store.withConnectionLock(live.id, apply) : apply();
}
