import type { KeyboardEvent } from 'react';

/**
 * Arrow, Home and End keys of a Radix Select list rendered inside a shadow root. Radix compares
 * items with `document.activeElement`, which is the shadow host there, so its own handling jumps
 * to the last item (radix-ui/primitives#2606). In a shadow root this moves the focus itself,
 * reading `shadowRoot.activeElement`, and marks the event handled so Radix's handler is skipped;
 * in the document it does nothing and Radix keeps the keys.
 */
export function handleListKeysInShadowRoot(event: KeyboardEvent<HTMLElement>): void {
  const { key, currentTarget } = event;
  const root = currentTarget.getRootNode();
  const down = key === 'ArrowDown';
  if (
    !(root instanceof ShadowRoot) ||
    !(down || key === 'ArrowUp' || key === 'Home' || key === 'End')
  ) {
    return;
  }
  const items = [
    ...currentTarget.querySelectorAll<HTMLElement>('[role="option"]:not([data-disabled])'),
  ];
  const last = items.length - 1;
  if (last < 0) return;
  const current = items.indexOf(root.activeElement as HTMLElement);
  const checked = items.findIndex((item) => item.dataset.state === 'checked');
  // From no focused item: the checked one, else the first (down) or the last (up).
  const next =
    key === 'Home'
      ? 0
      : key === 'End'
        ? last
        : current < 0
          ? checked < 0
            ? down
              ? 0
              : last
            : checked
          : Math.min(Math.max(current + (down ? 1 : -1), 0), last);
  const item = items[next] as HTMLElement;
  event.preventDefault();
  item.scrollIntoView({ block: 'nearest' });
  item.focus();
}
