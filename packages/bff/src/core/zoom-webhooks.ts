import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { CoreDeps } from './deps';

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

export type ZoomWebhookResult =
  | { kind: 'url_validation'; answer: { plainToken: string; encryptedToken: string } }
  | { kind: 'handled' }
  | { kind: 'duplicate' }
  | { kind: 'ignored'; reason: string };

/** Handles a delivery whose signature was already verified. */
export async function handleZoomWebhook(
  deps: CoreDeps,
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

  return { kind: 'ignored', reason: `unhandled event ${envelope.data.event}` };
}

/** The user removed the app in Zoom: their live link becomes `revoked` and its tokens go. */
async function deauthorizeZoomUser(
  deps: CoreDeps,
  deliveryKey: string,
  zoomUserId: string,
): Promise<ZoomWebhookResult> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
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
}
