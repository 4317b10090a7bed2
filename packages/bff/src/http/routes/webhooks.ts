import { providerPaths } from '@ats-zoom/contract';
import express, { type RequestHandler, type Router } from 'express';
import { parseZoomWebhook, verifyZoomWebhookRequest } from '../../adapters/zoom';
import { sendProblem } from '../problem';
import type { BffWiring } from '../wiring';

const WEBHOOK_LIMIT = '64kb';

/**
 * The meeting host's webhook: raw bytes (the signature covers them exactly), size-limited
 * before any signature work; the adapter verifies and reads the delivery. URL validation and
 * ignored events are answered on the spot; the rest is stored in the webhook queue (once per
 * delivery key) and acknowledged once processed or after the queue's `ackWaitMs`: a store
 * failure answers 500, so the sender delivers again.
 */
export function mountWebhookRoutes(
  router: Router,
  wiring: BffWiring,
  /** Runs the handler in the request's log scope (the raw body parser's callback is outside it). */
  inRequestScope: RequestHandler,
): void {
  const { config, clock, logger, webhookQueue } = wiring;
  const zoomConfig = {
    secretToken: config.zoom.webhookSecretToken,
    clientId: config.zoom.clientId,
  };
  router.post(
    providerPaths.zoomWebhook,
    express.raw({ type: () => true, limit: WEBHOOK_LIMIT }),
    inRequestScope,
    async (req, res) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const valid = verifyZoomWebhookRequest({
        secretToken: zoomConfig.secretToken,
        rawBody,
        header: (name) => req.get(name),
        now: clock.now(),
      });
      if (!valid) {
        sendProblem(res, 'webhook_signature_invalid');
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        sendProblem(res, 'malformed_json');
        return;
      }
      const event = parseZoomWebhook(zoomConfig, body);
      if (event.kind === 'url_validation') {
        res.status(200).json(event.answer);
        return;
      }
      if (event.kind === 'ignored') {
        logger.info({ requestId: res.locals.requestId, result: 'ignored' }, 'zoom webhook');
        res.status(200).json({});
        return;
      }
      const result = await webhookQueue.accept('zoom', event);
      logger.info({ requestId: res.locals.requestId, result }, 'zoom webhook');
      res.status(200).json({});
    },
  );
}
