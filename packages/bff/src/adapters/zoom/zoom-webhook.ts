import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  handleMeetingHostEvent,
  type MeetingHostEvent,
  type MeetingHostEventDeps,
  type MeetingHostEventResult,
} from '../../core/webhooks/meeting-host-events';

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

/**
 * Checks a delivery as it arrived (raw bytes, Zoom's signature headers); `header` reads a
 * request header by its lower-case name.
 */
export function verifyZoomWebhookRequest(input: {
  secretToken: string;
  rawBody: Buffer;
  header: (name: string) => string | undefined;
  now: Date;
}): boolean {
  return verifyZoomWebhookSignature({
    secretToken: input.secretToken,
    rawBody: input.rawBody,
    signature: input.header('x-zm-signature'),
    timestamp: input.header('x-zm-request-timestamp'),
    now: input.now,
  });
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

/** Reads a verified Zoom delivery as the meeting host event the core acts on. */
export function parseZoomWebhook(
  config: { secretToken: string; clientId: string },
  body: unknown,
): MeetingHostEvent {
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
    return {
      kind: 'host_deauthorized',
      deliveryKey: `${event}:${eventTs}:${payload.user_id}`,
      hostUserId: payload.user_id,
    };
  }

  if (envelope.data.event === 'meeting.deleted' || envelope.data.event === 'meeting.updated') {
    const parsed = MeetingEventSchema.safeParse(body);
    if (!parsed.success) return { kind: 'ignored', reason: 'malformed meeting event' };
    const { event, event_ts: eventTs, payload } = parsed.data;
    const object = payload.object;
    const meetingId = String(object.id);
    // Two edits within one `event_ts` millisecond are two deliveries; a redelivery is the same.
    const { start_time: at = '', duration = '' } = object;
    return {
      kind: event === 'meeting.deleted' ? 'meeting_deleted' : 'meeting_updated',
      deliveryKey: `${event}:${eventTs}:${meetingId}:${at}:${duration}`,
      meetingId,
      ...(object.host_id === undefined ? {} : { hostUserId: object.host_id }),
      ...(object.start_time === undefined ? {} : { startTime: object.start_time }),
      ...(object.duration === undefined ? {} : { durationMinutes: object.duration }),
      ...(object.password === undefined ? {} : { passcode: object.password }),
    };
  }

  return { kind: 'ignored', reason: `unhandled event ${envelope.data.event}` };
}

/** Handles a Zoom delivery whose signature was already verified. */
export function handleZoomWebhook(
  deps: MeetingHostEventDeps,
  config: { secretToken: string; clientId: string },
  body: unknown,
): Promise<MeetingHostEventResult> {
  return handleMeetingHostEvent(deps, 'zoom', parseZoomWebhook(config, body));
}
