import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, runConnect, startHarness, tenantAUser } from './harness';

const haruka = tenantAUser('Haruka', 'coordinator');

const HALF_OPEN_AFTER_MS = 200;
const getMeetingScope = { path: '/zoom/v2/meetings/*', method: 'GET' } as const;

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Requests that reached Zoom's REST API at the emulator, fault answers included. */
function zoomApiHits(): number {
  return Object.entries(h.emulator.zoom.stats().endpoints)
    .filter(([endpoint]) => endpoint.includes('/v2/'))
    .reduce((sum, [, count]) => sum + count, 0);
}

const startUrl = () => h.api('GET', '/v1/interviews/iv-1/meeting/start-url', { user: haruka });

function saveMeeting(interviewId: string, hostConnectionId: string) {
  return h.api('PUT', `/v1/interviews/${interviewId}/meeting`, {
    user: haruka,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      candidateId: 'cand-1',
      hostConnectionId,
      topic: 'Interview',
      startTime: '2030-01-20T10:00:00+09:00',
      durationMinutes: 30,
      timezone: 'Asia/Tokyo',
      joinBeforeHost: false,
    },
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Zoom circuit breaker', () => {
  it('when Zoom failed 5 times in a row, then calls fail fast with provider_unavailable without reaching Zoom, and after the half-open delay one probe goes through and closes it', async () => {
    h = await startHarness({
      meetings: {
        hostCheckTimeoutMs: 300,
        zoomResilience: {
          // One attempt per call, so each call is one failure the breaker counts.
          maxAttempts: 1,
          attemptTimeoutMs: 2_000,
          deadlineMs: 4_000,
          breakerThreshold: 5,
          breakerHalfOpenAfterMs: HALF_OPEN_AFTER_MS,
        },
      },
    });
    await runConnect(h, haruka, h.emulator.zoom.seeded.personal);
    const host = (await h.api('GET', '/v1/connections/me', { user: haruka })).json.zoom.id;
    expect((await saveMeeting('iv-1', host)).status).toBe(200);

    h.emulator.zoom.failNext(5, 503, getMeetingScope);
    let hits = zoomApiHits();
    for (let i = 0; i < 5; i += 1) {
      const failed = await startUrl();
      expect([failed.status, failed.json.code]).toEqual([503, 'provider_unavailable']);
    }
    expect(zoomApiHits() - hits).toBe(5);

    // Open: nothing reaches Zoom, whatever the route.
    hits = zoomApiHits();
    const fastFails = [await startUrl(), await startUrl(), await saveMeeting('iv-2', host)];
    expect(fastFails.map((a) => [a.status, a.json.code])).toEqual(
      Array(3).fill([503, 'provider_unavailable']),
    );
    expect(zoomApiHits()).toBe(hits);

    // Half-open: one probe; it fails, so the breaker opens again at once.
    await pause(HALF_OPEN_AFTER_MS + 50);
    h.emulator.zoom.failNext(1, 503, getMeetingScope);
    expect((await startUrl()).status).toBe(503);
    expect(zoomApiHits() - hits).toBe(1);
    expect((await startUrl()).status).toBe(503);
    expect(zoomApiHits() - hits).toBe(1);

    // Half-open again: the probe succeeds and closes the breaker; calls flow normally.
    await pause(HALF_OPEN_AFTER_MS + 50);
    const probe = await startUrl();
    expect(probe.status).toBe(200);
    expect(probe.json.startUrl).toContain('zak=');
    expect(zoomApiHits() - hits).toBe(2);
    expect((await startUrl()).status).toBe(200);
    expect((await saveMeeting('iv-2', host)).status).toBe(200);
    expect(zoomApiHits() - hits).toBeGreaterThanOrEqual(4);
  });
});
