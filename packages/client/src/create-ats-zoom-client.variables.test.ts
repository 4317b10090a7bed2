import {
  HOST_TOKEN_AUDIENCE,
  problemTypeUri,
  type RenderVariablesResponse,
  type VariableList,
} from '@ats-zoom/contract';
import { jwtVerify } from 'jose';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { baseUrl, setupBffServer } from '../test/bff-server';
import { createAtsZoomClient } from './create-ats-zoom-client';
import { signHostToken } from './host/sign-host-token';

const server = setupBffServer();

const client = createAtsZoomClient({ baseUrl, getToken: () => 'token-1' });

const variableList: VariableList = {
  context: 'single',
  variables: [
    { key: 'next_web_interview_url', available: false, unavailableReason: 'no_upcoming_interview' },
    {
      key: 'next_web_interview_datetime',
      available: false,
      unavailableReason: 'no_upcoming_interview',
    },
    {
      key: 'next_web_interview_host_name',
      available: false,
      unavailableReason: 'no_upcoming_interview',
    },
  ],
};

const rendered: RenderVariablesResponse = {
  results: [
    {
      candidateId: 'cand_1',
      status: 'resolved',
      text: 'URL: https://us05web.zoom.us/j/81234567890?pwd=abc',
      missing: [],
      unknownTokens: [],
    },
    {
      candidateId: 'cand_2',
      status: 'unresolved',
      text: null,
      missing: [{ key: 'next_web_interview_url', reason: 'no_upcoming_interview' }],
      unknownTokens: [],
    },
  ],
};

describe('createAtsZoomClient variable methods', () => {
  it('when listing variables for a candidate, then context and candidateId go in the query string', async () => {
    const searches: Record<string, string>[] = [];
    server.use(
      http.get(`${baseUrl}/v1/variables`, ({ request }) => {
        searches.push(Object.fromEntries(new URL(request.url).searchParams));
        return HttpResponse.json(variableList);
      }),
    );

    await expect(
      client.listVariables({ context: 'single', candidateId: 'cand_1' }),
    ).resolves.toEqual(variableList);
    await client.listVariables({ context: 'template' });

    expect(searches).toEqual([
      { context: 'single', candidateId: 'cand_1' },
      { context: 'template' },
    ]);
  });

  it('when rendering, then the body is POSTed as JSON and per-candidate results come back', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${baseUrl}/v1/variables/render`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(rendered);
      }),
    );
    const body = {
      template: 'URL: {{next_web_interview_url}}',
      candidateIds: ['cand_1', 'cand_2'],
      locale: 'en' as const,
    };

    await expect(client.renderVariables(body)).resolves.toEqual(rendered);
    expect(bodies).toEqual([body]);
  });

  it('when the template is malformed, then the ApiError carries template_malformed and 400', async () => {
    server.use(
      http.post(`${baseUrl}/v1/variables/render`, () =>
        HttpResponse.json(
          {
            type: problemTypeUri('template_malformed'),
            title: 'The template has a variable token that is not closed or is empty.',
            status: 400,
            code: 'template_malformed',
          },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );

    const error = await client
      .renderVariables({ template: 'Hi {{next_web_interview_url', candidateIds: ['cand_1'] })
      .catch((reason: unknown) => reason);

    expect(error).toMatchObject({ code: 'template_malformed', status: 400 });
  });

  it('when a Node mail sender signs its token with signHostToken, then the BFF receives a verifiable bearer JWT for that user', async () => {
    const secret = 'a-shared-secret-of-at-least-32-bytes!!';
    const claims: unknown[] = [];
    server.use(
      http.post(`${baseUrl}/v1/variables/render`, async ({ request }) => {
        const token = (request.headers.get('Authorization') ?? '').replace(/^Bearer /, '');
        const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
          issuer: 'my-ats',
          audience: HOST_TOKEN_AUDIENCE,
        });
        claims.push({ sub: payload.sub, tid: payload.tid, role: payload.role });
        return HttpResponse.json(rendered);
      }),
    );
    const mailSender = createAtsZoomClient({
      baseUrl,
      getToken: () =>
        signHostToken({
          secret,
          issuer: 'my-ats',
          user: {
            sub: 'user_1',
            tid: 'tenant_1',
            role: 'recruiter',
            name: '田中 太郎',
            email: 'tanaka@example.com',
          },
        }),
    });

    const { results } = await mailSender.renderVariables({
      template: '{{next_web_interview_url}}',
      candidateIds: ['cand_1', 'cand_2'],
    });

    expect(results.map((result) => result.status)).toEqual(['resolved', 'unresolved']);
    expect(claims).toEqual([{ sub: 'user_1', tid: 'tenant_1', role: 'recruiter' }]);
  });
});
