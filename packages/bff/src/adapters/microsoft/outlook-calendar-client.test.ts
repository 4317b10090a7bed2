import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { graphAnswerErrors, graphRequestErrors } from '../../../test/graph-openapi';
import type { CalendarEventContent } from '../../core/ports';
import {
  OutlookAccessTokenRejectedError,
  OutlookCalendarError,
  OutlookEventGoneError,
} from './microsoft-errors';
import type { OutlookCalendarPort } from './microsoft-ports';
import { createOutlookCalendarClient } from './outlook-calendar-client';

// A small stand-in for Graph over real HTTP (the Microsoft emulator is built separately): it
// keeps events per mailbox (access token), dedupes creates by transactionId, answers getSchedule
// from seeded schedules, and plays scripted faults. Every request it sees is checked against
// Microsoft's Graph description, and its own success answers are too.

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  token: string;
  prefer: string | undefined;
}
type Fault =
  | { kind: 'drop' }
  | { kind: 'status'; status: number; code?: string; retryAfter?: string };

const ZOOM_URL = 'https://zoom.example/j/123?pwd=x';
const TOKEN = 'graph-access-token-mailbox-A';
const OTHER_TOKEN = 'graph-access-token-mailbox-B';

class FakeGraph {
  seen: Seen[] = [];
  faults: { route: string; fault: Fault }[] = [];
  events = new Map<string, { id: string; transactionId?: string; body: Record<string, unknown> }>();
  schedules = new Map<string, { status: string; start: string; end: string }[] | 'error'>();
  delayMs = 0;
  inFlight = new Map<string, number>();
  maxInFlight = new Map<string, number>();
  maxInFlightTotal = 0;
  private total = 0;
  private nextId = 1;

  reset() {
    this.seen = [];
    this.faults = [];
    this.events.clear();
    this.schedules.clear();
    this.delayMs = 0;
    this.inFlight.clear();
    this.maxInFlight.clear();
    this.maxInFlightTotal = 0;
    this.nextId = 1;
  }

  fail(route: string, fault: Fault, times = 1) {
    for (let i = 0; i < times; i++) this.faults.push({ route, fault });
  }

  async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/v1\.0/, '');
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const seen: Seen = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
      token,
      prefer: req.headers.prefer?.toString(),
    };
    this.seen.push(seen);
    const count = (this.inFlight.get(token) ?? 0) + 1;
    this.inFlight.set(token, count);
    this.maxInFlight.set(token, Math.max(this.maxInFlight.get(token) ?? 0, count));
    this.total += 1;
    this.maxInFlightTotal = Math.max(this.maxInFlightTotal, this.total);
    try {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      this.answer(seen, res);
    } finally {
      this.inFlight.set(token, (this.inFlight.get(token) ?? 1) - 1);
      this.total -= 1;
    }
  }

  private answer(seen: Seen, res: ServerResponse) {
    const route = `${seen.method} ${seen.path.replace(/\/me\/events\/.+$/, '/me/events/{id}')}`;
    const index = this.faults.findIndex((f) => f.route === route);
    const fault = index >= 0 ? this.faults.splice(index, 1)[0]?.fault : undefined;
    if (fault?.kind === 'status') {
      return sendError(res, fault.status, fault.code ?? 'UnknownError', fault.retryAfter);
    }
    const json = (status: number, body: unknown) => {
      expect(graphAnswerErrors(seen.method, seen.path, body)).toEqual([]);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (seen.method === 'POST' && seen.path === '/me/events') {
      const body = seen.body as Record<string, unknown>;
      const transactionId = body.transactionId as string | undefined;
      let event = [...this.events.values()].find(
        (e) => transactionId !== undefined && e.transactionId === transactionId,
      );
      if (!event) {
        event = { id: `AAMk-${this.nextId++}`, body, ...(transactionId ? { transactionId } : {}) };
        this.events.set(event.id, event);
      }
      // Processed, but the answer never arrives: the connection is cut.
      if (fault?.kind === 'drop') return res.socket?.destroy();
      return json(201, eventAnswer(event));
    }
    if (fault?.kind === 'drop') return res.socket?.destroy();
    const eventId = seen.path.match(/^\/me\/events\/([^/]+)$/)?.[1];
    if (eventId) {
      const event = this.events.get(decodeURIComponent(eventId));
      if (!event) return sendError(res, 404, 'ErrorItemNotFound');
      if (seen.method === 'DELETE') {
        this.events.delete(event.id);
        return res.writeHead(204).end();
      }
      if (seen.method === 'PATCH') event.body = { ...event.body, ...(seen.body as object) };
      return json(200, eventAnswer(event));
    }
    if (seen.method === 'POST' && seen.path === '/me/calendar/getSchedule') {
      const { Schedules } = seen.body as { Schedules: string[] };
      const value = Schedules.map((scheduleId) => {
        // Mailbox addresses are case-insensitive at Graph.
        const items = this.schedules.get(scheduleId.toLowerCase()) ?? [];
        if (items === 'error') {
          return {
            scheduleId,
            error: { responseCode: 'ErrorMailRecipientNotFound', message: 'not found' },
          };
        }
        return {
          scheduleId,
          availabilityView: '',
          scheduleItems: items.map((item) => ({
            status: item.status,
            start: { dateTime: item.start, timeZone: 'UTC' },
            end: { dateTime: item.end, timeZone: 'UTC' },
          })),
        };
      });
      return json(200, { value });
    }
    return sendError(res, 400, 'BadRequest');
  }
}

function eventAnswer(event: { id: string; body: Record<string, unknown> }) {
  return { id: event.id, isCancelled: false, webLink: `https://outlook.example/${event.id}` };
}

function sendError(res: ServerResponse, status: number, code: string, retryAfter?: string) {
  res
    .writeHead(status, {
      'content-type': 'application/json',
      ...(retryAfter ? { 'retry-after': retryAfter } : {}),
    })
    .end(
      JSON.stringify({
        error: {
          code,
          message: `secret-graph-detail for ${code}`,
          innerError: { 'request-id': 'r-1', date: '2030-01-01T00:00:00' },
        },
      }),
    );
}

const content = (overrides: Partial<CalendarEventContent> = {}): CalendarEventContent => ({
  summary: '一次面接 / First interview',
  description: `Zoom: ${ZOOM_URL}\n候補者: 山田 花子`,
  location: ZOOM_URL,
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

const fast = { backoffBaseMs: 5, backoffCapMs: 20 };

describe('the Outlook calendar client against a Graph stand-in', () => {
  const graph = new FakeGraph();
  let server: ReturnType<typeof createServer>;
  let base: string;
  let client: OutlookCalendarPort;

  beforeAll(async () => {
    server = createServer((req, res) => {
      graph.handle(req, res).catch((error: unknown) => {
        // An assertion inside the stand-in fails the request loudly.
        res.writeHead(599).end(String(error));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    graph.reset();
    client = createOutlookCalendarClient({ graphBaseUrl: base, resilience: fast });
  });

  const everyRequestMatchesTheDescription = () => {
    for (const seen of graph.seen) {
      expect(graphRequestErrors(seen), `${seen.method} ${seen.path}`).toEqual([]);
    }
  };

  it('when the client creates, reads, patches, deletes and asks getSchedule, then every path, parameter and body field is one Graph defines', async () => {
    const created = await client.createEvent(TOKEN, {
      transactionId: 'ats-iv-1-v1',
      content: content(),
      sendUpdates: 'all',
    });
    await client.getEvent(TOKEN, created.id);
    await client.patchEvent(TOKEN, created.id, { content: content(), sendUpdates: 'all' });
    await client.deleteEvent(TOKEN, created.id);
    await client.busy(TOKEN, {
      emails: ['kenji.sato@acme-hr.example'],
      timeMin: new Date('2030-01-20T00:00:00Z'),
      timeMax: new Date('2030-01-21T00:00:00Z'),
      timeZone: 'Asia/Tokyo',
    });
    expect(graph.seen.map((s) => `${s.method} ${s.path.replace(created.id, '{id}')}`)).toEqual([
      'POST /me/events',
      'GET /me/events/{id}',
      'PATCH /me/events/{id}',
      'DELETE /me/events/{id}',
      'POST /me/calendar/getSchedule',
    ]);
    everyRequestMatchesTheDescription();
  });

  it('when a request has a field, value or parameter Graph does not define, then the check reports it (the check can fail)', () => {
    const request = (body: unknown, query = '') => ({
      method: 'POST',
      path: '/me/events',
      query: new URLSearchParams(query),
      body,
    });
    expect(graphRequestErrors(request({ subject: 'x', onlineMeetingUrl: 1 }))).toEqual([
      '/onlineMeetingUrl: not a string',
    ]);
    expect(graphRequestErrors(request({ attendees: [{ email: 'a@b.example' }] }))).toEqual([
      '/attendees/0/email: unknown field',
    ]);
    expect(graphRequestErrors(request({ body: { contentType: 'markdown' } }))).toEqual([
      '/body/contentType: markdown not allowed',
    ]);
    expect(
      graphRequestErrors({
        method: 'GET',
        path: '/me/events/AAMk-1',
        query: new URLSearchParams({ $select: 'id,zoomUrl' }),
        body: undefined,
      }),
    ).toEqual(['?$select: zoomUrl is not a field']);
    expect(
      graphRequestErrors({
        method: 'POST',
        path: '/me/calendar/getSchedule',
        query: new URLSearchParams(),
        body: { Schedules: ['a@b.example'], StartTime: '2030-01-01' },
      }),
    ).toEqual(['/StartTime: not an object']);
  });

  it('when an event is created, then it carries the transactionId, the Zoom URL in location and body, isOnlineMeeting false, required attendees and wall times in the interview zone', async () => {
    const created = await client.createEvent(TOKEN, {
      transactionId: 'ats-iv-1-v1',
      content: content(),
      sendUpdates: 'all',
    });
    expect(created).toEqual({
      id: 'AAMk-1',
      status: 'confirmed',
      htmlLink: 'https://outlook.example/AAMk-1',
      privateProperties: {},
    });
    const body = graph.seen[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      transactionId: 'ats-iv-1-v1',
      subject: '一次面接 / First interview',
      location: { displayName: ZOOM_URL },
      isOnlineMeeting: false,
      // 01:00Z is 10:00 in Tokyo: local wall time, no offset, with the IANA zone.
      start: { dateTime: '2030-01-20T10:00:00', timeZone: 'Asia/Tokyo' },
      end: { dateTime: '2030-01-20T10:30:00', timeZone: 'Asia/Tokyo' },
      attendees: [
        {
          emailAddress: { address: 'kenji.sato@acme-hr.example', name: 'Kenji Sato' },
          type: 'required',
        },
        { emailAddress: { address: 'yui.ito@acme-hr.example' }, type: 'required' },
      ],
    });
    expect((body.body as { content: string }).content).toContain(ZOOM_URL);
    expect((body.body as { content: string }).content).toContain('候補者: 山田 花子');
  });

  it('when the description does not name the URL, then the body starts with it', async () => {
    await client.createEvent(TOKEN, {
      transactionId: 't-2',
      content: content({ description: '候補者: 山田 花子' }),
      sendUpdates: 'all',
    });
    const body = graph.seen[0]?.body as { body: { content: string } };
    expect(body.body.content).toBe(`${ZOOM_URL}\n\n候補者: 山田 花子`);
  });

  it('when the create answer is lost (connection cut after Graph made the event), then the repeat sends the same transactionId and one event exists', async () => {
    graph.fail('POST /me/events', { kind: 'drop' });
    const created = await client.createEvent(TOKEN, {
      transactionId: 'ats-iv-7-v1',
      content: content(),
      sendUpdates: 'all',
    });
    const posts = graph.seen.filter((s) => s.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => (p.body as { transactionId: string }).transactionId)).toEqual([
      'ats-iv-7-v1',
      'ats-iv-7-v1',
    ]);
    expect(graph.events.size).toBe(1);
    expect(created.id).toBe([...graph.events.keys()][0]);
  });

  it('when the same create is sent again later (an outbox retry), then Graph answers the same event', async () => {
    const input = { transactionId: 'ats-iv-8-v1', content: content(), sendUpdates: 'all' as const };
    const first = await client.createEvent(TOKEN, input);
    const second = await client.createEvent(TOKEN, input);
    expect(second.id).toBe(first.id);
    expect(graph.events.size).toBe(1);
  });

  it('when Graph throttles with 429 and Retry-After: 1, then the client waits that second and succeeds', async () => {
    const created = await client.createEvent(TOKEN, {
      transactionId: 'seed',
      content: content(),
      sendUpdates: 'all',
    });
    graph.reset();
    graph.events.set(created.id, { id: created.id, body: {} });
    graph.fail('GET /me/events/{id}', {
      kind: 'status',
      status: 429,
      code: 'ApplicationThrottled',
      retryAfter: '1',
    });
    const started = Date.now();
    await expect(client.getEvent(TOKEN, created.id)).resolves.toMatchObject({ id: created.id });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(graph.seen).toHaveLength(2);
  });

  it('when Retry-After is longer than the client waits in one call, then it fails at once as calendar_rate_limited with that delay', async () => {
    graph.fail('POST /me/events', {
      kind: 'status',
      status: 429,
      code: 'ApplicationThrottled',
      retryAfter: '120',
    });
    const error = await client
      .createEvent(TOKEN, { transactionId: 't', content: content(), sendUpdates: 'all' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutlookCalendarError);
    expect(error).toMatchObject({ code: 'calendar_rate_limited', retryAfterSeconds: 120 });
    expect(graph.seen).toHaveLength(1);
  });

  it('when Graph asks for a wait that ends after the call deadline, then the call fails at once as calendar_rate_limited', async () => {
    const hurried = createOutlookCalendarClient({
      graphBaseUrl: base,
      resilience: { ...fast, deadlineMs: 500 },
    });
    graph.fail('POST /me/events', { kind: 'status', status: 429, retryAfter: '2' });
    const started = Date.now();
    const error = await hurried
      .createEvent(TOKEN, { transactionId: 't', content: content(), sendUpdates: 'all' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'calendar_rate_limited', retryAfterSeconds: 2 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(graph.seen).toHaveLength(1);
  });

  it('when the caller gives up during a slow getSchedule, then the call ends at once as calendar_unavailable and is not repeated', async () => {
    graph.delayMs = 800;
    const started = Date.now();
    const error = await client
      .busy(TOKEN, {
        emails: ['a@b.example'],
        timeMin: new Date('2030-01-20T00:00:00Z'),
        timeMax: new Date('2030-01-21T00:00:00Z'),
        signal: AbortSignal.timeout(50),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutlookCalendarError);
    expect(error).toMatchObject({ code: 'calendar_unavailable' });
    expect(Date.now() - started).toBeLessThan(600);
    // Past the stand-in's answer (so it cannot count in a later test): still the one request.
    await new Promise((r) => setTimeout(r, 850));
    expect(graph.seen).toHaveLength(1);
  });

  it('when Graph answers 503 three times, then the fourth attempt succeeds with one event', async () => {
    graph.fail('POST /me/events', { kind: 'status', status: 503, code: 'ServiceUnavailable' }, 3);
    const created = await client.createEvent(TOKEN, {
      transactionId: 'ats-iv-9-v1',
      content: content(),
      sendUpdates: 'all',
    });
    expect(graph.seen).toHaveLength(4);
    expect(graph.events.size).toBe(1);
    expect(created.id).toBe('AAMk-1');
  });

  it('when Graph keeps answering 504, then the attempts stop at four and the call fails as calendar_unavailable', async () => {
    graph.fail('PATCH /me/events/{id}', { kind: 'status', status: 504 }, 10);
    graph.events.set('AAMk-5', { id: 'AAMk-5', body: {} });
    const error = await client
      .patchEvent(TOKEN, 'AAMk-5', { content: content(), sendUpdates: 'all' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutlookCalendarError);
    expect(error).toMatchObject({ code: 'calendar_unavailable' });
    expect(graph.seen).toHaveLength(4);
  });

  it('when ten calls for one mailbox run at once, then Graph never sees more than four of them in flight, while another mailbox is not held back', async () => {
    for (let i = 0; i < 10; i++) graph.events.set(`e${i}`, { id: `e${i}`, body: {} });
    graph.delayMs = 60;
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => client.getEvent(TOKEN, `e${i}`)),
      ...Array.from({ length: 4 }, (_, i) => client.getEvent(OTHER_TOKEN, `e${i}`)),
    ]);
    expect(graph.seen).toHaveLength(14);
    expect(graph.maxInFlight.get(TOKEN)).toBe(4);
    expect(graph.maxInFlight.get(OTHER_TOKEN)).toBe(4);
    expect(graph.maxInFlightTotal).toBeGreaterThan(4);
  });

  it('when 45 mailboxes are asked, then getSchedule is called three times (20, 20, 5) in UTC and the answer keeps the order asked', async () => {
    const emails = Array.from({ length: 45 }, (_, i) => `host${i}@acme-hr.example`);
    graph.schedules.set('host44@acme-hr.example', [
      { status: 'busy', start: '2030-01-20T01:00:00.0000000', end: '2030-01-20T02:00:00.0000000' },
    ]);
    const result = await client.busy(TOKEN, {
      emails,
      timeMin: new Date('2030-01-20T00:00:00Z'),
      timeMax: new Date('2030-01-21T00:00:00Z'),
    });
    const calls = graph.seen.filter((s) => s.path === '/me/calendar/getSchedule');
    expect(calls.map((c) => (c.body as { Schedules: string[] }).Schedules.length)).toEqual([
      20, 20, 5,
    ]);
    for (const call of calls) {
      expect(call.prefer).toBe('outlook.timezone="UTC"');
      expect(call.body).toMatchObject({
        StartTime: { dateTime: '2030-01-20T00:00:00', timeZone: 'UTC' },
        EndTime: { dateTime: '2030-01-21T00:00:00', timeZone: 'UTC' },
      });
    }
    expect(result.map((r) => r.email)).toEqual(emails);
    expect(result[44]).toEqual({
      email: 'host44@acme-hr.example',
      status: 'known',
      busy: [{ start: new Date('2030-01-20T01:00:00Z'), end: new Date('2030-01-20T02:00:00Z') }],
    });
    expect(result[0]).toEqual({ email: 'host0@acme-hr.example', status: 'known', busy: [] });
    everyRequestMatchesTheDescription();
  });

  it('when one schedule has an error, then that mailbox is unknown; busy, out-of-office and tentative count as busy, free and working elsewhere do not', async () => {
    graph.schedules.set('gone@acme-hr.example', 'error');
    graph.schedules.set('kenji.sato@acme-hr.example', [
      { status: 'busy', start: '2030-01-20T01:00:00', end: '2030-01-20T02:00:00' },
      { status: 'free', start: '2030-01-20T03:00:00', end: '2030-01-20T04:00:00' },
      { status: 'tentative', start: '2030-01-20T05:00:00', end: '2030-01-20T06:00:00' },
      { status: 'workingElsewhere', start: '2030-01-20T06:00:00', end: '2030-01-20T07:00:00' },
      { status: 'oof', start: '2030-01-20T08:00:00', end: '2030-01-20T09:00:00' },
    ]);
    const result = await client.busy(TOKEN, {
      emails: ['Kenji.Sato@acme-hr.example', 'gone@acme-hr.example'],
      timeMin: new Date('2030-01-20T00:00:00Z'),
      timeMax: new Date('2030-01-21T00:00:00Z'),
    });
    expect(result).toEqual([
      {
        email: 'Kenji.Sato@acme-hr.example',
        status: 'known',
        busy: [
          { start: new Date('2030-01-20T01:00:00Z'), end: new Date('2030-01-20T02:00:00Z') },
          { start: new Date('2030-01-20T05:00:00Z'), end: new Date('2030-01-20T06:00:00Z') },
          { start: new Date('2030-01-20T08:00:00Z'), end: new Date('2030-01-20T09:00:00Z') },
        ],
      },
      { email: 'gone@acme-hr.example', status: 'unknown' },
    ]);
  });

  it('when Graph refuses, then the errors name the problem without Graph’s body or the token', async () => {
    const errors: unknown[] = [];
    const capture = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (e) => e,
      );

    graph.fail('GET /me/events/{id}', {
      kind: 'status',
      status: 401,
      code: 'InvalidAuthenticationToken',
    });
    errors.push(await capture(client.getEvent(TOKEN, 'AAMk-1')));
    expect(errors.at(-1)).toBeInstanceOf(OutlookAccessTokenRejectedError);
    expect(errors.at(-1)).toMatchObject({ code: 'calendar_needs_reauth' });

    errors.push(await capture(client.getEvent(TOKEN, 'AAMk-missing')));
    expect(errors.at(-1)).toBeInstanceOf(OutlookEventGoneError);
    errors.push(
      await capture(
        client.patchEvent(TOKEN, 'AAMk-missing', { content: content(), sendUpdates: 'all' }),
      ),
    );
    expect(errors.at(-1)).toBeInstanceOf(OutlookEventGoneError);

    graph.fail('POST /me/events', { kind: 'status', status: 403, code: 'ErrorAccessDenied' });
    errors.push(
      await capture(
        client.createEvent(TOKEN, { transactionId: 't', content: content(), sendUpdates: 'all' }),
      ),
    );
    expect(errors.at(-1)).toMatchObject({ code: 'calendar_forbidden' });

    graph.fail('POST /me/calendar/getSchedule', {
      kind: 'status',
      status: 404,
      code: 'MailboxNotEnabledForRESTAPI',
    });
    errors.push(
      await capture(
        client.busy(TOKEN, {
          emails: ['a@b.example'],
          timeMin: new Date('2030-01-20T00:00:00Z'),
          timeMax: new Date('2030-01-21T00:00:00Z'),
        }),
      ),
    );
    expect(errors.at(-1)).toMatchObject({ code: 'calendar_forbidden' });

    for (const error of errors) {
      const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('secret-graph-detail');
    }
  });

  it('when the event is already gone, then deleting it again counts as done', async () => {
    const created = await client.createEvent(TOKEN, {
      transactionId: 't-del',
      content: content(),
      sendUpdates: 'all',
    });
    await client.deleteEvent(TOKEN, created.id);
    await expect(client.deleteEvent(TOKEN, created.id)).resolves.toBeUndefined();
    expect(graph.seen.filter((s) => s.method === 'DELETE')).toHaveLength(2);
    expect(graph.events.size).toBe(0);
  });
});
