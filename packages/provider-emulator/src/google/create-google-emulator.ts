import { Router } from 'express';
import { createGoogleCalendarRouter } from './google-calendar-routes';
import { CALENDAR_TIME_ZONE, GoogleCalendarState } from './google-calendar-state';
import { googleErrorHandler, googleNotFound } from './google-errors';
import { GoogleFaults } from './google-faults';
import { createGoogleOAuthRouter } from './google-oauth-routes';
import { GoogleOAuthState, SEEDED_GOOGLE_USERS } from './google-oauth-state';
import { createCalendarViewRouter, createGoogleAdminRouter } from './google-pages';
import type { GoogleEmulatorHandle, GoogleEmulatorOptions, GoogleUser } from './google-types';

export const GOOGLE_PATHS = {
  authorize: '/google/o/oauth2/v2/auth',
  token: '/google/token',
  revoke: '/google/revoke',
  userinfo: '/google/oauth2/v3/userinfo',
  certs: '/google/oauth2/v3/certs',
  certsPem: '/google/oauth2/v1/certs',
  calendarBase: '/google/calendar/v3',
  calendarView: '/google/calendar-view',
  admin: '/google/admin',
} as const;

export interface GoogleEmulator {
  /** Mount at `/google`: Google's endpoints plus the calendar view and admin pages. */
  router: Router;
  /** Mount at the root of a listener of its own: Google's endpoints where its SDKs look. */
  rootRouter: Router;
  handle: GoogleEmulatorHandle;
}

export function createGoogleEmulator(
  options: GoogleEmulatorOptions,
  now: () => number,
): GoogleEmulator {
  if (options.clients.length === 0)
    throw new Error('The Google emulator needs at least one client');
  const oauth = new GoogleOAuthState(options.clients, now, options.accessTokenTtlSeconds ?? 3599);
  const calendar = new GoogleCalendarState(oauth.users, now);
  const faults = new GoogleFaults();

  const userOf = (email: string): GoogleUser => {
    const user = oauth.findUser(email);
    if (!user) throw new Error(`Unknown Google user "${email}"`);
    return user;
  };
  const events = (email: string) => calendar.eventsOf(userOf(email).email);

  const oauthRouter = createGoogleOAuthRouter(oauth);
  const calendarRouter = createGoogleCalendarRouter(oauth, calendar);
  /** Both routers serve the same state; only the `/google` mount has the pages for people. */
  const serve = (withPages: boolean) => {
    const router = Router();
    router.use(faults.middleware());
    router.use(oauthRouter);
    router.use('/calendar/v3', calendarRouter);
    if (withPages) {
      router.use('/calendar-view', createCalendarViewRouter(oauth.users, events));
      router.use('/admin', createGoogleAdminRouter(faults));
    }
    router.use(googleNotFound);
    router.use(googleErrorHandler);
    return router;
  };

  const copy = (user: GoogleUser): GoogleUser => ({ ...user });
  const handle: GoogleEmulatorHandle = {
    seeded: {
      recruiter: copy(SEEDED_GOOGLE_USERS.recruiter),
      interviewer: copy(SEEDED_GOOGLE_USERS.interviewer),
      interviewer2: copy(SEEDED_GOOGLE_USERS.interviewer2),
      consumer: copy(SEEDED_GOOGLE_USERS.consumer),
    },
    users: oauth.users.map(copy),
    paths: { ...GOOGLE_PATHS },
    events,
    seedEvent(email, input) {
      const timeZone = input.timeZone ?? CALENDAR_TIME_ZONE;
      const { event } = calendar.insert(userOf(email).email, {
        ...input,
        start: { dateTime: input.start, timeZone },
        end: { dateTime: input.end, timeZone },
      });
      // Seeding stands for the Google UI, not the API: keep the API counters clean.
      calendar.counters.eventsInserted--;
      return event;
    },
    stats: () => ({
      ...oauth.counters,
      ...calendar.counters,
      endpoints: faults.endpointStats(),
    }),
    liveRefreshTokenCount: (email, clientId) =>
      oauth.liveRefreshTokenCount(userOf(email).sub, clientId),
    revokeGrant: (email, clientId) => oauth.revokeGrantOf(userOf(email).sub, clientId),
    injectLatency: (ms, scope) => faults.injectLatency(ms, scope),
    rateLimitNext: (count, status, scope) => faults.rateLimitNext(count, status, scope),
    errorNext: (count, reason, scope) => faults.errorNext(count, reason, scope),
    failNext: (count, status, scope) => faults.failNext(count, status, scope),
    dropNext: (count, scope) => faults.dropNext(count, scope),
    resetFaults: () => faults.reset(),
  };
  return { router: serve(true), rootRouter: serve(false), handle };
}
