import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { CoreDeps } from './deps';
import type { HostScheduleCache } from './host-schedules';
import { appendBrokenAudit } from './interview-meetings';
import type { MeetingRecord } from './ports';

/** Zoom signs `v0:{timestamp}:{raw body}`; deliveries older or newer than this are refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Checks `x-zm-signature` over the raw bytes (never a re-serialised body) with a constant-time
 * comparison, and the timestamp (unix seconds) against replay.
 */
export function verifyZoomWebhookSignature(input: {
  secretToken: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
}): boolean {
  const { signature, timestamp } = input;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const skew = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (skew > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(
    `v0=${createHmac('sha256', input.secretToken)
      .update(`v0:${timestamp}:`)
      .update(input.rawBody)
      .digest('hex')}`,
  );
  const received = Buffer.from(signature);
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/** The answer to `endpoint.url_validation`. */
export function zoomUrlValidationAnswer(secretToken: string, plainToken: string) {
  return {
    plainToken,
    encryptedToken: createHmac('sha256', secretToken).update(plainToken).digest('hex'),
  };
}

const UrlValidationSchema = z.object({
  event: z.literal('endpoint.url_validation'),
  payload: z.object({ plainToken: z.string().min(1).max(512) }),
});

const DeauthorizationSchema = z.object({
  event: z.literal('app_deauthorized'),
  event_ts: z.number(),
  payload: z.object({
    user_id: z.string().min(1),
    client_id: z.string(),
    account_id: z.string().optional(),
  }),
});

const EnvelopeSchema = z.object({ event: z.string() });

/** `meeting.deleted` / `meeting.updated`: `object` carries the id and (updated) the new values. */
const MeetingEventSchema = z.object({
  event: z.enum(['meeting.deleted', 'meeting.updated']),
  event_ts: z.number(),
  payload: z.object({
    object: z.object({
      id: z.union([z.number(), z.string()]),
      host_id: z.string().optional(),
      start_time: z.string().optional(),
      duration: z.number().optional(),
      timezone: z.string().optional(),
      topic: z.string().optional(),
      /** Sent when the host changed the passcode (the join URL changes with it). */
      password: z.string().optional(),
    }),
  }),
});

export type ZoomWebhookResult =
  | { kind: 'url_validation'; answer: { plainToken: string; encryptedToken: string } }
  | { kind: 'handled' }
  | { kind: 'duplicate' }
  | { kind: 'ignored'; reason: string };

/**
 * What webhook handling needs: the core, and (when meetings are served) the host-list cache,
 * so a meeting changed in Zoom shows in the busy badges at once, not after the cache's TTL.
 */
export type ZoomWebhookDeps = CoreDeps & {
  hostSchedules?: Pick<HostScheduleCache, 'invalidate'>;
  /** Takes a join URL changed in Zoom (with the passcode) onto the meeting and its event. */
  takeJoinLink?: (meeting: MeetingRecord) => Promise<boolean>;
};

/** Handles a delivery whose signature was already verified. */
export async function handleZoomWebhook(
  deps: ZoomWebhookDeps,
  config: { secretToken: string; clientId: string },
  body: unknown,
): Promise<ZoomWebhookResult> {
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) return { kind: 'ignored', reason: 'not a zoom event' };

  if (envelope.data.event === 'endpoint.url_validation') {
    const parsed = UrlValidationSchema.safeParse(body);
    if (!parsed.success) return { kind: 'ignored', reason: 'malformed url validation' };
    return {
      kind: 'url_validation',
      answer: zoomUrlValidationAnswer(config.secretToken, parsed.data.payload.plainToken),
    };
  }

  if (envelope.data.event === 'app_deauthorized') {
    const parsed = DeauthorizationSchema.safeParse(body);
    if (!parsed.success) return { kind: 'ignored', reason: 'malformed deauthorization' };
    const { event, event_ts: eventTs, payload } = parsed.data;
    if (payload.client_id !== config.clientId) return { kind: 'ignored', reason: 'another app' };
    return deauthorizeZoomUser(deps, `${event}:${eventTs}:${payload.user_id}`, payload.user_id);
  }

  if (envelope.data.event === 'meeting.deleted' || envelope.data.event === 'meeting.updated') {
    const parsed = MeetingEventSchema.safeParse(body);
    if (!parsed.success) return { kind: 'ignored', reason: 'malformed meeting event' };
    return applyMeetingEvent(deps, parsed.data);
  }

  return { kind: 'ignored', reason: `unhandled event ${envelope.data.event}` };
}

/**
 * A meeting deleted in Zoom marks its interview's link broken (re-issue creates a new one). A
 * meeting whose time changed in Zoom keeps working: the row keeps the interview's time and
 * records Zoom's beside it (`zoomTime`), so the disagreement is shown until a scheduler chooses
 * which time wins; the calendar event stays with the interview meanwhile. Zoom's time back at
 * the interview's clears it; our own PATCHes arrive with the time we hold and change nothing.
 */
async function applyMeetingEvent(
  deps: ZoomWebhookDeps,
  event: z.infer<typeof MeetingEventSchema>,
): Promise<ZoomWebhookResult> {
  const zoomMeetingId = String(event.payload.object.id);
  const now = deps.clock.now();
  const result = await deps.store.transaction(async (tx) => {
    // Two edits within one `event_ts` millisecond are two deliveries; a redelivery is the same.
    const { start_time: at = '', duration = '' } = event.payload.object;
    const key = `${event.event}:${event.event_ts}:${zoomMeetingId}:${at}:${duration}`;
    if (!(await tx.webhookEvents.recordIfNew('zoom', key, now))) {
      return { kind: 'duplicate' } as const;
    }
    const meetings = await tx.meetings.findByZoomMeetingId(zoomMeetingId);
    for (const meeting of meetings) {
      if (event.event === 'meeting.deleted') {
        await tx.meetings.update(meeting.id, {
          linkStatus: 'broken',
          brokenReason: 'deleted_in_zoom',
          // Re-issue creates a meeting at the interview's time: nothing left to choose.
          zoomTime: null,
          updatedAt: now,
        });
        await appendBrokenAudit(tx, meeting, 'deleted_in_zoom', 'zoom-webhook', now);
        continue;
      }
      // `object` carries what changed: the rest of Zoom's time is what we last knew of it.
      const { start_time: startText, duration } = event.payload.object;
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
        actor: 'zoom-webhook',
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
  await invalidateHostSchedules(deps, event.payload.object.host_id, result.meetings);
  const { password } = event.payload.object;
  if (event.event === 'meeting.updated' && password !== undefined && deps.takeJoinLink) {
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
  deps: ZoomWebhookDeps,
  zoomHostId: string | undefined,
  meetings: readonly MeetingRecord[],
): Promise<void> {
  const cache = deps.hostSchedules;
  if (!cache) return;
  const connectionIds = new Set(meetings.map((meeting) => meeting.connectionId));
  const hostIds = new Set(meetings.map((meeting) => meeting.hostProviderUserId));
  if (zoomHostId) hostIds.add(zoomHostId);
  for (const hostId of hostIds) {
    const live = await deps.store.connections.findLiveByProviderUser('zoom', hostId);
    if (live) connectionIds.add(live.id);
  }
  for (const connectionId of connectionIds) cache.invalidate(connectionId);
}

/** The user removed the app in Zoom: their live link becomes `revoked` and its tokens go. */
async function deauthorizeZoomUser(
  deps: CoreDeps,
  deliveryKey: string,
  zoomUserId: string,
): Promise<ZoomWebhookResult> {
  const now = deps.clock.now();
  const apply = () =>
    deps.store.transaction(async (tx) => {
      // Same transaction as the effect: a crash cannot record a delivery that did nothing.
      if (!(await tx.webhookEvents.recordIfNew('zoom', deliveryKey, now))) {
        return { kind: 'duplicate' } as const;
      }
      const live = await tx.connections.findLiveByProviderUser('zoom', zoomUserId);
      if (!live) return { kind: 'handled' } as const;
      await tx.connections.update(live.id, {
        status: 'revoked',
        tokenCiphertext: null,
        accessTokenExpiresAt: null,
        updatedAt: now,
      });
      await tx.audit.append({
        tenantId: live.tenantId,
        actor: 'zoom-webhook',
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
  const live = await deps.store.connections.findLiveByProviderUser('zoom', zoomUserId);
  return live ? deps.store.withConnectionLock(live.id, apply) : apply();
}
