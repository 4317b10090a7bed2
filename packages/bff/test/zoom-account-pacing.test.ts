import { describe, expect, it } from 'vitest';
import { type Harness, linkZoomAccount, startHarness, tenantAUser } from './harness';
import { closeHarnessAfterEach, fastZoomResilience } from './meeting-world';

const recruiter = tenantAUser('Rina', 'recruiter', 'u-recruiter');
const aiko = tenantAUser('Aiko', 'recruiter');
const ken = tenantAUser('Ken', 'coordinator');

let h: Harness;
closeHarnessAfterEach(() => h);

describe('Zoom calls paced per Zoom account through the BFF', () => {
  it('when two hosts of one company are listed 3 times in a row at 2 calls/s per account, then their 6 Zoom list calls spread over 3 one-second windows and every list answers', async () => {
    h = await startHarness({
      meetings: {
        zoomAccountPacing: { perSecond: 2, maxWaitMs: 5_000 },
        // No cache: every host list asks Zoom.
        hostScheduleTtlMs: 0,
        hostCheckTimeoutMs: 10_000,
        zoomResilience: fastZoomResilience,
      },
    });
    // Both are members of the seed's company account `acme`.
    await linkZoomAccount(h, aiko, h.emulator.zoom.seeded.managedApproved);
    await linkZoomAccount(h, ken, h.emulator.zoom.seeded.managedApproved2);
    const listCalls: number[] = [];
    h.setFetchInterceptor((url, init) => {
      if (/\/users\/[^/]+\/meetings/.test(url) && (init?.method ?? 'GET') === 'GET') {
        listCalls.push(performance.now());
      }
      return init;
    });

    const lists = [];
    for (let round = 1; round <= 3; round += 1) {
      lists.push(
        await h.api('GET', '/v1/hosts?start=2030-01-16T06:15:00Z&durationMinutes=30', {
          user: recruiter,
        }),
      );
    }

    expect(lists.map((list) => list.status)).toEqual([200, 200, 200]);
    for (const list of lists) {
      expect(list.json.hosts.map((host: { busy: string }) => host.busy)).not.toContain('unknown');
    }
    expect(listCalls).toHaveLength(6);
    const [first = 0] = listCalls;
    const sorted = [...listCalls].sort((a, b) => a - b);
    // Two per window: the 3rd call waits for the 2nd window, the 5th for the 3rd.
    expect((sorted[2] ?? 0) - first).toBeGreaterThanOrEqual(900);
    expect((sorted[4] ?? 0) - first).toBeGreaterThanOrEqual(1_900);
  });
});
