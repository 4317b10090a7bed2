import type { VariableAvailability, VariableContext } from '@ats-zoom/contract';
import {
  formatVariableToken,
  type TokenSyntax,
  type VariableKey,
  variableCatalog,
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
import type { MessageKey } from '../intl/messages';
import { useMessages } from '../intl/use-messages';
import { atzRootClassName, partPropsOf } from '../ui/part-props';
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
   * The recipient in `single`: variables this candidate cannot resolve are disabled with the reason.
   * @default undefined
   */
  candidateId?: string;
  /**
   * Token delimiters matching the host's own template syntax.
   * @default `{{` and `}}` (the contract's `defaultTokenSyntax`)
   */
  syntax?: TokenSyntax;
  /**
   * Builds the inserted text from a variable key; wins over `syntax`.
   * @default `formatVariableToken(key, syntax)`
   */
  formatToken?: (key: VariableKey) => string;
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

const slotNames: Record<VariableInserterPart, string> = {
  root: 'variable-inserter',
  trigger: 'trigger',
  icon: 'icon',
  menu: 'menu',
  item: 'item',
  itemLabel: 'item-label',
  itemDescription: 'item-description',
  itemReason: 'item-reason',
  error: 'error',
  retryButton: 'retry-button',
  announcement: 'announcement',
};

const reasonKeys = {
  no_upcoming_interview: 'variableInserter.reason.no_upcoming_interview',
  interview_link_broken: 'variableInserter.reason.interview_link_broken',
} as const satisfies Record<NonNullable<VariableAvailability['unavailableReason']>, MessageKey>;

const labelKey = (key: VariableKey) => `variableInserter.variable.${key}.label` as MessageKey;
const descriptionKey = (key: VariableKey) =>
  `variableInserter.variable.${key}.description` as MessageKey;

interface MenuItem {
  key: VariableKey;
  label: string;
  description: string;
  token: string;
  /** Why it cannot be inserted; null when it can. */
  reason: string | null;
}

/**
 * A 変数を挿入 menu button (design section 7) that inserts a mail variable's token at the caret
 * of a bound `<textarea>` or `<input>`, or over its selection, controlled or not. Where the
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
  syntax,
  formatToken,
  onInsert,
  disabled = false,
  className,
  classNames,
  ...rest
}: VariableInserterProps) {
  const { t } = useMessages();
  const variables = useVariables({ context, candidateId });
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLDivElement | null)[]>([]);
  // The field's selection when the menu opened: focus leaves the field for the menu meanwhile.
  const selectionRef = useRef<FieldSelection | null>(null);
  const ids = useId();
  const triggerId = `${ids}-trigger`;
  const menuId = `${ids}-menu`;
  const errorId = `${ids}-error`;

  const part = partPropsOf(slotNames, classNames);

  // Also pending while `single` has no candidate yet: nothing can be said about availability.
  const checking = variables.isPending;
  const failed = variables.isError && variables.data === undefined;
  const items: MenuItem[] = variableCatalog.map(({ key }) => {
    const availability = variables.data?.variables.find((variable) => variable.key === key);
    let reason: string | null = null;
    if (checking) reason = t('variableInserter.reason.checking');
    else if (availability && !availability.available) {
      reason = t(reasonKeys[availability.unavailableReason ?? 'no_upcoming_interview']);
    }
    return {
      key,
      label: t(labelKey(key)),
      description: t(descriptionKey(key)),
      token: formatToken ? formatToken(key) : formatVariableToken(key, syntax),
      reason,
    };
  });

  useEffect(() => {
    if (open) itemRefs.current[activeIndex]?.focus();
  }, [open, activeIndex]);

  // A press anywhere outside closes the menu, as a native menu would.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const openMenu = (index: number) => {
    const field = target.current;
    selectionRef.current = field ? selectionOf(field) : null;
    setAnnouncement('');
    setActiveIndex((index + items.length) % items.length);
    setOpen(true);
  };

  const closeMenu = () => {
    setOpen(false);
    triggerRef.current?.focus();
  };

  const insert = (item: MenuItem) => {
    if (item.reason !== null) return;
    setOpen(false);
    const field = target.current;
    if (field === null || !insertIntoField(field, item.token, selectionRef.current ?? undefined)) {
      setAnnouncement(t('variableInserter.notInserted', { label: item.label }));
      triggerRef.current?.focus();
      return;
    }
    const caret = field.selectionEnd ?? field.value.length;
    setAnnouncement(t('variableInserter.inserted', { label: item.label }));
    onInsert?.({
      key: item.key,
      token: item.token,
      start: caret - item.token.length,
      value: field.value,
    });
  };

  const onTriggerKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openMenu(event.key === 'ArrowDown' ? 0 : -1);
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      Home: 0,
      End: items.length - 1,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      setActiveIndex((next + items.length) % items.length);
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      closeMenu();
      return;
    }
    // Tab leaves the menu the way a native menu does: closed, focus moving on naturally.
    if (event.key === 'Tab') setOpen(false);
  };

  const state = open ? 'open' : 'closed';

  return (
    <div
      {...rest}
      ref={rootRef}
      data-slot={slotNames.root}
      data-state={state}
      data-busy={checking && !failed ? '' : undefined}
      data-disabled={disabled ? '' : undefined}
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
        data-state={state}
        data-disabled={disabled ? '' : undefined}
        onKeyDown={onTriggerKeyDown}
        onClick={() => (open ? setOpen(false) : openMenu(0))}
      >
        {t('variableInserter.trigger')}
        <span {...part('icon')} aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div
          {...part('menu')}
          id={menuId}
          role="menu"
          aria-labelledby={triggerId}
          tabIndex={-1}
          onKeyDown={onMenuKeyDown}
          onBlur={(event) => {
            const next = event.relatedTarget as Node | null;
            // Focus moving to the button is a click on it, which toggles the menu itself.
            if (next === triggerRef.current || event.currentTarget.contains(next)) return;
            setOpen(false);
          }}
        >
          {items.map((item, index) => {
            const itemId = `${ids}-item-${item.key}`;
            const unavailable = item.reason !== null;
            return (
              <div
                {...part('item')}
                key={item.key}
                id={itemId}
                ref={(element) => {
                  itemRefs.current[index] = element;
                }}
                role="menuitem"
                tabIndex={-1}
                // Disabled items stay focusable (WAI-ARIA menu pattern) so the reason is heard.
                aria-disabled={unavailable || undefined}
                data-disabled={unavailable ? '' : undefined}
                data-highlighted={index === activeIndex ? '' : undefined}
                data-key={item.key}
                onClick={() => insert(item)}
                onKeyDown={(event) => {
                  if (event.key !== 'Enter' && event.key !== ' ') return;
                  event.preventDefault();
                  insert(item);
                }}
                onPointerMove={() => {
                  if (index !== activeIndex) setActiveIndex(index);
                }}
              >
                {/* Named by all its text (axe wants every visible word in the name), spaced for screen readers. */}
                <span {...part('itemLabel')}>{item.label}</span>{' '}
                <span {...part('itemDescription')}>{item.description}</span>
                {unavailable ? (
                  <>
                    {' '}
                    <span {...part('itemReason')}>{item.reason}</span>
                  </>
                ) : null}
              </div>
            );
          })}
        </div>
      ) : null}
      {failed ? (
        <p {...part('error')} id={errorId} role="alert">
          {t('variableInserter.loadError')}{' '}
          <button {...part('retryButton')} type="button" onClick={() => void variables.refetch()}>
            {t('variableInserter.retry')}
          </button>
        </p>
      ) : null}
      <p {...part('announcement')} role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
