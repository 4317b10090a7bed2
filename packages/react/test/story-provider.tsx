import type { Decorator, StoryContext } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import type { RequestHandler } from 'msw';
import { type ReactNode, useState } from 'react';
import { spyOn } from 'storybook/test';
import {
  errorMessageKeyIn,
  formatMessage,
  type Locale,
  type MessageKey,
  type MessageValues,
  type UiErrorCode,
} from '../src/intl/messages';
import { en } from '../src/locales/en';
import { ja } from '../src/locales/ja';
import { AtsZoomProvider } from '../src/provider/ats-zoom-provider';

/** The shipped languages by code: stories pick one from the toolbar or their parameters. */
export const storyLanguages = { ja, en } as const;

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
      locale={storyLanguages[locale]}
      queryClient={queryClient}
    >
      {children}
    </AtsZoomProvider>
  );
}

/**
 * The language a story renders in: its own `parameters.locale` (a story about one language),
 * else the toolbar's `locale` global, else ja. Test runs use the default globals, so ja.
 */
export function storyLocaleOf(context: Pick<StoryContext, 'parameters' | 'globals'>): Locale {
  const pinned = context.parameters.locale as Locale | undefined;
  const chosen = context.globals.locale as Locale | undefined;
  return pinned ?? chosen ?? 'ja';
}

/** The texts a story shows, for play functions that must pass in either language. */
export function storyMessages(context: Pick<StoryContext, 'parameters' | 'globals'>) {
  const { messages } = storyLanguages[storyLocaleOf(context)];
  return (key: MessageKey, values?: MessageValues) => formatMessage(messages[key], values);
}

/** The text a story shows for an error code (`scope`: a component's own wording, see `errorMessageKeyIn`). */
export function storyErrorMessage(
  context: Pick<StoryContext, 'parameters' | 'globals'>,
  code: UiErrorCode,
  scope?: string,
): string {
  const { messages } = storyLanguages[storyLocaleOf(context)];
  return messages[errorMessageKeyIn(messages, code, scope)];
}

/** Wraps a story in its own provider, in the language `storyLocaleOf` picks. */
export const withStoryProvider: Decorator = (Story, context) => (
  <StoryProvider locale={storyLocaleOf(context)}>
    <Story />
  </StoryProvider>
);

/** Renders a story in a 320 px wide frame: the narrowest phone a host page is laid out for. */
export const withNarrowFrame: Decorator = (Story) => (
  <div className="atz-story-narrow">
    <Story />
  </div>
);

/**
 * A narrow story: a 320 px column everywhere (story tests and docs pages included), opened in
 * the toolbar's 320 px "Small mobile" viewport in the Storybook UI.
 */
export const narrowWidth = {
  decorators: [withNarrowFrame],
  globals: { viewport: { value: 'mobile1', isRotated: false } },
};

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

/** Names and addresses longer than any layout expects, for the "long names" stories. */
export const longNames = Object.freeze({
  personName: '長谷川 アレクサンドラ 美智子 ヴィルヘルミーナ 勅使河原',
  email:
    'alexandra.michiko.hasegawa-wilhelmina.teshigawara.recruiting@very-long-subsidiary-name.acme-corporation.example.com',
});

/**
 * Whether anything in the narrow frame sticks out sideways, or makes the page scroll sideways:
 * a narrow layout must wrap instead.
 */
export function overflowsSideways(canvasElement: HTMLElement): boolean {
  const page = canvasElement.ownerDocument.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) return true;
  const frame = canvasElement.querySelector('.atz-story-narrow') ?? canvasElement;
  if (frame.scrollWidth > frame.clientWidth + 1) return true;
  const bounds = frame.getBoundingClientRect();
  return [...frame.querySelectorAll('*')].some((node) => {
    const box = node.getBoundingClientRect();
    return box.width > 0 && (box.left < bounds.left - 1 || box.right > bounds.right + 1);
  });
}
