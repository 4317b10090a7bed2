import type { VariableContext } from '@ats-zoom/contract';
import {
  formatVariableToken,
  type TokenSyntax,
  type VariableKey,
  variableKeys,
  variableLabels,
} from '@ats-zoom/contract/core';
import {
  type ComponentPropsWithoutRef,
  type KeyboardEvent,
  type RefObject,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import type { Locale, MessageKeyIn, MessageValues } from '../intl/messages';
import { useMessages } from '../intl/use-messages';
import { atzRootClassName, flag, partPropsOf } from '../ui/part-props';
import { useVariables } from '../variables/use-variables';
import {
  type FieldSelection,
  type InsertableField,
  insertIntoField,
  selectionOf,
} from './insert-into-field';

/** Every styleable part of `VariableInserter`; each renders with `data-slot="<part in kebab-case>"`. */
export type VariableInserterPart =
  | 'root'
  | 'trigger'
  | 'icon'
  | 'menu'
  | 'item'
  | 'itemLabel'
  | 'itemDescription'
  | 'itemReason'
  | 'error'
  | 'retryButton'
  | 'announcement';

/** What `onInsert` receives after a variable went into the field. */
export interface VariableInsertDetail {
  /** The variable's stable key, whatever text stands for it. */
  key: VariableKey;
  /** The exact text inserted. */
  token: string;
  /** Where the token starts in the field's new value; the caret is at `start + token.length`. */
  start: number;
  /** The field's value after the insertion. */
  value: string;
}

export interface VariableInserterProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'className'> {
  /** The `<textarea>` or `<input>` the variable goes into, at its caret or over its selection. */
  target: RefObject<InsertableField | null>;
  /**
   * Where the text is written: `single` (one candidate's mail), `template` (a mail template: no
   * candidate, every variable insertable) or `bulk` (one text to many candidates).
   */
  context: VariableContext;
  /**
   * The recipient in `single`: variables this candidate cannot resolve are disabled with the
   * reason. Until one is chosen every variable is insertable, as in a template.
   * @default undefined
   */
  candidateId?: string;
  /**
   * The mail's language. The token names the variable by its label in it, as people read it
   * (`{{次のWeb面接・面談URL}}`); the BFF maps a label back to its variable when rendering.
   * @default the provider's locale
   */
  locale?: Locale;
  /**
   * Token delimiters matching the host's own template syntax.
   * @default `{{` and `}}` (the contract's `defaultTokenSyntax`)
   */
  syntax?: TokenSyntax;
  /**
   * Builds the inserted text from the variable's stable key and its label in `locale`, for a
   * host with its own placeholders (`%NEXT_WEB_INTERVIEW_URL%`, resolved by the host itself, or
   * `formatVariableToken(key)` for the machine token); wins over `syntax`.
   * @default `formatVariableToken(label, syntax)`: `{{次のWeb面接・面談URL}}`
   */
  formatToken?: (key: VariableKey, label: string) => string;
  /**
   * Called after a variable was inserted.
   * @default undefined
   */
  onInsert?: (detail: VariableInsertDetail) => void;
  /** @default false */
  disabled?: boolean;
  /**
   * Extra class names for the root element (it always has `atz-root`).
   * @default undefined
   */
  className?: string;
  /**
   * Extra class names per part.
   * @default undefined
   */
  classNames?: Partial<Record<VariableInserterPart, string>>;
}

/**
 * A 変数を挿入 menu button (design section 7) that inserts a mail variable's token at the caret
 * of a bound `<textarea>` or `<input>`, or over its selection, controlled or not. The token
 * names the variable by its label in the mail's language (`{{次のWeb面接・面談URL}}`), which
 * render maps back to the variable's stable key; a plain text field carries it as it is. Where the
 * browser allows, the insertion is one step of the field's own undo history. Variables the
 * context cannot resolve (in `single`: a candidate without an upcoming web interview) are
 * listed but disabled, with the reason. Keyboard: Enter, Space or ArrowDown open the menu on
 * its first item (ArrowUp: last); arrows, Home and End move; Enter or Space insert; Escape
 * closes and returns focus to the button.
 *
 * Data attributes: on the root and the button `data-state` (`open` | `closed`); on the root
 * `data-busy` while availability is being checked and `data-disabled`; on each item
 * `data-key` (the variable key), `data-highlighted` (the active one) and `data-disabled`.
 */
export function VariableInserter({
  target,
  context,
  candidateId,
  locale,
  syntax,
  formatToken,
  onInsert,
  disabled = false,
  className,
  classNames,
  ...rest
}: VariableInserterProps) {
  const { t, locale: uiLocale } = useMessages();
  const m = (key: MessageKeyIn<'variableInserter'>, values?: MessageValues) =>
    t(`variableInserter.${key}`, values);
  const variables = useVariables({ context, candidateId });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  // The field's selection when the menu opened: focus leaves the field for the menu meanwhile.
  const selectionRef = useRef<FieldSelection | undefined>(undefined);
  const ids = useId();
  const triggerId = `${ids}-trigger`;
  const menuId = `${ids}-menu`;
  const errorId = `${ids}-error`;
  const count = variableKeys.length;

  // Every part but the root is named by its kebab-case: `itemLabel` is `data-slot="item-label"`.
  const part = partPropsOf<Exclude<VariableInserterPart, 'root'>>(classNames);

  // Only while a request is out. Without a candidate in `single` no request is made (the query
  // stays pending forever): the items are insertable as in a template, resolved per recipient.
  const checking = variables.isLoading;
  const failed = variables.isError && variables.data === undefined;
  const state = { 'data-state': open ? 'open' : 'closed', 'data-disabled': flag(disabled) };

  // Closes the menu; `refocus` sends focus back to the button.
  const close = (refocus?: boolean) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  };

  // While open: focus follows the highlight, and a press anywhere outside closes the menu, as a
  // native menu would.
  useEffect(() => {
    if (!open) return;
    (menuRef.current?.children[active] as HTMLElement | undefined)?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open, active]);

  // Moves the highlight, wrapping around: -1 is the last item.
  const move = (index: number) => setActive((index + count) % count);

  const openMenu = (index: number) => {
    const field = target.current;
    selectionRef.current = field ? selectionOf(field) : undefined;
    setAnnouncement('');
    move(index);
    setOpen(true);
  };

  const insert = (key: VariableKey) => {
    const field = target.current;
    // The catalog's label, not the (overridable) menu text: the BFF must map it back.
    const label = variableLabels[key][locale ?? uiLocale];
    const token = formatToken ? formatToken(key, label) : formatVariableToken(label, syntax);
    const inserted = field !== null && insertIntoField(field, token, selectionRef.current);
    setAnnouncement(
      m(inserted ? 'inserted' : 'notInserted', { label: m(`variable.${key}.label`) }),
    );
    close(!inserted);
    if (inserted) {
      const caret = field.selectionEnd ?? field.value.length;
      onInsert?.({ key, token, start: caret - token.length, value: field.value });
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const { key } = event;
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      Home: 0,
      End: -1,
    };
    const next = moves[key];
    // Tab leaves the menu the way a native menu does: closed, focus moving on naturally.
    if (key === 'Tab') close();
    else if (next !== undefined || key === 'Escape') {
      event.preventDefault();
      if (next === undefined) close(true);
      else move(next);
    }
  };

  return (
    <div
      {...rest}
      ref={rootRef}
      data-slot="variable-inserter"
      {...state}
      data-busy={flag(checking)}
      className={atzRootClassName(className, classNames?.root)}
    >
      <button
        {...part('trigger')}
        ref={triggerRef}
        id={triggerId}
        type="button"
        disabled={disabled}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-describedby={failed ? errorId : undefined}
        {...state}
        onKeyDown={(event) => {
          const down = event.key === 'ArrowDown';
          if (down || event.key === 'ArrowUp') {
            event.preventDefault();
            openMenu(down ? 0 : -1);
          }
        }}
        onClick={() => (open ? close() : openMenu(0))}
      >
        {m('trigger')}
        <span {...part('icon')} aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div
          {...part('menu')}
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-labelledby={triggerId}
          tabIndex={-1}
          onKeyDown={onMenuKeyDown}
          onBlur={(event) => {
            const next = event.relatedTarget as Node | null;
            // Focus moving to the button is a click on it, which toggles the menu itself.
            if (next !== triggerRef.current && !event.currentTarget.contains(next)) close();
          }}
        >
          {variableKeys.map((key, index) => {
            const availability = variables.data?.variables.find((each) => each.key === key);
            // Why it cannot be inserted; null when it can.
            const reason = checking
              ? m('reason.checking')
              : availability && !availability.available
                ? m(`reason.${availability.unavailableReason ?? 'no_upcoming_interview'}`)
                : null;
            const unavailable = reason !== null;
            const pick = () => {
              if (!unavailable) insert(key);
            };
            return (
              <div
                key={key}
                {...part('item')}
                id={`${ids}-item-${key}`}
                role="menuitem"
                tabIndex={-1}
                // Disabled items stay focusable (WAI-ARIA menu pattern) so the reason is heard.
                aria-disabled={unavailable || undefined}
                data-disabled={flag(unavailable)}
                data-highlighted={flag(index === active)}
                data-key={key}
                onClick={pick}
                onKeyDown={(event) => {
                  if (event.key !== 'Enter' && event.key !== ' ') return;
                  event.preventDefault();
                  pick();
                }}
                // The same index again changes nothing: React bails out of that update.
                onPointerMove={() => setActive(index)}
              >
                {/* Named by all its text (axe wants every visible word in the name), spaced for screen readers. */}
                <span {...part('itemLabel')}>{m(`variable.${key}.label`)}</span>{' '}
                <span {...part('itemDescription')}>{m(`variable.${key}.description`)}</span>
                {unavailable && ' '}
                {unavailable && <span {...part('itemReason')}>{reason}</span>}
              </div>
            );
          })}
        </div>
      ) : null}
      {failed ? (
        <p {...part('error')} id={errorId} role="alert">
          {m('loadError')}{' '}
          <button {...part('retryButton')} type="button" onClick={() => void variables.refetch()}>
            {m('retry')}
          </button>
        </p>
      ) : null}
      <p {...part('announcement')} role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
