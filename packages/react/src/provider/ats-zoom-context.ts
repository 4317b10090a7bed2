import type { AtsZoomClient } from '@ats-zoom/client';
import { type QueryClient, type QueryKey, useIsMutating } from '@tanstack/react-query';
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

/**
 * Keeps a query current (what the user sees can change elsewhere: another ATS user, Zoom): read
 * again every `refreshIntervalMs` while the page is visible (React Query pauses the interval in
 * a background tab, and reads again on coming back when `refetchOnWindowFocus` is on, as by
 * default), but not while a write of the same key runs (its answer replaces the data). A failed
 * background read keeps the data shown.
 */
export function useLiveOptions(queryKey: QueryKey) {
  const { queryClient, refreshIntervalMs } = useAtsZoomContext();
  return {
    refetchInterval: !useIsMutating({ mutationKey: queryKey }, queryClient) && refreshIntervalMs,
  };
}
