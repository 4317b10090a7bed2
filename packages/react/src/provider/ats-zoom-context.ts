import type { AtsZoomClient } from '@ats-zoom/client';
import type { QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { Locale, Messages } from '../intl/messages';

export type { AtsZoomClient };

/** What `AtsZoomProvider` gives to the hooks and components below it. */
export interface AtsZoomContextValue {
  client: AtsZoomClient;
  queryClient: QueryClient;
  locale: Locale;
  messages: Messages;
  bffUrl: string;
  /** `new URL(bffUrl).origin`: the only origin whose OAuth result messages are trusted. */
  bffOrigin: string;
  /** Where popover content (the host picker's list) is portalled; `null` means `document.body`. */
  portalContainer: HTMLElement | ShadowRoot | null;
  /** `AtsZoomProvider`'s `refreshIntervalMs`. */
  refreshIntervalMs: number | false;
}

export const AtsZoomContext = createContext<AtsZoomContextValue | null>(null);

/** The nearest provider's value; throws a clear error when a component is used without one. */
export function useAtsZoomContext(): AtsZoomContextValue {
  const value = useContext(AtsZoomContext);
  if (!value) {
    throw new Error('@ats-zoom/react: wrap components and hooks in <AtsZoomProvider>.');
  }
  return value;
}
