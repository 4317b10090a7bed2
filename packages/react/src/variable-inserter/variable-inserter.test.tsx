import type { VariableContext } from '@ats-zoom/contract';
import { type VariableScenarioName, variableScenarios } from '@ats-zoom/msw';
import { screen, waitFor, within } from '@testing-library/react';
import { useRef, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, type RenderOptions, renderWithProvider } from '../../test/render-with-provider';
import { VariableInserter, type VariableInserterProps } from './variable-inserter';

/** Tokens name variables by their label, as people read them. */
const URL_TOKEN = '{{次のWeb面接・面談URL}}';
const URL_LABEL = '次のWeb面接・面談URL';
/** Items are named by their whole text: label, description, then any reason. */
const URL_ITEM = /^次のWeb面接・面談URL/;

type FieldKind = 'controlled textarea' | 'uncontrolled input';

interface ComposerProps extends Partial<Omit<VariableInserterProps, 'target'>> {
  kind?: FieldKind;
  initial?: string;
  readOnly?: boolean;
}

/** A mail body field bound to the inserter, the way a host page wires it. */
function Composer({
  kind = 'controlled textarea',
  initial = '',
  readOnly,
  ...props
}: ComposerProps) {
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(initial);
  return (
    <>
      {kind === 'controlled textarea' ? (
        <>
          <label>
            本文
            <textarea
              ref={textareaRef}
              value={value}
              readOnly={readOnly}
              onChange={(event) => setValue(event.target.value)}
            />
          </label>
          {/* What React's state holds, to prove onChange saw the insertion. */}
          <pre data-testid="react-state">{value}</pre>
        </>
      ) : (
        <label>
          件名
          <input ref={inputRef} defaultValue={initial} readOnly={readOnly} />
        </label>
      )}
      <VariableInserter
        context="single"
        candidateId="cand_1"
        {...props}
        target={kind === 'controlled textarea' ? textareaRef : inputRef}
      />
    </>
  );
}

/** A composer whose recipient is chosen after the text was started. */
function ChoosingLater() {
  const [candidateId, setCandidateId] = useState<string | undefined>(undefined);
  return (
    <>
      <button type="button" onClick={() => setCandidateId('cand_1')}>
        候補者を選ぶ
      </button>
      <Composer candidateId={candidateId} />
    </>
  );
}

function renderComposer(
  scenario: VariableScenarioName,
  props: ComposerProps = {},
  options: RenderOptions = {},
) {
  return renderWithProvider(<Composer {...props} />, {
    ...options,
    handlers: variableScenarios[scenario]({ baseUrl: bffUrl }),
  });
}

function field(kind: FieldKind): HTMLTextAreaElement | HTMLInputElement {
  return screen.getByRole('textbox', { name: kind === 'controlled textarea' ? '本文' : '件名' }) as
    | HTMLTextAreaElement
    | HTMLInputElement;
}

function trigger() {
  return screen.getByRole('button', { name: '変数を挿入' });
}

/** Waits until availability is known (items no longer say they are being checked). */
async function findReadyMenu(user: ReturnType<typeof renderComposer>['user']) {
  await waitFor(() =>
    expect(trigger().closest('[data-slot="variable-inserter"]')).not.toHaveAttribute('data-busy'),
  );
  await user.click(trigger());
  return screen.getByRole('menu', { name: '変数を挿入' });
}

function recordVariableQueries() {
  const searches: Record<string, string>[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname === '/v1/variables') searches.push(Object.fromEntries(url.searchParams));
  });
  return searches;
}

describe('VariableInserter', () => {
  it('when operated by keyboard, then Enter opens on the first item, arrows, Home and End move, Escape closes back to the button', async () => {
    const { user } = renderComposer('variablesSingleAvailable');
    await waitFor(() => expect(trigger().parentElement).not.toHaveAttribute('data-busy'));
    trigger().focus();

    await user.keyboard('{Enter}');
    const items = within(screen.getByRole('menu')).getAllByRole('menuitem');
    expect(trigger()).toHaveAttribute('aria-expanded', 'true');
    expect(
      items.map((item) => item.querySelector('[data-slot="item-label"]')?.textContent),
    ).toEqual([
      URL_LABEL,
      '次のWeb面接・面談の日時',
      '次のWeb面接・面談のホスト名',
      '次のWeb面接・面談のパスコード',
    ]);
    expect(items[0]).toHaveFocus();
    expect(items[0]).toHaveAccessibleName(
      `${URL_LABEL} 候補者の次のWeb面接・面談の Zoom URL（送信時に候補者ごとに決まります）`,
    );

    await user.keyboard('{ArrowDown}');
    expect(items[1]).toHaveFocus();
    await user.keyboard('{End}');
    expect(items[3]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(items[0]).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(items[3]).toHaveFocus();
    await user.keyboard('{Home}');
    expect(items[0]).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(trigger()).toHaveFocus();
    expect(trigger()).toHaveAttribute('aria-expanded', 'false');

    await user.keyboard('{ArrowUp}');
    expect(within(screen.getByRole('menu')).getAllByRole('menuitem')[3]).toHaveFocus();
    await user.keyboard('{Escape}');
    await user.keyboard(' ');
    expect(within(screen.getByRole('menu')).getAllByRole('menuitem')[0]).toHaveFocus();
  });

  it('when an item is chosen with Enter, then its token goes in and focus returns to the field with the caret after it', async () => {
    const onInsert = vi.fn();
    const { user } = renderComposer('variablesSingleAvailable', { initial: 'URL: ', onInsert });
    const body = field('controlled textarea');
    body.focus();
    body.setSelectionRange(5, 5);
    await waitFor(() => expect(trigger().parentElement).not.toHaveAttribute('data-busy'));

    await user.tab();
    await user.keyboard('{ArrowDown}{Enter}');

    expect(body).toHaveValue(`URL: ${URL_TOKEN}`);
    expect(body).toHaveFocus();
    const caret = 'URL: '.length + URL_TOKEN.length;
    expect([body.selectionStart, body.selectionEnd]).toEqual([caret, caret]);
    expect(screen.getByRole('status')).toHaveTextContent(`「${URL_LABEL}」を挿入しました。`);
    expect(onInsert).toHaveBeenCalledWith({
      key: 'next_web_interview_url',
      token: URL_TOKEN,
      start: 5,
      value: `URL: ${URL_TOKEN}`,
    });
  });

  it.each([
    ['controlled textarea', 'start', 0, 0, `${URL_TOKEN}ご参加ください`],
    ['controlled textarea', 'middle', 3, 3, `ご参加${URL_TOKEN}ください`],
    ['controlled textarea', 'end', 7, 7, `ご参加ください${URL_TOKEN}`],
    ['controlled textarea', 'a selection', 3, 5, `ご参加${URL_TOKEN}さい`],
    ['uncontrolled input', 'start', 0, 0, `${URL_TOKEN}ご参加ください`],
    ['uncontrolled input', 'middle', 3, 3, `ご参加${URL_TOKEN}ください`],
    ['uncontrolled input', 'end', 7, 7, `ご参加ください${URL_TOKEN}`],
    ['uncontrolled input', 'a selection', 3, 5, `ご参加${URL_TOKEN}さい`],
  ] as const)(
    'when inserting into a %s at %s, then the token lands there and the caret follows it',
    async (kind, _where, start, end, expected) => {
      const { user } = renderComposer('variablesSingleAvailable', {
        kind,
        initial: 'ご参加ください',
      });
      const target = field(kind);
      target.focus();
      target.setSelectionRange(start, end);

      const menu = await findReadyMenu(user);
      await user.click(within(menu).getByRole('menuitem', { name: URL_ITEM }));

      expect(target).toHaveValue(expected);
      expect(target).toHaveFocus();
      const caret = start + URL_TOKEN.length;
      expect([target.selectionStart, target.selectionEnd]).toEqual([caret, caret]);
      if (kind === 'controlled textarea') {
        expect(screen.getByTestId('react-state')).toHaveTextContent(expected);
      }
      expect(screen.queryByRole('menu')).toBeNull();
    },
  );

  it('when the controlled field is typed into after an insertion, then React state keeps both', async () => {
    const { user } = renderComposer('variablesSingleAvailable', { initial: 'A' });
    const body = field('controlled textarea');
    body.focus();
    body.setSelectionRange(1, 1);

    const menu = await findReadyMenu(user);
    await user.click(within(menu).getByRole('menuitem', { name: URL_ITEM }));
    await user.keyboard('!');

    expect(body).toHaveValue(`A${URL_TOKEN}!`);
    expect(screen.getByTestId('react-state')).toHaveTextContent(`A${URL_TOKEN}!`);
  });

  it('when the candidate has no upcoming interview, then every item is disabled with the reason and picking one inserts nothing', async () => {
    const { user } = renderComposer('variablesSingleNoInterview', { initial: 'x' });

    const menu = await findReadyMenu(user);
    const item = within(menu).getByRole('menuitem', { name: URL_ITEM });

    for (const each of within(menu).getAllByRole('menuitem')) {
      expect(each).toHaveAttribute('aria-disabled', 'true');
    }
    expect(item).toHaveAccessibleName(
      expect.stringContaining(
        '使えません: この候補者には、これからのWeb面接・面談がありません。先に面接を設定してください。',
      ),
    );
    await user.click(item);
    await user.keyboard('{Enter}');
    expect(field('controlled textarea')).toHaveValue('x');
    expect(screen.getByRole('menu')).toBeVisible();
  });

  it('when availability is still loading, then items say it is being checked and cannot be picked', async () => {
    const { user } = renderWithProvider(<Composer initial="x" />, {
      handlers: variableScenarios.variablesSingleAvailable({ baseUrl: bffUrl, delay: 60_000 }),
    });

    await user.click(trigger());

    const item = within(screen.getByRole('menu')).getByRole('menuitem', { name: URL_ITEM });
    expect(item).toHaveAttribute('aria-disabled', 'true');
    expect(item).toHaveAccessibleName(
      expect.stringContaining('この候補者で使えるか確認しています…'),
    );
  });

  it.each([
    ['template', undefined],
    ['bulk', undefined],
  ] as [VariableContext, undefined][])(
    'when the context is %s with no candidate, then the catalog is asked without one and every item inserts',
    async (context) => {
      const searches = recordVariableQueries();
      const { user } = renderComposer('variablesTemplate', { context, candidateId: undefined });
      const body = field('controlled textarea');

      const menu = await findReadyMenu(user);
      for (const item of within(menu).getAllByRole('menuitem')) {
        expect(item).not.toHaveAttribute('aria-disabled');
      }
      await user.click(within(menu).getByRole('menuitem', { name: /^次のWeb面接・面談の日時/ }));

      expect(body).toHaveValue('{{次のWeb面接・面談の日時}}');
      expect(searches).toEqual([{ context }]);
    },
  );

  it('when single has no candidate yet, then nothing is requested, nothing says it is checking and every item inserts', async () => {
    const searches = recordVariableQueries();
    const { user } = renderComposer('variablesSingleAvailable', { candidateId: undefined });
    const root = trigger().closest('[data-slot="variable-inserter"]');

    expect(root).not.toHaveAttribute('data-busy');
    await user.click(trigger());

    const menu = screen.getByRole('menu');
    for (const item of within(menu).getAllByRole('menuitem')) {
      expect(item).not.toHaveAttribute('aria-disabled');
    }
    expect(menu).not.toHaveTextContent('確認しています');
    await user.click(within(menu).getByRole('menuitem', { name: URL_ITEM }));

    expect(field('controlled textarea')).toHaveValue(URL_TOKEN);
    expect(root).not.toHaveAttribute('data-busy');
    expect(searches).toEqual([]);
  });

  it('when the candidate is chosen after the text was started, then availability is checked for them', async () => {
    const searches = recordVariableQueries();
    const { user } = renderWithProvider(<ChoosingLater />, {
      handlers: variableScenarios.variablesSingleNoInterview({ baseUrl: bffUrl }),
    });

    await user.click(screen.getByRole('button', { name: '候補者を選ぶ' }));
    const menu = await findReadyMenu(user);

    expect(within(menu).getByRole('menuitem', { name: URL_ITEM })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(searches).toEqual([{ context: 'single', candidateId: 'cand_1' }]);
  });

  it('when the host uses another token syntax or its own formatter, then that text is inserted', async () => {
    const first = renderComposer('variablesTemplate', {
      context: 'template',
      syntax: { open: '[[', close: ']]' },
    });
    let menu = await findReadyMenu(first.user);
    await first.user.click(within(menu).getByRole('menuitem', { name: URL_ITEM }));
    expect(field('controlled textarea')).toHaveValue('[[次のWeb面接・面談URL]]');
    first.unmount();

    const second = renderComposer('variablesTemplate', {
      context: 'template',
      formatToken: (key) => `%${key.toUpperCase()}%`,
    });
    menu = await findReadyMenu(second.user);
    await second.user.click(within(menu).getByRole('menuitem', { name: URL_ITEM }));
    expect(field('controlled textarea')).toHaveValue('%NEXT_WEB_INTERVIEW_URL%');
  });

  it('when availability cannot be loaded, then an alert says so, items stay insertable and 再確認 asks again', async () => {
    const searches = recordVariableQueries();
    const { user } = renderComposer('variablesError');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('変数が使えるかどうかを確認できませんでした。');
    expect(trigger()).toHaveAccessibleDescription(expect.stringContaining('確認できませんでした'));
    await user.click(trigger());
    await user.click(screen.getByRole('menuitem', { name: URL_ITEM }));
    expect(field('controlled textarea')).toHaveValue(URL_TOKEN);

    server.use(...variableScenarios.variablesSingleAvailable({ baseUrl: bffUrl }));
    await user.click(within(alert).getByRole('button', { name: '再確認' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(searches).toHaveLength(2);
  });

  it('when the field is read-only, then nothing is inserted and the status says why', async () => {
    const { user } = renderComposer('variablesSingleAvailable', { initial: 'x', readOnly: true });

    const menu = await findReadyMenu(user);
    await user.click(within(menu).getByRole('menuitem', { name: URL_ITEM }));

    expect(field('controlled textarea')).toHaveValue('x');
    expect(screen.getByRole('status')).toHaveTextContent(
      `入力欄が編集できないため、「${URL_LABEL}」を挿入できませんでした。`,
    );
    expect(trigger()).toHaveFocus();
  });

  it('when the mail language differs from the UI or a label is overridden, then the token is the catalog label in the mail language', async () => {
    const onInsert = vi.fn();
    const { user } = renderComposer(
      'variablesSingleAvailable',
      { locale: 'ja', onInsert },
      {
        locale: 'en',
        messages: { 'variableInserter.variable.next_web_interview_url.label': 'Join link' },
      },
    );
    const button = screen.getByRole('button', { name: 'Insert variable' });
    await waitFor(() => expect(button.parentElement).not.toHaveAttribute('data-busy'));

    await user.click(button);
    await user.click(screen.getByRole('menuitem', { name: /^Join link/ }));

    // The override renames the menu item only: the BFF maps the catalog's labels back.
    expect(field('controlled textarea')).toHaveValue(URL_TOKEN);
    expect(onInsert).toHaveBeenCalledWith(
      expect.objectContaining({ key: 'next_web_interview_url', token: URL_TOKEN }),
    );
  });

  it('when the UI is English and no mail language is given, then the English label is inserted', async () => {
    const { user } = renderComposer('variablesSingleAvailable', {}, { locale: 'en' });
    const button = screen.getByRole('button', { name: 'Insert variable' });
    await waitFor(() => expect(button.parentElement).not.toHaveAttribute('data-busy'));

    await user.click(button);
    await user.click(screen.getByRole('menuitem', { name: /^Next web interview URL/ }));

    expect(field('controlled textarea')).toHaveValue('{{Next web interview URL}}');
  });

  it('when a host formats tokens itself, then it gets the key and the label', async () => {
    const formatToken = vi.fn((key: string, label: string) => `<${key}|${label}>`);
    const { user } = renderComposer('variablesTemplate', { context: 'template', formatToken });

    const menu = await findReadyMenu(user);
    await user.click(within(menu).getByRole('menuitem', { name: URL_ITEM }));

    expect(formatToken).toHaveBeenCalledWith('next_web_interview_url', URL_LABEL);
    expect(field('controlled textarea')).toHaveValue(`<next_web_interview_url|${URL_LABEL}>`);
  });

  it('when a press lands outside the open menu, then it closes', async () => {
    const { user } = renderComposer('variablesSingleAvailable');
    await findReadyMenu(user);

    await user.click(document.body);

    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('when the locale is en or a label is overridden, then the menu uses those strings', async () => {
    const { user } = renderComposer(
      'variablesSingleAvailable',
      {},
      {
        locale: 'en',
        messages: { 'variableInserter.variable.next_web_interview_host_name.label': 'Interviewer' },
      },
    );
    const button = screen.getByRole('button', { name: 'Insert variable' });
    await waitFor(() => expect(button.parentElement).not.toHaveAttribute('data-busy'));

    await user.click(button);

    const names = within(screen.getByRole('menu', { name: 'Insert variable' }))
      .getAllByRole('menuitem')
      .map((item) => item.querySelector('[data-slot="item-label"]')?.textContent);
    expect(names).toEqual([
      'Next web interview URL',
      'Next web interview date and time',
      'Interviewer',
      'Next web interview passcode',
    ]);
  });

  it('when classNames are given, then each part carries its data-slot and class', async () => {
    const { user } = renderComposer('variablesSingleNoInterview', {
      className: 'host-root',
      classNames: { trigger: 'host-trigger', item: 'host-item', itemReason: 'host-reason' },
    });

    const menu = await findReadyMenu(user);

    const root = trigger().closest('[data-slot="variable-inserter"]');
    expect(root).toHaveClass('atz-root', 'host-root');
    expect(root).toHaveAttribute('data-state', 'open');
    expect(trigger()).toHaveClass('host-trigger');
    expect(menu).toHaveAttribute('data-slot', 'menu');
    const item = within(menu).getAllByRole('menuitem')[0];
    expect(item).toHaveClass('host-item');
    expect(item).toHaveAttribute('data-disabled', '');
    expect(item?.querySelector('[data-slot="item-reason"]')).toHaveClass('host-reason');
  });
});
