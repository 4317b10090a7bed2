import type { KeyboardEvent } from 'react';

const listKeys = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End']);

/**
 * Arrow, Home and End keys of a Radix Select list rendered inside a shadow root. Radix compares
 * items with `document.activeElement`, which is the shadow host there, so its own handling jumps
 * to the last item (radix-ui/primitives#2606). In a shadow root this moves the focus itself,
 * reading `shadowRoot.activeElement`, and marks the event handled so Radix's handler is skipped;
 * in the document it does nothing and Radix keeps the keys.
 */
export function handleListKeysInShadowRoot(event: KeyboardEvent<HTMLElement>): void {
  const root = event.currentTarget.getRootNode();
  if (!(root instanceof ShadowRoot) || !listKeys.has(event.key)) return;
  const items = [
    ...event.currentTarget.querySelectorAll<HTMLElement>('[role="option"]:not([data-disabled])'),
  ];
  if (items.length === 0) return;
  const last = items.length - 1;
  const current = items.indexOf(root.activeElement as HTMLElement);
  const checked = items.findIndex((item) => item.dataset.state === 'checked');
  let next: number;
  if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = last;
  else if (current === -1) next = checked === -1 ? (event.key === 'ArrowDown' ? 0 : last) : checked;
  else next = event.key === 'ArrowDown' ? Math.min(current + 1, last) : Math.max(current - 1, 0);
  event.preventDefault();
  items[next]?.scrollIntoView({ block: 'nearest' });
  items[next]?.focus();
}
