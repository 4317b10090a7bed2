import { routes } from '@ats-zoom/contract';
import cors from 'cors';
import express, { type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import { currentRequest, runInRequest } from '../adapters/observability/log-context';
import { assertActiveUser } from '../core/connections/user-status';
import { assertValidBffConfig } from './bff-config';
import type { BffDependencies, BffRouter } from './bff-options';
import { createHostTokenVerifier } from './host-token';
import { createJsonRouteTable, type RouteAccess } from './json-routes';
import { METRICS_PATH } from './metrics';
import { problemErrorHandler, sendProblem } from './problem';
import { createRateLimits } from './rate-limits';
import { requestContext } from './request-context';
import { mountHealthRoutes, mountVariableAndUserRoutes } from './routes/account';
import { mountConnectionRoutes } from './routes/connections';
import { mountMeetingRoutes } from './routes/meetings';
import { mountOAuthPopupRoutes, popupRefusalHandler } from './routes/oauth-popup';
import { mountWebhookRoutes } from './routes/webhooks';
import { wireBff } from './wiring';

export type { BffConfig, BffDependencies, BffRouter, MeetingTuning } from './bff-options';

const JSON_LIMIT = '16kb';
/** A 20,000-character template is up to 60 KB in UTF-8 (Japanese), plus 200 candidate ids. */
const RENDER_JSON_LIMIT = '128kb';
/** The render route's path below the `/v1` mount (the router trims the mount path). */
const RENDER_PATH = routes.renderVariables.path.slice('/v1'.length);

/**
 * The BFF as an Express router with full paths (`/v1/...`, `/healthz`, `/readyz`). It never
 * listens: mount it in any app (`app.use(createBff(deps))`), and `close()` it on shutdown.
 * Wiring is in ./wiring.ts, the routes in ./routes/, every error's HTTP answer in ./problem.ts.
 */
export function createBff(deps: BffDependencies): BffRouter {
  assertValidBffConfig(deps.config);
  const wiring = wireBff(deps);
  const { config, clock, logger, core, metrics } = wiring;
  const allowedOrigins = new Set(config.allowedOrigins);
  const rateLimits = createRateLimits(
    metrics ? metrics.countingRateLimits(deps.store) : deps.store,
    config.rateLimits,
    popupRefusalHandler(wiring),
  );
  const verifyToken = createHostTokenVerifier(config.hostToken, clock);
  const access: RouteAccess = {
    // Log lines of the request's provider calls name its tenant from here on.
    verifyHostToken: async (header) => {
      const actor = await verifyToken(header);
      const context = currentRequest();
      if (context) context.tenantId = actor.tenantId;
      return actor;
    },
    assertActive: (actor) => assertActiveUser(core, actor),
    admit: rateLimits.admitUser,
  };

  const router = express.Router();
  const ours = ['/v1', '/healthz', '/readyz'];

  // Outside the host token, the request log and the rate limits: guarded by its own config.
  if (metrics) router.get(METRICS_PATH, metrics.endpoint);
  // One router layer for what every request of ours passes first, in this order (see inOrder).
  router.use(
    ours,
    inOrder([
      ...(metrics ? [metrics.observeRequests] : []),
      // The request line has fixed, token-free fields only: no redaction needed (request-context).
      requestContext(deps.logger.child({ component: 'ats-zoom-bff' })),
      inRequestScope,
      helmet({ contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"] } } }),
      (_req, res, next) => {
        res.removeHeader('X-Powered-By');
        // Also on refused origins, so a shared cache never serves one origin's answer to another.
        res.vary('Origin');
        next();
      },
      cors({
        origin: (origin, callback) =>
          callback(null, origin !== undefined && allowedOrigins.has(origin) ? origin : false),
        methods: ['GET', 'POST', 'PUT', 'DELETE'],
        allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
        exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
        credentials: false,
        maxAge: 600,
      }),
    ]),
  );

  mountWebhookRoutes(router, wiring, inRequestScope);

  // Every other /v1 request spends its client IP's budget before anything reads it. The
  // webhook above is exempt: the meeting host delivers from a few shared addresses in bursts,
  // a refused delivery is retried late or lost, and its signature check (HMAC over at most
  // 64 KB) is the cheap gate in front of any work.
  router.use('/v1', rateLimits.perIp);

  mountOAuthPopupRoutes(router, wiring, rateLimits);

  const renderJson = express.json({ limit: RENDER_JSON_LIMIT });
  const json = express.json({ limit: JSON_LIMIT });
  // What every /v1 request of the JSON routes passes, in this order, as one router layer.
  router.use(
    '/v1',
    inOrder([
      // A URL we cannot decode is refused before any route reads it: a path parameter would
      // throw in the router, and a query would be read with U+FFFD in place of its bytes. (The
      // popup pages above answer their own bad queries with their HTML error page.)
      (req, res, next) => {
        if (!isDecodableUrl(req.originalUrl)) {
          sendProblem(res, 'malformed_request', {
            detail: 'The URL has malformed percent-encoding.',
          });
          return;
        }
        next();
      },
      (req, res, next) => {
        const hasBody =
          Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
        if (!hasBody) {
          next();
          return;
        }
        // A body we would not parse must not be silently ignored.
        if (!req.is('application/json')) {
          sendProblem(res, 'unsupported_media_type');
          return;
        }
        // The render body may be larger (a whole mail template); every other body is small.
        (isRenderRequest(req) ? renderJson : json)(req, res, next);
      },
      // Again after the body parser: its stream callbacks run outside the request's scope.
      inRequestScope,
    ]),
  );
  // /healthz and /readyz are outside /v1: their scope is the front layer's.

  // The contract's JSON routes, /healthz and /readyz among them, as one layer.
  const { table, dispatch } = createJsonRouteTable();
  mountHealthRoutes(table, wiring.readiness, access);
  mountConnectionRoutes(table, wiring, access, rateLimits);
  mountMeetingRoutes(table, wiring, access);
  mountVariableAndUserRoutes(table, wiring, access);
  router.use(dispatch);

  // Anything else under our paths (an unknown path, another method) is ours to refuse too.
  router.use(ours, (_req, res) => sendProblem(res, 'not_found'));
  router.use(ours, problemErrorHandler(logger));
  return Object.assign(router, {
    close: () => wiring.close(),
    drain: () => wiring.readiness.drain(),
    metricsRegistry: metrics?.registry,
  });
}

/**
 * Runs the rest of the request in its log scope (request id; tenant once verified). One scope
 * object per request, kept in `res.locals.logContext` (the request log line reads its tenant).
 */
const inRequestScope: RequestHandler = (_req, res, next) => {
  res.locals.logContext ??= { requestId: String(res.locals.requestId ?? '') };
  // Already in it (no body was parsed on the way): entering it again would change nothing.
  if (currentRequest() === res.locals.logContext) {
    next();
    return;
  }
  runInRequest(res.locals.logContext, next);
};

/**
 * Middleware run in order as one router layer, as the router runs separate layers at one path:
 * `next(error)`, a throw or a rejected promise goes to the router's `next`, and a middleware
 * that answers without `next()` ends the chain. Each layer costs the router a path match and a
 * prefix trim on every request.
 */
function inOrder(handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let index = 0;
    const step = (error?: unknown) => {
      if (error) {
        next(error);
        return;
      }
      const handler = handlers[index];
      index += 1;
      if (!handler) {
        next();
        return;
      }
      try {
        const returned: unknown = handler(req, res, step);
        if (returned instanceof Promise) {
          returned.catch((rejection: unknown) => next(rejection || new Error('Rejected promise')));
        }
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}

/** The render route as the router matches it: any case, with or without a trailing slash. */
const isRenderRequest = (req: Request) =>
  req.method === 'POST' && req.path.replace(/\/$/, '').toLowerCase() === RENDER_PATH;

/** Whether a request URL (path and query) is well-formed percent-encoded UTF-8. */
function isDecodableUrl(url: string): boolean {
  try {
    decodeURIComponent(url);
    return true;
  } catch {
    return false;
  }
}
