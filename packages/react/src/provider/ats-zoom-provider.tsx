import { createAtsZoomClient } from '@ats-zoom/client';
import { QueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { type LocaleMessages, type Messages, resolveMessages } from '../intl/messages';
import { type AtsZoomClient, AtsZoomContext, type AtsZoomContextValue } from './ats-zoom-context';

export interface AtsZoomProviderProps {
  /** Base URL of the BFF, e.g. `https://ats.example.com/zoom-bff`. Its origin is the only one trusted for OAuth results. */
  bffUrl: string;
  /** Returns the short-lived host token (JWT) for the signed-in user; called before every request. */
  getToken: () => string | Promise<string>;
  /**
   * Language of every text, aria label, date and time: `ja` from `@ats-zoom/react/locales/ja` or
   * `en` from `@ats-zoom/react/locales/en`. Only the imported language reaches the host's bundle.
   */
  locale: LocaleMessages;
  /**
   * Overrides for any message key, in the chosen locale.
   * @default undefined
   */
  messages?: Partial<Messages>;
  /**
   * A QueryClient to share with the host app. Without one the provider makes its own, per instance.
   * @default a new QueryClient per provider
   */
  queryClient?: QueryClient;
  /**
   * A ready client (tests, custom transport). Without one the provider builds one from `bffUrl` and `getToken`.
   * @default a new client per provider
   */
  client?: AtsZoomClient;
  /**
   * Where popover content (the `ZoomHostPicker` list) is portalled. Inside a shadow root, pass an
   * element in that shadow root (or the shadow root itself) so the list stays where the
   * stylesheet is; the list carries the `atz-root` class wherever it goes.
   * @default null (`document.body`)
   */
  portalContainer?: HTMLElement | ShadowRoot | null;
  /**
   * How often, in ms, what can change elsewhere is read again while the page is visible: the
   * user's links (moved to another ATS user, removed at the provider) and each shown interview
   * meeting (deleted or changed at Zoom). Both are also read again when the tab comes back into
   * view; nothing is read in a background tab, nor while a write of the same data runs.
   * `false`: only on returning to the tab.
   * @default 30000
   */
  refreshIntervalMs?: number | false;
  /** The host's UI containing `@ats-zoom/react` components. */
  children?: ReactNode;
}

/** Status codes worth one retry: the server or the network may recover; 4xx answers will not. */
function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  // The client's errors carry a numeric status; a network failure has none.
  return ((error as { status?: number } | null)?.status ?? 500) >= 500 && failureCount < 1;
}

/**
 * The embed entry point: every `@ats-zoom/react` component and hook reads the BFF client, the
 * QueryClient and the messages from the nearest provider. Adds no DOM of its own.
 */
export function AtsZoomProvider({
  bffUrl,
  getToken,
  locale: language,
  messages: overrides,
  queryClient: injectedQueryClient,
  client: injectedClient,
  portalContainer = null,
  refreshIntervalMs = 30_000,
  children,
}: AtsZoomProviderProps) {
  if (!language?.messages) {
    throw new Error(
      '@ats-zoom/react: <AtsZoomProvider> needs a language: locale={ja}, with ja imported from @ats-zoom/react/locales/ja.',
    );
  }
  const { locale, messages: catalogue } = language;
  // The latest getToken is read at request time, so a host passing an inline function keeps one client.
  const getTokenRef = useRef(getToken);
  useEffect(() => {
    getTokenRef.current = getToken;
  });

  const [ownQueryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: shouldRetryQuery } } }),
  );
  const ownClient = useMemo(
    () => createAtsZoomClient({ baseUrl: bffUrl, getToken: () => getTokenRef.current() }),
    [bffUrl],
  );
  const client = injectedClient ?? ownClient;
  const queryClient = injectedQueryClient ?? ownQueryClient;
  // What QueryClientProvider does (counted, so a host's own provider may do it too): without it
  // nothing is read again when the tab comes back into view or the network returns.
  useEffect(() => {
    queryClient.mount();
    return () => queryClient.unmount();
  }, [queryClient]);
  const value = useMemo<AtsZoomContextValue>(
    () => ({
      client,
      queryClient,
      locale,
      messages: resolveMessages(catalogue, overrides),
      bffUrl,
      bffOrigin: new URL(bffUrl).origin,
      portalContainer,
      refreshIntervalMs,
    }),
    [client, queryClient, locale, catalogue, overrides, bffUrl, portalContainer, refreshIntervalMs],
  );
  return <AtsZoomContext.Provider value={value}>{children}</AtsZoomContext.Provider>;
}
