/** What every styleable part spreads: its `data-slot` name and the consumer's class names for it. */
export interface PartProps {
  'data-slot': string;
  className: string | undefined;
}

/** A part's `data-slot`: its name in kebab-case (`itemLabel` → `item-label`). */
export const slotOf = (part: string): string => part.replace(/[A-Z]/g, '-$&').toLowerCase();

/** The element of `part` (by its `data-slot`) inside `root`, if there is one. */
export const partIn = (root: ParentNode | null, part: string) =>
  root?.querySelector<HTMLElement>(`[data-slot="${slotOf(part)}"]`);

/**
 * The `part(name)` function of one component, from its `classNames` prop: every part is named by
 * its kebab-case (a root sets its own `data-slot`, the component's name).
 */
export function partPropsOf<Part extends string>(
  classNames: Partial<Record<Part, string>> | undefined,
): (part: Part) => PartProps {
  return (part) => ({ 'data-slot': slotOf(part), className: classNames?.[part] });
}

/** `atz-root` (the stylesheet's scope) followed by whatever class names are given. */
export function atzRootClassName(...classNames: (string | undefined)[]): string {
  return ['atz-root', ...classNames].filter(Boolean).join(' ');
}

/**
 * Whether the focus was lost: on nothing or `<body>`, or on an element no longer in the page
 * (the control that had it was replaced).
 */
export function focusLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
}

/** `''` (a present boolean `data-*` attribute) when on, else no attribute. */
export const flag = (on: unknown): '' | undefined => (on ? '' : undefined);
