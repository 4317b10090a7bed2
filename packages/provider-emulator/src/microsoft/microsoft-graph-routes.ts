import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { MicrosoftCalendarState } from './microsoft-calendar-state';
import {
  accessDenied,
  GraphApiError,
  invalidParameter,
  sendGraphError,
  throttled,
} from './microsoft-errors';
import type { MicrosoftOAuthState } from './microsoft-oauth-state';
import { preferredZone } from './microsoft-time';
import type { MicrosoftUser } from './microsoft-types';

const bearer = (req: Request) => {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
};

/** What a Graph handler gets: the token's user and scopes. */
interface Caller {
  user: MicrosoftUser;
  scopes: string[];
}

const callerOf = (res: Response) => res.locals.microsoftCaller as Caller;

/** Outlook's per-app, per-mailbox cap on requests in flight (research §5: 4). */
export const MAILBOX_CONCURRENCY_LIMIT = 4;

/**
 * Counts requests in flight per mailbox (from the bearer token) and refuses the fifth with
 * 429 `ApplicationThrottled`. Mounted before the fault injector, so injected latency counts.
 */
export function mailboxConcurrency(
  oauth: MicrosoftOAuthState,
  onThrottled: () => void,
): RequestHandler {
  const inFlight = new Map<string, number>();
  return (req, res, next) => {
    const user = oauth.userOfToken(bearer(req));
    if (!user) return next();
    const current = inFlight.get(user.id) ?? 0;
    if (current >= MAILBOX_CONCURRENCY_LIMIT) {
      onThrottled();
      return sendGraphError(
        req,
        res,
        throttled('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', 1),
      );
    }
    inFlight.set(user.id, current + 1);
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      const left = (inFlight.get(user.id) ?? 1) - 1;
      if (left > 0) inFlight.set(user.id, left);
      else inFlight.delete(user.id);
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}

export function createGraphRouter(
  oauth: MicrosoftOAuthState,
  calendar: MicrosoftCalendarState,
): Router {
  const router = Router();
  const json = express.json({ limit: '4mb', type: () => true });

  router.use((req, res, next) => {
    const token = bearer(req);
    const record = oauth.accessToken(token);
    const user = record && record !== 'expired' ? oauth.findUser(record.userId) : undefined;
    if (!token || !record || record === 'expired' || !user) {
      const message = !token
        ? 'Access token is empty.'
        : record === 'expired'
          ? 'Lifetime validation failed, the token is expired.'
          : 'Access token validation failure. Invalid audience.';
      return sendGraphError(
        req,
        res,
        new GraphApiError(401, 'InvalidAuthenticationToken', message),
      );
    }
    res.locals.microsoftCaller = { user, scopes: record.scopes } satisfies Caller;
    next();
  });

  const needs =
    (...anyOf: string[]): RequestHandler =>
    (req, res, next) => {
      if (callerOf(res).scopes.some((s) => anyOf.includes(s))) return next();
      sendGraphError(req, res, accessDenied());
    };
  const read = needs('Calendars.Read', 'Calendars.ReadWrite');
  const write = needs('Calendars.ReadWrite');

  /** The `Prefer: outlook.timezone` zone, echoed in `Preference-Applied` when one was asked. */
  const zoneOf = (req: Request, res: Response) => {
    const zone = preferredZone(req.get('prefer'));
    if (/outlook\.timezone/i.test(req.get('prefer') ?? '')) {
      res.set('Preference-Applied', `outlook.timezone="${zone.name}"`);
    }
    return zone;
  };
  const origin = (req: Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`;

  router.get('/me', needs('User.Read'), (req, res) => {
    const { user } = callerOf(res);
    res.json({
      '@odata.context': `${origin(req)}/$metadata#users/$entity`,
      businessPhones: [],
      displayName: user.displayName,
      givenName: user.givenName,
      jobTitle: null,
      mail: user.mail,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: 'ja-JP',
      surname: user.surname,
      userPrincipalName: user.userPrincipalName,
      id: user.id,
    });
  });

  const eventContext = (req: Request, user: MicrosoftUser) =>
    `${origin(req)}/$metadata#users('${encodeURIComponent(user.mail)}')/events/$entity`;

  const create: RequestHandler = (req, res) => {
    const { user } = callerOf(res);
    const record = calendar.create(user, req.body);
    const event = calendar.render(record, zoneOf(req, res));
    res
      .status(201)
      .set(
        'Location',
        `${origin(req)}/users('${user.id}')/events('${encodeURIComponent(event.id)}')`,
      )
      .json({
        '@odata.context': eventContext(req, user),
        '@odata.etag': `W/"${event.changeKey}"`,
        ...event,
      });
  };
  router.post('/me/events', write, json, create);
  router.post('/me/calendar/events', write, json, create);

  const answerEvent = (req: Request, res: Response, id: string) => {
    const { user } = callerOf(res);
    const event = calendar.render(calendar.get(user, id), zoneOf(req, res));
    res.json({
      '@odata.context': eventContext(req, user),
      '@odata.etag': `W/"${event.changeKey}"`,
      ...event,
    });
  };
  router.get('/me/events/:id', read, (req, res) => {
    answerEvent(req, res, String(req.params.id));
  });
  router.patch('/me/events/:id', write, json, (req, res) => {
    calendar.patch(callerOf(res).user, String(req.params.id), req.body);
    answerEvent(req, res, String(req.params.id));
  });
  router.delete('/me/events/:id', write, (req, res) => {
    calendar.delete(callerOf(res).user, String(req.params.id));
    res.status(204).end();
  });

  router.get('/me/calendarView', read, (req, res) => {
    const query = req.query as Record<string, unknown>;
    const { from, to } = calendar.calendarWindow(query);
    const top = query.$top === undefined ? 10 : Number(query.$top);
    const skip = query.$skip === undefined ? 0 : Number(query.$skip);
    if (!Number.isInteger(top) || top < 1 || top > 1000) {
      throw invalidParameter(`Invalid value '${String(query.$top)}' for query option $top.`);
    }
    if (!Number.isInteger(skip) || skip < 0) {
      throw invalidParameter(`Invalid value '${String(query.$skip)}' for query option $skip.`);
    }
    const { user } = callerOf(res);
    const zone = zoneOf(req, res);
    const all = calendar.inWindow(user.mail, from, to);
    const page = all.slice(skip, skip + top);
    const next = new URLSearchParams({
      startDateTime: String(query.startDateTime),
      endDateTime: String(query.endDateTime),
      $top: String(top),
      $skip: String(skip + top),
    });
    res.json({
      '@odata.context': `${origin(req)}/$metadata#Collection(event)`,
      value: page.map((r) => {
        const event = calendar.render(r, zone);
        return { '@odata.etag': `W/"${event.changeKey}"`, ...event };
      }),
      ...(skip + top < all.length
        ? { '@odata.nextLink': `${origin(req)}/me/calendarView?${next.toString()}` }
        : {}),
    });
  });

  router.post('/me/calendar/getSchedule', read, json, (req, res) => {
    const value = calendar.schedule(callerOf(res).user, req.body, zoneOf(req, res));
    res.json({
      '@odata.context': `${origin(req)}/$metadata#Collection(microsoft.graph.scheduleInformation)`,
      value,
    });
  });

  return router;
}
