import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoveryValidator } from '../../test/google-discovery';
import { calendarApi, interviewEvent, startGoogleWithRecruiter } from '../../test/google-driver';
import { GOOGLE_ROUTE_GROUPS, type RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
let token: string;
beforeEach(async () => {
  ({ emulator, token } = await startGoogleWithRecruiter());
});
afterEach(async () => {
  await emulator.close();
});

const insert = (id = '0f8e2c1a9b7d4e6f8a1b2c3d4e5f6a7b') =>
  calendarApi(emulator, token, 'POST', '/calendars/primary/events', interviewEvent({ id }));
const recruiterEvents = () => emulator.google.events(emulator.google.seeded.recruiter.email);

describe('Google fault injection', () => {
  it('when the next 2 inserts are rate limited with 429 and 403, then Google bodies answer and the third succeeds', async () => {
    emulator.google.rateLimitNext(1, 429, GOOGLE_ROUTE_GROUPS.insertEvent);
    emulator.google.rateLimitNext(1, 403, GOOGLE_ROUTE_GROUPS.insertEvent);

    const answers = [await insert(), await insert(), await insert()];

    expect(answers.map((a) => a.status)).toEqual([429, 403, 200]);
    expect(answers[1]?.body.error).toEqual({
      code: 403,
      message: 'Rate Limit Exceeded',
      errors: [
        { domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' },
      ],
      status: 'PERMISSION_DENIED',
    });
    expect(recruiterEvents()).toHaveLength(1);
  });

  it('when quotaExceeded and forbidden are injected, then they answer 403 with their reasons', async () => {
    emulator.google.errorNext(1, 'quotaExceeded');
    emulator.google.errorNext(1, 'forbidden');

    const quota = await insert();
    const forbidden = await insert();

    expect(quota.body.error.errors[0]).toMatchObject({
      domain: 'usageLimits',
      reason: 'quotaExceeded',
      message: 'Calendar usage limits exceeded.',
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.errors[0]).toMatchObject({ domain: 'global', reason: 'forbidden' });
  });

  it('when 503 is injected three times on the calendar, then OAuth is unaffected and the fourth insert succeeds', async () => {
    emulator.google.failNext(3, 503, GOOGLE_ROUTE_GROUPS.calendar);

    const failures = [await insert(), await insert(), await insert()];
    const userinfo = await fetch(`${emulator.url}${emulator.google.paths.userinfo}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const ok = await insert();

    expect(failures.map((a) => a.status)).toEqual([503, 503, 503]);
    expect(failures[0]?.body.error.errors[0]).toMatchObject({
      reason: 'backendError',
      message: 'Backend Error',
    });
    expect(userinfo.status).toBe(200);
    expect(ok.status).toBe(200);
    expect(recruiterEvents()).toHaveLength(1);
  });

  it('when the insert answer is dropped, then the event exists and the retry gets 409 duplicate', async () => {
    emulator.google.dropNext(1, GOOGLE_ROUTE_GROUPS.insertEvent);

    await expect(insert()).rejects.toThrow();
    const retried = await insert();

    expect(recruiterEvents()).toHaveLength(1);
    expect(retried.status).toBe(409);
  });

  it('when latency is injected on freeBusy, then freeBusy waits and inserts do not', async () => {
    // Wide margins: a loaded CI machine must not turn a local call into a false "slow".
    emulator.google.injectLatency(800, GOOGLE_ROUTE_GROUPS.freeBusy);
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };

    const slow = await timed(() =>
      calendarApi(emulator, token, 'POST', '/freeBusy', {
        timeMin: '2025-10-02T00:00:00Z',
        timeMax: '2025-10-03T00:00:00Z',
        items: [{ id: 'primary' }],
      }),
    );
    const fast = await timed(() => insert());

    expect(slow).toBeGreaterThanOrEqual(790);
    expect(fast).toBeLessThan(400);
  });

  it('when faults are set and reset on the console page, then they are listed and then gone', async () => {
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${emulator.url}${emulator.google.paths.admin}${path}`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams(fields),
      });

    const set = await post('/faults/error', {
      count: '2',
      reason: 'quotaExceeded',
      path: '/google/calendar/v3/**',
    });
    const listed = await (await fetch(`${emulator.url}${emulator.google.paths.admin}`)).text();
    const failed = await insert();
    await post('/faults/reset', {});
    const ok = await insert();

    expect(set.status).toBe(303);
    expect(listed).toContain('next 2 answer(s) 403 quotaExceeded');
    expect(failed.status).toBe(403);
    expect(ok.status).toBe(200);
  });
});

describe('calendar view page', () => {
  it('when the BFF wrote and deleted events, then the page lists live ones with URL and attendees, and deleted ones apart', async () => {
    await insert();
    await insert('aaaaabbbbbccccc');
    await calendarApi(emulator, token, 'DELETE', '/calendars/primary/events/aaaaabbbbbccccc');
    emulator.google.seedEvent(emulator.google.seeded.interviewer.email, {
      summary: '<b>Dentist</b>',
      start: '2025-10-02T13:00:00+09:00',
      end: '2025-10-02T14:00:00+09:00',
    });

    const page = await fetch(`${emulator.url}${emulator.google.paths.calendarView}`);
    const html = await page.text();
    const live = html.slice(
      html.indexOf('Events of aiko.tanaka'),
      html.indexOf('Deleted events ('),
    );

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(live).toContain('Interview: Mika Suzuki');
    expect(live).toContain('https://zoom.example/j/123?pwd=abc');
    expect(live).toContain('2025-10-02 10:00');
    expect(live).toContain('Kenji Sato &lt;kenji.sato@acme-hr.example&gt;');
    expect(live).not.toContain('aaaaabbbbbccccc');
    expect(html).toContain('Deleted events (1)');
    expect(html).toContain('&lt;b&gt;Dentist&lt;/b&gt;');
  });
});

describe('discovery schema check', () => {
  it('when an answer carries a field the Event schema lacks or a wrong type, then the validator rejects it', async () => {
    const validate = discoveryValidator('Event', ['id']);
    const { body } = await insert();

    expect(validate(body)).toBe(true);
    expect(validate({ ...body, eventType: 'default' })).toBe(false);
    expect(validate({ ...body, sequence: '1' })).toBe(false);
    expect(validate({ ...body, start: { dateTime: 'tomorrow' } })).toBe(false);
  });
});
