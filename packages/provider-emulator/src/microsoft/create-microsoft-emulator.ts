import { Router } from 'express';
import { MicrosoftCalendarState } from './microsoft-calendar-state';
import { graphRequestIds, microsoftErrorHandler, microsoftNotFound } from './microsoft-errors';
import { MicrosoftFaults } from './microsoft-faults';
import { createGraphRouter, mailboxConcurrency } from './microsoft-graph-routes';
import { createMicrosoftOAuthRouter } from './microsoft-oauth-routes';
import { MicrosoftOAuthState, SEEDED_MICROSOFT_USERS } from './microsoft-oauth-state';
import { createMicrosoftAdminRouter, createOutlookViewRouter } from './microsoft-pages';
import { parseWallTime } from './microsoft-time';
import type {
  MicrosoftEmulatorHandle,
  MicrosoftEmulatorOptions,
  MicrosoftUser,
} from './microsoft-types';

export const MICROSOFT_PATHS = {
  loginBase: '/microsoft',
  authorize: '/microsoft/organizations/oauth2/v2.0/authorize',
  token: '/microsoft/organizations/oauth2/v2.0/token',
  graphBase: '/microsoft/graph/v1.0',
  calendarView: '/microsoft/calendar-view',
  admin: '/microsoft/admin',
} as const;

export interface MicrosoftEmulator {
  /** Mount at `/microsoft`: identity platform, Graph, the Outlook view and the admin page. */
  router: Router;
  handle: MicrosoftEmulatorHandle;
}

export function createMicrosoftEmulator(
  options: MicrosoftEmulatorOptions,
  now: () => number,
): MicrosoftEmulator {
  if (options.clients.length === 0) {
    throw new Error('The Microsoft emulator needs at least one client');
  }
  const oauth = new MicrosoftOAuthState(
    options.clients,
    now,
    options.accessTokenTtlSeconds ?? 3600,
  );
  const calendar = new MicrosoftCalendarState(oauth.users, oauth.tenants, now);
  const faults = new MicrosoftFaults(oauth);
  let concurrencyThrottled = 0;

  const userOf = (email: string): MicrosoftUser => {
    const user = oauth.findUser(email);
    if (!user) throw new Error(`Unknown Microsoft user "${email}"`);
    return user;
  };
  const utc = { name: 'UTC', iana: 'UTC' };
  const events = (email: string) =>
    calendar.eventsOf(userOf(email).mail).map((r) => calendar.render(r, utc));

  const router = Router();
  router.use('/graph/v1.0', graphRequestIds);
  router.use(
    '/graph/v1.0',
    mailboxConcurrency(oauth, () => {
      concurrencyThrottled++;
    }),
  );
  router.use(faults.middleware());
  router.use(createMicrosoftOAuthRouter(oauth));
  router.use('/graph/v1.0', createGraphRouter(oauth, calendar));
  router.use('/calendar-view', createOutlookViewRouter(oauth, events));
  router.use('/admin', createMicrosoftAdminRouter(oauth, faults));
  router.use(microsoftNotFound);
  router.use(microsoftErrorHandler);

  const copy = (user: MicrosoftUser): MicrosoftUser => ({ ...user });
  const instant = (value: string, field: string) => {
    const ms = parseWallTime(value, 'UTC');
    if (ms === undefined || !/(Z|[+-]\d{2}:\d{2})$/i.test(value)) {
      throw new Error(`seedEvent ${field} must be ISO 8601 with an offset, not "${value}"`);
    }
    return new Date(ms).toISOString().slice(0, 23);
  };
  const handle: MicrosoftEmulatorHandle = {
    seeded: {
      recruiter: copy(SEEDED_MICROSOFT_USERS.recruiter),
      interviewer: copy(SEEDED_MICROSOFT_USERS.interviewer),
      interviewer2: copy(SEEDED_MICROSOFT_USERS.interviewer2),
      adminConsentUser: copy(SEEDED_MICROSOFT_USERS.adminConsentUser),
      adminConsentUser2: copy(SEEDED_MICROSOFT_USERS.adminConsentUser2),
    },
    tenants: oauth.tenants.map((t) => ({ ...t })),
    users: oauth.users.map(copy),
    paths: { ...MICROSOFT_PATHS },
    grantAdminConsent: (tenant) => oauth.grantAdminConsent(tenant),
    revokeAdminConsent: (tenant) => oauth.revokeAdminConsent(tenant),
    hasAdminConsent: (tenant) => {
      const found = oauth.findTenant(tenant);
      if (!found) throw new Error(`Unknown Microsoft tenant "${tenant}"`);
      return oauth.hasAdminConsent(found.key);
    },
    revokeGrant: (email, clientId) => oauth.revokeGrantOf(userOf(email).id, clientId),
    liveRefreshTokenCount: (email, clientId) =>
      oauth.liveRefreshTokenCount(userOf(email).id, clientId),
    events,
    seedEvent(email, input) {
      const record = calendar.create(
        userOf(email),
        {
          subject: input.subject ?? '',
          start: { dateTime: instant(input.start, 'start'), timeZone: 'UTC' },
          end: { dateTime: instant(input.end, 'end'), timeZone: 'UTC' },
          showAs: input.showAs ?? 'busy',
          ...(input.location ? { location: { displayName: input.location } } : {}),
          ...(input.body ? { body: { contentType: 'text', content: input.body } } : {}),
        },
        false,
      );
      return calendar.render(record, utc);
    },
    stats: () => ({
      ...oauth.counters,
      ...calendar.counters,
      concurrencyThrottled,
      eventsCreatedByMailbox: Object.fromEntries(calendar.createdByMailbox),
      endpoints: faults.endpointStats(),
    }),
    injectLatency: (ms, scope) => faults.injectLatency(ms, scope),
    rateLimitNext: (count, retryAfterSeconds, scope) =>
      faults.rateLimitNext(count, retryAfterSeconds, scope),
    failNext: (count, status, scope) => faults.failNext(count, status, scope),
    dropNext: (count, scope) => faults.dropNext(count, scope),
    resetFaults: () => faults.reset(),
  };
  return { router, handle };
}
