import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  GOOGLE_ROUTE_GROUPS,
  type RunningProviderEmulator,
  startProviderEmulator,
} from '@ats-zoom/provider-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarEventContent, CalendarPort } from '../../core/ports';
import {
  CalendarAccessTokenRejectedError,
  CalendarError,
  CalendarEventExistsError,
  CalendarEventGoneError,
} from '../../core/shared/errors';
import { createGoogleCalendarClient } from './google-calendar-client';

// Google's published Calendar v3 discovery document, kept in the repository by the emulator
// (packages/provider-emulator/specs/README.md).
const DISCOVERY_PATH = resolve(
  import.meta.dirname,
  '../../../../provider-emulator/specs/google-calendar-v3.discovery.json',
);

interface DiscoverySchema {
  type?: string;
  $ref?: string;
  enum?: string[];
  format?: string;
  properties?: Record<string, DiscoverySchema>;
  additionalProperties?: DiscoverySchema;
  items?: DiscoverySchema;
}
interface DiscoveryMethod {
  httpMethod: string;
  path: string;
  parameters: Record<string, DiscoverySchema & { location: string }>;
  request?: { $ref: string };
}
const discovery = JSON.parse(readFileSync(DISCOVERY_PATH, 'utf8')) as {
  servicePath: string;
  schemas: Record<string, DiscoverySchema>;
  resources: Record<string, { methods: Record<string, DiscoveryMethod> }>;
};

/** Every way `value` breaks the discovery schema (unknown fields, wrong types, enum values). */
function schemaErrors(schema: DiscoverySchema, value: unknown, at: string): string[] {
  const resolved = schema.$ref ? discovery.schemas[schema.$ref] : schema;
  if (!resolved) return [`${at}: unknown schema ${schema.$ref}`];
  switch (resolved.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return [`${at}: not an object`];
      }
      return Object.entries(value).flatMap(([key, child]) => {
        const field = resolved.properties?.[key] ?? resolved.additionalProperties;
        return field ? schemaErrors(field, child, `${at}/${key}`) : [`${at}/${key}: unknown field`];
      });
    }
    case 'array':
      return Array.isArray(value) && resolved.items
        ? value.flatMap((item, index) => schemaErrors(resolved.items ?? {}, item, `${at}/${index}`))
        : [`${at}: not an array`];
    case 'string': {
      if (typeof value !== 'string') return [`${at}: not a string`];
      if (resolved.enum && !resolved.enum.includes(value)) return [`${at}: ${value} not allowed`];
      if (resolved.format === 'date-time' && Number.isNaN(Date.parse(value))) {
        return [`${at}: not a date-time`];
      }
      return [];
    }
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    default:
      return [`${at}: schema type ${resolved.type} not handled`];
  }
}

/** The discovery method whose HTTP method and path template match a request URL. */
function methodOf(method: string, url: URL): DiscoveryMethod | undefined {
  const path = url.pathname.replace(/^\/base\//, '');
  for (const resource of Object.values(discovery.resources)) {
    for (const candidate of Object.values(resource.methods)) {
      const pattern = new RegExp(`^${candidate.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (candidate.httpMethod === method && pattern.test(path)) return candidate;
    }
  }
  return undefined;
}

interface Captured {
  method: string;
  url: URL;
  body: unknown;
}

const event = (overrides: Partial<CalendarEventContent> = {}): CalendarEventContent => ({
  summary: '一次面接 / First interview',
  description: 'Zoom: https://zoom.example/j/1?pwd=x',
  location: 'https://zoom.example/j/1?pwd=x',
  start: new Date('2030-01-20T01:00:00Z'),
  end: new Date('2030-01-20T01:30:00Z'),
  timeZone: 'Asia/Tokyo',
  attendees: [
    { email: 'kenji.sato@acme-hr.example', name: 'Kenji Sato' },
    { email: 'yui.ito@acme-hr.example', name: null },
  ],
  privateProperties: { atsInterviewId: 'iv-1' },
  ...overrides,
});

describe('requests against the Calendar v3 discovery document', () => {
  it('when the client inserts, reads, patches, deletes and asks free/busy, then every path, query parameter and body field is one Google defines', async () => {
    const captured: Captured[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      captured.push({ method: init?.method ?? 'GET', url, body });
      if (init?.method === 'DELETE') return new Response(null, { status: 204 });
      if (url.pathname.endsWith('/freeBusy')) {
        return Response.json({ calendars: { primary: { busy: [] } } });
      }
      return Response.json({ id: 'abc0123456', status: 'confirmed', htmlLink: 'https://g/e' });
    };
    const client = createGoogleCalendarClient({
      apiBaseUrl: 'https://calendar.example/base',
      fetch: fakeFetch,
    });
    await client.insertEvent('t', 'primary', {
      idempotencyKey: 'abc0123456',
      content: event(),
      sendUpdates: 'all',
    });
    await client.getEvent('t', 'primary', 'abc0123456');
    await client.patchEvent('t', 'primary', 'abc0123456', {
      content: event(),
      sendUpdates: 'externalOnly',
    });
    await client.deleteEvent('t', 'primary', 'abc0123456', 'none');
    await client.freeBusy('t', {
      calendarId: 'primary',
      timeMin: new Date('2030-01-20T00:00:00Z'),
      timeMax: new Date('2030-01-21T00:00:00Z'),
    });

    expect(captured.map((c) => c.method)).toEqual(['POST', 'GET', 'PATCH', 'DELETE', 'POST']);
    for (const request of captured) {
      const method = methodOf(request.method, request.url);
      expect(method, `${request.method} ${request.url.pathname}`).toBeDefined();
      if (!method) continue;
      for (const [name, value] of request.url.searchParams) {
        const parameter = method.parameters[name];
        expect(parameter?.location, `query parameter ${name}`).toBe('query');
        expect(schemaErrors(parameter ?? {}, value, `?${name}`)).toEqual([]);
      }
      if (request.body !== undefined) {
        expect(method.request, `${request.method} takes a body`).toBeDefined();
        expect(schemaErrors(method.request ?? {}, request.body, '')).toEqual([]);
      }
    }
  });

  it('when a field Google does not define is sent, then the check reports it (the check can fail)', () => {
    expect(schemaErrors({ $ref: 'Event' }, { summary: 'x', conference: {} }, '')).toEqual([
      '/conference: unknown field',
    ]);
    expect(
      schemaErrors({ $ref: 'Event' }, { attendees: [{ email: 'a@b.example', name: 'A' }] }, ''),
    ).toEqual(['/attendees/0/name: unknown field']);
  });
});

describe('against the emulated Google Calendar', () => {
  let emulator: RunningProviderEmulator;
  let token: string;
  let client: CalendarPort;
  const REDIRECT = 'http://127.0.0.1:9/v1/oauth/google/callback';
  const recruiter = () => emulator.google.seeded.recruiter;
  const events = () => emulator.google.events(recruiter().email);
  let nextId = 0;
  const freshId = () => `a0b1c2d3e4${String(nextId++).padStart(6, '0')}`;

  beforeAll(async () => {
    emulator = await startProviderEmulator({
      port: 0,
      zoom: { clients: [{ clientId: 'z', clientSecret: 'z', redirectUris: [REDIRECT] }] },
      google: {
        clients: [{ clientId: 'g-client', clientSecret: 'g-secret', redirectUris: [REDIRECT] }],
      },
    });
    // The user's consent, as the popup would submit it, then the code exchange.
    const consent = await fetch(`${emulator.url}${emulator.google.paths.authorize}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        response_type: 'code',
        client_id: 'g-client',
        redirect_uri: REDIRECT,
        scope:
          'openid email https://www.googleapis.com/auth/calendar.events.owned https://www.googleapis.com/auth/calendar.freebusy',
        state: 's',
        access_type: 'offline',
        account: recruiter().sub,
        decision: 'allow',
      }),
    });
    const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const exchanged = await fetch(`${emulator.url}${emulator.google.paths.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: 'g-client',
        client_secret: 'g-secret',
      }),
    });
    token = ((await exchanged.json()) as { access_token: string }).access_token;
    client = createGoogleCalendarClient({
      apiBaseUrl: `${emulator.url}${emulator.google.paths.calendarBase}`,
      resilience: { attemptTimeoutMs: 2_000, retryDelayMs: 5 },
    });
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.google.resetFaults();
  });

  it('when an event is inserted, patched and deleted, then Google holds it with the Zoom URL, the attendees and the new times, then cancelled', async () => {
    const id = freshId();
    const inserted = await client.insertEvent(token, 'primary', {
      idempotencyKey: id,
      content: event(),
      sendUpdates: 'none',
    });
    expect(inserted).toMatchObject({
      id,
      status: 'confirmed',
      privateProperties: { atsInterviewId: 'iv-1' },
    });
    expect(inserted.htmlLink).toMatch(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/);
    expect(events().find((e) => e.id === id)).toMatchObject({
      location: 'https://zoom.example/j/1?pwd=x',
      start: { dateTime: '2030-01-20T10:00:00+09:00', timeZone: 'Asia/Tokyo' },
      attendees: [
        {
          email: 'kenji.sato@acme-hr.example',
          displayName: 'Kenji Sato',
          responseStatus: 'needsAction',
        },
        { email: 'yui.ito@acme-hr.example', responseStatus: 'needsAction' },
      ],
      reminders: { useDefault: true },
    });

    await client.patchEvent(token, 'primary', id, {
      content: event({
        start: new Date('2030-01-21T01:00:00Z'),
        end: new Date('2030-01-21T02:00:00Z'),
      }),
      sendUpdates: 'none',
    });
    expect(events().find((e) => e.id === id)?.start.dateTime).toBe('2030-01-21T10:00:00+09:00');

    await client.deleteEvent(token, 'primary', id, 'none');
    expect(events().find((e) => e.id === id)?.status).toBe('cancelled');
    await expect(client.deleteEvent(token, 'primary', id, 'none')).rejects.toEqual(
      new CalendarEventGoneError(410),
    );
    await expect(client.getEvent(token, 'primary', 'nosuchevent0')).rejects.toBeInstanceOf(
      CalendarEventGoneError,
    );
  });

  it('when the insert answer is lost, then the one retry meets the same id and reports it exists; one event', async () => {
    const id = freshId();
    emulator.google.dropNext(1, GOOGLE_ROUTE_GROUPS.insertEvent);
    await expect(
      client.insertEvent(token, 'primary', {
        idempotencyKey: id,
        content: event(),
        sendUpdates: 'none',
      }),
    ).rejects.toBeInstanceOf(CalendarEventExistsError);
    expect(events().filter((e) => e.id === id)).toHaveLength(1);
    // A deleted event still holds its id; a patch (which sends no status) leaves it deleted
    // and answers `cancelled`, so the caller can tell.
    await client.deleteEvent(token, 'primary', id, 'none');
    expect((await client.getEvent(token, 'primary', id)).status).toBe('cancelled');
    const patched = await client.patchEvent(token, 'primary', id, {
      content: event({ summary: 'moved' }),
      sendUpdates: 'none',
    });
    expect(patched.status).toBe('cancelled');
    expect(events().find((e) => e.id === id)?.status).toBe('cancelled');
  });

  it('when Google fails once with 503, then the one in-request retry succeeds; twice, then calendar_unavailable', async () => {
    emulator.google.failNext(1, 503, GOOGLE_ROUTE_GROUPS.insertEvent);
    const id = freshId();
    await expect(
      client.insertEvent(token, 'primary', {
        idempotencyKey: id,
        content: event(),
        sendUpdates: 'none',
      }),
    ).resolves.toMatchObject({ id });

    emulator.google.failNext(2, 503, GOOGLE_ROUTE_GROUPS.patchEvent);
    const failed = await client
      .patchEvent(token, 'primary', id, { content: event(), sendUpdates: 'none' })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(CalendarError);
    expect((failed as CalendarError).code).toBe('calendar_unavailable');
  });

  it.each([
    ['forbidden', 'calendar_forbidden'],
    ['quotaExceeded', 'calendar_quota_exceeded'],
    ['rateLimitExceeded', 'calendar_rate_limited'],
    ['userRateLimitExceeded', 'calendar_rate_limited'],
  ] as const)('when Google answers 403 %s, then the error code is %s', async (reason, code) => {
    // Rate limits are retried once in the request: inject enough for both attempts.
    emulator.google.errorNext(2, reason, GOOGLE_ROUTE_GROUPS.insertEvent);
    const failed = await client
      .insertEvent(token, 'primary', {
        idempotencyKey: freshId(),
        content: event(),
        sendUpdates: 'none',
      })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(CalendarError);
    expect((failed as CalendarError).code).toBe(code);
  });

  it('when the access token is not valid, then the client says so (the caller refreshes)', async () => {
    await expect(client.getEvent('not-a-token', 'primary', 'abcde12345')).rejects.toBeInstanceOf(
      CalendarAccessTokenRejectedError,
    );
  });

  it('when free/busy is asked, then the busy periods of the calendar come back as instants', async () => {
    emulator.google.seedEvent(recruiter().email, {
      summary: 'Dentist',
      start: '2030-02-01T10:00:00+09:00',
      end: '2030-02-01T11:00:00+09:00',
    });
    const busy = await client.freeBusy(token, {
      calendarId: 'primary',
      timeMin: new Date('2030-02-01T00:00:00Z'),
      timeMax: new Date('2030-02-02T00:00:00Z'),
    });
    expect(busy).toEqual([
      { start: new Date('2030-02-01T01:00:00Z'), end: new Date('2030-02-01T02:00:00Z') },
    ]);
  });
});
