import express, { type Request, type Response, Router } from 'express';
import type { GoogleCalendarState } from './google-calendar-state';
import {
  badRequest,
  GoogleApiError,
  googleErrorHandler,
  googleNotFound,
  notFound,
  sendGoogleError,
} from './google-errors';
import { parseEventsListQuery } from './google-events-list';
import { bearer, SCOPE_PREFIX } from './google-oauth-routes';
import type { GoogleOAuthState } from './google-oauth-state';
import { formatInZone, formatUtcMillis, isValidTimeZone, parseRfc3339 } from './google-time';
import type { GoogleUser } from './google-types';

const scopes = (...names: string[]) => names.map((n) => SCOPE_PREFIX + n);
/** Scopes that allow each operation (discovery document, plus the newer narrow scopes). */
const WRITE = scopes('calendar', 'calendar.events', 'calendar.events.owned');
const READ = [
  ...WRITE,
  ...scopes('calendar.readonly', 'calendar.events.readonly', 'calendar.events.owned.readonly'),
];
const FREE_BUSY = scopes(
  'calendar',
  'calendar.readonly',
  'calendar.freebusy',
  'calendar.events.freebusy',
);

const MAX_CALENDARS = 50;
const MAX_RANGE_MS = 90 * 24 * 60 * 60 * 1000;
const AUTH_HINT =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

type Handler = (req: Request, res: Response, user: GoogleUser) => void;

export function createGoogleCalendarRouter(
  oauth: GoogleOAuthState,
  calendar: GoogleCalendarState,
): Router {
  const router = Router();

  function authorized(allowed: string[], handler: Handler) {
    return (req: Request, res: Response) => {
      try {
        const token = bearer(req);
        if (!token) {
          throw new GoogleApiError(401, 'required', 'Login Required.', 'global', {
            locationType: 'header',
            location: 'Authorization',
            topMessage: `Request is missing required authentication credential. ${AUTH_HINT}`,
          });
        }
        const record = oauth.accessToken(token);
        const user = record && oauth.findUser(record.sub);
        if (!record || !user) {
          throw new GoogleApiError(401, 'authError', 'Invalid Credentials', 'global', {
            locationType: 'header',
            location: 'Authorization',
            topMessage: `Request had invalid authentication credentials. ${AUTH_HINT}`,
          });
        }
        if (!record.scopes.some((s) => allowed.includes(s))) {
          throw new GoogleApiError(
            403,
            'insufficientPermissions',
            'Insufficient Permission',
            'global',
            {
              topMessage: 'Request had insufficient authentication scopes.',
            },
          );
        }
        handler(req, res, user);
      } catch (error) {
        if (error instanceof GoogleApiError) sendGoogleError(res, error);
        else throw error;
      }
    };
  }

  /** The caller may write only to its own primary calendar (`primary` or its e-mail). */
  const ownCalendar = (req: Request, user: GoogleUser) => {
    const id = String(req.params.calendarId).toLowerCase();
    if (id !== 'primary' && id !== user.email) throw notFound();
    return user.email;
  };

  const sendUpdatesOf = (req: Request) => {
    const value = req.query.sendUpdates;
    if (value === undefined) return undefined;
    if (value !== 'all' && value !== 'externalOnly' && value !== 'none') {
      throw badRequest('invalid', 'Invalid value for: sendUpdates');
    }
    return value;
  };

  const bodyOf = (req: Request) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw badRequest('parseError', 'Parse Error');
    }
    return body as Record<string, unknown>;
  };

  router.use(express.json({ limit: '1mb', type: () => true }));

  router.post(
    '/calendars/:calendarId/events',
    authorized(WRITE, (req, res, user) => {
      // conferenceData is not stored: at conferenceDataVersion=0 Google ignores it too.
      const { event } = calendar.insert(ownCalendar(req, user), bodyOf(req), sendUpdatesOf(req));
      res.json(event);
    }),
  );
  router.get(
    '/calendars/:calendarId/events',
    authorized(READ, (req, res, user) => {
      const query = parseEventsListQuery(req.query as Record<string, unknown>);
      res.json(calendar.list(ownCalendar(req, user), query));
    }),
  );
  router.get(
    '/calendars/:calendarId/events/:eventId',
    authorized(READ, (req, res, user) => {
      res.json(calendar.get(ownCalendar(req, user), String(req.params.eventId)));
    }),
  );
  router.patch(
    '/calendars/:calendarId/events/:eventId',
    authorized(WRITE, (req, res, user) => {
      const { event } = calendar.patch(
        ownCalendar(req, user),
        String(req.params.eventId),
        bodyOf(req),
        sendUpdatesOf(req),
      );
      res.json(event);
    }),
  );
  router.delete(
    '/calendars/:calendarId/events/:eventId',
    authorized(WRITE, (req, res, user) => {
      calendar.delete(ownCalendar(req, user), String(req.params.eventId), sendUpdatesOf(req));
      res.status(204).end();
    }),
  );

  router.post(
    '/freeBusy',
    authorized(FREE_BUSY, (req, res, user) => {
      const body = bodyOf(req);
      if (body.timeMin === undefined) throw badRequest('required', 'Missing timeMin parameter.');
      if (body.timeMax === undefined) throw badRequest('required', 'Missing timeMax parameter.');
      const from = parseRfc3339(body.timeMin);
      const to = parseRfc3339(body.timeMax);
      if (from === undefined) throw badRequest('invalid', 'Invalid value for: timeMin');
      if (to === undefined) throw badRequest('invalid', 'Invalid value for: timeMax');
      if (to <= from)
        throw badRequest('timeRangeEmpty', 'The specified time range is empty.', 'calendar');
      if (to - from > MAX_RANGE_MS)
        throw badRequest('invalid', 'The requested time range is too long.');
      const timeZone = body.timeZone ?? 'UTC';
      if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) {
        throw badRequest('invalid', 'Invalid time zone definition.');
      }
      const items = body.items ?? [];
      if (!Array.isArray(items)) throw badRequest('invalid', 'Invalid value for: items');
      const calendars: Record<string, unknown> = {};
      items.forEach((item, index) => {
        const id =
          typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
        if (typeof id !== 'string') throw badRequest('required', 'Missing items.id parameter.');
        const failed = (reason: string) => ({ errors: [{ domain: 'global', reason }], busy: [] });
        if (index >= MAX_CALENDARS) {
          calendars[id] = failed('tooManyCalendarsRequested');
          return;
        }
        const email = id.toLowerCase() === 'primary' ? user.email : id.toLowerCase();
        const owner = oauth.findUser(email);
        // Visible: one's own calendar and calendars of the same Workspace domain.
        const visible =
          owner && (owner.sub === user.sub || (user.hd !== undefined && owner.hd === user.hd));
        if (!owner || !visible) {
          calendars[id] = failed('notFound');
          return;
        }
        calendars[id] = {
          busy: calendar.busy(owner.email, from, to).map((p) => ({
            start: formatInZone(p.start, timeZone),
            end: formatInZone(p.end, timeZone),
          })),
        };
      });
      calendar.counters.freeBusyQueries++;
      res.json({
        kind: 'calendar#freeBusy',
        timeMin: formatUtcMillis(from),
        timeMax: formatUtcMillis(to),
        calendars,
      });
    }),
  );

  router.use(googleNotFound);
  router.use(googleErrorHandler);
  return router;
}
