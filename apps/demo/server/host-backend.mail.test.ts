import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createInterviewTimeFormatter } from '@ats-zoom/contract';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
// The BFF's own test harness: the real BFF over HTTP, with the provider emulator behind it.
import {
  type AtsUser,
  type Harness,
  HOST_ISSUER,
  HOST_SECRET,
  runConnect,
  startHarness,
} from '../../../packages/bff/test/harness';
import type { MailDelivery, MailTemplate, SentMail } from './demo-mail';
import { createHostBackend, type MailCandidate } from './host-backend';

let h: Harness;
let baseUrl: string;
let closeBackend: () => Promise<void>;
let joinUrl: string;

// The same people as the demo users: the BFF knows them only through the tokens.
const globexRecruiter: AtsUser = {
  sub: 'globex-recruiter',
  tid: 'globex',
  role: 'recruiter',
  name: '田中 次郎',
  email: 'tanaka@globex-hr.example',
};

beforeAll(async () => {
  h = await startHarness();
  // The host backend signs tokens with the real clock; the BFF and emulator follow it here.
  h.clock.nowMs = Date.now();
  const { sub, tid, role, name, email } = globexRecruiter;
  await runConnect(h, { sub, tid, role, name, email }, h.emulator.zoom.seeded.personal);
  const me = await h.api('GET', '/v1/connections/me', { user: globexRecruiter });
  const issued = await h.api('PUT', '/v1/interviews/iv-globex-002/meeting', {
    user: globexRecruiter,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      candidateId: 'cand-globex-002',
      hostConnectionId: me.json.zoom.id,
      topic: '一次面接',
      startTime: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      durationMinutes: 30,
      timezone: 'Asia/Tokyo',
      joinBeforeHost: false,
    },
  });
  expect(issued.status).toBe(200);
  joinUrl = issued.json.joinUrl;

  const app = express();
  app.use(
    createHostBackend({
      bffUrl: h.bffUrl,
      hostTokenSecret: HOST_SECRET,
      hostTokenIssuer: HOST_ISSUER,
    }),
  );
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeBackend = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await closeBackend?.();
  await h?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function call(method: string, path: string, user: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}?user=${user}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on the parsed JSON field by field
  return { status: response.status, json: (await response.json()) as any };
}

/** Counts the render calls the host backend makes to the BFF. */
function countRenderCalls(): () => number {
  const realFetch = globalThis.fetch;
  let calls = 0;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    if (String(input instanceof Request ? input.url : input).endsWith('/v1/variables/render')) {
      calls += 1;
    }
    return realFetch(input, init);
  });
  return () => calls;
}

describe('mock ATS mail: one candidate', () => {
  it('when a recruiter sends a mail to a candidate with an upcoming interview, then it goes out with the URL and is recorded', async () => {
    const sent = await call('POST', '/host-api/mail/send', 'globex-recruiter', {
      candidateId: 'cand-globex-002',
      subject: '面接のご案内 {{next_web_interview_host_name}}',
      body: '井上様\nURL: {{next_web_interview_url}}',
    });
    expect(sent.status).toBe(200);
    const delivery: MailDelivery = sent.json.delivery;
    expect(delivery).toEqual({
      candidateId: 'cand-globex-002',
      candidateName: '井上 葵',
      status: 'sent',
      subject: '面接のご案内 田中 次郎',
      text: `井上様\nURL: ${joinUrl}`,
      missing: [],
      unknownTokens: [],
    });
    expect(joinUrl).toMatch(/\/zoom\/j\/\d+/);

    const history = await call('GET', '/host-api/mail/sent', 'globex-coordinator');
    const mails: SentMail[] = history.json.mails;
    expect(mails[0]).toMatchObject({
      candidateId: 'cand-globex-002',
      subject: '面接のご案内 田中 次郎',
      text: `井上様\nURL: ${joinUrl}`,
      sentBy: 'globex-recruiter',
    });
  });

  it('when the mail language is given, then the date is written in it and in the candidates time zone', async () => {
    const body = '日時: {{next_web_interview_datetime}}';
    const japanese = await call('POST', '/host-api/mail/send', 'globex-recruiter', {
      candidateId: 'cand-globex-002',
      subject: 'ご案内',
      body,
    });
    const english = await call('POST', '/host-api/mail/send', 'globex-recruiter', {
      candidateId: 'cand-globex-002',
      subject: 'Invitation',
      body: 'When: {{next_web_interview_datetime}}',
      locale: 'en',
    });
    const start = new Date(
      (await h.api('GET', '/v1/interviews/iv-globex-002/meeting', { user: globexRecruiter })).json
        .startTime,
    );
    const end = new Date(start.getTime() + 30 * 60_000);
    // The contract's formatter (its own tests pin the formats): here, which language and zone.
    const written = (locale: 'ja' | 'en') =>
      createInterviewTimeFormatter(locale, 'Asia/Tokyo')(start, end);

    expect(japanese.json.delivery.text).toBe(`日時: ${written('ja')}`);
    expect(english.json.delivery.text).toBe(`When: ${written('en')}`);
  });

  it('when the candidate has no upcoming interview, then nothing is sent and the reason comes back', async () => {
    const before = await call('GET', '/host-api/mail/sent', 'globex-recruiter');
    const sent = await call('POST', '/host-api/mail/send', 'globex-coordinator', {
      candidateId: 'cand-globex-003',
      subject: '面接のご案内',
      body: 'URL: {{next_web_interview_url}}',
    });
    expect(sent.status).toBe(200);
    expect(sent.json.delivery).toEqual({
      candidateId: 'cand-globex-003',
      candidateName: '清水 陽太',
      status: 'not_sent',
      subject: null,
      text: null,
      missing: [{ key: 'next_web_interview_url', reason: 'no_upcoming_interview' }],
      unknownTokens: [],
    });
    const after = await call('GET', '/host-api/mail/sent', 'globex-recruiter');
    expect(after.json.mails).toHaveLength(before.json.mails.length);
  });

  it('when the body has a token that is not closed, then the send is refused as template_malformed', async () => {
    const sent = await call('POST', '/host-api/mail/send', 'globex-recruiter', {
      candidateId: 'cand-globex-002',
      subject: 'ご案内',
      body: 'URL: {{next_web_interview_url',
    });
    expect(sent.status).toBe(400);
    expect(sent.json.error).toBe('template_malformed');
  });

  it('when the subject spans lines or the body is empty, then it is refused with 400 before the BFF', async () => {
    const renderCalls = countRenderCalls();
    const twoLines = await call('POST', '/host-api/mail/send', 'globex-recruiter', {
      candidateId: 'cand-globex-002',
      subject: '一行目\n二行目',
      body: '本文',
    });
    expect(twoLines.status).toBe(400);
    const empty = await call('POST', '/host-api/mail/send', 'globex-recruiter', {
      candidateId: 'cand-globex-002',
      subject: '件名',
      body: '',
    });
    expect(empty.status).toBe(400);
    expect(renderCalls()).toBe(0);
  });
});

describe('mock ATS mail: bulk send', () => {
  it('when a template goes to a candidate with an interview and one without, then ONE render call gives each their result', async () => {
    const renderCalls = countRenderCalls();
    const sent = await call('POST', '/host-api/mail/bulk-send', 'globex-recruiter', {
      templateId: 'tpl-globex-web-interview',
      candidateIds: ['cand-globex-003', 'cand-globex-002'],
    });
    expect(sent.status).toBe(200);
    expect(renderCalls()).toBe(1);
    const [without, withInterview]: MailDelivery[] = sent.json.deliveries;
    expect(without).toMatchObject({
      candidateId: 'cand-globex-003',
      status: 'not_sent',
      text: null,
      missing: expect.arrayContaining([
        { key: 'next_web_interview_url', reason: 'no_upcoming_interview' },
      ]),
    });
    expect(withInterview).toMatchObject({
      candidateId: 'cand-globex-002',
      candidateName: '井上 葵',
      status: 'sent',
      subject: '【Web面接のご案内】',
      missing: [],
    });
    expect(withInterview?.text).toContain(joinUrl);
    expect(withInterview?.text).toContain('担当: 田中 次郎');
  });

  it('when a saved template has a token naming no variable, then it is reported and left as typed', async () => {
    const created = await call('POST', '/host-api/mail/templates', 'globex-coordinator', {
      name: '確認',
      subject: 'ご確認',
      body: '{{candidate_nickname}} 様 {{next_web_interview_url}}',
    });
    expect(created.status).toBe(201);
    const sent = await call('POST', '/host-api/mail/bulk-send', 'globex-coordinator', {
      templateId: created.json.id,
      candidateIds: ['cand-globex-002'],
    });
    expect(sent.json.deliveries[0]).toMatchObject({
      status: 'sent',
      text: `{{candidate_nickname}} 様 ${joinUrl}`,
      unknownTokens: ['{{candidate_nickname}}'],
    });
  });

  it('when a recipient is another tenant’s candidate, then the send is refused with 404 and nothing is resolved', async () => {
    const renderCalls = countRenderCalls();
    const sent = await call('POST', '/host-api/mail/bulk-send', 'globex-recruiter', {
      templateId: 'tpl-globex-web-interview',
      candidateIds: ['cand-globex-002', 'cand-acme-001'],
    });
    expect(sent.status).toBe(404);
    expect(sent.json.candidateIds).toEqual(['cand-acme-001']);
    const otherTemplate = await call('POST', '/host-api/mail/bulk-send', 'globex-recruiter', {
      templateId: 'tpl-acme-web-interview',
      candidateIds: ['cand-globex-002'],
    });
    expect(otherTemplate.status).toBe(404);
    expect(renderCalls()).toBe(0);
  });

  it('when the recipients are none, repeated or more than 200, then it is refused with 400', async () => {
    for (const candidateIds of [
      [],
      ['cand-globex-002', 'cand-globex-002'],
      Array.from({ length: 201 }, (_, index) => `cand-${index}`),
    ]) {
      const sent = await call('POST', '/host-api/mail/bulk-send', 'globex-recruiter', {
        templateId: 'tpl-globex-web-interview',
        candidateIds,
      });
      expect(sent.status).toBe(400);
    }
  });
});

describe('mock ATS mail: templates, candidates and roles', () => {
  it('when a coordinator saves and edits a template, then the tenant reads it back and another tenant never sees it', async () => {
    const created = await call('POST', '/host-api/mail/templates', 'globex-coordinator', {
      name: '二次面接のご案内',
      subject: '二次面接',
      body: 'URL: {{next_web_interview_url}}',
    });
    expect(created.status).toBe(201);
    const template: MailTemplate = created.json;

    const edited = await call(
      'PUT',
      `/host-api/mail/templates/${template.id}`,
      'globex-recruiter',
      {
        name: '二次面接のご案内（改）',
        subject: '二次面接',
        body: '日時: {{next_web_interview_datetime}}',
      },
    );
    expect(edited.status).toBe(200);
    const list = await call('GET', '/host-api/mail/templates', 'globex-recruiter');
    expect(list.json.templates).toContainEqual(
      expect.objectContaining({ id: template.id, name: '二次面接のご案内（改）' }),
    );

    const acmeList = await call('GET', '/host-api/mail/templates', 'acme-recruiter');
    expect(acmeList.json.templates.map((item: MailTemplate) => item.id)).not.toContain(template.id);
    const acmeEdit = await call(
      'PUT',
      `/host-api/mail/templates/${template.id}`,
      'acme-recruiter',
      {
        name: 'x',
        subject: 'x',
        body: 'x',
      },
    );
    expect(acmeEdit.status).toBe(404);
  });

  it('when a template has no name, then it is refused with 400', async () => {
    const created = await call('POST', '/host-api/mail/templates', 'globex-recruiter', {
      name: '  ',
      subject: '件名',
      body: '本文',
    });
    expect(created.status).toBe(400);
  });

  it('when a recruiter lists mail candidates, then only their tenant’s come back', async () => {
    const listed = await call('GET', '/host-api/mail/candidates', 'acme-coordinator');
    const candidates: MailCandidate[] = listed.json.candidates;
    expect(candidates.map((candidate) => candidate.name)).toEqual([
      '山本 さくら',
      '中村 大輔',
      '小林 結衣',
      '森 悠人',
      '藤田 樹',
    ]);
  });

  it('when an interviewer calls any mail route, then the backend answers 403', async () => {
    const answers = await Promise.all([
      call('GET', '/host-api/mail/candidates', 'globex-interviewer'),
      call('GET', '/host-api/mail/templates', 'globex-interviewer'),
      call('GET', '/host-api/mail/sent', 'globex-interviewer'),
      call('POST', '/host-api/mail/templates', 'globex-interviewer', {
        name: 'n',
        subject: 's',
        body: 'b',
      }),
      call('POST', '/host-api/mail/send', 'globex-interviewer', {
        candidateId: 'cand-globex-002',
        subject: 's',
        body: 'b',
      }),
      call('POST', '/host-api/mail/bulk-send', 'globex-interviewer', {
        templateId: 'tpl-globex-web-interview',
        candidateIds: ['cand-globex-002'],
      }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 403]);
  });

  it('when no known demo user is given, then the mail routes answer 401', async () => {
    const answer = await call('GET', '/host-api/mail/templates', 'nobody');
    expect(answer.status).toBe(401);
  });
});
