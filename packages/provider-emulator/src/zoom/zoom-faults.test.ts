import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meetingRequest, zoomApi } from '../../test/zoom-api-driver';
import {
  connectUser,
  postForm,
  startTestEmulator,
  tokenRequest,
} from '../../test/zoom-oauth-driver';
import { type RunningProviderEmulator, ZOOM_ROUTE_GROUPS } from '../index';

let emulator: RunningProviderEmulator;
let token: string;

beforeEach(async () => {
  ({ emulator } = await startTestEmulator());
  token = (await connectUser(emulator, emulator.zoom.seeded.managedApproved2.id)).access_token;
});
afterEach(async () => {
  await emulator.close();
});

const create = () => zoomApi(emulator, token, 'POST', '/users/me/meetings', meetingRequest());
const list = () => zoomApi(emulator, token, 'GET', '/users/me/meetings');
const hostMeetings = () => emulator.zoom.meetings(emulator.zoom.seeded.managedApproved2.id);

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

describe('fault injection', () => {
  it('when latency is injected on the list route, then lists wait and other routes do not', async () => {
    // Wide margins: a loaded CI machine must not turn a local call into a false "slow".
    emulator.zoom.injectLatency(800, ZOOM_ROUTE_GROUPS.listMeetings);

    const slow = await timed(list);
    const fast = await timed(create);

    expect(slow).toBeGreaterThanOrEqual(790);
    expect(fast).toBeLessThan(400);
  });

  it('when the next 2 answers are 429, then two calls get Retry-After and the third succeeds', async () => {
    emulator.zoom.rateLimitNext(2, 3, ZOOM_ROUTE_GROUPS.createMeeting);

    const answers = [await create(), await create(), await create()];

    expect(answers.map((a) => a.status)).toEqual([429, 429, 201]);
    expect(answers[0]?.headers.get('retry-after')).toBe('3');
    expect(answers[0]?.headers.get('x-ratelimit-category')).toBe('Medium');
    expect(answers[0]?.body.code).toBe(429);
    expect(hostMeetings()).toHaveLength(1);
  });

  it('when the next answer is a 503 for meetings, then nothing is created and a non-matching route is unaffected', async () => {
    emulator.zoom.failNext(1, 503, ZOOM_ROUTE_GROUPS.meetings);

    const me = await zoomApi(emulator, token, 'GET', '/users/me');
    const failed = await create();
    const retried = await create();

    expect(me.status).toBe(200);
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe(503);
    expect(retried.status).toBe(201);
    expect(hostMeetings()).toHaveLength(1);
  });

  it('when the next create is dropped, then the caller sees the connection die but the meeting exists', async () => {
    emulator.zoom.dropNext(1, ZOOM_ROUTE_GROUPS.createMeeting);

    await expect(create()).rejects.toThrow();
    const meetings = hostMeetings();
    const second = await create();

    expect(meetings).toHaveLength(1);
    expect(second.status).toBe(201);
    expect(hostMeetings()).toHaveLength(2);
  });

  it('when the token endpoint is faulted, then OAuth answers 500 once', async () => {
    emulator.zoom.failNext(1, 500, ZOOM_ROUTE_GROUPS.token);

    const { status } = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      refresh_token: 'x',
    });
    const after = await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: 'x' });

    expect(status).toBe(500);
    expect(after.status).toBe(400);
  });

  it('when faults are reset, then pending ones are gone', async () => {
    emulator.zoom.failNext(5, 500);
    emulator.zoom.injectLatency(1_000);

    emulator.zoom.resetFaults();

    expect((await create()).status).toBe(201);
    expect(await timed(list)).toBeLessThan(500);
  });

  it('when a fault is asked with a bad count or status, then it is refused', () => {
    expect(() => emulator.zoom.failNext(1, 429)).toThrow(/5xx/);
    expect(() => emulator.zoom.dropNext(0)).toThrow(/count/);
  });

  it('when calls reach endpoints, then stats count them per endpoint, faulted ones included', async () => {
    emulator.zoom.failNext(1, 500, ZOOM_ROUTE_GROUPS.createMeeting);
    const before = emulator.zoom.stats().endpoints;

    await create();
    const { body } = await create();
    await zoomApi(emulator, token, 'GET', `/meetings/${body.id}`);
    await zoomApi(emulator, token, 'DELETE', `/meetings/${body.id}`);

    const after = emulator.zoom.stats().endpoints;
    const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
    expect(delta('POST /v2/users/{userId}/meetings')).toBe(2);
    expect(delta('GET /v2/meetings/{meetingId}')).toBe(1);
    expect(delta('DELETE /v2/meetings/{meetingId}')).toBe(1);
    expect(after['POST /oauth/token']).toBeGreaterThanOrEqual(1);
  });
});

describe('fault forms on the admin page', () => {
  const post = (path: string, fields: Record<string, string>) => postForm(emulator, path, fields);

  it('when the operator queues a 5xx and a drop on the page, then the API obeys and the page lists them until reset', async () => {
    const fail = await post('/zoom/admin/faults/server-error', {
      count: '1',
      status: '502',
      path: '/zoom/v2/users/*/meetings',
      method: 'POST',
    });
    await post('/zoom/admin/faults/rate-limit', {
      count: '1',
      retry_after: '2',
      path: '/zoom/v2/meetings/**',
    });
    const page = await (await fetch(new URL(emulator.zoom.paths.admin, emulator.url))).text();

    expect(fail.status).toBe(303);
    expect(page).toContain('next 1 answer(s) 502');
    expect(page).toContain('Retry-After 2 s');
    expect((await list()).status).toBe(200);
    expect((await create()).status).toBe(502);

    await post('/zoom/admin/faults/reset', {});
    const cleared = await (await fetch(new URL(emulator.zoom.paths.admin, emulator.url))).text();
    expect(cleared).toContain('<li>None.</li>');
  });

  it('when the page sets latency and drops, then requests wait and the answer is lost after commit', async () => {
    await post('/zoom/admin/faults/latency', { ms: '40', path: '/zoom/v2/**' });
    await post('/zoom/admin/faults/drop', { count: '1', path: '/zoom/v2/users/*/meetings' });

    const waited = await timed(() => expect(create()).rejects.toThrow());

    expect(waited).toBeGreaterThanOrEqual(35);
    expect(hostMeetings()).toHaveLength(1);
  });

  it('when a form carries a bad value, then the page shows the error', async () => {
    const response = await post('/zoom/admin/faults/server-error', { count: '1', status: '404' });
    const page = await (
      await fetch(new URL(response.headers.get('location') ?? '', emulator.url))
    ).text();

    expect(page).toContain(
      '<p class="error" role="alert">failNext takes a 5xx status, not 404</p>',
    );
    expect((await create()).status).toBe(201);
  });
});
