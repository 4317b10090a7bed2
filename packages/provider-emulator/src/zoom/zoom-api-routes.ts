import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  Router,
} from 'express';
import { httpErrorFacts } from '../shared/http-errors';
import { toZoomUserResource, type ZoomUserProfile } from './seed-zoom-accounts';
import type { ZoomRateLimiter } from './zoom-faults';
import { addZoomMeetingRoutes, rateLimited } from './zoom-meeting-routes';
import type { ZoomMeetingsState } from './zoom-meetings-state';
import type { ZoomOAuthState } from './zoom-oauth-state';

/** Zoom's REST error body (research §8). */
export function sendZoomError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ code, message });
}

/**
 * Unknown paths and known paths with another method: Zoom's `{code, message}` JSON 404,
 * never Express's HTML page.
 */
export const zoomNotFound: RequestHandler = (req, res) => {
  sendZoomError(res, 404, 404, `No API found for ${req.method} ${req.baseUrl}${req.path}.`);
};

/** Errors thrown while routing or parsing (bad JSON, bad percent-encoding, oversize bodies). */
export const zoomErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const facts = httpErrorFacts(error);
  if (facts.type === 'entity.parse.failed') {
    sendZoomError(res, 400, 300, 'Request Body should be a valid JSON object.');
  } else if (facts.status < 500) {
    sendZoomError(res, facts.status, facts.status, facts.message ?? 'Bad Request');
  } else {
    sendZoomError(res, 500, 500, 'Internal error in the Zoom emulator.');
  }
};

/** The Zoom user the request's bearer token belongs to; set by the auth middleware. */
export function authenticatedZoomUser(res: Response): ZoomUserProfile {
  return res.locals.zoomUser as ZoomUserProfile;
}

function bearerAuth(state: ZoomOAuthState): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const check = state.checkAccessToken(match?.[1]);
    if (!check.ok) {
      sendZoomError(
        res,
        401,
        124,
        check.reason === 'expired' ? 'Access token is expired.' : 'Invalid access token.',
      );
      return;
    }
    res.locals.zoomUser = check.user;
    next();
  };
}

/** `origin` + `/zoom`: the fixed public origin once known, else the request's own. */
export function zoomWebOrigin(req: Request, publicOrigin: () => string | undefined): string {
  return `${publicOrigin() ?? `${req.protocol}://${req.get('host')}`}/zoom`;
}

export interface ZoomApiDeps {
  meetings: ZoomMeetingsState;
  rateLimiter: ZoomRateLimiter;
  now: () => number;
  publicOrigin: () => string | undefined;
}

/** `userId` may be `me`, the user's id or e-mail; a user-level token sees only its own user. */
function resolveUserId(req: Request, res: Response): ZoomUserProfile | undefined {
  const self = authenticatedZoomUser(res);
  const userId = String(req.params.userId);
  if (userId === 'me' || userId === self.id || userId.toLowerCase() === self.email.toLowerCase()) {
    return self;
  }
  sendZoomError(res, 404, 1001, `User does not exist: ${userId}.`);
  return undefined;
}

/** The `/v2` REST subset. Every response is JSON in Zoom's `{code, message}` error shape. */
export function createZoomApiRouter(state: ZoomOAuthState, deps: ZoomApiDeps): Router {
  const webOrigin = (req: Request) => zoomWebOrigin(req, deps.publicOrigin);
  const router = Router();
  router.use((_req, _res, next) => {
    state.countApiRequest();
    next();
  });
  router.use(bearerAuth(state));
  router.use(express.json({ limit: '256kb' }));

  router.get(
    '/users/:userId',
    rateLimited(deps.rateLimiter, 'Light', authenticatedZoomUser),
    (req, res) => {
      const user = resolveUserId(req, res);
      if (user) res.json(toZoomUserResource(user, webOrigin(req)));
    },
  );

  addZoomMeetingRoutes(router, {
    meetings: deps.meetings,
    rateLimiter: deps.rateLimiter,
    webOrigin,
    now: deps.now,
    authenticatedUser: authenticatedZoomUser,
    resolveUserId,
  });

  router.use(zoomNotFound);
  router.use(zoomErrorHandler);

  return router;
}
