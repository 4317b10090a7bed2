import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, runConnect, startHarness, tenantAUser } from './harness';

const haruka = tenantAUser('Haruka', 'coordinator');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** The `deleted` count of every prune this process ran, in order. */
function prunes(): number[] {
  return h.logLines
    .map((line) => JSON.parse(line) as { msg?: string; deleted?: number })
    .filter((entry) => entry.msg === 'pruned expired idempotency keys')
    .map((entry) => entry.deleted ?? -1);
}

describe('Idempotency-Key retention', () => {
  it('when keys are older than 24 h, then a save prunes them at most once an hour and such a key is free again; younger keys still replay', async () => {
    h = await startHarness({ meetings: { hostCheckTimeoutMs: 1_000 } });
    await runConnect(h, haruka, h.emulator.zoom.seeded.personal);
    const host = (await h.api('GET', '/v1/connections/me', { user: haruka })).json.zoom.id;
    const body = (topic: string) => ({
      candidateId: 'cand-1',
      hostConnectionId: host,
      topic,
      startTime: '2030-01-20T10:00:00+09:00',
      durationMinutes: 30,
      timezone: 'Asia/Tokyo',
      joinBeforeHost: false,
    });
    const put = (interviewId: string, key: string, topic = 'Interview') =>
      h.api('PUT', `/v1/interviews/${interviewId}/meeting`, {
        user: haruka,
        body: body(topic),
        headers: { 'idempotency-key': key },
      });
    const [k1, k2, k3] = [randomUUID(), randomUUID(), randomUUID()];

    const first = await put('iv-1', k1);
    expect(first.status).toBe(200);
    h.clock.advance(45 * MINUTE);
    expect((await put('iv-2', k2)).status).toBe(200);
    expect(prunes()).toEqual([0]);

    h.clock.advance(23 * HOUR);
    expect((await put('iv-3', k3)).status).toBe(200);
    // 23 h 45 min old: still replayed, still bound to its body.
    expect((await put('iv-1', k1)).text).toBe(first.text);
    expect((await put('iv-1', k1, 'changed')).json.code).toBe('idempotency_key_mismatch');
    expect(prunes()).toEqual([0, 0]);

    h.clock.advance(30 * MINUTE);
    expect((await put('iv-4', randomUUID())).status).toBe(200);
    expect(prunes()).toEqual([0, 0]);

    h.clock.advance(45 * MINUTE);
    expect((await put('iv-5', randomUUID())).status).toBe(200);
    // k1 and k2 (25 h and 24 h 15 min old) are gone.
    expect(prunes()).toEqual([0, 0, 2]);

    const reused = await put('iv-1', k1, 'changed');
    expect(reused.status).toBe(200);
    expect(reused.json.topic).toBe('changed');
    expect((await put('iv-3', k3, 'changed')).json.code).toBe('idempotency_key_mismatch');
  });
});
