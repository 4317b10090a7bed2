import {
  problemResponse,
  routeHandler,
  type VariableScenarioName,
  variableCandidateFixtures,
  variableScenarios,
} from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useRef, useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import {
  mswGroups,
  narrowLayoutProblems,
  narrowWidth,
  phoneWidth,
  storyBffUrl,
  storyMessages,
  withStoryProvider,
} from '../../test/story-provider';
import { useRenderedPreview } from '../variables/use-rendered-preview';
import { VariableInserter, type VariableInserterProps } from './variable-inserter';

/** Tokens name variables by their label in the mail's language. */
const URL_TOKEN = '{{次のWeb面接・面談URL}}';
type StoryText = ReturnType<typeof storyMessages>;

/** Matches an accessible name that starts with `text` (items are named by label, description, reason). */
function startsWith(text: string) {
  return (name: string) => name.startsWith(text);
}

/** The URL variable's item, whatever the language. */
const urlItem = (t: StoryText) =>
  startsWith(t('variableInserter.variable.next_web_interview_url.label'));
const BODY = 'ご参加ください';

function scenario(name: VariableScenarioName, options: { delay?: number } = {}) {
  return mswGroups({ variables: variableScenarios[name]({ baseUrl: storyBffUrl, ...options }) });
}

type ComposerArgs = Omit<VariableInserterProps, 'target'> & {
  /** Which field the inserter is bound to in the story. */
  field?: 'controlled textarea' | 'uncontrolled input';
};

/** A mail composer as a host page builds it: its own field, bound to the inserter by a ref. */
function MailComposer({ field = 'controlled textarea', ...props }: ComposerArgs) {
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [body, setBody] = useState(BODY);
  return (
    <div style={{ display: 'grid', gap: '0.5rem', maxWidth: '36rem' }}>
      {field === 'controlled textarea' ? (
        <label style={{ display: 'grid', gap: '0.25rem' }}>
          本文
          <textarea
            ref={textareaRef}
            rows={4}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        </label>
      ) : (
        <label style={{ display: 'grid', gap: '0.25rem' }}>
          件名
          <input ref={inputRef} defaultValue={BODY} />
        </label>
      )}
      <VariableInserter
        {...props}
        target={field === 'controlled textarea' ? textareaRef : inputRef}
      />
      {field === 'controlled textarea' ? (
        <p>
          React state: <span data-testid="react-state">{body}</span>
        </p>
      ) : null}
    </div>
  );
}

/** The composer with a live preview of the mail as this candidate will get it. */
function MailComposerWithPreview(props: Omit<VariableInserterProps, 'target'>) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('面接の URL: ');
  const candidateId = props.candidateId ?? variableCandidateFixtures.withInterview;
  const preview = useRenderedPreview({
    template: body,
    candidateId,
    locale: props.locale,
    debounceMs: 150,
  });
  return (
    <div style={{ display: 'grid', gap: '0.5rem', maxWidth: '36rem' }}>
      <label style={{ display: 'grid', gap: '0.25rem' }}>
        本文
        <textarea
          ref={ref}
          rows={4}
          value={body}
          onChange={(event) => setBody(event.target.value)}
        />
      </label>
      <VariableInserter {...props} target={ref} />
      <section aria-label="プレビュー" aria-busy={preview.isStale}>
        <pre style={{ whiteSpace: 'pre-wrap' }}>
          {preview.data?.status === 'resolved' ? preview.data.text : ''}
        </pre>
      </section>
    </div>
  );
}

const meta = {
  title: 'Components/VariableInserter',
  component: VariableInserter,
  decorators: [withStoryProvider],
  // Each story renders its own field and binds it; this stand-in only satisfies the prop's type.
  // The stories' mails are Japanese whatever the toolbar's UI language: tokens carry ja labels.
  args: {
    target: { current: null },
    context: 'single',
    candidateId: 'cand_story',
    locale: 'ja',
    onInsert: fn(),
  },
  render: ({ target: _ignored, ...args }) => <MailComposer {...args} />,
  parameters: { layout: 'padded', ...scenario('variablesSingleAvailable') },
} satisfies Meta<typeof VariableInserter>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Presses keys as the user does, through the browser (Playwright) when the story runs as a
 * test: only trusted events reach the browser's own undo. In the Storybook UI, where that is
 * not available, the same undo is asked for through the editing command.
 */
async function pressUndo() {
  try {
    const { userEvent: browserUser } = await import('vitest/browser');
    await browserUser.keyboard('{Control>}z{/Control}');
  } catch {
    document.execCommand('undo');
  }
}

/** Puts the caret at the end of the story's field, as if the user had just typed there. */
function caretAtEnd(canvasElement: HTMLElement) {
  const field = within(canvasElement).getByRole('textbox') as
    | HTMLTextAreaElement
    | HTMLInputElement;
  field.focus();
  field.setSelectionRange(field.value.length, field.value.length);
}

async function insertUrlAt(canvasElement: HTMLElement, t: StoryText, start: number, end: number) {
  const canvas = within(canvasElement);
  const field = canvas.getByRole('textbox') as HTMLTextAreaElement | HTMLInputElement;
  field.focus();
  field.setSelectionRange(start, end);
  await userEvent.click(canvas.getByRole('button', { name: t('variableInserter.trigger') }));
  await userEvent.click(await canvas.findByRole('menuitem', { name: urlItem(t) }));
  return field;
}

/** For each position: insert, check the text and the caret, then Ctrl+Z and check it is gone. */
async function insertAndUndoEverywhere(
  canvasElement: HTMLElement,
  t: StoryText,
  controlled: boolean,
) {
  const canvas = within(canvasElement);
  await waitFor(() =>
    expect(canvasElement.querySelector('[data-slot="variable-inserter"]')).not.toHaveAttribute(
      'data-busy',
    ),
  );
  const cases = [
    { where: 'start', start: 0, end: 0, expected: `${URL_TOKEN}${BODY}` },
    { where: 'middle', start: 3, end: 3, expected: `ご参加${URL_TOKEN}ください` },
    { where: 'end', start: 7, end: 7, expected: `${BODY}${URL_TOKEN}` },
    { where: 'selection', start: 3, end: 5, expected: `ご参加${URL_TOKEN}さい` },
  ];
  for (const { where, start, end, expected } of cases) {
    const field = await insertUrlAt(canvasElement, t, start, end);
    await expect(field, where).toHaveValue(expected);
    await expect(field, where).toHaveFocus();
    const caret = start + URL_TOKEN.length;
    await expect([field.selectionStart, field.selectionEnd], where).toEqual([caret, caret]);
    if (controlled) await expect(canvas.getByTestId('react-state')).toHaveTextContent(expected);

    await pressUndo();

    await expect(field, `undo at ${where}`).toHaveValue(BODY);
    if (controlled) await expect(canvas.getByTestId('react-state')).toHaveTextContent(BODY);
  }
}

/** A mail to one candidate with an upcoming interview: every variable can be inserted. */
export const SingleAvailable: Story = {
  parameters: scenario('variablesSingleAvailable'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    await insertAndUndoEverywhere(canvasElement, t, true);
  },
};

/** The same in an uncontrolled `<input>` (e.g. a subject line). */
export const UncontrolledInput: Story = {
  args: { field: 'uncontrolled input' } as Story['args'],
  parameters: scenario('variablesSingleAvailable'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    await insertAndUndoEverywhere(canvasElement, t, false);
  },
};

/** The menu by keyboard: open with ArrowDown, move, insert with Enter; Escape returns to the button. */
export const Keyboard: Story = {
  parameters: scenario('variablesSingleAvailable'),
  play: async ({ canvasElement, args, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const button = canvas.getByRole('button', { name: t('variableInserter.trigger') });
    await waitFor(() => expect(button.parentElement).not.toHaveAttribute('data-busy'));
    caretAtEnd(canvasElement);
    await userEvent.tab();
    await expect(button).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    await expect(canvas.getByRole('menuitem', { name: urlItem(t) })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await expect(button).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    const field = canvas.getByRole('textbox', { name: '本文' });
    await expect(field).toHaveValue(`${BODY}{{次のWeb面接・面談の日時}}`);
    await expect(field).toHaveFocus();
    await expect(args.onInsert).toHaveBeenCalledWith(
      expect.objectContaining({ key: 'next_web_interview_datetime' }),
    );
  },
};

/** A mail template: no candidate is known, every variable is insertable (resolved per recipient at send time). */
export const Template: Story = {
  args: { context: 'template', candidateId: undefined },
  parameters: scenario('variablesTemplate'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await waitFor(() =>
      expect(canvasElement.querySelector('[data-slot="variable-inserter"]')).not.toHaveAttribute(
        'data-busy',
      ),
    );
    caretAtEnd(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: t('variableInserter.trigger') }));
    for (const item of canvas.getAllByRole('menuitem')) {
      await expect(item).not.toHaveAttribute('aria-disabled');
    }
    await userEvent.click(
      canvas.getByRole('menuitem', {
        name: startsWith(t('variableInserter.variable.next_web_interview_host_name.label')),
      }),
    );
    await expect(canvas.getByRole('textbox')).toHaveValue(`${BODY}{{次のWeb面接・面談のホスト名}}`);
  },
};

/** The candidate has no upcoming web interview: items are listed, disabled, with the reason. */
export const SingleNoInterview: Story = {
  parameters: scenario('variablesSingleNoInterview'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await waitFor(() =>
      expect(canvasElement.querySelector('[data-slot="variable-inserter"]')).not.toHaveAttribute(
        'data-busy',
      ),
    );
    await userEvent.click(canvas.getByRole('button', { name: t('variableInserter.trigger') }));
    const item = canvas.getByRole('menuitem', { name: urlItem(t) });
    await expect(item).toHaveAttribute('aria-disabled', 'true');
    await expect(item).toHaveTextContent(t('variableInserter.reason.no_upcoming_interview'));
    await userEvent.click(item);
    await expect(canvas.getByRole('textbox')).toHaveValue(BODY);
  },
};

/** Availability could not be checked: the alert says so; variables can still be inserted. */
export const ServerError: Story = {
  parameters: scenario('variablesError'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      t('variableInserter.loadError'),
    );
    await expect(canvas.getByRole('button', { name: t('variableInserter.retry') })).toBeVisible();
  },
};

/** English UI with a host's own `[[…]]` template syntax: the English label goes in. */
export const EnglishCustomSyntax: Story = {
  args: {
    context: 'template',
    candidateId: undefined,
    locale: undefined,
    syntax: { open: '[[', close: ']]' },
  },
  parameters: { locale: 'en', ...scenario('variablesTemplate') },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const button = canvas.getByRole('button', { name: 'Insert variable' });
    await waitFor(() => expect(button.parentElement).not.toHaveAttribute('data-busy'));
    caretAtEnd(canvasElement);
    await userEvent.click(button);
    await userEvent.click(canvas.getByRole('menuitem', { name: /^Next web interview URL/ }));
    await expect(canvas.getByRole('textbox')).toHaveValue(`${BODY}[[Next web interview URL]]`);
  },
};

/** Insert the URL variable and see the mail as the candidate will get it, with the real URL. */
export const Preview: Story = {
  args: { candidateId: variableCandidateFixtures.withInterview },
  render: ({ target: _ignored, ...args }) => <MailComposerWithPreview {...args} />,
  parameters: scenario('variablesSingleAvailable'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await waitFor(() =>
      expect(canvasElement.querySelector('[data-slot="variable-inserter"]')).not.toHaveAttribute(
        'data-busy',
      ),
    );
    const field = canvas.getByRole('textbox', { name: '本文' }) as HTMLTextAreaElement;
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
    await userEvent.click(canvas.getByRole('button', { name: t('variableInserter.trigger') }));
    await userEvent.click(canvas.getByRole('menuitem', { name: urlItem(t) }));
    const preview = canvas.getByRole('region', { name: 'プレビュー' });
    await waitFor(() =>
      expect(preview).toHaveTextContent(
        /^面接の URL: https:\/\/us05web\.zoom\.us\/j\/\d{11}\?pwd=\w+$/,
      ),
    );
  },
};

/**
 * A mail to one candidate before the candidate is chosen: nothing is asked of the BFF, nothing
 * says it is checking, and every variable inserts (resolved once a recipient is known).
 */
export const SingleWithoutCandidate: Story = {
  args: { candidateId: undefined },
  parameters: scenario('variablesSingleAvailable'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      canvasElement.querySelector('[data-slot="variable-inserter"]'),
    ).not.toHaveAttribute('data-busy');
    caretAtEnd(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: t('variableInserter.trigger') }));
    for (const item of canvas.getAllByRole('menuitem')) {
      await expect(item).not.toHaveAttribute('aria-disabled');
      await expect(item).not.toHaveTextContent(t('variableInserter.reason.checking'));
    }
    await userEvent.click(canvas.getByRole('menuitem', { name: urlItem(t) }));
    await expect(canvas.getByRole('textbox')).toHaveValue(`${BODY}${URL_TOKEN}`);
  },
};

/** Checking: availability for this candidate is not known yet; items wait, disabled, saying so. */
export const Checking: Story = {
  parameters: mswGroups({
    variables: [
      routeHandler('listVariables', { baseUrl: storyBffUrl, delay: 'infinite' }, () =>
        problemResponse('internal_error'),
      ),
    ],
  }),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(canvasElement.querySelector('[data-slot="variable-inserter"]')).toHaveAttribute(
      'data-busy',
    );
    await userEvent.click(canvas.getByRole('button', { name: t('variableInserter.trigger') }));
    for (const item of canvas.getAllByRole('menuitem')) {
      await expect(item).toHaveAttribute('aria-disabled', 'true');
      await expect(item).toHaveTextContent(t('variableInserter.reason.checking'));
    }
  },
};

/** Disabled by the host page (e.g. while its form sends): the button cannot be used. */
export const Disabled: Story = {
  args: { disabled: true },
  parameters: scenario('variablesSingleAvailable'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await expect(
      canvas.getByRole('button', { name: t('variableInserter.trigger') }),
    ).toBeDisabled();
  },
};

/** Narrow width: the menu with its longest reasons opens inside a 320 px screen. */
export const Narrow: Story = {
  ...narrowWidth,
  parameters: scenario('variablesSingleNoInterview'),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    await waitFor(() =>
      expect(canvasElement.querySelector('[data-slot="variable-inserter"]')).not.toHaveAttribute(
        'data-busy',
      ),
    );
    await userEvent.click(canvas.getByRole('button', { name: t('variableInserter.trigger') }));
    await expect(canvas.getAllByRole('menuitem')[0]).toHaveTextContent(
      t('variableInserter.reason.no_upcoming_interview'),
    );
    await expect(narrowLayoutProblems(canvasElement)).toEqual([]);
  },
};

/** Phone width: the same in a 375 px column on a 375 px screen. */
export const Phone: Story = { ...Narrow, ...phoneWidth };

/** Slow network: availability takes 2.5 s; until then the items say they are being checked. */
export const SlowNetwork: Story = {
  parameters: scenario('variablesSingleAvailable', { delay: 2500 }),
  play: async ({ canvasElement, ...context }) => {
    const t = storyMessages(context);
    const canvas = within(canvasElement);
    const root = canvasElement.querySelector('[data-slot="variable-inserter"]');
    await expect(root).toHaveAttribute('data-busy');
    await waitFor(() => expect(root).not.toHaveAttribute('data-busy'), { timeout: 15000 });
    await userEvent.click(canvas.getByRole('button', { name: t('variableInserter.trigger') }));
    await expect(canvas.getAllByRole('menuitem')[0]).not.toHaveAttribute('aria-disabled');
  },
};
