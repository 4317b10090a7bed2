/** What every styleable part spreads: its `data-slot` name and the consumer's class names for it. */
export interface PartProps {
  'data-slot': string;
  className: string | undefined;
}

/** The `part(name)` function of one component, from its slot names and its `classNames` prop. */
export function partPropsOf<Part extends string>(
  slotNames: Record<Part, string>,
  classNames: Partial<Record<Part, string>> | undefined,
): (part: Part) => PartProps {
  return (part) => ({ 'data-slot': slotNames[part], className: classNames?.[part] });
}

/** `atz-root` (the stylesheet's scope) followed by whatever class names are given. */
export function atzRootClassName(...classNames: (string | undefined)[]): string {
  return ['atz-root', ...classNames].filter(Boolean).join(' ');
}
