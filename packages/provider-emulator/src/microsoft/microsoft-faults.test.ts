import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectMicrosoftUser,
  graph,
  interviewEvent,
  startMicrosoftWithRecruiter,
  tokenCall,
} from '../../test/microsoft-driver';
import { graphValidator } from '../../test/msgraph-openapi';
import { postForm } from '../../test/zoom-oauth-driver';
import { MICROSOFT_ROUTE_GROUPS, type RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
let token: string;

const validError = graphValidator('microsoft.graph.ODataErrors.ODataError', ['error']);

function expectValid(body: unknown) {
  expect(validError(body) ? [] : validError.errors).toEqual([]);
}

beforeEach(async () => {
  ({ emulator, token } = await startMicrosoftWithRecruiter());
});
afterEach(async () => {
  await emulator.close();
});

const recruiterMail = () => emulator.microsoft.seeded.recruiter.mail;
const create = (as = token) => graph(emulator, as, 'POST', '/me/events', interviewEvent());

describe('Microsoft faults', () => {
  it('when a 429 is injected for one user, then that user gets TooManyRequests with Retry-After and others do not', async () => {
    const interviewer = await connectMicrosoftUser(
      emulator,
      emulator.microsoft.seeded.interviewer.id,
    );
    emulator.microsoft.rateLimitNext(1, 7, { user: recruiterMail() });

    const other = await graph(emulator, interviewer.access_token, 'GET', '/me');
    const throttled = await create();
    const after = await create();

    expect(other.status).toBe(200);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expectValid(throttled.body);
    expect(throttled.body.error.code).toBe('TooManyRequests');
    expect(after.status).toBe(201);
    expect(emulator.microsoft.events(recruiterMail())).toHaveLength(1);
  });

  it('when three 503s are injected on creates, then three answers fail and the fourth creates one event', async () => {
    emulator.microsoft.failNext(3, 503, MICROSOFT_ROUTE_GROUPS.createEvent);

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await create()).status);

    expect(statuses).toEqual([503, 503, 503, 201]);
    expect(emulator.microsoft.stats()).toMatchObject({
      eventsCreated: 1,
      eventsCreatedByMailbox: { 'hanako.sato@contoso-hr.example': 1 },
    });
  });

  it('when a create answer is dropped, then the event exists once and the retry with the same transactionId answers it', async () => {
    emulator.microsoft.dropNext(1, MICROSOFT_ROUTE_GROUPS.createEvent);

    await expect(create()).rejects.toThrow();
    expect(emulator.microsoft.events(recruiterMail())).toHaveLength(1);

    const retry = await create();
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(emulator.microsoft.events(recruiterMail())[0]?.id);
    expect(emulator.microsoft.events(recruiterMail())).toHaveLength(1);
    expect(emulator.microsoft.stats()).toMatchObject({ eventsCreated: 1, eventsDeduplicated: 1 });
  });

  it('when more than 4 requests for one mailbox are in flight, then the rest answer 429 ApplicationThrottled; another mailbox is not limited', async () => {
    const interviewer = await connectMicrosoftUser(
      emulator,
      emulator.microsoft.seeded.interviewer.id,
    );
    emulator.microsoft.injectLatency(300, MICROSOFT_ROUTE_GROUPS.me);

    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => graph(emulator, token, 'GET', '/me')),
      graph(emulator, interviewer.access_token, 'GET', '/me'),
    ]);

    const recruiter = answers.slice(0, 6);
    expect(recruiter.filter((a) => a.status === 200)).toHaveLength(4);
    const refused = recruiter.filter((a) => a.status === 429);
    expect(refused).toHaveLength(2);
    for (const answer of refused) {
      expectValid(answer.body);
      expect(answer.body.error.code).toBe('ApplicationThrottled');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(answers[6]?.status).toBe(200);
    expect(emulator.microsoft.stats().concurrencyThrottled).toBe(2);
    emulator.microsoft.resetFaults();
    expect((await graph(emulator, token, 'GET', '/me')).status).toBe(200);
  });

  it('when latency is set for two users on the same path, then both stay in force', async () => {
    const { recruiter, interviewer } = emulator.microsoft.seeded;
    emulator.microsoft.injectLatency(300, { ...MICROSOFT_ROUTE_GROUPS.me, user: recruiter.mail });
    emulator.microsoft.injectLatency(200, { ...MICROSOFT_ROUTE_GROUPS.me, user: interviewer.mail });

    const html = await (await fetch(`${emulator.url}/microsoft/admin`)).text();

    expect(html).toContain('latency 300 ms');
    expect(html).toContain('latency 200 ms');
  });

  it('when the token endpoint is failed, then it answers in OAuth’s shape', async () => {
    const tokens = await connectMicrosoftUser(emulator, emulator.microsoft.seeded.interviewer.id);
    emulator.microsoft.failNext(1, 503, MICROSOFT_ROUTE_GROUPS.token);

    const answer = await tokenCall(emulator, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });

    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: 'server_error' });
  });

  it('when requests are made, then stats count them per endpoint', async () => {
    await create();
    await graph(emulator, token, 'GET', '/me');

    expect(emulator.microsoft.stats().endpoints).toMatchObject({
      'POST /graph/v1.0/me/events': 1,
      'GET /graph/v1.0/me': 1,
      'POST /{tenant}/oauth2/v2.0/token': 1,
    });
  });
});

describe('Microsoft pages', () => {
  it('when a 429 for a user is injected on the admin page, then that user’s next Graph call is throttled', async () => {
    const page = await fetch(`${emulator.url}/microsoft/admin`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Fabrikam 株式会社');
    expect(html).toContain('管理者の承認が必要');

    const posted = await postForm(emulator, '/microsoft/admin/faults/rate-limit', {
      count: '1',
      retryAfter: '3',
      path: '/microsoft/graph/v1.0/**',
      method: '',
      user: recruiterMail(),
    });
    expect(posted.status).toBe(303);
    expect(await (await fetch(`${emulator.url}/microsoft/admin`)).text()).toContain(
      '429 TooManyRequests for hanako.sato@contoso-hr.example',
    );

    const answer = await graph(emulator, token, 'GET', '/me');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3');
  });

  it('when the BFF wrote an event, then the Outlook view shows it in Japan time with location, attendees and body text', async () => {
    await create();

    const page = await fetch(`${emulator.url}/microsoft/calendar-view?user=${recruiterMail()}`);
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(html).toContain('面接: 鈴木 美香 / Interview: Mika Suzuki');
    expect(html).toContain('2025-10-02 10:00');
    expect(html).toContain('2025-10-02 11:00');
    expect(html).toContain('https://zoom.example/j/123?pwd=abc');
    expect(html).toContain('鈴木 一郎 &lt;ichiro.suzuki@contoso-hr.example&gt;');
    expect(html).toContain('Zoom に参加: https://zoom.example/j/123?pwd=abc');
    expect(html).not.toContain('&lt;a href');
  });
});
