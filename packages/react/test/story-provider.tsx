import type { Decorator } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import type { RequestHandler } from 'msw';
import { type ReactNode, useState } from 'react';
import { spyOn } from 'storybook/test';
import type { Locale } from '../src/intl/messages';
import { AtsZoomProvider } from '../src/provider/ats-zoom-provider';

/** Same origin as the story iframe, so the MSW worker answers without CORS in the way. */
export const storyBffUrl = `${window.location.origin}/bff`;

/** `parameters.msw` for a story: one entry per scenario group, so a story overrides one group. */
export function mswGroups(groups: Record<string, RequestHandler[]>) {
  return { msw: { handlers: groups } };
}

function StoryProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  // One QueryClient per story render, without retries, so error states show at once.
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
      }),
  );
  return (
    <AtsZoomProvider
      bffUrl={storyBffUrl}
      getToken={() => 'storybook-host-token'}
      locale={locale}
      queryClient={queryClient}
    >
      {children}
    </AtsZoomProvider>
  );
}

/** Wraps a story in its own provider; `parameters.locale` picks the language (ja by default). */
export const withStoryProvider: Decorator = (Story, context) => (
  <StoryProvider locale={(context.parameters.locale as Locale | undefined) ?? 'ja'}>
    <Story />
  </StoryProvider>
);

export interface StoryPopup {
  closed: boolean;
  location: { href: string };
  close: () => void;
}

/** Stands in for the OAuth popup in a play function: the fake BFF's authorization URL is about:blank anyway. */
export function fakePopupWindow() {
  const popups: StoryPopup[] = [];
  const open = spyOn(window, 'open').mockImplementation(() => {
    const popup: StoryPopup = {
      closed: false,
      location: { href: '' },
      close: () => {
        popup.closed = true;
      },
    };
    popups.push(popup);
    return popup as unknown as Window;
  });
  return { open, popups };
}
