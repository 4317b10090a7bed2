import { createAtsZoomClient } from '@ats-zoom/client';
import {
  ProblemSchema,
  type RenderVariablesBody,
  RenderVariablesResponseSchema,
  routes,
  VariableListSchema,
  variableKeys,
} from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import { baseUrl, failureOf, setupScenarioServer } from '../test/scenario-server';
import {
  variableCandidateFixtures,
  variableScenarioNames,
  variableScenarios,
} from './variable-scenarios';

const server = setupScenarioServer();

// Every answer checked against the contract: the scenarios must not drift from it.
const client = createAtsZoomClient({
  baseUrl,
  getToken: () => 'test-token',
  validateResponses: routes,
});
// A fixed clock: 2026-11-30 09:00 in Tokyo.
const now = () => new Date('2026-11-30T00:00:00Z');
const headers = { Authorization: 'Bearer t', Accept: 'application/json' };
const joinUrlPattern = /^https:\/\/us05web\.zoom\.us\/j\/\d{11}\?pwd=\w+$/;

describe('variable scenarios', () => {
  it('when any scenario answers either route, then the raw body matches the contract schema', async () => {
    const body: RenderVariablesBody = {
      template: '{{next_web_interview_url}} {{next_web_interview_datetime}} {{unknown_thing}}',
      candidateIds: Object.values(variableCandidateFixtures),
    };
    for (const name of variableScenarioNames) {
      server.resetHandlers(...variableScenarios[name]({ baseUrl, now }));
      const list = await fetch(`${baseUrl}/v1/variables?context=single&candidateId=cand_1`, {
        headers,
      });
      const render = await fetch(`${baseUrl}/v1/variables/render`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const listData: unknown = await list.json();
      const renderData: unknown = await render.json();

      if (name === 'variablesError') {
        expect([list.status, render.status], name).toEqual([500, 500]);
        expect(ProblemSchema.parse(listData).code, name).toBe('internal_error');
        expect(ProblemSchema.parse(renderData).code, name).toBe('internal_error');
      } else {
        expect([list.status, render.status], name).toEqual([200, 200]);
        expect(() => VariableListSchema.parse(listData), name).not.toThrow();
        expect(() => RenderVariablesResponseSchema.parse(renderData), name).not.toThrow();
      }
    }
  });

  it('when variablesTemplate lists the template context, then every variable of the catalog is available', async () => {
    server.use(...variableScenarios.variablesTemplate({ baseUrl }));

    const list = await client.listVariables({ context: 'template' });

    expect(list).toEqual({
      context: 'template',
      variables: variableKeys.map((key) => ({ key, available: true, unavailableReason: null })),
    });
  });

  it('when variablesSingleAvailable renders for a candidate, then the tokens become its own stable Zoom URL, time and host', async () => {
    server.use(...variableScenarios.variablesSingleAvailable({ baseUrl, now }));
    const template =
      'URL: {{next_web_interview_url}}\n日時: {{next_web_interview_datetime}}\nホスト: {{next_web_interview_host_name}}';

    const list = await client.listVariables({ context: 'single', candidateId: 'cand_a' });
    const first = await client.renderVariables({ template, candidateIds: ['cand_a', 'cand_b'] });
    const again = await client.renderVariables({ template, candidateIds: ['cand_a'] });

    expect(list.variables.every((variable) => variable.available)).toBe(true);
    const [a, b] = first.results;
    expect(a?.status).toBe('resolved');
    const [urlLine, timeLine, hostLine] = (a?.text ?? '').split('\n');
    expect(urlLine?.replace('URL: ', '')).toMatch(joinUrlPattern);
    expect(timeLine).toMatch(
      /^日時: 2026年12月\d{1,2}日\([月火水木金土日]\) \d\d:\d\d〜\d\d:\d\d$/,
    );
    expect(hostLine).toMatch(/^ホスト: (田中 太郎|佐藤 花子)$/);
    expect(b?.text).not.toBe(a?.text);
    expect(again.results[0]?.text).toBe(a?.text);
  });

  it('when rendering in English with another time zone, then the date is formatted for it', async () => {
    server.use(...variableScenarios.variablesSingleAvailable({ baseUrl, now }));

    const { results } = await client.renderVariables({
      template: '{{next_web_interview_datetime}}',
      candidateIds: ['cand_a'],
      locale: 'en',
      timezone: 'UTC',
    });

    // Written as the BFF writes it: 12-hour times with a spaced dash.
    expect(results[0]?.text).toMatch(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (Nov|Dec) \d{1,2}, 2026, \d{1,2}:\d\d [AP]M – \d{1,2}:\d\d [AP]M$/,
    );
  });

  it('when variablesSingleNoInterview, then the candidate lacks every variable with no_upcoming_interview and render gives no text', async () => {
    server.use(...variableScenarios.variablesSingleNoInterview({ baseUrl }));

    const list = await client.listVariables({ context: 'single', candidateId: 'cand_a' });
    const { results } = await client.renderVariables({
      template: 'Join: {{next_web_interview_url}}',
      candidateIds: ['cand_a'],
    });

    expect(list.variables).toEqual(
      variableKeys.map((key) => ({
        key,
        available: false,
        unavailableReason: 'no_upcoming_interview',
      })),
    );
    expect(results).toEqual([
      {
        candidateId: 'cand_a',
        status: 'unresolved',
        text: null,
        missing: [{ key: 'next_web_interview_url', reason: 'no_upcoming_interview' }],
        unknownTokens: [],
      },
    ]);
  });

  it('when a bulk render mixes the fixture candidates, then each gets its own result in the order asked', async () => {
    server.use(...variableScenarios.variablesTemplate({ baseUrl }));
    const { withInterview, withoutInterview, withBrokenLink } = variableCandidateFixtures;

    const { results } = await client.renderVariables({
      template: '{{next_web_interview_url}}',
      candidateIds: [withoutInterview, withInterview, withBrokenLink],
    });

    expect(results.map((r) => [r.candidateId, r.status, r.missing[0]?.reason ?? null])).toEqual([
      [withoutInterview, 'unresolved', 'no_upcoming_interview'],
      [withInterview, 'resolved', null],
      [withBrokenLink, 'unresolved', 'interview_link_broken'],
    ]);
    expect(results[1]?.text).toMatch(joinUrlPattern);
  });

  it('when the template has unknown tokens or another syntax, then unknown ones stay and are reported', async () => {
    server.use(...variableScenarios.variablesSingleAvailable({ baseUrl }));

    const { results } = await client.renderVariables({
      template: '[[ candidate_name ]] さん: [[next_web_interview_url]] [[ candidate_name ]]',
      candidateIds: ['cand_a'],
      syntax: { open: '[[', close: ']]' },
    });

    expect(results[0]?.text).toMatch(
      /^\[\[ candidate_name \]\] さん: https:\/\/us05web\.zoom\.us\/j\/\d+\?pwd=\w+ \[\[ candidate_name \]\]$/,
    );
    expect(results[0]?.unknownTokens).toEqual(['[[ candidate_name ]]']);
  });

  it('when the template has an unclosed token, then render is refused with 400 template_malformed', async () => {
    server.use(...variableScenarios.variablesSingleAvailable({ baseUrl }));

    const error = await failureOf(
      client.renderVariables({ template: 'URL: {{next_web_interview_url', candidateIds: ['c'] }),
    );

    expect([error.status, error.code]).toEqual([400, 'template_malformed']);
  });

  it('when tokens name variables by their label, then they render like the keys, as the BFF does', async () => {
    server.use(...variableScenarios.variablesSingleAvailable({ baseUrl, now }));

    const byKey = await client.renderVariables({
      template: '{{next_web_interview_url}} {{next_web_interview_datetime}}',
      candidateIds: ['cand_a'],
    });
    const byLabel = await client.renderVariables({
      template: '{{次のWeb面接・面談URL}} {{Next web interview date and time}}',
      candidateIds: ['cand_a'],
    });

    expect(byLabel.results[0]).toMatchObject({ status: 'resolved', unknownTokens: [] });
    expect(byLabel.results[0]?.text).toBe(byKey.results[0]?.text);
  });

  it('when a render names a time zone Intl does not know, then it is refused like the BFF does', async () => {
    server.use(...variableScenarios.variablesSingleAvailable({ baseUrl }));

    const error = await failureOf(
      client.renderVariables({
        template: '{{next_web_interview_datetime}}',
        candidateIds: ['cand_a'],
        timezone: 'Mars/Olympus_Mons',
      }),
    );

    expect([error.status, error.code]).toEqual([400, 'validation_failed']);
  });

  it('when a single-context list has no candidateId, then it is refused like the BFF does', async () => {
    server.use(...variableScenarios.variablesSingleAvailable({ baseUrl }));

    const error = await failureOf(client.listVariables({ context: 'single' }));

    expect([error.status, error.code]).toEqual([400, 'validation_failed']);
  });
});
