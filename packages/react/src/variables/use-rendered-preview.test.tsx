import { isApiError } from '@ats-zoom/client';
import { type VariableScenarioName, variableScenarios } from '@ats-zoom/msw';
import { screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, type RenderOptions, renderWithProvider } from '../../test/render-with-provider';
import { type UseRenderedPreviewOptions, useRenderedPreview } from './use-rendered-preview';

/** A composer whose preview shows what the hook returns. */
function PreviewProbe(props: Omit<UseRenderedPreviewOptions, 'template'> & { initial: string }) {
  const { initial, ...options } = props;
  const [template, setTemplate] = useState(initial);
  const preview = useRenderedPreview({ ...options, template });
  let shown = 'none';
  if (preview.isError) shown = `error:${isApiError(preview.error) ? preview.error.code : 'other'}`;
  else if (preview.data?.status === 'resolved') shown = `text:${preview.data.text}`;
  else if (preview.data) shown = `missing:${preview.data.missing.map((m) => m.reason).join(',')}`;
  return (
    <>
      <label>
        本文
        <textarea value={template} onChange={(event) => setTemplate(event.target.value)} />
      </label>
      <p data-testid="preview" data-stale={String(preview.isStale)}>
        {shown}
      </p>
    </>
  );
}

function recordRenderBodies() {
  const bodies: unknown[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (new URL(request.url).pathname === '/v1/variables/render') {
      bodies.push(await request.clone().json());
    }
  });
  return bodies;
}

function renderProbe(
  scenario: VariableScenarioName,
  props: Omit<UseRenderedPreviewOptions, 'template'> & { initial: string },
  options: RenderOptions = {},
) {
  return renderWithProvider(<PreviewProbe {...props} />, {
    ...options,
    handlers: variableScenarios[scenario]({ baseUrl: bffUrl }),
  });
}

describe('useRenderedPreview', () => {
  it('when the candidate has an interview, then the preview shows the text with its Zoom URL in place', async () => {
    renderProbe('variablesSingleAvailable', {
      initial: 'URL: {{next_web_interview_url}}',
      candidateId: 'cand_1',
      debounceMs: 0,
    });

    await waitFor(() =>
      expect(screen.getByTestId('preview')).toHaveTextContent(
        /^text:URL: https:\/\/us05web\.zoom\.us\/j\/\d+\?pwd=\w+$/,
      ),
    );
  });

  it('when the UI is English and the mail language is not given, then dates stay in the BFF default (ja), not the UI language', async () => {
    const bodies = recordRenderBodies();
    renderProbe(
      'variablesSingleAvailable',
      {
        initial: '次の面接は {{next_web_interview_datetime}} に',
        candidateId: 'cand_1',
        debounceMs: 0,
      },
      { locale: 'en' },
    );

    await waitFor(() =>
      expect(screen.getByTestId('preview')).toHaveTextContent(
        /^text:次の面接は \d{4}年\d{1,2}月\d{1,2}日\([月火水木金土日]\) \d{1,2}:\d\d〜\d{1,2}:\d\d に$/,
      ),
    );
    expect(bodies).toEqual([
      { template: '次の面接は {{next_web_interview_datetime}} に', candidateIds: ['cand_1'] },
    ]);
  });

  it('when the mail is English, then its dates are English whatever the UI language', async () => {
    renderProbe('variablesSingleAvailable', {
      initial: '{{next_web_interview_datetime}}',
      candidateId: 'cand_1',
      debounceMs: 0,
      locale: 'en',
    });

    await waitFor(() =>
      expect(screen.getByTestId('preview')).toHaveTextContent(
        /^text:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M – /,
      ),
    );
  });

  it('when typing fast, then only the settled text is sent once, with the mail language and the options', async () => {
    const bodies = recordRenderBodies();
    const { user } = renderProbe('variablesSingleAvailable', {
      initial: '',
      candidateId: 'cand_1',
      debounceMs: 40,
      syntax: { open: '[[', close: ']]' },
      locale: 'en',
      timeZone: 'UTC',
    });

    // user-event reads `[[` as one literal `[`.
    await user.type(screen.getByRole('textbox', { name: '本文' }), '[[[[next_web_interview_url]]');

    await waitFor(() => expect(screen.getByTestId('preview')).toHaveTextContent(/^text:https:/));
    expect(bodies).toEqual([
      {
        template: '[[next_web_interview_url]]',
        candidateIds: ['cand_1'],
        syntax: { open: '[[', close: ']]' },
        locale: 'en',
        timezone: 'UTC',
      },
    ]);
    expect(screen.getByTestId('preview')).toHaveAttribute('data-stale', 'false');
  });

  it('when the text changes after a result, then the last result stays shown, marked stale, until the new one lands', async () => {
    const { user } = renderProbe('variablesSingleAvailable', {
      initial: 'A {{next_web_interview_host_name}}',
      candidateId: 'cand_1',
      debounceMs: 40,
    });
    const preview = screen.getByTestId('preview');
    await waitFor(() => expect(preview).toHaveTextContent(/^text:A /));

    await user.type(screen.getByRole('textbox', { name: '本文' }), '!');

    expect(preview).toHaveTextContent(/^text:A /);
    expect(preview).toHaveAttribute('data-stale', 'true');
    await waitFor(() => expect(preview).toHaveTextContent(/^text:A .+!$/));
    expect(preview).toHaveAttribute('data-stale', 'false');
  });

  it('when the candidate has no upcoming interview, then the result says what is missing and why', async () => {
    renderProbe('variablesSingleNoInterview', {
      initial: '{{next_web_interview_url}}',
      candidateId: 'cand_1',
      debounceMs: 0,
    });

    await waitFor(() =>
      expect(screen.getByTestId('preview')).toHaveTextContent('missing:no_upcoming_interview'),
    );
  });

  it('when the template is malformed, then the error carries template_malformed', async () => {
    renderProbe('variablesSingleAvailable', {
      initial: 'URL: {{next_web_interview_url',
      candidateId: 'cand_1',
      debounceMs: 0,
    });

    await waitFor(() =>
      expect(screen.getByTestId('preview')).toHaveTextContent('error:template_malformed'),
    );
  });

  it('when there is no candidate or no text, then nothing is requested', async () => {
    const bodies = recordRenderBodies();
    renderProbe('variablesSingleAvailable', { initial: 'x', candidateId: '', debounceMs: 0 });
    renderProbe('variablesSingleAvailable', { initial: '', candidateId: 'c', debounceMs: 0 });

    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(bodies).toEqual([]);
    expect(screen.getAllByTestId('preview').map((p) => p.textContent)).toEqual(['none', 'none']);
  });
});
