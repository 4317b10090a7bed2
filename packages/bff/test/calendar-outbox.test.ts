import { randomUUID } from 'node:crypto';
import { GOOGLE_ROUTE_GROUPS } from '@ats-zoom/provider-emulator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectGoogle, type Harness, linkZoomAccount, startHarness, tenantAUser } from './harness';
import { freshSchema, postgresUrl, storeEngines } from './postgres';

const engines = await storeEngines('calendar-outbox.test.ts');

const aiko = tenantAUser('Aiko', 'recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');
const INSERT = 'POST /calendar/v3/calendars/{calendarId}/events';
const GET = 'GET /calendar/v3/calendars/{calendarId}/events/{eventId}';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe.each(engines)('calendar outbox with two BFF instances (%s)', (engine) => {
  it('when both instances poll the same failed tasks, then each task runs once: one insert per event, one registration each', async () => {
    h = await startHarness({
      instances: 2,
      ...(engine === 'postgres'
        ? { postgres: { url: postgresUrl, schema: freshSchema('calendar_outbox') } }
        : {}),
      meetings: {
        hostCheckTimeoutMs: 2_000,
        googleCalendar: { attemptTimeoutMs: 2_000, retryDelayMs: 5 },
        calendarRetry: { pollIntervalMs: 10, baseDelayMs: 60_000, maxDelayMs: 600_000 },
      },
    });
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    await connectGoogle(h, aiko, 'recruiter');

    const interviews = ['iv-1', 'iv-2', 'iv-3', 'iv-4', 'iv-5'];
    // Each save's insert and its one quick retry fail: five tasks wait in the outbox.
    h.emulator.google.failNext(interviews.length * 2, 503, GOOGLE_ROUTE_GROUPS.insertEvent);
    for (const [index, interviewId] of interviews.entries()) {
      const instance = h.instances[index % 2];
      const saved = await instance?.api('PUT', `/v1/interviews/${interviewId}/meeting`, {
        user: aiko,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          candidateId: `cand-${index}`,
          hostConnectionId: host,
          topic: `面接 ${index}`,
          startTime: `2030-01-2${index}T10:00:00+09:00`,
          durationMinutes: 30,
          timezone: 'Asia/Tokyo',
          joinBeforeHost: false,
          calendar: { register: true, attendees: [], sendUpdates: 'none' },
        },
      });
      expect(saved?.json.calendar.status).toBe('failed');
    }
    const insertsBefore = h.emulator.google.stats().endpoints[INSERT] ?? 0;

    h.clock.advance(60_000);
    await vi.waitFor(
      async () => {
        for (const interviewId of interviews) {
          const meeting = await h.store.meetings.findByInterview('tenant-a', interviewId);
          expect(meeting?.calendar.status).toBe('registered');
        }
      },
      { timeout: 15_000, interval: 50 },
    );

    const stats = h.emulator.google.stats();
    expect((stats.endpoints[INSERT] ?? 0) - insertsBefore).toBe(interviews.length);
    expect(stats.endpoints[GET] ?? 0).toBe(0);
    expect(h.emulator.google.events(h.emulator.google.seeded.recruiter.email)).toHaveLength(5);
    const registered = (await h.store.audit.listForTenant('tenant-a')).filter(
      (e) => e.action === 'calendar.registered',
    );
    expect(registered.map((e) => e.subjectId).sort()).toEqual(interviews);
  });
});
