import { randomUUID } from 'node:crypto';
import { MAX_RENDER_RECIPIENTS, variableKeys } from '@ats-zoom/contract';
import type { ZoomUser } from '@ats-zoom/provider-emulator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AtsUser, type Harness, linkZoomAccount, startHarness } from './harness';

const user = (sub: string, role: AtsUser['role'], name: string, tid = 'tenant-a'): AtsUser => ({
  sub,
  tid,
  role,
  name,
  email: `${sub}@a.example`,
});
const recruiter = user('u-recruiter', 'recruiter', '採用 太郎');
const haruka = user('u-haruka', 'coordinator', '佐藤 春香');
const aiko = user('u-aiko', 'recruiter', '田中 愛子');
const interviewer = user('u-ivan', 'interviewer', '面接 一郎');
const outsider = user('u-otto', 'recruiter', 'Otto', 'tenant-b');

const URL_TOKEN = '{{next_web_interview_url}}';

let h: Harness;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
});

async function start(): Promise<Harness> {
  h = await startHarness({
    meetings: {
      hostCheckTimeoutMs: 300,
      zoomResilience: { attemptTimeoutMs: 2_000, deadlineMs: 4_000, backoffBaseMs: 5 },
    },
  });
  return h;
}

const link = (who: AtsUser, account: ZoomUser) => linkZoomAccount(h, who, account);

/** Issues (or updates) an interview's meeting over HTTP and answers its join URL. */
async function issue(
  interviewId: string,
  candidateId: string,
  hostConnectionId: string,
  overrides: { startTime?: string; durationMinutes?: number; joinBeforeHost?: boolean } = {},
): Promise<string> {
  const saved = await h.api('PUT', `/v1/interviews/${interviewId}/meeting`, {
    user: recruiter,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      candidateId,
      hostConnectionId,
      topic: '一次面接',
      startTime: overrides.startTime ?? '2030-01-20T10:00:00+09:00',
      durationMinutes: overrides.durationMinutes ?? 30,
      timezone: 'Asia/Tokyo',
      joinBeforeHost: overrides.joinBeforeHost ?? false,
    },
  });
  expect(saved.status).toBe(200);
  return saved.json.joinUrl as string;
}

function render(body: Record<string, unknown>, who: AtsUser = recruiter) {
  return h.api('POST', '/v1/variables/render', { user: who, body });
}

describe('render: the passcode variable', () => {
  it('when the next interview has a passcode, then it renders it (typed where the URL lacks it); without one it says none in the mail language', async () => {
    await start();
    h.emulator.zoom.preApprove('globex');
    const zoom = h.emulator.zoom.seeded;
    // globex: no passcode unless join before host (then the BFF adds one), never in the URL.
    const globex = await link(haruka, zoom.managedPending);
    const typedUrl = await issue('iv-typed', 'cand-typed', globex, { joinBeforeHost: true });
    await issue('iv-none', 'cand-none', globex);
    const typed = h.emulator.zoom
      .meetings(zoom.managedPending.id)
      .find((meeting) => typedUrl.includes(`/j/${meeting.id}`));
    expect(typed?.password).toBeTruthy();

    const template = 'パスコード: {{次のWeb面接・面談のパスコード}}';
    const ja = await render({ template, candidateIds: ['cand-typed', 'cand-none'] });
    expect(ja.status).toBe(200);
    expect(ja.json.results.map((r: { text: string }) => r.text)).toEqual([
      `パスコード: ${typed?.password}`,
      'パスコード: なし',
    ]);
    const en = await render({
      template: 'Passcode: {{next_web_interview_passcode}}',
      candidateIds: ['cand-none'],
      locale: 'en',
    });
    expect(en.json.results[0].text).toBe('Passcode: none');
  });
});

describe('render: which interview fills the variables', () => {
  it('when the candidate has an upcoming interview, then its URL, date and host fill the text', async () => {
    await start();
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const joinUrl = await issue('iv-1', 'cand-1', host);
    const template =
      '面接URL: {{next_web_interview_url}}\n日時: {{ next_web_interview_datetime }}\n担当: {{next_web_interview_host_name}}';

    const ja = await render({ template, candidateIds: ['cand-1'] });
    expect(ja.status).toBe(200);
    expect(ja.json.results).toEqual([
      {
        candidateId: 'cand-1',
        status: 'resolved',
        text: `面接URL: ${joinUrl}\n日時: 2030年1月20日(日) 10:00〜10:30\n担当: 佐藤 春香`,
        missing: [],
        unknownTokens: [],
      },
    ]);

    const en = await render({ template, candidateIds: ['cand-1'], locale: 'en' });
    expect(en.json.results[0].text).toContain('Sun, Jan 20, 2030, 10:00 AM – 10:30 AM');
    const newYork = await render({
      template: '{{next_web_interview_datetime}}',
      candidateIds: ['cand-1'],
      locale: 'en',
      timezone: 'America/New_York',
    });
    expect(newYork.json.results[0].text).toBe('Sat, Jan 19, 2030, 8:00 PM – 8:30 PM');
  });

  it('when tokens name variables by their label in either language, then they render like the keys', async () => {
    await start();
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const joinUrl = await issue('iv-1', 'cand-1', host);

    const answer = await render({
      template:
        '参加URL: {{次のWeb面接・面談URL}}\n日時: {{ 次のWeb面接・面談の日時 }}\nHost: {{Next web interview host}}\n{{候補者名}}',
      candidateIds: ['cand-1', 'cand-none'],
    });

    expect(answer.status).toBe(200);
    expect(answer.json.results).toEqual([
      {
        candidateId: 'cand-1',
        status: 'resolved',
        text: `参加URL: ${joinUrl}\n日時: 2030年1月20日(日) 10:00〜10:30\nHost: 佐藤 春香\n{{候補者名}}`,
        missing: [],
        unknownTokens: ['{{候補者名}}'],
      },
      {
        candidateId: 'cand-none',
        status: 'unresolved',
        text: null,
        // Reported by key, whichever name the text used.
        missing: [
          { key: 'next_web_interview_url', reason: 'no_upcoming_interview' },
          { key: 'next_web_interview_datetime', reason: 'no_upcoming_interview' },
          { key: 'next_web_interview_host_name', reason: 'no_upcoming_interview' },
        ],
        unknownTokens: ['{{候補者名}}'],
      },
    ]);
  });

  it('when the host names the mail language and the recipient time zone, then the date follows them, not a UI', async () => {
    await start();
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    await issue('iv-1', 'cand-1', host);
    const template = '次の面接は {{next_web_interview_datetime}} に行います。';

    // A Japanese mail to a candidate in London: Japanese words, London's clock.
    const london = await render({
      template,
      candidateIds: ['cand-1'],
      locale: 'ja',
      timezone: 'Europe/London',
    });
    expect(london.status).toBe(200);
    expect(london.json.results[0].text).toBe(
      '次の面接は 2030年1月20日(日) 1:00〜1:30 に行います。',
    );

    const french = await render({ template, candidateIds: ['cand-1'], locale: 'fr' });
    expect(french.status).toBe(400);
    expect(french.json).toMatchObject({
      code: 'validation_failed',
      errors: [{ pointer: '/body/locale' }],
    });
  });

  it('when the candidate has no interview, then the result is unresolved with no_upcoming_interview and no text', async () => {
    await start();
    const answer = await render({
      template: `URL: ${URL_TOKEN} / {{next_web_interview_datetime}}`,
      candidateIds: ['cand-none'],
    });
    expect(answer.status).toBe(200);
    expect(answer.json.results).toEqual([
      {
        candidateId: 'cand-none',
        status: 'unresolved',
        text: null,
        missing: [
          { key: 'next_web_interview_url', reason: 'no_upcoming_interview' },
          { key: 'next_web_interview_datetime', reason: 'no_upcoming_interview' },
        ],
        unknownTokens: [],
      },
    ]);
  });

  it('when the interview is rescheduled, then the current start is rendered with the same URL', async () => {
    await start();
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const joinUrl = await issue('iv-1', 'cand-1', host);
    const movedUrl = await issue('iv-1', 'cand-1', host, {
      startTime: '2030-01-22T14:00:00+09:00',
      durationMinutes: 45,
    });
    expect(movedUrl).toBe(joinUrl);
    const answer = await render({
      template: `${URL_TOKEN} {{next_web_interview_datetime}}`,
      candidateIds: ['cand-1'],
    });
    expect(answer.json.results[0].text).toBe(`${joinUrl} 2030年1月22日(火) 14:00〜14:45`);
  });

  it('when the host is changed, then the new URL and host name are rendered, never the old ones', async () => {
    await start();
    const first = await link(haruka, h.emulator.zoom.seeded.personal);
    const second = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const oldUrl = await issue('iv-1', 'cand-1', first);
    const newUrl = await issue('iv-1', 'cand-1', second);
    expect(newUrl).not.toBe(oldUrl);
    const answer = await render({
      template: `${URL_TOKEN} {{next_web_interview_host_name}}`,
      candidateIds: ['cand-1'],
    });
    expect(answer.json.results[0].text).toBe(`${newUrl} 田中 愛子`);
  });

  it('when the next interview is cancelled, then the one after it is used, and with none left the reason', async () => {
    await start();
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    await issue('iv-1', 'cand-1', host);
    const laterUrl = await issue('iv-2', 'cand-1', host, {
      startTime: '2030-01-25T09:00:00+09:00',
    });
    expect((await h.api('DELETE', '/v1/interviews/iv-1/meeting', { user: recruiter })).status).toBe(
      204,
    );
    const next = await render({ template: URL_TOKEN, candidateIds: ['cand-1'] });
    expect(next.json.results[0]).toMatchObject({ status: 'resolved', text: laterUrl });

    expect((await h.api('DELETE', '/v1/interviews/iv-2/meeting', { user: recruiter })).status).toBe(
      204,
    );
    const none = await render({ template: URL_TOKEN, candidateIds: ['cand-1'] });
    expect(none.json.results[0]).toMatchObject({
      status: 'unresolved',
      text: null,
      missing: [{ key: 'next_web_interview_url', reason: 'no_upcoming_interview' }],
    });
  });

  it('when an interview is under way, then it is still the next one; once it has ended, the following one is', async () => {
    await start();
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const firstUrl = await issue('iv-1', 'cand-1', host);
    const laterUrl = await issue('iv-2', 'cand-1', host, {
      startTime: '2030-01-25T09:00:00+09:00',
    });

    h.clock.nowMs = Date.parse('2030-01-20T01:29:00Z');
    const during = await render({ template: URL_TOKEN, candidateIds: ['cand-1'] });
    expect(during.json.results[0].text).toBe(firstUrl);

    h.clock.nowMs = Date.parse('2030-01-20T01:30:00Z');
    const after = await render({ template: URL_TOKEN, candidateIds: ['cand-1'] });
    expect(after.json.results[0].text).toBe(laterUrl);
  });

  it('when the next interview was deleted in Zoom, then the result is interview_link_broken and the dead link is not sent', async () => {
    await start();
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const joinUrl = await issue('iv-1', 'cand-1', host);
    await issue('iv-2', 'cand-1', host, { startTime: '2030-01-25T09:00:00+09:00' });
    const meeting = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter });
    expect(await h.emulator.zoom.deleteMeetingAsUser(Number(meeting.json.zoomMeetingId))).toBe(200);

    const answer = await render({ template: URL_TOKEN, candidateIds: ['cand-1'] });
    expect(answer.json.results[0]).toEqual({
      candidateId: 'cand-1',
      status: 'unresolved',
      text: null,
      missing: [{ key: 'next_web_interview_url', reason: 'interview_link_broken' }],
      unknownTokens: [],
    });
    expect(answer.text).not.toContain(joinUrl);
  });

  it("when another tenant names this tenant's candidate, then nothing of its interviews is resolved", async () => {
    await start();
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const joinUrl = await issue('iv-1', 'cand-1', host);
    const answer = await render({ template: URL_TOKEN, candidateIds: ['cand-1'] }, outsider);
    expect(answer.status).toBe(200);
    expect(answer.json.results[0]).toMatchObject({
      status: 'unresolved',
      text: null,
      missing: [{ key: 'next_web_interview_url', reason: 'no_upcoming_interview' }],
    });
    expect(answer.text).not.toContain(joinUrl);
    const single = await h.api('GET', '/v1/variables?context=single&candidateId=cand-1', {
      user: outsider,
    });
    expect(single.json.variables[0]).toMatchObject({
      available: false,
      unavailableReason: 'no_upcoming_interview',
    });
  });
});

describe('render: the template', () => {
  it('when a well-formed token names no variable, then it stays in the text and is reported', async () => {
    await start();
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const joinUrl = await issue('iv-1', 'cand-1', host);
    const answer = await render({
      template: `{{candidate_name}} 様\n${URL_TOKEN}\n{{ candidate_name }} {{company}}`,
      candidateIds: ['cand-1', 'cand-none'],
    });
    expect(answer.json.results[0]).toEqual({
      candidateId: 'cand-1',
      status: 'resolved',
      text: `{{candidate_name}} 様\n${joinUrl}\n{{ candidate_name }} {{company}}`,
      missing: [],
      unknownTokens: ['{{candidate_name}}', '{{ candidate_name }}', '{{company}}'],
    });
    expect(answer.json.results[1]).toMatchObject({
      status: 'unresolved',
      unknownTokens: ['{{candidate_name}}', '{{ candidate_name }}', '{{company}}'],
    });
  });

  it('when the template uses no known variable, then every recipient gets it unchanged', async () => {
    await start();
    const answer = await render({
      template: 'ご応募ありがとうございます。',
      candidateIds: ['cand-none'],
    });
    expect(answer.json.results[0]).toMatchObject({
      status: 'resolved',
      text: 'ご応募ありがとうございます。',
      missing: [],
    });
  });

  it("when the host's own token syntax is given, then only its tokens are resolved", async () => {
    await start();
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const joinUrl = await issue('iv-1', 'cand-1', host);
    const answer = await render({
      template: `URL: %next_web_interview_url% ${URL_TOKEN} %name%`,
      candidateIds: ['cand-1'],
      syntax: { open: '%', close: '%' },
    });
    expect(answer.json.results[0]).toMatchObject({
      status: 'resolved',
      text: `URL: ${joinUrl} ${URL_TOKEN} %name%`,
      unknownTokens: ['%name%'],
    });
  });

  it('when a token is not closed or is empty, then 400 template_malformed points at the template and the offset', async () => {
    await start();
    const unclosed = await render({
      template: 'こんにちは {{next_web_interview_url',
      candidateIds: ['cand-1'],
    });
    expect(unclosed.status).toBe(400);
    expect(unclosed.headers.get('content-type')).toContain('application/problem+json');
    expect(unclosed.json).toMatchObject({
      code: 'template_malformed',
      errors: [{ pointer: '/body/template' }],
    });
    expect(unclosed.json.detail).toContain('character 6 ');

    const empty = await render({ template: 'a {{ }} b', candidateIds: ['cand-1'] });
    expect([empty.status, empty.json.code]).toEqual([400, 'template_malformed']);
    expect(empty.json.detail).toContain('character 2 ');
  });

  it('when the time zone is unknown, then 400 points at it', async () => {
    await start();
    const answer = await render({
      template: URL_TOKEN,
      candidateIds: ['cand-1'],
      timezone: 'Mars/Olympus_Mons',
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      code: 'validation_failed',
      errors: [{ pointer: '/body/timezone' }],
    });
  });

  it('when the longest Japanese template is sent, then it is accepted; a body past 128 KB gets 413', async () => {
    await start();
    const longest = 'あ'.repeat(20_000 - URL_TOKEN.length) + URL_TOKEN;
    expect(Buffer.byteLength(JSON.stringify({ template: longest }))).toBeGreaterThan(16 * 1024);
    const accepted = await render({ template: longest, candidateIds: ['cand-1'] });
    expect(accepted.status).toBe(200);
    expect(accepted.json.results[0].status).toBe('unresolved');

    const tooLong = await render({ template: `${longest}あ`, candidateIds: ['cand-1'] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.errors[0].pointer).toBe('/body/template');

    const oversized = await render({ template: 'x'.repeat(130 * 1024), candidateIds: ['cand-1'] });
    expect(oversized.status).toBe(413);
    expect(oversized.headers.get('content-type')).toContain('application/problem+json');
    expect(oversized.json.code).toBe('body_too_large');
  });

  it('when another route gets a body over 16 KB, then it is still refused with 413', async () => {
    await start();
    const answer = await h.api('POST', '/v1/connections/zoom/authorize', {
      user: recruiter,
      body: { padding: 'x'.repeat(20 * 1024) },
    });
    expect([answer.status, answer.json.code]).toEqual([413, 'body_too_large']);
  });
});

describe('render: bulk', () => {
  it('when 200 recipients are mixed, then one call answers each in order, with one store query', async () => {
    await start();
    const host = await link(haruka, h.emulator.zoom.seeded.personal);
    const other = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    const urls = new Map([
      ['cand-7', await issue('iv-7', 'cand-7', host)],
      ['cand-42', await issue('iv-42', 'cand-42', other)],
      [
        'cand-199',
        await issue('iv-199', 'cand-199', host, { startTime: '2030-01-21T10:00:00+09:00' }),
      ],
    ]);
    const candidateIds = Array.from({ length: MAX_RENDER_RECIPIENTS }, (_, i) => `cand-${i}`);
    candidateIds[100] = 'cand-42'; // the same candidate twice: resolved once, answered twice
    const nextMeetings = vi.spyOn(h.store.meetings, 'nextMeetingsForCandidates');
    const findByInterview = vi.spyOn(h.store.meetings, 'findByInterview');

    const answer = await render({ template: `URL: ${URL_TOKEN}`, candidateIds });
    expect(answer.status).toBe(200);
    expect(nextMeetings).toHaveBeenCalledTimes(1);
    expect(nextMeetings.mock.calls[0]?.[1]).toHaveLength(MAX_RENDER_RECIPIENTS - 1);
    expect(findByInterview).not.toHaveBeenCalled();

    const results = answer.json.results as { candidateId: string; text: string | null }[];
    expect(results.map((r) => r.candidateId)).toEqual(candidateIds);
    for (const result of results) {
      const url = urls.get(result.candidateId);
      expect(result).toMatchObject(
        url
          ? { status: 'resolved', text: `URL: ${url}`, missing: [] }
          : {
              status: 'unresolved',
              text: null,
              missing: [{ key: 'next_web_interview_url', reason: 'no_upcoming_interview' }],
            },
      );
    }
    expect(results.filter((r) => r.text !== null)).toHaveLength(4);
  });

  it('when 201 recipients are sent, then 400 points at candidateIds and nothing is resolved', async () => {
    await start();
    const nextMeetings = vi.spyOn(h.store.meetings, 'nextMeetingsForCandidates');
    const candidateIds = Array.from({ length: MAX_RENDER_RECIPIENTS + 1 }, (_, i) => `cand-${i}`);
    const answer = await render({ template: URL_TOKEN, candidateIds });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      code: 'validation_failed',
      errors: [{ pointer: '/body/candidateIds' }],
    });
    expect(nextMeetings).not.toHaveBeenCalled();
  });

  it('when the body is not what the contract says, then 400 names each field', async () => {
    await start();
    const answer = await render({ template: URL_TOKEN, candidateIds: [], extra: true });
    expect(answer.status).toBe(400);
    const pointers = answer.json.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/candidateIds', '/body/extra']));
  });
});

describe('variable catalog', () => {
  it('when asked for a template or a bulk send, then every variable is offered', async () => {
    await start();
    for (const context of ['template', 'bulk']) {
      const answer = await h.api('GET', `/v1/variables?context=${context}`, { user: haruka });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        context,
        variables: variableKeys.map((key) => ({ key, available: true, unavailableReason: null })),
      });
    }
  });

  it("when asked for one candidate, then availability follows that candidate's next interview", async () => {
    await start();
    const host = await link(aiko, h.emulator.zoom.seeded.managedApproved);
    await issue('iv-1', 'cand-1', host);
    await issue('iv-2', 'cand-2', host, { startTime: '2030-01-21T10:00:00+09:00' });
    const meeting = await h.api('GET', '/v1/interviews/iv-2/meeting', { user: recruiter });
    await h.emulator.zoom.deleteMeetingAsUser(Number(meeting.json.zoomMeetingId));

    const expectAll = async (candidateId: string, reason: string | null) => {
      const answer = await h.api('GET', `/v1/variables?context=single&candidateId=${candidateId}`, {
        user: recruiter,
      });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        context: 'single',
        variables: variableKeys.map((key) => ({
          key,
          available: reason === null,
          unavailableReason: reason,
        })),
      });
    };
    await expectAll('cand-1', null);
    await expectAll('cand-2', 'interview_link_broken');
    await expectAll('cand-none', 'no_upcoming_interview');
  });

  it('when context is single without a candidate or unknown, then 400', async () => {
    await start();
    const noCandidate = await h.api('GET', '/v1/variables?context=single', { user: recruiter });
    expect(noCandidate.status).toBe(400);
    expect(noCandidate.json.errors[0].pointer).toBe('/query/candidateId');
    const unknown = await h.api('GET', '/v1/variables?context=everyone', { user: recruiter });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].pointer).toBe('/query/context');
  });
});

describe('roles', () => {
  it('when an interviewer or nobody asks, then 403 and 401', async () => {
    await start();
    const list = await h.api('GET', '/v1/variables?context=template', { user: interviewer });
    expect([list.status, list.json.code]).toEqual([403, 'forbidden']);
    const rendered = await render({ template: URL_TOKEN, candidateIds: ['cand-1'] }, interviewer);
    expect([rendered.status, rendered.json.code]).toEqual([403, 'forbidden']);
    const anonymous = await h.api('POST', '/v1/variables/render', {
      body: { template: URL_TOKEN, candidateIds: ['cand-1'] },
    });
    expect(anonymous.status).toBe(401);
  });
});
